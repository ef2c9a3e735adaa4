"""`mds` command line: summarize, eval, demo. User errors go to stderr, exit 2, no traceback."""
from __future__ import annotations

import argparse
import logging
import os
import sys

from summarizer.errors import InputError, ModelError


def add_summarize_parser(sub) -> None:
    p = sub.add_parser("summarize", help="summarize a cluster of reports on one event")
    p.add_argument("paths", nargs="+", help="files (.txt .html .json .jsonl .jsonl.gz), folders, or - for stdin")
    p.add_argument("--engine", default=None, help="fusion (default), extractive, lead, lead-rr, hf")
    p.add_argument("--model", default=None, help="model for the engine: a checkpoint folder (fusion) or a Hub id or path (hf)")
    p.add_argument("--device", default=None, help="cpu, cuda, cuda:1 ... (default: a GPU if there is one)")
    p.add_argument("--backend", default=None, choices=["auto", "ct2", "torch"],
                   help="inference runtime: auto (default, or $MDS_BACKEND): CTranslate2 for the sentence "
                        "encoder and the fusion model, transformers for the rest; ct2 (also the hf engine, "
                        "for BART/T5/PEGASUS/Marian folders); torch (transformers, as in training)")
    p.add_argument("--max-words", type=int, default=None, help="length budget in words (default 120)")
    p.add_argument("--focus", default=None, metavar="TEXT",
                   help='a question or topic the summary should answer, e.g. "what was said about satellites?"')
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--max-input-mb", type=float, default=None, metavar="MB",
                   help="read at most this much from any one file or stdin (default 8)")
    p.set_defaults(func=run_summarize)


def run_summarize(args) -> int:
    from summarizer.api import DEFAULT_ENGINE, Summarizer
    from summarizer.engines import check_engine_options
    from summarizer.files import MAX_READ_BYTES
    from summarizer.pipeline.ingest import load_documents

    engine = args.engine or DEFAULT_ENGINE
    check_engine_options(engine, args.model)   # before reading: a wrong option fails at once
    if args.max_input_mb is not None and not args.max_input_mb > 0:
        raise InputError(f"--max-input-mb must be positive, got {args.max_input_mb:g}")
    max_bytes = MAX_READ_BYTES if args.max_input_mb is None else int(args.max_input_mb * 2**20)
    documents = load_documents(args.paths, max_bytes=max_bytes)
    summarizer = Summarizer(engine=engine, model=args.model, device=args.device, backend=args.backend)
    summary = summarizer.summarize(documents, max_words=args.max_words, focus=args.focus)
    if args.format == "json":
        print(summary.to_json(indent=2))
    elif args.format == "markdown":
        print(summary.to_markdown())
    else:
        print(format_text(summary))
    for w in summary.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def format_text(summary) -> str:
    """The summary, then each sentence with its support, flags and sources, readable in a terminal."""
    names = {d.index: d.name for d in summary.documents}
    n_docs = len(summary.documents)
    lines = [summary.summary, "", "Sources:"]
    for i, s in enumerate(summary.sentences, 1):
        lines.append(f"[{i}] {s.text}")
        lines.append(f"    ({s.support}/{n_docs} reports" + "".join(f"; ! {f}" for f in s.flags) + ")")
        for r in s.sources:
            lines.append(f"    - {names.get(r.doc, f'doc {r.doc + 1}')}, sentence {r.sentence + 1}: {r.text}")
    lines.append("")
    lines.append(f"engine: {summary.engine}" + (f" ({summary.model})" if summary.model else "")
                 + f"; removed {len(summary.removed)} boilerplate spans; {summary.timings.get('total', 0):.2f} s")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mds", description="Multi-document news summarizer")
    parser.add_argument("-v", "--verbose", action="store_true", help="show library logs")
    sub = parser.add_subparsers(dest="command", required=True)
    add_summarize_parser(sub)
    # Each part keeps its arguments in a light module, so building the parser imports no model code.
    from summarizer.batch import add_batch_parser
    from summarizer.demo.cli import add_demo_parser
    from summarizer.evaluation.cli import add_eval_parser
    from summarizer.training.train import add_train_parser

    for add_parser in (add_eval_parser, add_demo_parser, add_train_parser, add_batch_parser):
        add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR)
    if not args.verbose:
        # read by transformers when (and only if) something imports it: the ct2 path never does
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        given = argv
        if getattr(args, "eval_command", None) == "run" and args.config is not None:  # the file's options first
            from summarizer.evaluation.config import expand_config

            argv, config = expand_config(argv), args.config
            args = parser.parse_args(argv)
            args.config = config
        args.argv, args.expanded_argv = given, argv   # the command line that made a result (eval run records it)
        return args.func(args) or 0
    except (InputError, ModelError, FileNotFoundError, IsADirectoryError, PermissionError) as e:
        print(f"mds: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mds: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
