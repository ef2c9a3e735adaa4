"""`mds eval run --config FILE`: an evaluation written down as a TOML file (the configs in `eval/`).

A config is a command line kept as data: each key stands for one `mds eval run` option, and the file
becomes those options, so a config run and the equivalent command line are the same run. Paths are
read as on the command line (from the current folder). Options given on the command line win over the
file's (`mds eval run --config eval/neus-val.toml --limit 20 --out runs/try`): a `--system` given there
replaces the file's list, an `--option KEY=VALUE` replaces that one engine option.

    data = "../shared/data/neus/val.jsonl.gz"
    systems = ["extractive", "fusion", "lead"]
    max_words = 75
    options = {strategy = "coverage"}
    out = "runs/eval/neus-val"
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from summarizer.errors import InputError

# config key -> (the `mds eval run` option it stands for, the TOML type it takes)
KEYS: dict[str, tuple[str, type]] = {
    "data": ("--data", str),
    "limit": ("--limit", int),
    "ids": ("--ids", list),              # of cluster ids
    "systems": ("--system", list),       # of system names
    "max_words": ("--max-words", int),
    "options": ("--option", dict),       # engine options, {strategy = "mmr", overflow = true}
    "generic": ("--generic", bool),
    "duc": ("--duc", bool),
    "word_limit": ("--word-limit", int),
    "byte_limit": ("--byte-limit", int),
    "multi_ref": ("--multi-ref", str),
    "compare_to": ("--compare-to", str),
    "nrc_vad": ("--nrc-vad", str),
    "n_boot": ("--n-boot", int),
    "workers": ("--workers", int),
    "device": ("--device", str),
    "out": ("--out", str),
}
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list of strings",
               dict: "a table of engine options"}


def load_config(path: str | Path) -> dict:
    """The config's keys and values, checked: an unknown key or a value of the wrong type is an
    InputError naming the file and the key."""
    path = Path(path)
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the config ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path}: not valid TOML ({e})") from None
    for key, value in config.items():
        if key not in KEYS:
            raise InputError(f"{path}: unknown key {key!r}; a config takes {', '.join(KEYS)}")
        kind = KEYS[key][1]
        ok = (isinstance(value, kind) and not (kind is int and isinstance(value, bool))
              and not (kind is list and not all(isinstance(v, str) for v in value)))
        if not ok:
            raise InputError(f"{path}: {key} must be {_TYPE_NAMES[kind]}, got {value!r}")
    return config


def config_argv(config: dict, skip: set[str] = frozenset()) -> list[str]:
    """The `mds eval run` options the config stands for, less those named in `skip`."""
    argv: list[str] = []
    for key, value in config.items():
        option = KEYS[key][0]
        if option in skip:
            continue
        if isinstance(value, bool):
            argv += [option] if value else []
        elif key == "ids":
            argv += [option, ",".join(value)]
        elif isinstance(value, list):
            for item in value:
                argv += [option, item]
        elif isinstance(value, dict):
            for name, v in value.items():
                argv += [option, f"{name}={str(v).lower() if isinstance(v, bool) else v}"]
        else:
            argv += [option, str(value)]
    return argv


def expand_config(argv: list[str]) -> list[str]:
    """`argv` (an `mds eval run --config FILE ...` command line) with `--config FILE` replaced by the
    file's options, put right after `run` so that options given on the command line come later and win."""
    argv, path = list(argv), None
    for i, token in enumerate(argv):
        if token == "--config" and i + 1 < len(argv):
            path = argv[i + 1]
            del argv[i:i + 2]
            break
        if token.startswith("--config="):
            path = token.split("=", 1)[1]
            del argv[i]
            break
    if path is None:
        return argv
    run = argv.index("run", argv.index("eval")) + 1
    # options given again replace the file's; engine options merge key by key (a later KEY= wins)
    given = {token.split("=", 1)[0] for token in argv[run:] if token.startswith("--")} - {"--option"}
    return argv[:run] + config_argv(load_config(path), skip=given) + argv[run:]
