"""A plain PyTorch training loop for a lent GPU machine, within a fixed time budget.

`mds train` runs the Hugging Face Trainer, which needs `datasets` and `accelerate`; a lent GPU
machine has only torch and transformers, and minutes rather than hours. This loop needs nothing
else, reads the same config and pairs (`train.jsonl`, or `train.jsonl.xz` to travel small), and:
- batches pairs of similar length (less padding), bf16 autocast on a GPU;
- warms up, then decays the learning rate linearly to 0 at `max_steps` or at the time budget,
  whichever comes first (a time-budgeted run still ends with a settled model);
- measures the dev loss (label-smoothed, as `eval/scripts/fusion_curve.py`) every `eval_steps`
  and exports the weights with the lowest one, as fp16 safetensors (`train.export_fp16`).

    python -m summarizer.training.loop --config configs/fusion-run6.toml --minutes 8
"""
from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from pathlib import Path

from summarizer.errors import InputError
from summarizer.training.train import TrainConfig, export_fp16, load_config, load_model


def read_pairs(data_dir: Path, name: str) -> list[dict]:
    """`name`.jsonl (or .jsonl.xz) under `data_dir`; an InputError when it is missing or empty."""
    plain, packed = data_dir / f"{name}.jsonl", data_dir / f"{name}.jsonl.xz"
    if plain.exists():
        text = plain.read_text(encoding="utf-8")
    elif packed.exists():
        with lzma.open(packed, "rt", encoding="utf-8") as f:
            text = f.read()
    else:
        raise InputError(f"{data_dir}: no {plain.name} or {packed.name} (build them with summarizer.training.pairs)")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    if not rows:
        raise InputError(f"{data_dir}: {name} pairs are empty")
    return rows


def _cpu_copy(model) -> dict:
    return {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}


def encode(pairs: list[dict], tokenizer, cfg: TrainConfig) -> list[tuple[list[int], list[int]]]:
    inputs = tokenizer([p["input"] for p in pairs], max_length=cfg.max_input_tokens, truncation=True)["input_ids"]
    targets = tokenizer(text_target=[p["target"] for p in pairs], max_length=cfg.max_target_tokens,
                        truncation=True)["input_ids"]
    return list(zip(inputs, targets))


def length_grouped_batches(rows: list, batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of indices, each drawn from a run of similar input lengths."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    window = batch_size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: len(rows[i][0]))
        batches += [chunk[k:k + batch_size] for k in range(0, len(chunk), batch_size)]
    rng.shuffle(batches)
    return batches


def collate(rows: list, idx: list[int], pad_id: int, device):
    import torch

    def padded(seqs, value):
        width = max(len(s) for s in seqs)
        return torch.tensor([s + [value] * (width - len(s)) for s in seqs], device=device)

    input_ids = padded([rows[i][0] for i in idx], pad_id)
    return input_ids, (input_ids != pad_id).long(), padded([rows[i][1] for i in idx], -100)


def dev_loss(model, rows: list, pad_id: int, device, label_smoothing: float, batch_size: int = 64) -> float:
    import torch

    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=label_smoothing, reduction="sum")
    total, count = 0.0, 0
    model.eval()
    with torch.inference_mode(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        for k in range(0, len(rows), batch_size):
            ids, mask, labels = collate(rows, list(range(k, min(k + batch_size, len(rows)))), pad_id, device)
            logits = model(input_ids=ids, attention_mask=mask, labels=labels).logits.float()
            total += float(loss_fn(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)))
            count += int((labels != -100).sum())
    model.train()
    return total / count


def train_for(cfg: TrainConfig, minutes: float, log=print) -> Path:
    import torch

    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    data_dir = Path(cfg.data_dir)
    train_pairs, dev_pairs = read_pairs(data_dir, "train"), read_pairs(data_dir, "dev")   # before the model loads
    model, tokenizer = load_model(cfg)
    model.to(device).train()
    train_rows, dev_rows = encode(train_pairs, tokenizer, cfg), encode(dev_pairs, tokenizer, cfg)
    pad_id = tokenizer.pad_token_id
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=cfg.label_smoothing)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=cfg.weight_decay,
                                  fused=device.type == "cuda")
    budget = minutes * 60 if minutes > 0 else float("inf")

    best = {"loss": dev_loss(model, dev_rows, pad_id, device, cfg.label_smoothing), "step": 0}
    best["state"] = _cpu_copy(model)
    curve = [{"step": 0, "pairs_seen": 0, "dev_loss": round(best["loss"], 4), "seconds": 0.0}]
    log(f"{len(train_rows)} train pairs, {len(dev_rows)} dev pairs on {device}; step 0 dev loss {best['loss']:.4f}")
    start, step, epoch, train_loss, done = time.time(), 0, 0, 0.0, False
    while not done:
        for idx in length_grouped_batches(train_rows, cfg.batch_size, rng):
            progress = max(step / cfg.max_steps, (time.time() - start) / budget)
            if progress >= 1:
                done = True
                break
            lr = cfg.learning_rate * min(1.0, (step + 1) / max(1, cfg.warmup_steps)) * (1 - progress)
            for group in optimizer.param_groups:
                group["lr"] = lr
            ids, mask, labels = collate(train_rows, idx, pad_id, device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                # labels make the model build its decoder inputs; the loss is ours (label smoothing)
                logits = model(input_ids=ids, attention_mask=mask, labels=labels).logits
            loss = loss_fn(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            if step % cfg.logging_steps == 0:
                train_loss = float(loss.detach())      # a GPU sync: not every step
            if step % cfg.eval_steps == 0:
                loss_now = dev_loss(model, dev_rows, pad_id, device, cfg.label_smoothing)
                seconds = round(time.time() - start, 1)
                curve.append({"step": step, "pairs_seen": step * cfg.batch_size, "dev_loss": round(loss_now, 4),
                              "train_loss": round(train_loss, 4),
                              "lr": lr, "epoch": epoch, "seconds": seconds})
                log(json.dumps(curve[-1]))
                if loss_now < best["loss"]:
                    best = {"loss": loss_now, "step": step, "state": _cpu_copy(model)}
        else:
            epoch += 1
    final = dev_loss(model, dev_rows, pad_id, device, cfg.label_smoothing)
    curve.append({"step": step, "pairs_seen": step * cfg.batch_size, "dev_loss": round(final, 4),
                  "seconds": round(time.time() - start, 1), "epoch": epoch})
    if final <= best["loss"]:
        best = {"loss": final, "step": step, "state": None}
    else:
        model.load_state_dict(best["state"])
    log(f"done: {step} steps in {time.time() - start:.0f} s; exporting step {best['step']} (dev loss {best['loss']:.4f})")
    hardware = torch.cuda.get_device_name(0) if device.type == "cuda" else "CPU"
    stats_path = data_dir / "stats.json"
    extra = {"loop": "summarizer.training.loop", "minutes": minutes, "steps": step, "exported_step": best["step"],
             "exported_dev_loss": round(best["loss"], 4), "curve": curve, "hardware": hardware,
             "torch": torch.__version__, "wall_seconds_this_run": round(time.time() - start, 1),
             "data": json.loads(stats_path.read_text()) if stats_path.exists() else None}
    return export_fp16(model, tokenizer, Path(cfg.export_dir), cfg, extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--minutes", type=float, default=0, help="time budget (0: max_steps alone)")
    parser.add_argument("--max-steps", type=int, help="override the config's max_steps")
    parser.add_argument("--export-dir", help="override the config's export_dir")
    args = parser.parse_args(argv)
    try:
        cfg = load_config(args.config)
        if args.max_steps:
            cfg.max_steps = args.max_steps
        if args.export_dir:
            cfg.export_dir = args.export_dir
        out = train_for(cfg, args.minutes, log=lambda m: print(m, file=sys.stderr, flush=True))
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"fp16 checkpoint written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
