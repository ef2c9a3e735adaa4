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


MODEL_ENGINES = ("fusion", "hf")          # the engines that take a model
OPTIONLESS_ENGINES = ("lead", "lead-rr")   # baselines: no model, no options


def check_engine_options(name: str, model=None, options: dict | None = None) -> None:
    """InputError when an option does not apply to the engine (rather than silently ignoring it)."""
    if not isinstance(name, str) or name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if model and name not in MODEL_ENGINES:
        raise InputError(f"the {name} engine takes no model; a model (--model) applies to the "
                         f"{' and '.join(MODEL_ENGINES)} engines")
    if options and name in OPTIONLESS_ENGINES:
        raise InputError(f"the {name} engine takes no options; got {', '.join(sorted(options))}")


def build_engine(name: str, model: str | None = None, device: str | None = None, embedder=None, **options):
    check_engine_options(name, model, options)
    module_name, cls_name = ENGINES[name].split(":")
    import importlib

    cls = getattr(importlib.import_module(module_name), cls_name)
    try:
        return cls(model=model, device=device, embedder=embedder, **options)
    except TypeError as e:
        if "unexpected keyword argument" not in str(e):
            raise
        # e.g. SelectionWeights(mmr=0.5): name the option, not the internal class
        raise InputError(f"the {name} engine has no option {str(e).split('argument')[-1].strip()}") from None
