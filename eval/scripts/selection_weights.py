"""Hand against learned concept weights, side by side, on the same prepared clusters (issue 25).

    python eval/scripts/selection_weights.py                       # Multi-News val 1-500, NeuS val
    python eval/scripts/selection_weights.py --sets neus --option coverage_salience=0.5

Each cluster is cleaned, segmented, embedded and related once (cached in `--cache`, by the file and
the code version), then the extractive engine selects with each set of concept weights at the set's
budget (Multi-News 230 words, NeuS 75). Per system: ROUGE-1/2/L F1 (rouge_score, Porter stemming,
averaged over references, as the harness reports), words used, selection seconds per cluster, the
repeated-fact rate (two summary sentences with embedding cosine >= 0.8), and for NeuS the framing-bias
arousal (Arousal+/Arousal-, lower is more neutral). The learned weights against the hand ones: the paired
bootstrap of the ROUGE-2 difference (95% interval, one-sided p of "learned > hand").
DUC 2006: `mds eval run --config eval/duc2006-focused.toml --option concept_weights=hand` (and `learned`).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
SETS = {  # name: (path, first cluster, clusters, word budget)
    "multinews": (DATA / "multinews" / "val.jsonl.gz", 0, 500, 230),
    "neus": (DATA / "neus" / "val.jsonl.gz", 0, None, 75),
    "multinews-tune": (DATA / "multinews" / "val.jsonl.gz", 1000, 300, 230),
    "neus-tune": (DATA / "neus" / "train.jsonl.gz", 0, 400, 75),   # NeuS train: for tuning, NeuS val stays the judge
}
REPEAT = 0.8   # two summary sentences this similar state one fact twice


def prepared_clusters(name: str, cache: Path) -> tuple[list[dict], list]:
    from summarizer.api import as_documents
    from summarizer.pipeline.embed import Embedder

    path, start, count, _ = SETS[name]
    with gzip.open(path, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line) for line in itertools.islice(f, start, None if count is None else start + count)]
    # what `prepare()` does to a cluster: cleaning, splitting and the chrome filter (the pipeline's code, the
    # chrome model and the mined notices)
    made_by = sorted((REPO / "summarizer" / "pipeline").glob("*.py")) + sorted((REPO / "summarizer" / "models" / "chrome").glob("*"))
    source = hashlib.sha1(b"".join(part.read_bytes() for part in made_by)).hexdigest()[:10]
    target = cache / f"prepared-{name}-{source}.pkl"
    if target.exists():
        return clusters, pickle.loads(target.read_bytes())
    embedder = Embedder()
    prepared = [prepared_or_none(as_documents(c["documents"]), embedder) for c in clusters]
    cache.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pickle.dumps(prepared))
    return clusters, prepared


def prepared_or_none(documents, embedder):
    """The prepared cluster, or None when cleaning leaves no text (its summary is empty and scores 0, as
    in the harness)."""
    from summarizer.errors import InputError
    from summarizer.pipeline.prepare import prepare

    try:
        return prepare(documents, embedder)
    except InputError:
        return None


def rouge_per_cluster(clusters: list[dict], predictions: list[str]) -> dict[str, np.ndarray]:
    """Per-cluster ROUGE-1/2/L F1 x 100, as the harness scores them (`summarizer.evaluation.scoring`)."""
    from summarizer.evaluation.scoring import rouge

    items = rouge(clusters, predictions)
    return {k: 100 * np.array([item[k] for item in items]) for k in ("rouge1", "rouge2", "rougeL")}


def run_system(prepared: list, budget: int, options: dict) -> tuple[list[str], float, float]:
    """Summaries (the extractive engine's selection), selection seconds per cluster, and the share of
    summary sentences that repeat an earlier one's fact (embedding cosine >= REPEAT)."""
    from summarizer.pipeline.select import SelectionWeights, select

    weights = SelectionWeights(**options)
    predictions, seconds, repeated, said = [], 0.0, 0, 0
    for cluster in prepared:
        if cluster is None:
            predictions.append("")
            continue
        chosen = select(cluster.sentences, cluster.embeddings, cluster.facts, budget, weights,
                        relevance=cluster.relevance, loaded=cluster.loaded)
        seconds += chosen.seconds
        predictions.append("\n".join(c.text for c in chosen))
        vectors = cluster.embeddings[[c.sentence for c in chosen]]
        similar = np.triu(vectors @ vectors.T >= REPEAT, 1)
        said += len(chosen)
        repeated += int(similar.any(axis=0).sum())
    return predictions, seconds / max(1, len(prepared)), repeated / max(1, said)


def arousal(clusters: list[dict], predictions: list[str]) -> tuple[float, float] | None:
    """Mean Arousal+ and Arousal- (NeuS framing bias); None without the NRC-VAD lexicon."""
    from summarizer.evaluation.metrics.neutrality import neutrality_scores

    lexicon = DATA / "lexicons" / "nrc-vad"
    result = neutrality_scores(predictions, [c["references"] for c in clusters], nrc_vad=lexicon)
    if result["arousal_status"] != "ok":
        return None
    return (float(np.mean([i["arousal_pos"] for i in result["items"]])),
            float(np.mean([i["arousal_neg"] for i in result["items"]])))


def system_options(system: str) -> dict:
    """A system named by its concept weights ("hand", "learned") or by options ("sentence_scores=learned")."""
    from summarizer.engines import parse_engine_options

    if "=" not in system:
        return {"concept_weights": system}
    return parse_engine_options(system.split(","))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=["multinews", "neus"])
    parser.add_argument("--systems", nargs="+", default=["hand", "learned"],
                        help="systems to compare (the first is the baseline): concept weights by name (hand, "
                             "learned) or extractive options KEY=VALUE[,KEY=VALUE...]")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="another extractive option for every system (e.g. coverage_salience=0.5)")
    parser.add_argument("--cache", type=Path, default=REPO / "runs" / "selection" / "prepared")
    args = parser.parse_args(argv)
    from summarizer.engines import parse_engine_options
    from summarizer.evaluation.stats import paired_bootstrap

    options = parse_engine_options(args.option)
    for name in args.sets:
        t0 = time.perf_counter()
        clusters, prepared = prepared_clusters(name, args.cache)
        budget = SETS[name][3]
        print(f"{name}: {len(prepared)} clusters at {budget} words (prepared in {time.perf_counter() - t0:.0f} s); "
              f"options {options or '{}'}", flush=True)
        scores = {}
        for system in args.systems:
            predictions, seconds, repeated = run_system(prepared, budget, {**options, **system_options(system)})
            scores[system] = rouge_per_cluster(clusters, predictions)
            used = np.mean([len(p.split()) for p in predictions])
            neutral = arousal(clusters, predictions) if name == "neus" else None
            print(f"  {system:8s} R1 {scores[system]['rouge1'].mean():5.2f}  R2 {scores[system]['rouge2'].mean():5.2f}  "
                  f"RL {scores[system]['rougeL'].mean():5.2f}  words {used:5.1f}  select {seconds:.3f} s/cluster  "
                  f"repeated {100 * repeated:.1f}%" + (f"  arousal+/- {neutral[0]:.2f}/{neutral[1]:.2f}" if neutral else ""),
                  flush=True)
        base = args.systems[0]
        for system in args.systems[1:]:
            r = paired_bootstrap(scores[system]["rouge2"], scores[base]["rouge2"])
            print(f"  R2 {system} - {base}: {r.mean_diff:+.2f} [{r.low:+.2f}, {r.high:+.2f}] p={r.p_value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
