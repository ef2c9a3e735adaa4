"""Per-cluster scores of one system's predictions and their aggregates with 95% bootstrap intervals.

ROUGE comes from summarizer/evaluation/rouge_core.py; neutrality, faithfulness and style from summarizer/evaluation/metrics/ when
those modules are present (a metric whose resources are missing reports why instead of failing).
"""
from __future__ import annotations

import math
import sys

import numpy as np

from summarizer.text import printable

ROUGE_KEYS = ("rouge1", "rouge2", "rougeL", "rougeLsum")
DUC_KEYS = tuple(f"{m}_{k}" for m in ("rouge1", "rouge2", "rougeSU4") for k in ("r", "p", "f"))
N_BOOT = 1000
SEED = 0
METRIC_MAX_CHARS = 50_000   # style/faithfulness/neutrality read at most this much of a summary (time bound)


def warn(message: str) -> None:
    print(f"warning: {printable(message)}", file=sys.stderr)   # ids may hold newlines or escape codes


def list_ids(ids: list[str], show: int = 20) -> str:
    return ", ".join(ids[:show]) + (f" ... ({len(ids) - show} more)" if len(ids) > show else "")


def _zero_empty(summaries: list[str], ids: list[str], items: list[dict], keys) -> list[dict]:
    empty = [i for i, s in enumerate(summaries) if not s.strip()]
    if empty:
        warn(f"{len(empty)} empty summar{'y' if len(empty) == 1 else 'ies'} scored 0: "
             f"{list_ids([ids[i] for i in empty])}")
        for i in empty:
            items[i] = {**items[i], **{k: 0.0 for k in keys}}
    return items


def rouge(clusters: list[dict], summaries: list[str], multi_ref: str = "avg") -> list[dict]:
    """Per-cluster ROUGE-1/2/L/Lsum F1 (0..1)."""
    from summarizer.evaluation.rouge_core import rouge_scores

    items = rouge_scores(summaries, [c["references"] for c in clusters], multi_ref=multi_ref)
    items = [{k: float(v) for k, v in d.items() if k in ROUGE_KEYS} for d in items]
    return _zero_empty(summaries, [c["id"] for c in clusters], items, ROUGE_KEYS)


def duc_rouge(clusters: list[dict], summaries: list[str], word_limit: int | None = None,
              byte_limit: int | None = None) -> list[dict]:
    """Per-cluster ROUGE-1/2/SU4 recall, precision and F as ROUGE-1.5.5 computes them in DUC runs."""
    from summarizer.evaluation.rouge_core import duc_rouge_scores

    items = duc_rouge_scores(summaries, [c["references"] for c in clusters],
                             word_limit=word_limit, byte_limit=byte_limit)
    items = [{k: float(v) for k, v in d.items()} for d in items]
    return _zero_empty(summaries, [c["id"] for c in clusters], items, DUC_KEYS)


def words(summaries: list[str]) -> list[dict]:
    return [{"words": float(len(s.split()))} for s in summaries]


def extra_metrics(clusters: list[dict], summaries: list[str], nrc_vad: str | None = None) -> tuple[list[dict], dict]:
    """Neutrality, faithfulness and style per cluster, when summarizer/evaluation/metrics provides them.
    Returns (per-cluster dicts, {metric group: "ok" or why it is unavailable})."""
    items: list[dict] = [{} for _ in summaries]
    status: dict[str, str] = {}
    summaries, capped = cap_summaries(summaries, [c["id"] for c in clusters])
    if capped:
        status["capped"] = capped
    sources = [c["documents"] for c in clusters]
    references = [c["references"] for c in clusters]
    for group, call in (("style", lambda m: m.style_scores(summaries, sources)),
                        ("faithfulness", lambda m: m.faithfulness_scores(summaries, sources)),
                        ("neutrality", lambda m: m.neutrality_scores(summaries, references, nrc_vad=nrc_vad))):
        try:
            module = __import__(f"summarizer.evaluation.metrics.{group}", fromlist=["_"])
            result = call(module)
        except (ImportError, AttributeError) as e:
            status[group] = f"unavailable ({e})"
            continue
        if isinstance(result, dict) and result.get("status", "ok") != "ok":
            status[group] = str(result.get("status"))
            continue
        if isinstance(result, dict) and result.get("arousal_status", "ok") != "ok":
            status["arousal"] = str(result["arousal_status"])  # the loaded-term rate is still there
        per_item = result["items"] if isinstance(result, dict) else result
        for target, scores in zip(items, per_item):
            target.update({k: float(v) for k, v in scores.items()
                           if isinstance(v, (int, float)) and not isinstance(v, bool)})
        status[group] = "ok"
    if not any(references):  # NeuS arousal counts the summary's words absent from the reference: none to read
        for item in items:
            item.pop("arousal_pos", None), item.pop("arousal_neg", None)
        status["arousal"] = "unavailable: no reference summaries"
    return items, status


def cap_summaries(summaries: list[str], ids: list[str],
                  limit: int = METRIC_MAX_CHARS) -> tuple[list[str], str | None]:
    """Summaries cut to `limit` characters for the non-ROUGE metrics, and a note naming the ones cut
    (ROUGE always reads the whole summary)."""
    long = [i for i, s in enumerate(summaries) if len(s) > limit]
    if not long:
        return summaries, None
    note = (f"{len(long)} summar{'y' if len(long) == 1 else 'ies'} over {limit:,} characters cut to {limit:,} "
            f"for the style, faithfulness and neutrality metrics: {list_ids([ids[i] for i in long])}")
    warn(note)
    return [s[:limit] for s in summaries], note


def merge(*per_item_lists: list[dict]) -> list[dict]:
    return [{k: v for d in dicts for k, v in d.items()} for dicts in zip(*per_item_lists)]


def _values(items: list[dict], metric: str) -> np.ndarray:
    return np.array([d[metric] for d in items if metric in d and d[metric] is not None
                     and not math.isnan(d[metric])], dtype=float)


def bootstrap_ci(values: np.ndarray, n_boot: int = N_BOOT, seed: int = SEED) -> tuple[float, float]:
    from summarizer.evaluation import stats

    low, high = stats.bootstrap_ci(values, n_boot=n_boot, seed=seed)
    return float(low), float(high)


def paired_test(a: np.ndarray, b: np.ndarray, n_boot: int = N_BOOT, seed: int = SEED) -> dict:
    from summarizer.evaluation import stats

    r = stats.paired_bootstrap(a, b, n_boot=n_boot, seed=seed)
    return {"diff": float(r.mean_diff), "low": float(r.low), "high": float(r.high), "p": float(r.p_value),
            "n": int(r.n)}


def aggregate(items: list[dict], n_boot: int = N_BOOT) -> dict[str, dict]:
    """{metric: {"mean", "low", "high", "n"}} over clusters, 95% percentile bootstrap."""
    metrics = sorted({k for d in items for k in d})
    out = {}
    for metric in metrics:
        values = _values(items, metric)
        if not len(values):
            continue
        low, high = bootstrap_ci(values, n_boot=n_boot)
        out[metric] = {"mean": float(values.mean()), "low": low, "high": high, "n": int(len(values))}
    return out


def compare(items: list[dict], baseline_items: list[dict], metrics, n_boot: int = N_BOOT) -> dict[str, dict]:
    """Paired bootstrap of `items` against `baseline_items` (same clusters, same order)."""
    out = {}
    for metric in metrics:
        pairs = [(a[metric], b[metric]) for a, b in zip(items, baseline_items) if metric in a and metric in b]
        if len(pairs) < 2:
            continue
        a, b = (np.array(x, dtype=float) for x in zip(*pairs))
        out[metric] = paired_test(a, b, n_boot=n_boot)
    return out
