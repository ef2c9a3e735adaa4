"""Engine registry: name -> class. Engines are imported lazily so `lead` never loads torch models."""
from __future__ import annotations

import importlib
import inspect
import math
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
    for key, value in options.items():
        check_option_value(name, key, value, option_types(name).get(key))
    if name in SELECTION_ENGINES:   # e.g. an unknown strategy: said now, not after loading a model
        from summarizer.pipeline.select import SelectionWeights

        selection = {f.name for f in fields(SelectionWeights)}
        SelectionWeights(**{k: v for k, v in options.items() if k in selection})


# (low, high, low excluded) for options whose sense bounds them; every other number is finite and >= 0
OPTION_RANGES = {
    "mmr_lambda": (0, 1, False), "redundancy": (0, 1, False), "budget_stretch": (0, 10, True),
    "time_limit": (0, 600, True), "num_beams": (1, 64, False), "num_candidates": (1, 64, False),
    "batch_size": (1, 4096, False), "max_candidates": (1, 3000, False), "fill_pool": (1, 100, False),
    "max_input_words": (1, 100_000, False), "max_input_tokens": (1, 1_000_000, False),
    "pool_words": (0, 100_000, False), "rewrites": (1, 64, False), "max_extras": (0, 100, False), "fill_words": (0, 100_000, False),
    "min_words": (0, 100_000, False), "concept_min_df": (0, 10_000, False), "no_repeat_ngram_size": (0, 100, False),
}


def option_types(name: str) -> dict[str, set[str]]:
    """{option: the type names its annotation allows ("int", "float", "bool", "str", "None")}."""
    params = inspect.signature(engine_class(name).__init__).parameters.values()
    found = {p.name: str(p.annotation) for p in params if p.annotation is not p.empty}
    if name in SELECTION_ENGINES:
        from summarizer.pipeline.select import SelectionWeights

        found |= {f.name: str(f.type) for f in fields(SelectionWeights)}
    return {k: {t.strip().removeprefix("<class '").removesuffix("'>") for t in v.split("|")}
            for k, v in found.items() if k not in NOT_OPTIONS}


def check_option_value(engine: str, key: str, value, types: set[str] | None) -> None:
    """InputError unless `value` has the option's type (a whole number, a number, true/false or text)
    and lies in its range; nan and inf are never an option's value."""
    def refuse(expected: str):
        raise InputError(f"the {engine} engine's option {key} must be {expected}, got {value!r}")

    if isinstance(value, float) and not math.isfinite(value):
        refuse("a finite number")
    if types is None:   # passed on (hf: to `generate`): only the number check above applies
        return
    if value is None:
        if "None" not in types:
            refuse(_kind(types))
        return
    kind = ("bool" if isinstance(value, bool) else "int" if isinstance(value, int)
            else "float" if isinstance(value, float) else "str" if isinstance(value, str) else None)
    ok = kind in types or (kind == "int" and "float" in types)
    if not ok:
        refuse(_kind(types))
    if kind in ("int", "float"):
        low, high, low_open = OPTION_RANGES.get(key, (0, None, False))
        if value < low or (low_open and value == low) or (high is not None and value > high):
            refuse(f"{_kind(types)} {'>' if low_open else '≥'} {low:g}" + (f" and ≤ {high:g}" if high is not None else ""))


def _kind(types: set[str]) -> str:
    names = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "text"}
    if "float" in types:
        types = types - {"int"}
    return " or ".join(names[t] for t in sorted(types) if t in names) or "a value"


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
