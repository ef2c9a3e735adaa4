"""CTranslate2 copies of local checkpoints, built once per model version into the user cache (or
bundled with a checkpoint by `mds train`).

    <model folder>/ctranslate2-<quantization>/      bundled with the checkpoint (`export`)
    $MDS_CACHE (default ~/.cache/mds)/ct2/<folder name>-<sha256 of the source files, 16 hex>/<quantization>/

`scripts/setup.sh` builds the copies of both default models at install time (`python -m
summarizer.build_models`, which also checks them against their recorded checksums); after a plain
`pip install`, the first summary builds them instead (about a second each, one line on stderr).
BART and BERT checkpoints in safetensors convert with numpy alone (`np_convert.py`: no torch, the same
bytes as ctranslate2's transformers converter); other models need torch and transformers (the [hf]
extra). The repository ships no converted copy.

A copy is keyed by the checksum of the source's config, weights and tokenizer, so a retrained or
updated model gets a new copy and an old one is never used by mistake. Hashing ~150 MB on every
start would cost more than loading, so the checksum is remembered per (path, size, mtime) in
`stamps.json`. A conversion holds a lock file beside its target, so parallel workers convert once;
it writes into a temporary folder and renames it, so nobody reads half a model.
A bundled copy is used instead of the cache while its recorded checksum matches the weights.
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

from summarizer.errors import ModelError, require_extra
from summarizer.runtime.copies import is_ct2_model

CACHE_ENV = "MDS_CACHE"
FORMAT_VERSION = 1        # bump when the conversion below changes what it writes
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
SOURCE_FILES = ("config.json", "tokenizer.json", *WEIGHT_FILES)


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


def converted_dir(source: str | Path, quantization: str, name: str | None = None) -> Path:
    """Where the cache keeps the copy of `source` (`name` instead of the folder's name, if given); a folder
    already converted for CTranslate2 is its own copy."""
    source = Path(source).resolve()
    if is_ct2_model(source):
        return source
    return cache_root() / "ct2" / f"{name or _name(source)}-{source_checksum(source)}" / quantization


def _name(source: Path) -> str:
    return source.parent.name if source.name == "model" else source.name   # a package's model/ folder


def bundled_dir(source: str | Path, quantization: str) -> Path:
    """Where `mds train` puts the CTranslate2 copy inside a checkpoint folder."""
    return Path(source) / f"ctranslate2-{quantization}"


def has_weights(source: Path) -> bool:
    return any((source / name).is_file() for name in WEIGHT_FILES)


def _matches(copy: Path, source: Path) -> bool:
    """A bundled copy is used while it was made from the folder's weights (a retrained model gets a new copy)."""
    try:
        recorded = json.loads((copy / "source.json").read_text())
    except (OSError, ValueError):
        return False
    return (copy / "model.bin").is_file() and recorded.get("checksum") == source_checksum(source) \
        and recorded.get("format") == FORMAT_VERSION


def ready(source: str | Path, quantization: str, name: str | None = None) -> Path | None:
    """The copy at `quantization` if one exists (bundled or cached), without converting. A folder already
    converted for CTranslate2 (the int8 copy the core install keeps of MiniLM) is returned as it is, for
    any `quantization`: CTranslate2 runs int8 weights at another compute type (float32...) when loading."""
    source = Path(source).resolve()
    if is_ct2_model(source):
        return source
    if _matches(bundled_dir(source, quantization), source):
        return bundled_dir(source, quantization)
    out = converted_dir(source, quantization, name)
    return out if (out / "model.bin").is_file() else None


def converted(source: str | Path, quantization: str = "int8", quiet: bool = False, name: str | None = None) -> Path:
    """The CTranslate2 copy of `source` at `quantization`: the one `mds train` bundled with it if
    it matches the weights, else the cache's (in a folder named after `name`, if given, else after the
    source folder), converting it first if the cache lacks it."""
    found = ready(source, quantization, name)
    if found:
        return found
    out = converted_dir(source, quantization, name)
    with _lock(out):     # another process may have converted it while we waited
        return out if (out / "model.bin").is_file() else _convert_into(Path(source).resolve(), out, quantization, quiet)


@contextlib.contextmanager
def _lock(out: Path):
    """An exclusive lock on `<out>.lock` (POSIX; elsewhere the rename below still keeps copies whole)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:     # pragma: no cover - Windows
        yield
        return
    with open(out.parent / f"{out.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def export(source: str | Path, quantization: str = "int8") -> Path:
    """Bundle a CTranslate2 copy with a checkpoint folder (`mds train` does), so it runs without torch
    and without a conversion wherever the folder is copied."""
    source = Path(source).resolve()
    out = bundled_dir(source, quantization)
    shutil.rmtree(out, ignore_errors=True)
    return _convert_into(source, out, quantization, quiet=False)


def _convert_into(source: Path, out: Path, quantization: str, quiet: bool) -> Path:
    from summarizer.runtime import np_convert

    if not has_weights(source):
        raise ModelError(f"{source} has no weights to convert (model.safetensors or pytorch_model.bin)")
    with_numpy = np_convert.supports(source)
    if not with_numpy:
        try:
            require_extra("hf", f"converting {source.name} for CTranslate2 ({quantization})", "torch", "transformers")
        except ValueError as e:
            raise ModelError(str(e)) from None
    if not quiet:
        how = "numpy, about a second" if with_numpy else "torch, a few seconds"
        print(f"mds: converting {_name(source)} for CTranslate2 ({quantization}) into {out} "
              f"(once per model version; {how})", file=sys.stderr, flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{quantization}-"))
    try:
        (np_convert.convert if with_numpy else _convert_with_transformers)(source, tmp, quantization)
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


def _convert_with_transformers(source: Path, out: Path, quantization: str) -> None:
    """ctranslate2's own converter, through transformers and torch: any model type it knows."""
    import torch
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    from summarizer.runtime.np_convert import allow_torch_tensors

    allow_torch_tensors()       # in case a numpy conversion in this process imported the specs without torch
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


def vocabulary_map(tokens: list[str], always: list[str]) -> str:
    """`vmap.txt` for `translate_batch(use_vmap=True)`: each token maps to itself and `always` is
    allowed everywhere, so a decoding may use only its input's tokens plus `always`."""
    return "\t" + " ".join(always) + "\n" + "".join(f"{t}\t{t}\n" for t in tokens)


def write_vocabulary_map(model_dir: Path, tokens: list[str], always: list[str]) -> None:
    """Write `vocabulary_map` into the model folder, only when its content changes (the closed word
    list is code)."""
    text = vocabulary_map(tokens, always)
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
