"""Self-training pairs: what the engine's own verification accepts, as training targets.

The fusion model is trained on pairs whose targets the engine's verification often rejects (the
`fusion` kind's reference sentences are paraphrases, and verification wants in-order pieces of
the sources), so a third of its facts fall back to a source sentence. These pairs teach it the
rewrites that pass: run the `fusion` engine on training clusters and keep, for each fact,
- `verified`: the best candidate that passed verification, at least `MIN_CUT` words shorter than the
  chosen sentence (a copy, or a dropped comma, teaches nothing), or
- `verified-cut`: when every candidate failed, a deletion-only cut of the chosen sentence along
  its parse (`compress.compressions`) that passes the same verification.
The input is the engine's own model input for that fact (the chosen sentence, then the other
reports' sentences of the same fact), so training sees exactly what inference does.

    python -m summarizer.training.verified build --data ../shared/data/multinews/train.jsonl.gz \
        --start 1 --clusters 1500 --out runs/verified/train-a.jsonl
    python -m summarizer.training.verified mix --verified runs/verified/train-*.jsonl \
        --dev runs/verified/dev.jsonl     # + a replay of runs/fusion-data-v3 -> runs/verified-data
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from summarizer.files import iter_json_lines

MIN_CUT = 2   # words a target must leave out of the chosen sentence


def pairs_for_cluster(summarizer, documents, cluster_id, max_words: int, rng: random.Random) -> list[dict]:
    """The verified pairs of one cluster (see the module docstring)."""
    from summarizer.engines.fusion import FusionEngine
    from summarizer.training.compress import compressions

    engine: FusionEngine = summarizer.engine
    cluster = summarizer._prepare(documents)
    plan = engine._plan(cluster, max_words)
    if not plan["inputs"]:
        return []
    generated, _ = engine.generate(plan["inputs"], plan["anchor_words"])
    group_texts, picked, _ = engine.verified(cluster, plan, generated)
    cuts = [[] if text is not None else compressions(texts[0], rng) for text, texts in zip(picked, group_texts)]
    _, cut_picked, _ = engine.verified(cluster, plan, generated, candidates=cuts)
    out = []
    for k, (text, texts) in enumerate(zip(picked, group_texts)):
        kind, target = ("verified", text) if text is not None else ("verified-cut", cut_picked[k])
        if target is None or len(target.split()) > len(texts[0].split()) - MIN_CUT:
            continue     # nothing passed, or (nearly) a copy: a dropped comma teaches nothing
        out.append({"input": plan["inputs"][k], "target": target, "kind": kind, "source": "multinews",
                    "id": cluster_id, "group": len(texts)})
    return out


def build(data: Path, start: int, clusters: int, out: Path, max_words: int = 230, seed: int = 0,
          log=print) -> Counter:
    """Write the pairs of clusters start..start+clusters-1 (1-based) of `data` to `out` (JSON lines)."""
    from summarizer import Summarizer

    summarizer = Summarizer(engine="fusion")
    rng = random.Random(seed)
    kinds: Counter = Counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    with open(out, "w", encoding="utf-8") as f:
        for number, row in iter_json_lines(data):
            if number < start:
                continue
            if number >= start + clusters:
                break
            try:
                pairs = pairs_for_cluster(summarizer, row["documents"], row.get("id", number), max_words, rng)
            except Exception as e:   # one odd cluster must not stop a long build
                log(f"cluster {number}: skipped ({type(e).__name__}: {e})")
                continue
            for pair in pairs:
                f.write(json.dumps(pair, ensure_ascii=False) + "\n")
                kinds[pair["kind"]] += 1
            if (number - start + 1) % 50 == 0:
                log(f"{number - start + 1} clusters, {dict(kinds)}, {time.time() - t0:.0f} s")
                f.flush()
    return kinds


REPLAY = {"compress": 6000, "join": 3000, "fusion": 2000, "copy": 1000}   # run 6's pairs kept in the mix


def mix(verified: list[Path], dev: Path, replay_dir: Path, out_dir: Path, seed: int = 7) -> dict:
    """train.jsonl (the verified pairs and a replay of `replay_dir`'s train pairs, `REPLAY` of each
    kind), dev.jsonl (`dev`'s verified pairs) and stats.json under `out_dir`."""
    from summarizer.training.loop import read_pairs

    rng = random.Random(seed)
    own = [json.loads(line) for path in verified for line in path.read_text(encoding="utf-8").splitlines() if line]
    old = read_pairs(replay_dir, "train")
    replay = [p for kind, n in REPLAY.items() for p in rng.sample([q for q in old if q["kind"] == kind], n)]
    train = own + replay
    rng.shuffle(train)
    dev_pairs = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line]
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train", train), ("dev", dev_pairs)):
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    stats = {"recipe": f"summarizer.training.verified (MIN_CUT {MIN_CUT}) + a replay of {replay_dir}: {REPLAY}",
             "train_pairs": len(train), "dev_pairs": len(dev_pairs),
             "by_kind": dict(Counter(p["kind"] for p in train)),
             "group_sizes": dict(sorted(Counter(p["group"] for p in train).items())),
             "share_multi_sentence_inputs": round(sum(p["group"] > 1 for p in train) / len(train), 3),
             "mean_input_words": round(sum(len(p["input"].split()) for p in train) / len(train), 1),
             "mean_target_words": round(sum(len(p["target"].split()) for p in train) / len(train), 1)}
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=2))
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="verified pairs of a range of clusters")
    b.add_argument("--data", type=Path, required=True)
    b.add_argument("--start", type=int, default=1, help="first cluster, 1-based")
    b.add_argument("--clusters", type=int, default=1000)
    b.add_argument("--max-words", type=int, default=230)
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("mix", help="train/dev pairs for a run: verified pairs plus a replay of older ones")
    m.add_argument("--verified", type=Path, nargs="+", required=True)
    m.add_argument("--dev", type=Path, required=True)
    m.add_argument("--replay", type=Path, default=Path("runs/fusion-data-v3"))
    m.add_argument("--out", type=Path, default=Path("runs/verified-data"))
    args = p.parse_args(argv)
    if args.command == "mix":
        print(json.dumps(mix(args.verified, args.dev, args.replay, args.out), indent=2))
        return 0
    kinds = build(args.data, args.start, args.clusters, args.out, args.max_words, args.seed,
                  log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(dict(kinds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
