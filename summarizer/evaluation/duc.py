"""Read a ROUGE-1.5.5 run as NIST distributed it for DUC 2006 (`../shared/data/duc2006/rouge`).

* `rougejk.in`: the ROUGE-1.5.5 XML configuration. NIST jackknifes outside ROUGE: for topic
  D0601 with models A, B, C, E there are four <EVAL>s "D0601.M.250.A-A" ... "-E", each leaving one
  model out; the peers of an EVAL are the 35 systems (ids "1".."35") and the human whose summary
  was left out (so humans are only ever scored against the other three).
* `rougejk.m.out`: ROUGE's `-d` output; per-evaluation lines read
  `<peer> ROUGE-2 Eval <evalID>.<peer> R:0.12345 P:0.12345 F:0.12345`, preceded per peer and
  metric by `<peer> ROUGE-2 Average_R: 0.12345 (95%-conf.int. ...)` (bootstrap means).
* `rouge2.jk.m.avg`, `rougeSU4.jk.m.avg`: one line per peer, `<peer> <Average_R> (95%-conf.int. lo - hi)`.

The run's options, checked value by value by tests/test_rouge.py: `ROUGE-1.5.5.pl -n 4 -w 1.2 -m -2 4 -u
-c 95 -r 1000 -f A -p 0.5 -t 0 -d -a rougejk.in`, without -l/-b (the summaries were already cut to
250 words). Peer ids "1".."35" are the automatic systems ("1" looks like the lead baseline: its
summaries are an article's first sentences); "A".."J" are the NIST assessors.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.evaluation.rouge_core import pair_hits, rouge155_average, score_against_models, summary_counts


@dataclass(frozen=True)
class RougeEval:
    """One <EVAL>: every peer in it is scored against all of its models."""
    id: str
    peers: dict[str, str]   # peer id -> file name
    models: dict[str, str]  # model id -> file name
    input_format: str = "SPL"
    peer_root: str = ""
    model_root: str = ""


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
        if fmt is not None and fmt.get("TYPE", "SPL").upper() != "SPL":
            raise InputError(f"{path}: EVAL {node.get('ID')}: only SPL (sentence per line) input is supported")
        evals.append(RougeEval(
            id=node.get("ID"),
            peers={p.get("ID"): p.text.strip() for p in node.iter("P")},
            models={m.get("ID"): m.text.strip() for m in node.iter("M")},
            peer_root=(node.findtext("PEER-ROOT") or "").strip(),
            model_root=(node.findtext("MODEL-ROOT") or "").strip(),
        ))
    return evals


def read_summary(path: str | Path) -> str:
    """A peer or model file. Bytes that are not UTF-8 survive (surrogateescape) so the
    scorer sees the same bytes ROUGE-1.5.5 read."""
    return Path(path).read_text(encoding="utf-8", errors="surrogateescape")


def score_run(config: str | Path, peers_dir: str | Path | None = None, models_dir: str | Path | None = None,
              **options) -> dict[tuple[str, str], dict[str, float]]:
    """Score every (EVAL id, peer id) of a ROUGE-1.5.5 configuration as `ROUGE-1.5.5.pl -a -d` would,
    with `options` as for `summarizer.evaluation.rouge_core.summary_counts` (word_limit, byte_limit, stem,
    remove_stopwords, rouge_l) plus alpha and mode. The folders default to the configuration's
    PEER-ROOT/MODEL-ROOT, else `peers/` and `models/` beside it."""
    config = Path(config)
    score_options = {k: options.pop(k) for k in ("alpha", "mode") if k in options}
    counts, hits, out = {}, {}, {}

    def folder(given, root, default):
        return Path(given) if given else Path(root) if root and Path(root).is_dir() else config.parent / default

    def summary(path: Path):
        if path not in counts:
            if not path.is_file():
                raise InputError(f"{config}: summary file {path} not found")
            counts[path] = summary_counts(read_summary(path), **options)
        return counts[path]

    for ev in read_config(config):
        peer_dir = folder(peers_dir, ev.peer_root, "peers")
        model_paths = [folder(models_dir, ev.model_root, "models") / f for f in ev.models.values()]
        models = [summary(p) for p in model_paths]
        for peer_id, peer_file in ev.peers.items():
            peer_path = peer_dir / peer_file
            peer = summary(peer_path)
            for m_path, model in zip(model_paths, models):  # a pair recurs in several jackknife EVALs
                if (peer_path, m_path) not in hits:
                    hits[peer_path, m_path] = pair_hits(peer, model)
            out[ev.id, peer_id] = score_against_models(peer, models, hits=[hits[peer_path, m] for m in model_paths],
                                                       **score_options)
    return out


def system_averages(scores: dict[tuple[str, str], dict[str, float]]) -> dict[str, dict[str, float]]:
    """{peer: mean of each score over its EVALs}: ROUGE's Average_R/P/F without the bootstrap."""
    grouped: dict[str, list[dict[str, float]]] = {}
    for (_, peer), score in scores.items():
        grouped.setdefault(peer, []).append(score)
    return {peer: {k: sum(s[k] for s in rows) / len(rows) for k in rows[0]} for peer, rows in grouped.items()}


def rouge155_averages(scores: dict[tuple[str, str], dict[str, float]], key: str,
                      **bootstrap) -> dict[str, tuple[float, float, float]]:
    """{peer: (average, CI low, CI high)} for one score key ("rouge2_r", ...) exactly as ROUGE-1.5.5
    prints them (bootstrap mean; see `summarizer.evaluation.rouge_core.rouge155_average`)."""
    rows: dict[str, list[tuple[str, float]]] = {}
    for (eval_id, peer), score in scores.items():
        rows.setdefault(peer, []).append((f"{eval_id}.{peer}", score[key]))
    return {peer: rouge155_average([v for _, v in sorted(r)], **bootstrap) for peer, r in rows.items()}


_EVAL_LINE = re.compile(r"^(\S+) (ROUGE-\S+) Eval (\S+) R:([\d.]+) P:([\d.]+) F:([\d.]+)\s*$")
_AVERAGE_LINE = re.compile(r"^(\S+) (ROUGE-\S+) Average_([RPF]): ([\d.]+)")
_AVG_FILE_LINE = re.compile(r"^(\S+) ([\d.]+) \(\d+%-conf\.int\. ([\d.]+) - ([\d.]+)\)")


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


def read_system_averages(path: str | Path,
                         with_interval: bool = False) -> dict[str, float | tuple[float, float, float]]:
    """{peer: average recall} from a `*.jk.m.avg` file; with_interval: {peer: (average, low, high)}."""
    out = {}
    for line in Path(path).read_text().splitlines():
        if m := _AVG_FILE_LINE.match(line):
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)), float(m.group(4))) if with_interval \
                else float(m.group(2))
    return out
