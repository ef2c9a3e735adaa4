"""DUC 2006 benchmark: the summarizer's engines on NIST's 50 focused topics, scored as NIST scored them.

1. `../shared/data/duc2006` (NIST SGML: 50 topics x 25 documents, topic statements, 4 human summaries
   per topic) becomes a cluster file, `OUT/clusters.jsonl.gz`, whose rows carry the topic statement
   (title and narrative) as `focus`.
2. Each engine summarizes every topic at 250 words, with the topic statement as focus and without
   (a generic summary), ending at or one sentence past the limit as DUC runs do (`overflow=True`).
3. `mds eval score --duc --word-limit 250` scores them: ROUGE-1.5.5 recall with stemming, summaries
   and references cut to 250 words, jackknifed over the 4 references (NIST's protocol), beside the
   official averages of the 35 participating systems (`rouge/rouge2.jk.m.avg`, `rougeSU4.jk.m.avg`).

    python benchmarks/duc2006.py --engine extractive --out runs/duc2006
    python benchmarks/duc2006.py --engine extractive --engine fusion --limit 10 --out runs/duc2006-10

DUC 2006 is a development set here (its scores may steer tuning); held-out years are not read.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

DUC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "duc2006"
WORDS = 250

_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_PARA = re.compile(r"<P>(.*?)</P>", re.S)
_TAG = re.compile(r"<[^>]+>")
_TOPIC = re.compile(r"<topic>(.*?)</topic>", re.S)
_NYT_CODE = re.compile(r"&[A-Z][A-Za-z0-9]{1,3};")   # NYT typesetting codes (&LR; &QL;)
# "PINE RIDGE, S.D. (AP) -- ", "PHOENIX _ ", "MADRID, February 17 (Xinhua) -- ": datelines, not text
_DATELINE = re.compile(r"^(?:\(UNDATED\)|[A-Z][A-Z.'’-]+\b[^_\n]{0,70}?)\s*(?:--|_)\s*")


# ---- NIST's files -> clusters --------------------------------------------------------------------
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


def read_duc2006(root: Path = DUC) -> list[dict]:
    topics = read_topics(root / "duc2006_topics.sgml")
    return [read_cluster(root, topic, topics[topic]) for topic in sorted(topics)]


def write_clusters(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


# ---- official peers -------------------------------------------------------------------------------
def official(root: Path = DUC) -> dict[str, dict[str, float]]:
    """{"rouge2"|"rougeSU4": {peer: jackknifed average recall}} for the 35 participating systems."""
    from summarizer.evaluation.duc import read_system_averages

    out = {}
    for metric in ("rouge2", "rougeSU4"):
        scores = read_system_averages(root / "rouge" / f"{metric}.jk.m.avg")
        out[metric] = {p: v for p, v in scores.items() if p.isdigit()}   # "A".."J" are the assessors
    return out


def standing(value: float, peers: dict[str, float]) -> str:
    above = sum(v < value for v in peers.values())
    return f"above {above} of {len(peers)}"


# ---- runs ------------------------------------------------------------------------------------------
def summarize_all(engine: str, rows: list[dict], modes: list[bool], folder: Path,
                  strategy: str = "coverage") -> dict[str, dict]:
    """Predictions JSONL per mode (one sentence per line in each summary) and timing figures. Both
    modes of a topic run one after the other, so its documents are prepared once."""
    from summarizer.api import Summarizer

    summarizer = Summarizer(engine=engine, overflow=True, strategy=strategy)
    label = engine if strategy == "coverage" else f"{engine}-{strategy}"
    names = {focused: f"{label}-{'focused' if focused else 'generic'}" for focused in modes}
    timing: dict[bool, dict[str, list[float]]] = {m: {"seconds": [], "select": []} for m in modes}
    with ExitStack() as stack:
        files = {m: stack.enter_context(open(folder / f"{names[m]}.jsonl", "w", encoding="utf-8")) for m in modes}
        for row in rows:
            for focused in modes:
                t0 = time.perf_counter()
                summary = summarizer.summarize(row["documents"], max_words=WORDS,
                                               focus=row["focus"] if focused else None)
                timing[focused]["seconds"].append(time.perf_counter() - t0)
                timing[focused]["select"].append(summary.timings.get("select", 0.0))
                text = "\n".join(s.text for s in summary.sentences)
                files[focused].write(json.dumps({"id": row["id"], "summary": text}, ensure_ascii=False) + "\n")
    return {names[m]: {"path": str(folder / f"{names[m]}.jsonl"),
                       "seconds_mean": statistics.mean(t["seconds"]), "select_mean": statistics.mean(t["select"]),
                       "select_max": max(t["select"])} for m, t in timing.items()}


def score(clusters: Path, predictions: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "summarizer.cli", "eval", "score", "--duc", "--word-limit",
                          str(WORDS), "--data", str(clusters), "--predictions", str(predictions)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["scores"]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--engine", action="append", default=None, help="engine to run (repeat; default extractive)")
    p.add_argument("--mode", choices=["focused", "generic", "both"], default="both")
    p.add_argument("--strategy", default="coverage", help="selection strategy: coverage (default) or mmr")
    p.add_argument("--limit", type=int, default=None, help="only the first N topics")
    p.add_argument("--duc", type=Path, default=DUC, help="the DUC 2006 folder")
    p.add_argument("--out", type=Path, default=Path("runs/duc2006"))
    args = p.parse_args(argv)
    rows = read_duc2006(args.duc)[:args.limit]
    clusters = args.out / "clusters.jsonl.gz"
    write_clusters(rows, clusters)
    peers = official(args.duc)
    modes = {"both": [True, False], "focused": [True], "generic": [False]}[args.mode]
    lines = [f"DUC 2006, {len(rows)} topics, {WORDS} words; ROUGE-1.5.5 recall, stemmed, jackknifed over 4 "
             "references (NIST's protocol)", "",
             "| system | ROUGE-2 R | ROUGE-SU4 R | vs 35 peers (R-2) | mean s/topic | selection s, mean (max) |",
             "|---|---|---|---|---|---|"]
    results = {}
    folder = args.out / "predictions"
    folder.mkdir(parents=True, exist_ok=True)
    for engine in args.engine or ["extractive"]:
        for name, timing in summarize_all(engine, rows, modes, folder, args.strategy).items():
            scores = score(clusters, Path(timing["path"]))
            r2, su4 = scores["rouge2_r"]["mean"], scores["rougeSU4_r"]["mean"]
            results[name] = {"scores": scores, "timing": timing}
            lines.append(f"| {name} | {r2:.5f} | {su4:.5f} | {standing(r2, peers['rouge2'])} | "
                         f"{timing['seconds_mean']:.1f} | {timing['select_mean']:.2f} ({timing['select_max']:.2f}) |")
    ranked = sorted(peers["rouge2"].items(), key=lambda kv: -kv[1])
    median = statistics.median(peers["rouge2"].values())
    lines += [f"| best peer ({ranked[0][0]}) | {ranked[0][1]:.5f} | {peers['rougeSU4'][ranked[0][0]]:.5f} | | | |",
              f"| median peer | {median:.5f} | {statistics.median(peers['rougeSU4'].values()):.5f} | | | |"]
    if args.limit:
        lines.append(f"\n(first {len(rows)} topics only: the peers' averages are over all 50)")
    table = "\n".join(lines)
    (args.out / "results.md").write_text(table + "\n", encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps({"topics": len(rows), "words": WORDS, "systems": results,
                                                       "peers": peers}, indent=2), encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
