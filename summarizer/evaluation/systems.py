"""Systems an evaluation can run, by name: the summarizer's engines and the baselines.

    lead, round-robin, lexrank, centroid, oracle   baselines (summarizer/evaluation/baselines.py)
    extractive, fusion, ...                         a summarizer engine by its registry name
    engine:lead                                     the summarizer's own `lead` engine (full pipeline)
    hf:<Hub id or local path>                       the `hf` engine with that checkpoint
    fusion:<local path>                             the `fusion` engine with another checkpoint

A system is built once per process and then called per cluster: `system.summarize(cluster, max_words)`
returns `{"summary": text with one sentence per line, "warnings": [...]}`. The summarizer's engines
take engine options (`mds eval run --option KEY=VALUE`) and a cluster's "focus"; baselines use neither.
"""
from __future__ import annotations

import re

from summarizer.errors import InputError
from summarizer.evaluation import baselines
from summarizer.fusion.speakers import quotation_words
from summarizer.types import Flag, Summary

BASELINE_NAMES = tuple(baselines.BASELINES)
MODEL_ENGINES = ("hf:", "fusion:")      # engine:MODEL names a checkpoint for that engine


def engine_names() -> list[str]:
    from summarizer.engines import ENGINES

    return list(ENGINES)


def describe_systems() -> str:
    """One line per system name, for `mds eval run --help`."""
    lines = [f"{name}: {what}" for name, what in baselines.BASELINES.items()]
    lines += [f"{name}: summarizer engine {name!r}" for name in engine_names() if name not in ("lead", "hf")]
    lines += ["engine:lead: the summarizer's lead engine (after cleaning)",
              "hf:MODEL: the hf engine with a Hub id or local checkpoint path",
              "fusion:MODEL: the fusion engine with another checkpoint folder (from mds train)"]
    return "\n".join(lines)


def safe_name(name: str) -> str:
    """A system name usable as a file name (hf:/path/to/model -> hf_path_to_model)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "system"


class BaselineSystem:
    options: dict = {}     # baselines take no engine options

    def __init__(self, name: str, embedder=None, device: str | None = None):
        self.name = name
        self.embedder = embedder
        # load models and heavy imports now, so the per-cluster latency excludes them
        if name == "centroid" and embedder is None:
            from summarizer.pipeline.embed import Embedder

            self.embedder = Embedder(device=device)
        elif name == "lexrank":
            import sklearn.feature_extraction.text  # noqa: F401
        elif name == "oracle":
            baselines._rouge_tokenizer()

    def summarize(self, cluster: dict, max_words: int) -> dict:
        docs = cluster["documents"]
        if self.name == "lead":
            sentences = baselines.lead(docs, max_words)
        elif self.name == "round-robin":
            sentences = baselines.round_robin(docs, max_words)
        elif self.name == "lexrank":
            sentences = baselines.lexrank(docs, max_words)
        elif self.name == "centroid":
            sentences = baselines.centroid(docs, max_words, embedder=self.embedder)
        elif self.name == "oracle":
            sentences = baselines.oracle(docs, max_words, cluster.get("references", []))
        else:  # pragma: no cover - guarded by build_system
            raise InputError(f"unknown baseline {self.name!r}")
        return {"summary": "\n".join(sentences), "warnings": []}


class EngineSystem:
    """The full summarizer (clean, segment, relate, select, generate) with one engine and its options;
    a cluster's "focus", when it has one, steers its summary."""

    def __init__(self, name: str, engine: str, model: str | None = None, device: str | None = None,
                 options: dict | None = None):
        from summarizer.api import Summarizer

        self.name, self.options = name, dict(options or {})
        self.summarizer = Summarizer(engine=engine, model=model, device=device, **self.options)

    def summarize(self, cluster: dict, max_words: int) -> dict:
        try:
            summary = self.summarizer.summarize(cluster["documents"], max_words=max_words, focus=cluster.get("focus"))
        except InputError as e:  # one unusable cluster must not end a long run: score it as empty
            return {"summary": "", "warnings": [f"no summary: {e}"], "error": str(e)}
        return self._record(summary)

    def summarize_many(self, clusters: list[dict], max_words: int) -> list[dict]:
        """The batch path (`Summarizer.summarize_many`): the clusters are generated together."""
        items = [{"id": c["id"], "documents": c["documents"], "focus": c.get("focus")} for c in clusters]
        results = self.summarizer.summarize_many(items, batch_size=len(clusters), max_words=max_words)
        return [self._record(r) if isinstance(r, Summary) else
                {"summary": "", "warnings": [f"no summary: {r.error}"], "error": r.error} for r in results]

    @staticmethod
    def _record(summary) -> dict:
        text = "\n".join(s.text for s in summary.sentences) or summary.summary
        return {"summary": text, "warnings": list(summary.warnings),
                "timings": dict(summary.timings), "sentences": [sentence_record(s) for s in summary.sentences]}


def sentence_record(sentence) -> dict:
    """How a summary sentence was made: "rewrite" (generated, verified), "copy" (generated, but word
    for word a source sentence), "fallback" (a rewrite failed verification) or "extract"; its reports."""
    if Flag.FALLBACK_EXTRACTIVE in sentence.flags:
        kind = "fallback"
    elif not sentence.drawn_from:
        kind = "extract"
    elif any(" ".join(sentence.text.split()) == " ".join(r.text.split()) for r in sentence.sources) or (
            Flag.SPEAKER_FROM_CONTEXT in sentence.flags    # a copied quotation given its speaker is still a copy
            and any(quotation_words(sentence.text) == quotation_words(r.text) for r in sentence.sources)):
        kind = "copy"
    else:
        kind = "rewrite"
    return {"kind": kind, "reports": len(sentence.drawn_from), "rejected": list(sentence.rejected)}


def check_system_name(name: str) -> None:
    if name in BASELINE_NAMES or name.startswith(MODEL_ENGINES) and not name.endswith(":"):
        return
    engine = name.split(":", 1)[1] if name.startswith("engine:") else name
    if engine not in engine_names():
        raise InputError(f"unknown system {name!r}; choose one of: {', '.join(BASELINE_NAMES)}, "
                         f"{', '.join(e for e in engine_names() if e not in ('lead', 'hf'))}, "
                         f"engine:lead, hf:MODEL, fusion:MODEL")


def engine_of(name: str) -> tuple[str, str | None] | None:
    """(engine, model) for a summarizer system, None for a baseline."""
    check_system_name(name)
    if name in BASELINE_NAMES:
        return None
    if name.startswith(MODEL_ENGINES):
        engine, model = name.split(":", 1)
        return engine, model
    return (name.split(":", 1)[1] if name.startswith("engine:") else name), None


def check_system_options(name: str, options: dict | None) -> None:
    """InputError when `options` do not apply to the system's engine; baselines take none and ignore them."""
    from summarizer.engines import check_engine_options

    if (found := engine_of(name)) is not None:
        check_engine_options(found[0], found[1], options)


def build_system(name: str, device: str | None = None, options: dict | None = None):
    """The system by name; `options` go to a summarizer engine (baselines ignore them)."""
    found = engine_of(name)
    if found is None:
        return BaselineSystem(name, device=device)
    engine, model = found
    return EngineSystem(name, engine, model=model, device=device, options=options)
