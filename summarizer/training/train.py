"""Train the `fusion` model: `mds train --config configs/fusion.toml`.

Read top to bottom: the config, the data (built by `summarizer.training.pairs` when missing), the
model (MiniLM mapped onto BART, or a checkpoint to continue from), the Seq2SeqTrainer, and the
export of the result as fp16 safetensors that `AutoModelForSeq2SeqLM.from_pretrained` loads.
Interrupted runs resume from their last checkpoint when started again with the same config. The
same command runs unchanged on a GPU (the Trainer picks the device; fp16 there when `fp16 = true`).
"""
from __future__ import annotations

import json
import os
import platform
import sys
import time
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from summarizer.errors import InputError, require_extra


@dataclass
class TrainConfig:
    output_dir: str = "runs/fusion"
    data_dir: str = "runs/fusion-data"          # train.jsonl / dev.jsonl; built here when missing
    shared_data: str = "../shared/data"         # where Multi-News and NeuS train splits live
    multinews_clusters: int = 45000             # pair building: how many Multi-News train clusters
    neus_repeat: int = 2
    init: str = "minilm"                        # "minilm" or a path to a seq2seq checkpoint to continue from
    workers: int = 1                            # processes for building the pairs
    max_input_tokens: int = 128
    max_target_tokens: int = 64
    batch_size: int = 32
    learning_rate: float = 3e-4
    warmup_steps: int = 60
    weight_decay: float = 0.01
    max_steps: int = 1000
    label_smoothing: float = 0.1
    save_steps: int = 100
    keep_checkpoints: int = 2                   # how many of the latest checkpoints stay on disk
    eval_steps: int = 200
    logging_steps: int = 20
    fp16: bool = False                          # GPU only
    seed: int = 0
    export_dir: str = "runs/fusion/export"      # the fp16 checkpoint written at the end


def load_config(path: str | Path) -> TrainConfig:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such config file")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not valid TOML ({e})") from None
    known = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return TrainConfig(**raw)


def ensure_pairs(cfg: TrainConfig) -> Path:
    data_dir = Path(cfg.data_dir)
    if not (data_dir / "train.jsonl").exists():
        from summarizer.training.pairs import build_pairs

        print(f"building training pairs in {data_dir} ...", file=sys.stderr)
        build_pairs(Path(cfg.shared_data), data_dir, cfg.multinews_clusters, cfg.neus_repeat, seed=cfg.seed,
                    workers=cfg.workers)
    return data_dir


def load_model(cfg: TrainConfig):
    if cfg.init == "minilm":
        from summarizer.training.warm_start import minilm_to_bart

        return minilm_to_bart()
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    # the shipped checkpoint is fp16; training needs fp32 master weights
    model = AutoModelForSeq2SeqLM.from_pretrained(cfg.init, dtype=torch.float32)
    return model.float(), AutoTokenizer.from_pretrained(cfg.init)


def tokenized(path: Path, tokenizer, cfg: TrainConfig):
    from datasets import load_dataset

    rows = load_dataset("json", data_files=str(path), split="train")

    def encode(batch):
        enc = tokenizer(batch["input"], max_length=cfg.max_input_tokens, truncation=True)
        enc["labels"] = tokenizer(text_target=batch["target"], max_length=cfg.max_target_tokens,
                                  truncation=True)["input_ids"]
        return enc

    return rows.map(encode, batched=True, remove_columns=rows.column_names)


def export_fp16(model, tokenizer, out: Path, cfg: TrainConfig, extra: dict) -> Path:
    """The shippable checkpoint: fp16 safetensors + tokenizer + training facts for the model card."""
    import torch

    out.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").to(torch.float16)
    model.generation_config.num_beams = 4
    model.generation_config.no_repeat_ngram_size = 3
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    facts = {"config": cfg.__dict__, **extra}
    (out / "training.json").write_text(json.dumps(facts, indent=2))
    return out


def train(cfg: TrainConfig) -> Path:
    import torch
    from transformers import DataCollatorForSeq2Seq, Seq2SeqTrainer, Seq2SeqTrainingArguments, set_seed
    from transformers.trainer_utils import get_last_checkpoint

    set_seed(cfg.seed)
    data_dir = ensure_pairs(cfg)
    model, tokenizer = load_model(cfg)
    train_set = tokenized(data_dir / "train.jsonl", tokenizer, cfg)
    dev_path = data_dir / "dev.jsonl"
    dev_set = tokenized(dev_path, tokenizer, cfg) if dev_path.exists() and dev_path.stat().st_size else None

    args = Seq2SeqTrainingArguments(
        output_dir=cfg.output_dir,
        per_device_train_batch_size=cfg.batch_size,
        per_device_eval_batch_size=cfg.batch_size,
        learning_rate=cfg.learning_rate,
        warmup_steps=cfg.warmup_steps,
        weight_decay=cfg.weight_decay,
        max_steps=cfg.max_steps,
        lr_scheduler_type="linear",
        label_smoothing_factor=cfg.label_smoothing,
        train_sampling_strategy="group_by_length",   # less padding: about a third faster on CPU
        save_strategy="steps", save_steps=cfg.save_steps, save_total_limit=cfg.keep_checkpoints,
        eval_strategy="steps" if dev_set is not None else "no", eval_steps=cfg.eval_steps,
        logging_steps=cfg.logging_steps, report_to=[], disable_tqdm=not sys.stderr.isatty(),
        fp16=cfg.fp16 and torch.cuda.is_available(),
        dataloader_num_workers=0, dataloader_pin_memory=torch.cuda.is_available(), seed=cfg.seed,
    )
    trainer = Seq2SeqTrainer(model=model, args=args, train_dataset=train_set, eval_dataset=dev_set,
                             data_collator=DataCollatorForSeq2Seq(tokenizer, model=model),
                             processing_class=tokenizer)
    resume = get_last_checkpoint(cfg.output_dir) if Path(cfg.output_dir).is_dir() else None
    if resume:
        print(f"resuming from {resume}", file=sys.stderr)
    start = time.time()
    result = trainer.train(resume_from_checkpoint=resume)
    metrics = dict(result.metrics)
    if dev_set is not None:
        metrics.update(trainer.evaluate())
    hardware = torch.cuda.get_device_name(0) if torch.cuda.is_available() else \
        f"CPU, {os.cpu_count()} cores ({platform.processor() or platform.machine()})"
    stats_path = data_dir / "stats.json"
    extra = {"metrics": metrics, "wall_seconds_this_run": round(time.time() - start, 1),
             "hardware": hardware, "torch": torch.__version__,
             "log_history": trainer.state.log_history,
             "data": json.loads(stats_path.read_text()) if stats_path.exists() else None}
    out = export_fp16(trainer.model, tokenizer, Path(cfg.export_dir), cfg, extra)
    from summarizer.runtime.convert import export

    export(out, "int8")      # the CTranslate2 form beside the transformers one (the default CPU runtime)
    return out


def add_train_parser(sub) -> None:
    from summarizer.argtypes import whole

    p = sub.add_parser("train", help="train the fusion model (see configs/fusion.toml)")
    p.add_argument("--config", required=True, help="TOML file with TrainConfig settings")
    p.add_argument("--max-steps", type=whole(1), help="override the config's max_steps (≥ 1)")
    p.set_defaults(func=run_train)


def run_train(args) -> int:
    require_extra("train", "`mds train`", "torch", "transformers", "datasets", "accelerate")
    cfg = load_config(args.config)
    if args.max_steps:
        cfg.max_steps = args.max_steps
    out = train(cfg)
    print(f"fp16 checkpoint written to {out}")
    return 0
