"""NIST's DUC 2006 files as clusters, and the official scores of the 35 participating systems.

`../shared/data/duc2006` holds NIST's SGML: 50 topics x 25 documents (`docs/`), the topic statements
(`duc2006_topics.sgml`) and NIST's ROUGE run (`rouge/`: 4 human summaries per topic in `models/`, the
systems' jackknifed averages in `rouge2.jk.m.avg` and `rougeSU4.jk.m.avg`). `mds eval run --data` reads
the folder directly: each topic becomes a cluster whose `focus` is the topic statement (title and
narrative) and whose references are the 4 human summaries.
"""
from __future__ import annotations

import html
import re
import statistics
from pathlib import Path

TOPICS_FILE = "duc2006_topics.sgml"

_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_PARA = re.compile(r"<P>(.*?)</P>", re.S)
_TAG = re.compile(r"<[^>]+>")
_TOPIC = re.compile(r"<topic>(.*?)</topic>", re.S)
_NYT_CODE = re.compile(r"&[A-Z][A-Za-z0-9]{1,3};")   # NYT typesetting codes (&LR; &QL;)
# "PINE RIDGE, S.D. (AP) -- ", "PHOENIX _ ", "MADRID, February 17 (Xinhua) -- ": datelines, not text
_DATELINE = re.compile(r"^(?:\(UNDATED\)|[A-Z][A-Z.'’-]+\b[^_\n]{0,70}?)\s*(?:--|_)\s*")


def is_duc2006(path: Path) -> bool:
    return path.is_dir() and (path / TOPICS_FILE).is_file()


def _field(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return " ".join(m.group(1).split()) if m else ""


def article_text(raw: str) -> str:
    """One <DOC>'s paragraphs, one per line; the dateline, SGML entities and NYT codes removed."""
    body = _TEXT.search(raw)
    lines = []
    for p in _PARA.findall(body.group(1) if body else raw) or [body.group(1) if body else raw]:
        text = " ".join(html.unescape(_NYT_CODE.sub(" ", _TAG.sub(" ", p))).split())
        text = text.replace("``", "“").replace("''", "”")
        if not lines:
            text = _DATELINE.sub("", text, count=1)
        if text:
            lines.append(text)
    return "\n".join(lines)


def read_topics(path: Path) -> dict[str, dict[str, str]]:
    """{topic id: {"title", "narrative"}} from duc2006_topics.sgml."""
    return {_field(b, "num"): {"title": _field(b, "title"), "narrative": _field(b, "narr")}
            for b in _TOPIC.findall(path.read_text(encoding="latin-1"))}


def read_cluster(root: Path, topic: str, statement: dict[str, str]) -> dict:
    documents = [article_text(raw) for path in sorted((root / "docs" / topic).iterdir())
                 for raw in _DOC.findall(path.read_text(encoding="latin-1"))]
    # the human summaries of topic D0601A are rouge/models/D0601.M.250.A.<assessor>
    models = sorted((root / "rouge" / "models").glob(f"{topic[:-1]}.M.250.{topic[-1]}.*"))
    return {"id": topic, "documents": documents,
            "references": [p.read_text(encoding="latin-1").strip() for p in models],
            "focus": f"{statement['title']}. {statement['narrative']}"}


def read_duc2006(root: str | Path) -> list[dict]:
    """Every topic of the DUC 2006 folder `root` as a cluster, in topic order."""
    root = Path(root)
    topics = read_topics(root / TOPICS_FILE)
    return [read_cluster(root, topic, topics[topic]) for topic in sorted(topics)]


def peer_averages(root: str | Path) -> dict[str, dict[str, float]]:
    """{"rouge2_r"|"rougeSU4_r": {peer: jackknifed average recall}} for the 35 participating systems."""
    from summarizer.evaluation.duc import read_system_averages

    out = {}
    for metric in ("rouge2", "rougeSU4"):
        scores = read_system_averages(Path(root) / "rouge" / f"{metric}.jk.m.avg")
        out[f"{metric}_r"] = {p: v for p, v in scores.items() if p.isdigit()}   # "A".."J" are the assessors
    return out


def peer_comparison(root: str | Path, system_scores: dict[str, dict]) -> dict:
    """Each system's ROUGE-2 and SU4 recall beside the official peers: how many of them it is above,
    and the best and the median peer. `system_scores`: {system: aggregate scores (`rouge2_r` ...)}.
    Meaningful only for all 50 topics (the peers' averages are over all of them)."""
    peers = peer_averages(root)
    best = max(peers["rouge2_r"], key=peers["rouge2_r"].get)
    out = {"peers": len(peers["rouge2_r"]),
           "best_peer": {"id": best, **{m: peers[m][best] for m in peers}},
           "median_peer": {m: statistics.median(peers[m].values()) for m in peers},
           "systems": {}}
    for name, scores in system_scores.items():
        out["systems"][name] = {m: sum(v < scores[m]["mean"] for v in peers[m].values())
                                for m in peers if m in scores}
    return out
