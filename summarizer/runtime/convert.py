"""CTranslate2 copies of local checkpoints, built on first use into the user cache.

    $MDS_CACHE (default ~/.cache/mds)/ct2/<folder name>-<sha256 of the source files, 16 hex>/<quantization>/

A copy is keyed by the checksum of the source's config, weights and tokenizer, so a retrained or
updated model gets a new copy and an old one is never used by mistake. Hashing ~150 MB on every
start would cost more than loading, so the checksum is remembered per (path, size, mtime) in
`stamps.json`. Conversion imports torch and transformers (once, ~5-10 s) and says so on stderr;
it writes into a temporary folder and renames it, so parallel workers never read half a model.
`mds train` also bundles an int8 copy inside the checkpoint folder (`ctranslate2-int8/`, `export`),
which is used instead of the cache while its recorded checksum matches the weights.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from summarizer.errors import ModelError

CACHE_ENV = "MDS_CACHE"
FORMAT_VERSION = 1        # bump when the conversion below changes what it writes
SOURCE_FILES = ("config.json", "tokenizer.json", "model.safetensors", "pytorch_model.bin")


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "mds").expanduser()


def _source_files(source: Path) -> list[Path]:
    files = [source / name for name in SOURCE_FILES if (source / name).is_file()]
    if not (source / "config.json").is_file():
        raise ModelError(f"{source} has no config.json: not a model folder")
    return files


def _write_json_atomic(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def source_checksum(source: str | Path) -> str:
    """sha256 over the model's files (names and bytes), remembered per (path, size, mtime)."""
    source = Path(source).resolve()
    files = _source_files(source)
    stamp = "|".join(f"{f}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
    stamps_path = cache_root() / "ct2" / "stamps.json"
    try:
        stamps = json.loads(stamps_path.read_text())
    except (OSError, ValueError):
        stamps = {}
    if stamp in stamps:
        return stamps[stamp]
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0")
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    checksum = digest.hexdigest()[:16]
    stamps[stamp] = checksum
    with contextlib.suppress(OSError):    # a read-only cache still works, it only hashes again next time
        _write_json_atomic(stamps_path, stamps)
    return checksum


def converted_dir(source: str | Path, quantization: str) -> Path:
    source = Path(source).resolve()
    name = source.parent.name if source.name == "model" else source.name   # a package's model/ folder
    return cache_root() / "ct2" / f"{name}-{source_checksum(source)}" / quantization


def bundled_dir(source: str | Path, quantization: str) -> Path:
    """Where `mds train` puts the CTranslate2 copy inside a checkpoint folder."""
    return Path(source) / f"ctranslate2-{quantization}"


def _matches(copy: Path, source: Path) -> bool:
    try:
        recorded = json.loads((copy / "source.json").read_text())
    except (OSError, ValueError):
        return False
    return (copy / "model.bin").is_file() and recorded.get("checksum") == source_checksum(source) \
        and recorded.get("format") == FORMAT_VERSION


def converted(source: str | Path, quantization: str = "int8", quiet: bool = False) -> Path:
    """The CTranslate2 copy of `source` at `quantization`: the one `mds train` bundled with it if
    it matches the weights, else the cache's, converting it first if the cache lacks it."""
    source = Path(source).resolve()
    if _matches(bundled_dir(source, quantization), source):
        return bundled_dir(source, quantization)
    out = converted_dir(source, quantization)
    if (out / "model.bin").is_file():
        return out
    return _convert_into(source, out, quantization, quiet)


def export(source: str | Path, quantization: str = "int8") -> Path:
    """Bundle a CTranslate2 copy with a checkpoint folder (`mds train` does), so it runs without torch
    and without a conversion wherever the folder is copied."""
    source = Path(source).resolve()
    out = bundled_dir(source, quantization)
    shutil.rmtree(out, ignore_errors=True)
    return _convert_into(source, out, quantization, quiet=False)


def _convert_into(source: Path, out: Path, quantization: str, quiet: bool) -> Path:
    if not quiet:
        print(f"mds: converting {source.name} for CTranslate2 ({quantization}) into {out} "
              "(once per model version; a few seconds)", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{quantization}-"))
    try:
        _convert(source, tmp, quantization)
        _write_json_atomic(tmp / "source.json", {"source": str(source), "checksum": source_checksum(source),
                                                 "quantization": quantization, "format": FORMAT_VERSION})
        try:
            os.rename(tmp, out)
        except OSError:         # another process finished first: its copy is the same
            if not (out / "model.bin").is_file():
                raise
    except Exception as e:
        raise ModelError(f"cannot convert {source} for CTranslate2: {e}") from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _convert(source: Path, out: Path, quantization: str) -> None:
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    class Converter(TransformersConverter):
        """Fills in what the project's MiniLM-built BART lacks for the stock BART loader."""

        def load_model(self, model_class, path, **kwargs):
            config = kwargs["config"]
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False     # BART is post-LayerNorm; the loader asks
            kwargs["dtype"] = torch.float32         # shipped fp16 -> exact fp32 copy; CT2 quantizes
            return super().load_model(model_class, path, **kwargs)

        def load_tokenizer(self, tokenizer_class, path, **kwargs):
            tokenizer = super().load_tokenizer(tokenizer_class, path, **kwargs)
            # a WordPiece tokenizer has no <s>/</s>: the model starts with [CLS] and ends with [SEP]
            if tokenizer.bos_token is None and tokenizer.cls_token is not None:
                tokenizer.bos_token = tokenizer.cls_token
            if tokenizer.eos_token is None and tokenizer.sep_token is not None:
                tokenizer.eos_token = tokenizer.sep_token
            return tokenizer

    Converter(str(source)).convert(str(out), quantization=quantization, force=True)
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")


def write_vocabulary_map(model_dir: Path, tokens: list[str], always: list[str]) -> None:
    """`vmap.txt` for `translate_batch(use_vmap=True)`: each token maps to itself and `always` is
    allowed everywhere, so a decoding may use only its input's tokens plus `always`. Rewritten only
    when its content changes (the closed word list is code)."""
    text = "\t" + " ".join(always) + "\n" + "".join(f"{t}\t{t}\n" for t in tokens)
    path = model_dir / "vmap.txt"
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=model_dir, prefix=".vmap-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
