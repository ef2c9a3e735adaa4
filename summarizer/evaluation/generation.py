"""How a system's sentences were made, from the per-sentence records of engine systems
(`summarizer.evaluation.systems.sentence_record`): the share of verified rewrites, copies and fallbacks, why
rewrites were rejected, and how many reports each rewrite draws on."""
from __future__ import annotations

from collections import Counter

KINDS = ("rewrite", "copy", "fallback", "extract")


def generation_stats(records: list[dict]) -> dict | None:
    """None when no sentence was generated (baselines, extractive engines)."""
    sentences = [s for r in records for s in r.get("sentences", [])]
    if all(s["kind"] == "extract" for s in sentences):
        return None
    kinds = Counter(s["kind"] for s in sentences)
    rewrites = [s for s in sentences if s["kind"] == "rewrite"]
    reasons = Counter(reason for s in sentences if s["kind"] == "fallback" for reason in s.get("rejected", []))

    def share(n: int, of: int) -> float | None:
        return round(n / of, 4) if of else None

    return {
        "sentences": len(sentences),
        "by_kind": {k: kinds.get(k, 0) for k in KINDS},
        "rewrite_share": share(kinds["rewrite"], len(sentences)),
        "accepted_share": share(kinds["rewrite"] + kinds["copy"], len(sentences)),
        "fallback_reasons": dict(reasons.most_common()),
        "rewrites_from_2plus_reports": share(sum(s["reports"] >= 2 for s in rewrites), len(rewrites)),
        "reports_per_rewrite": dict(sorted(Counter(s["reports"] for s in rewrites).items())),
    }


def markdown_rows(systems: dict[str, dict]) -> list[str]:
    """A table of the systems that generate (empty when none does)."""
    rows = [(name, s["generation"]) for name, s in systems.items() if s.get("generation")]
    if not rows:
        return []
    lines = ["", "How the sentences were made (rewrite: generated and verified; copy: generated but word for "
             "word a source sentence; fallback: every candidate failed verification, the source sentence is used):",
             "", "| system | sentences | rewrite | copy | fallback | rewrites drawing on ≥ 2 reports | fallback reasons |",
             "|---|---|---|---|---|---|---|"]
    for name, g in rows:
        def pct(key, g=g):
            return "–" if g[key] is None else f"{g[key] * 100:.1f}%"
        n = g["sentences"]
        by = g["by_kind"]
        reasons = ", ".join(f"{k} {v}" for k, v in list(g["fallback_reasons"].items())[:6]) or "–"
        lines.append(f"| {name} | {n} | {by['rewrite'] / n * 100:.1f}% | {by['copy'] / n * 100:.1f}% | "
                     f"{by['fallback'] / n * 100:.1f}% | {pct('rewrites_from_2plus_reports')} | {reasons} |")
    return lines
