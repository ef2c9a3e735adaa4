"""Tune how the fusion engine chooses among rewrites and source sentences, on held-out clusters, cheaply.

    python eval/scripts/compression_tuning.py --set multinews --start 1000 --limit 200 \
        --try rewrite_bonus=0 --try rewrite_bonus=0.5,fill=1 --try budget_stretch=1.25,pool_words=40,rewrites=1

The model's candidates and their verification are the expensive part and do not depend on these
options: each cluster is prepared once, and each fact group's candidates and verdict are kept in a
cache (`--cache`, a pickle) keyed by the group's input and candidates, so a later `--try` (or run)
only re-selects, and generates only for facts no earlier try pooled. The extractive engine is scored
beside on the same prepared clusters. Prints ROUGE F1 x100 (rouge_score, stemmed, averaged over
references), the mean R2 difference to extractive with a paired bootstrap p (share of resamples in
which fusion is not better), the share of the word budget used, and how the sentences were made.
Never the evaluation slices (Multi-News val 1-500, NeuS val): those go through `mds eval run`.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import pickle
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
SETS = {"multinews": ("multinews/val.jsonl.gz", 230), "neus": ("neus/val.jsonl.gz", 75),
        "neus-train": ("neus/train.jsonl.gz", 75)}   # NeuS val is an evaluation slice: tune on train


def cached_engine(engine, memo: dict):
    """Wrap the engine's generation and verification with `memo` (input -> candidates; (candidates,
    group) -> verdict), calling the real ones only for what is not there yet."""
    generate, pick = engine.generate, engine._pick

    def cached_generate(inputs, anchor_words):
        todo = [k for k, text in enumerate(inputs) if ("gen", text) not in memo]
        if todo:
            out, _ = generate([inputs[k] for k in todo], [anchor_words[k] for k in todo])
            for k, cands in zip(todo, out):
                memo[("gen", inputs[k])] = cands
        return [memo[("gen", text)] for text in inputs], 0

    def cached_pick(candidates, group_texts, anchors, cluster, vocab):
        keys = [("picks", engine.rewrites, tuple(c), tuple(g)) for c, g in zip(candidates, group_texts)]
        todo = [k for k, key in enumerate(keys) if key not in memo]
        if todo:
            picked, failures = pick([candidates[k] for k in todo], [group_texts[k] for k in todo],
                                    [anchors[k] for k in todo], cluster, vocab)
            for k, p, f in zip(todo, picked, failures):
                memo[keys[k]] = (p, f)
        return [memo[k][0] for k in keys], [list(memo[k][1]) for k in keys]

    engine.generate, engine._pick = cached_generate, cached_pick
    return engine


def paired_p(diff: np.ndarray, n_boot: int = 2000, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), (n_boot, len(diff)))].mean(axis=1)
    return float((means <= 0).mean())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, default="multinews")
    parser.add_argument("--start", type=int, default=1000, help="skip this many clusters first")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--try", dest="tries", action="append", default=[], metavar="K=V,...")
    parser.add_argument("--cache", default=None, help="pickle of prepared clusters and candidates "
                        "(default runs/compression-cache/SET-START-LIMIT.pkl)")
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    if args.set == "multinews" and args.start < 1000:
        parser.error("clusters 1-1000 of Multi-News val hold the evaluation slice; tune on --start 1000 or later")

    from summarizer import Summarizer
    from summarizer.engines import parse_engine_options
    from summarizer.engines.extractive import ExtractiveEngine
    from summarizer.errors import InputError
    from summarizer.evaluation.rouge_core import rouge_scores
    from summarizer.evaluation.systems import sentence_record
    from summarizer.pipeline.embed import Embedder

    path, budget = SETS[args.set]
    with gzip.open(DATA / path, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line) for line in itertools.islice(f, args.start, args.start + args.limit)]
    cache = Path(args.cache or REPO / "runs" / "compression-cache" / f"{args.set}-{args.start}-{args.limit}.pkl")
    state = pickle.loads(cache.read_bytes()) if cache.exists() else {"prepared": None, "memo": {}}
    embedder = Embedder()
    if state["prepared"] is None:
        t0 = time.perf_counter()
        preparer = Summarizer(engine="extractive", embedder=embedder)
        state["prepared"] = []
        for c in clusters:
            try:
                state["prepared"].append(preparer._prepare(c["documents"]))
            except InputError:   # nothing left after cleaning: the harness scores an empty summary
                state["prepared"].append(None)
        print(f"prepared {len(clusters)} clusters in {time.perf_counter() - t0:.0f} s", flush=True)
    memo = state["memo"]
    kept = [k for k, c in enumerate(state["prepared"]) if c is not None]
    prepared = [state["prepared"][k] for k in kept]
    references = [clusters[k]["references"] for k in kept]
    print(f"{args.set} val clusters {args.start + 1}-{args.start + len(clusters)}, {budget} words "
          f"({len(clusters) - len(kept)} with no text left after cleaning left out)")

    def report(label: str, outputs, base: np.ndarray | None, seconds: float) -> np.ndarray:
        texts = ["\n".join(s.text for s in out.sentences) for out in outputs]
        scores = rouge_scores(texts, references)
        r2 = np.array([s["rouge2"] for s in scores]) * 100
        mean = {k: 100 * sum(s[k] for s in scores) / len(scores) for k in scores[0]}
        used = np.mean([min(1.0, len(t.split()) / budget) for t in texts]) * 100
        kinds = Counter(sentence_record(s)["kind"] for out in outputs for s in out.sentences)
        n = max(1, sum(kinds.values()))
        made = " ".join(f"{k} {100 * kinds[k] / n:.1f}%" for k in ("rewrite", "copy", "fallback", "extract"))
        versus = "" if base is None else f" dR2 {np.mean(r2 - base):+.2f} p={paired_p(r2 - base):.3f}"
        print(f"{label:60s} R1 {mean['rouge1']:.2f} R2 {mean['rouge2']:.2f} RLsum {mean['rougeLsum']:.2f}"
              f"{versus} budget {used:.1f}% sentences {n} {made} ({seconds:.0f} s)", flush=True)
        return r2

    t0 = time.perf_counter()
    extractive = ExtractiveEngine()
    base = report("extractive", [extractive.summarize(c, budget) for c in prepared], None, time.perf_counter() - t0)
    for tried in args.tries or [""]:
        options = parse_engine_options(filter(None, tried.split(",")))
        engine = cached_engine(Summarizer(engine="fusion", embedder=embedder, **options).engine, memo)
        t0 = time.perf_counter()
        outputs = []
        for start in range(0, len(prepared), args.batch):
            outputs += engine.summarize_batch(prepared[start:start + args.batch], budget)
        report(f"fusion {tried or '(defaults)'}", outputs, base, time.perf_counter() - t0)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(state))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
