"""Engine registry: name -> class. Engines are imported lazily so `lead` never loads torch models."""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable
from dataclasses import fields

from summarizer.errors import InputError, require_extra

ENGINES = {
    "fusion": "summarizer.engines.fusion:FusionEngine",
    "extractive": "summarizer.engines.extractive:ExtractiveEngine",
    "lead": "summarizer.engines.lead:LeadEngine",
    "lead-rr": "summarizer.engines.lead:RoundRobinLeadEngine",
    "hf": "summarizer.engines.hf:HFEngine",
}


MODEL_ENGINES = ("fusion", "hf")          # the engines that take a model
OPTIONLESS_ENGINES = ("lead", "lead-rr")   # baselines: no model, no options
SELECTION_ENGINES = ("extractive", "fusion")   # their other options are `SelectionWeights` fields
NOT_OPTIONS = ("self", "model", "device", "embedder")   # constructor arguments the summarizer gives
EXTRA_ENGINES = {"hf": ("hf", "the hf engine", "torch", "transformers")}   # engines the core install lacks


def engine_class(name: str):
    module_name, cls_name = ENGINES[name].split(":")
    return getattr(importlib.import_module(module_name), cls_name)   # the module only: no model loads


def engine_option_names(name: str) -> frozenset[str] | None:
    """The options an engine takes, or None when it passes any others on (hf: to `generate`)."""
    params = inspect.signature(engine_class(name).__init__).parameters.values()
    names = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)} - set(NOT_OPTIONS)
    if any(p.kind is p.VAR_KEYWORD for p in params):
        if name not in SELECTION_ENGINES:
            return None
        from summarizer.pipeline.select import SelectionWeights

        names |= {f.name for f in fields(SelectionWeights)}
    return frozenset(names)


def check_engine_options(name: str, model=None, options: dict | None = None) -> None:
    """InputError when an option does not apply to the engine (rather than silently ignoring it): an
    unknown option name, or a selection option with a bad value, fails here, before a model loads."""
    if not isinstance(name, str) or name not in ENGINES:
        raise InputError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if name in EXTRA_ENGINES:   # said before any input is read or model loaded
        require_extra(*EXTRA_ENGINES[name])
    if model and name not in MODEL_ENGINES:
        raise InputError(f"the {name} engine takes no model; a model (--model) applies to the "
                         f"{' and '.join(MODEL_ENGINES)} engines")
    if not options:
        return
    if name in OPTIONLESS_ENGINES:
        raise InputError(f"the {name} engine takes no options; got {', '.join(sorted(options))}")
    allowed = engine_option_names(name)
    unknown = sorted(set(options) - allowed) if allowed is not None else []
    if unknown:
        raise InputError(f"the {name} engine has no option{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(map(repr, unknown))}; its options: {', '.join(sorted(allowed))}")
    if name in SELECTION_ENGINES:   # e.g. an unknown strategy: said now, not after loading a model
        from summarizer.pipeline.select import SelectionWeights

        selection = {f.name for f in fields(SelectionWeights)}
        SelectionWeights(**{k: v for k, v in options.items() if k in selection})


def option_value(text: str):
    """An option's value as typed: a whole number (int), a number (float), true/false (bool), else text.

    >>> [option_value(t) for t in ("2", "2.0", "1e-3", "True", "false", "mmr")]
    [2, 2.0, 0.001, True, False, 'mmr']
    """
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            continue
    return {"true": True, "false": False}.get(text.lower(), text)


def parse_engine_options(items: Iterable[str]) -> dict:
    """Engine options from `KEY=VALUE` strings (`--option strategy=mmr --option budget_stretch=2.0`),
    values typed by `option_value`; a later KEY replaces an earlier one. A malformed item is an InputError.

    >>> parse_engine_options(["strategy=mmr", "budget_stretch=2.0", "overflow=true", "min_words=4"])
    {'strategy': 'mmr', 'budget_stretch': 2.0, 'overflow': True, 'min_words': 4}
    """
    options = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"engine option {item!r} is not KEY=VALUE (for example strategy=mmr)")
        options[key] = option_value(value.strip())
    return options


def build_engine(name: str, model: str | None = None, device: str | None = None, embedder=None, **options):
    check_engine_options(name, model, options)
    cls = engine_class(name)
    try:
        return cls(model=model, device=device, embedder=embedder, **options)
    except TypeError as e:
        if "unexpected keyword argument" not in str(e):
            raise
        # e.g. SelectionWeights(mmr=0.5): name the option, not the internal class
        raise InputError(f"the {name} engine has no option {str(e).split('argument')[-1].strip()}") from None
