"""Inference backends: which one serves a model, on which device, at which precision.

    ct2    CTranslate2 (`ctranslate2` + `tokenizers`): no torch import, int8 on CPU, float16 on GPU.
           Models are converted once into the user cache (`convert.py`).
    torch  transformers + torch: the training path, and the fallback for what CTranslate2 cannot run.
    auto   ct2 when the model converts, else torch (the default; `MDS_BACKEND` overrides it).

Modules: `convert` (conversion cache), `tokenize` (tokenizers without transformers), `ct2` (the
encoder and translator wrappers).
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from summarizer.errors import InputError, ModelError

BACKENDS = ("auto", "ct2", "torch")
BACKEND_ENV = "MDS_BACKEND"
PRECISION_ENV = "MDS_PRECISION"      # int8, float32, float16, int8_float16... (CTranslate2 compute types)
# CTranslate2's int8 kernels round differently by CPU (MKL on Intel, oneDNN with AVX-512 or AVX2): these
# environment settings pin the portable ones, where a result must not depend on the machine (the tests, the
# judge's training features); set before ctranslate2 loads. The product keeps the CPU's fastest kernels.
PORTABLE_KERNELS = {"CT2_USE_MKL": "0", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def pin_portable_kernels() -> None:
    """Ask for the portable int8 kernels (unless the environment already names others); call it before
    ctranslate2 loads."""
    for name, value in PORTABLE_KERNELS.items():
        os.environ.setdefault(name, value)


def requested_backend(backend: str | None = None) -> str:
    """The backend asked for (argument, else $MDS_BACKEND, else "auto"), or an InputError."""
    value = backend if backend not in (None, "") else os.environ.get(BACKEND_ENV, "") or "auto"
    if not isinstance(value, str) or value.strip().lower() not in BACKENDS:
        where = f"${BACKEND_ENV}" if backend in (None, "") else "backend"
        raise InputError(f"unknown {where} {value!r}; choose one of: {', '.join(BACKENDS)}")
    return value.strip().lower()


def ct2_available() -> bool:
    try:
        import ctranslate2  # noqa: F401
    except ImportError:
        return False
    return True


def ct2_device(device: str | None) -> tuple[str, int]:
    """("cpu" | "cuda", device index) for CTranslate2, without importing torch."""
    import ctranslate2

    name = (device or "auto").strip().lower()
    gpus = ctranslate2.get_cuda_device_count()
    if name == "auto":
        return ("cuda", 0) if gpus else ("cpu", 0)
    if name == "cpu":
        return "cpu", 0
    if name.startswith("cuda"):
        index = name.partition(":")[2]
        if index and not index.isdigit():
            raise ModelError(f"unknown device {device!r}; use cpu, cuda or cuda:N")
        index = int(index or 0)
        if index >= gpus:
            raise ModelError(f"device {device!r} requested but {gpus} CUDA GPU(s) are available; use device='cpu'")
        return "cuda", index
    raise ModelError(f"unknown device {device!r}; use cpu, cuda or cuda:N")


def compute_type(device: str, requested: str | None = None) -> str:
    """The CTranslate2 compute type: as asked (argument, else $MDS_PRECISION), else int8 on CPU (the
    harness shows no ROUGE loss, see README) and float16 on GPU."""
    requested = requested or os.environ.get(PRECISION_ENV)
    if requested:
        return requested
    return "int8" if device == "cpu" else "float16"


_threads: int | None = None


def set_threads(n: int | None) -> None:
    """CPU threads for CTranslate2 models loaded from now on (`mds batch` workers share the cores)."""
    global _threads
    _threads = max(1, int(n)) if n else None


def cpu_threads() -> int:
    if _threads:
        return _threads
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ct2_serves(backend: str | None, source, model_types: set[str]) -> bool:
    """Whether CTranslate2 serves this model folder: never for "torch"; for "auto" when it can
    (ctranslate2 installed, a local folder with tokenizer.json, an architecture in `model_types` or a
    folder already converted for CTranslate2); for "ct2" the same, or a ModelError saying why not."""
    import json
    from pathlib import Path

    from summarizer.runtime.copies import is_ct2_model

    backend = requested_backend(backend)
    if backend == "torch":
        return False
    source = Path(source) if source is not None else None
    reason = None
    if not ct2_available():
        reason = "ctranslate2 is not installed (pip install ctranslate2)"
    elif source is None or not (source / "config.json").is_file():
        reason = "the ct2 backend converts local model folders only"
    elif not (source / "tokenizer.json").is_file():
        reason = f"{source} has no tokenizer.json"
    elif not is_ct2_model(source):
        model_type = json.loads((source / "config.json").read_text()).get("model_type")
        if model_type not in model_types:
            reason = f"its architecture ({model_type}) is not one CTranslate2 runs here ({', '.join(sorted(model_types))})"
    if reason and backend == "ct2":
        raise ModelError(f"backend 'ct2' cannot serve {source}: {reason}; use backend='torch'")
    return reason is None


def device_name(kind: str, index: int) -> str:
    return kind if kind == "cpu" else f"{kind}:{index}"


@contextmanager
def torch_hidden():
    """Import a library that can use torch but does not need it (spaCy, through thinc, imports torch
    when installed: seconds of cold start) with torch hidden. A no-op once torch is loaded; torch
    stays importable afterwards."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None       # `import torch` raises ImportError, which thinc handles
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


SPACY_CLI_IMPORT = "from .cli.info import info"   # spaCy 3.7-3.8's __init__.py: its one use of spacy.cli


@contextmanager
def spacy_cli_deferred():
    """Import spaCy without its command line package. `spacy/__init__.py` imports `spacy.cli.info` for
    `spacy.info`, and with it every spaCy command and what they use (typer, weasel, httpx, jinja2...):
    a quarter of a second and some 360 modules of a cold start, which loading and running a pipeline
    never touch. While spaCy imports, two stand-in modules take their place; they are removed after, so
    a later `import spacy.cli` imports the real package, and `spacy.info` calls the real `info`.
    Only when spaCy's `__init__.py` uses nothing else of `spacy.cli` (read, not imported); otherwise, or
    once spaCy is loaded, a plain import."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules or not _spacy_cli_is_info_only():
        yield
        return
    import types

    def info(*args, **kwargs):
        from spacy.cli.info import info as spacy_info

        return spacy_info(*args, **kwargs)

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__, cli_info.info, cli.info = [], info, cli_info
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _spacy_cli_is_info_only() -> bool:
    import importlib.util

    try:
        spec = importlib.util.find_spec("spacy")
        with open(spec.origin, encoding="utf-8") as f:
            source = f.read()
    except (ImportError, AttributeError, TypeError, ValueError, OSError):
        return False
    uses = [line for line in source.splitlines() if ".cli" in line or "cli." in line or "import cli" in line]
    return len(uses) == 1 and uses[0].startswith(SPACY_CLI_IMPORT)
