"""argparse types for numeric options: a value outside its range (0, negative, inf, nan, 1e300) is refused
while the command line is parsed, with the option's name and the range it takes, before any work starts.

>>> whole(1)("3"), finite(0, 1024, low_open=True)("8.5")
(3, 8.5)
"""
from __future__ import annotations

import argparse
import math

MAX_INPUT_MB = 1024           # the most --max-input-mb / --max-file-mb take: more would not fit in memory anyway


def add_input_limit_args(p, per_line: bool = True) -> None:
    """--max-input-mb (any one cluster line, or with `per_line` False any one file, line or stdin) and
    --max-file-mb (a whole cluster file once decompressed: a gzip bomb stops there)."""
    what = "cluster line" if per_line else "file, cluster line or stdin"
    p.add_argument("--max-input-mb", type=finite(0, MAX_INPUT_MB, low_open=True), default=None, metavar="MB",
                   help=f"read at most this much from any one {what} (default 8; at most {MAX_INPUT_MB})")
    p.add_argument("--max-file-mb", type=finite(0, 64 * MAX_INPUT_MB, low_open=True), default=None, metavar="MB",
                   help="read at most this much from one .jsonl(.gz) file once decompressed (default 1024; "
                        f"at most {64 * MAX_INPUT_MB})")


def mb_to_bytes(mb: float | None, default: int) -> int:
    return default if mb is None else max(1, int(mb * 2**20))


def _range(low: float | None, high: float | None, low_open: bool) -> str:
    low_text = "" if low is None else f"{'>' if low_open else '≥'} {low:g}"
    high_text = "" if high is None else f"≤ {high:g}"
    return " and ".join(t for t in (low_text, high_text) if t)


def whole(low: int | None = None, high: int | None = None):
    """A whole number in [low, high]."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number {_range(low, high, False)}, "
                                             f"got {text!r}") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"must be a whole number {_range(low, high, False)}, got {value}")
        return value

    parse.__name__ = "whole number"   # argparse names the type in its own messages
    return parse


def finite(low: float | None = None, high: float | None = None, low_open: bool = False):
    """A finite number in [low, high] (or (low, high] with `low_open`); inf and nan never pass."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        too_low = low is not None and (value <= low if low_open else value < low)
        if not math.isfinite(value) or too_low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"must be a finite number {_range(low, high, low_open)}, "
                                             f"got {text!r}")
        return value

    parse.__name__ = "number"
    return parse
