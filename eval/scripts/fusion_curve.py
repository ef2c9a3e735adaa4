"""Learning curve of the fusion model: for each checkpoint, the dev-pair loss and what the engine
does with it on Multi-News validation clusters 1001+ (never the evaluation set's first 500).

    python eval/scripts/fusion_curve.py --checkpoint summarizer/models/fusion-minilm --step 0 \
        --clusters runs/dev-clusters.jsonl --out runs/curve.json

Loss: mean token cross-entropy with label smoothing 0.1 on `runs/fusion-data/dev.jsonl` (as the
Trainer's eval_loss). Engine: `mds eval run --system fusion:CHECKPOINT` at 230 words; the share of
verified rewrites, copies and fallbacks, and ROUGE-2/Lsum F1. One JSON line per checkpoint.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def dev_loss(checkpoint: str, pairs: Path) -> float:
    """The checkpoint's label-smoothed loss on `pairs`, computed as the training loop computes it."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from summarizer.training.loop import dev_loss as loss_on
    from summarizer.training.loop import encode, read_pairs
    from summarizer.training.train import TrainConfig

    tok = AutoTokenizer.from_pretrained(checkpoint)
    model = AutoModelForSeq2SeqLM.from_pretrained(checkpoint, dtype=torch.float32)
    rows = encode(read_pairs(pairs.parent, pairs.name.removesuffix(".jsonl")), tok, TrainConfig())
    return loss_on(model, rows, tok.pad_token_id, torch.device("cpu"), label_smoothing=0.1)


def engine_scores(checkpoint: str, clusters: Path, out: Path, max_words: int) -> dict:
    system = f"fusion:{checkpoint}"
    subprocess.run([sys.executable, "-m", "summarizer.cli", "eval", "run", "--data", str(clusters), "--system", system,
                    "--out", str(out), "--max-words", str(max_words), "--n-boot", "200", "--no-progress"], check=True)
    results = json.loads((out / "results.json").read_text())
    s = next(iter(results["systems"].values()))
    return {"rouge2": round(s["scores"]["rouge2"]["mean"] * 100, 2),
            "rougeLsum": round(s["scores"]["rougeLsum"]["mean"] * 100, 2),
            "generation": s.get("generation")}


def dev_clusters(path: Path, source: Path, first: int = 1001, count: int = 20) -> Path:
    """Multi-News validation clusters first..first+count-1 as a cluster file (made once)."""
    import gzip

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(source, "rt", encoding="utf-8") as f, path.open("w", encoding="utf-8") as out:
            for k, line in enumerate(f, 1):
                if first <= k < first + count:
                    out.write(line)
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--step", type=int, required=True, help="training steps of this run behind the checkpoint")
    p.add_argument("--pairs", type=Path, default=Path("runs/fusion-data/dev.jsonl"))
    p.add_argument("--clusters", type=Path, default=Path("runs/dev-clusters.jsonl"))
    p.add_argument("--max-words", type=int, default=230)
    p.add_argument("--out", type=Path, default=Path("runs/curve.json"))
    p.add_argument("--val", type=Path, default=Path("../shared/data/multinews/val.jsonl.gz"))
    args = p.parse_args()
    dev_clusters(args.clusters, args.val)
    t0 = time.time()
    point = {"step": args.step, "checkpoint": args.checkpoint, "dev_loss": round(dev_loss(args.checkpoint, args.pairs), 4)}
    point.update(engine_scores(args.checkpoint, args.clusters, args.out.parent / args.out.stem / f"step{args.step}",
                               args.max_words))
    point["seconds"] = round(time.time() - t0, 1)
    with args.out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(point) + "\n")
    print(json.dumps(point, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
