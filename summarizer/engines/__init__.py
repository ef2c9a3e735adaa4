"""Engine registry: name -> class. Engines are imported lazily so `lead` never loads torch models."""
from __future__ import annotations

from summarizer.errors import InputError

ENGINES = {
    "fusion": "summarizer.engines.fusion:FusionEngine",
    "extractive": "summarizer.engines.extractive:ExtractiveEngine",
    "lead": "summarizer.engines.lead:LeadEngine",
    "lead-rr": "summarizer.engines.lead:RoundRobinLeadEngine",
    "hf": "summarizer.engines.hf:HFEngine",
}


def build_engine(name: str, model: str | None = None, device: str | None = None, embedder=None, **options):
    if name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    module_name, cls_name = ENGINES[name].split(":")
    import importlib

    cls = getattr(importlib.import_module(module_name), cls_name)
    return cls(model=model, device=device, embedder=embedder, **options)
