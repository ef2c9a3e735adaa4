"""Read a ROUGE-1.5.5 run as NIST distributed it for DUC 2006 (`../shared/data/duc2006/rouge`).

* `rougejk.in`: the ROUGE-1.5.5 XML configuration. NIST jackknifes outside ROUGE: for topic
  D0601 with models A, B, C, E there are four <EVAL>s "D0601.M.250.A-A" ... "-E", each leaving one
  model out; the peers of an EVAL are the 35 systems (ids "1".."35") and the human whose summary
  was left out (so humans are only ever scored against the other three).
* `rougejk.m.out`: ROUGE's `-d` output; per-evaluation lines read
  `<peer> ROUGE-2 Eval <evalID>.<peer> R:0.12345 P:0.12345 F:0.12345`, preceded per peer and
  metric by `<peer> ROUGE-2 Average_R: 0.12345 (95%-conf.int. ...)` (bootstrap means).
* `rouge2.jk.m.avg`, `rougeSU4.jk.m.avg`: one line per peer, `<peer> <Average_R> (95%-conf.int. lo - hi)`.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError


@dataclass(frozen=True)
class RougeEval:
    """One <EVAL>: every peer in it is scored against all of its models."""
    id: str
    peers: dict[str, str]   # peer id -> file name
    models: dict[str, str]  # model id -> file name
    input_format: str = "SPL"


def read_config(path: str | Path) -> list[RougeEval]:
    """The <EVAL>s of a ROUGE-1.5.5 XML configuration, in file order."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise InputError(f"{path}: not a readable ROUGE configuration ({err})") from None
    evals = []
    for node in root.iter("EVAL"):
        fmt = node.find("INPUT-FORMAT")
        evals.append(RougeEval(
            id=node.get("ID"),
            peers={p.get("ID"): p.text.strip() for p in node.iter("P")},
            models={m.get("ID"): m.text.strip() for m in node.iter("M")},
            input_format=fmt.get("TYPE") if fmt is not None else "SPL",
        ))
    return evals


def read_summary(path: str | Path) -> str:
    """A peer or model file. Bytes that are not UTF-8 survive (surrogateescape) so the
    scorer sees the same bytes ROUGE-1.5.5 read."""
    return Path(path).read_text(encoding="utf-8", errors="surrogateescape")


_EVAL_LINE = re.compile(r"^(\S+) (ROUGE-\S+) Eval (\S+) R:([\d.]+) P:([\d.]+) F:([\d.]+)\s*$")
_AVERAGE_LINE = re.compile(r"^(\S+) (ROUGE-\S+) Average_([RPF]): ([\d.]+)")
_AVG_FILE_LINE = re.compile(r"^(\S+) ([\d.]+) \(")


def read_per_eval_scores(path: str | Path) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    """{(metric, evalID, peer): (R, P, F)} from ROUGE's `-d` output, metric like "ROUGE-SU4"."""
    scores = {}
    for line in Path(path).read_text().splitlines():
        if m := _EVAL_LINE.match(line):
            peer, metric, test_id = m.group(1), m.group(2), m.group(3)
            eval_id = test_id[: -len(peer) - 1]  # "<evalID>.<peer>"
            scores[(metric, eval_id, peer)] = (float(m.group(4)), float(m.group(5)), float(m.group(6)))
    return scores


def read_averages(path: str | Path) -> dict[tuple[str, str], dict[str, float]]:
    """{(metric, peer): {"R": .., "P": .., "F": ..}} from the Average_ lines of ROUGE's output."""
    out: dict[tuple[str, str], dict[str, float]] = {}
    for line in Path(path).read_text().splitlines():
        if m := _AVERAGE_LINE.match(line):
            out.setdefault((m.group(2), m.group(1)), {})[m.group(3)] = float(m.group(4))
    return out


def read_system_averages(path: str | Path) -> dict[str, float]:
    """{peer: average recall} from a `*.jk.m.avg` file."""
    return {m.group(1): float(m.group(2))
            for line in Path(path).read_text().splitlines() if (m := _AVG_FILE_LINE.match(line))}
