"""`mds` command line: summarize, eval, demo. User errors go to stderr, exit 2, no traceback."""
from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys

from summarizer.argtypes import add_input_limit_args, finite, mb_to_bytes, whole
from summarizer.errors import InputError, ModelError
from summarizer.text import MAX_WORDS_LIMIT, printable


def add_summarize_parser(sub) -> None:
    p = sub.add_parser("summarize", help="summarize a cluster of reports on one event")
    p.add_argument("paths", nargs="*", metavar="INPUT",
                   help="files (.txt .html .pdf .json .jsonl .jsonl.gz), folders, - for stdin, or http(s) links "
                        "(fetched; mix them freely)")
    p.add_argument("--urls", default=None, metavar="FILE", help="a file of links to fetch, one per line")
    p.add_argument("--engine", default=None, help="fusion (default), extractive, lead, lead-rr, hf")
    p.add_argument("--model", default=None, help="model for the engine: a checkpoint folder (fusion) or a Hub id or path (hf)")
    p.add_argument("--device", default=None, help="cpu, cuda, cuda:1 ... (default: a GPU if there is one)")
    p.add_argument("--backend", default=None, choices=["auto", "ct2", "torch"],
                   help="inference runtime: auto (default, or $MDS_BACKEND): CTranslate2 for the sentence "
                        "encoder and the fusion model, transformers for the rest; ct2 (also the hf engine, "
                        "for BART/T5/PEGASUS/Marian folders); torch (transformers, as in training)")
    p.add_argument("--max-words", type=whole(1, MAX_WORDS_LIMIT), default=None, metavar="N",
                   help=f"length budget in words, 1 to {MAX_WORDS_LIMIT:,} (default 120)")
    p.add_argument("--focus", default=None, metavar="TEXT",
                   help='a question or topic the summary should answer, e.g. "what was said about satellites?"')
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    p.add_argument("--fetch-timeout", type=finite(0, 3600, low_open=True), default=None, metavar="S",
                   help="seconds allowed for each linked page (default 10)")
    p.add_argument("--fetch-deadline", type=finite(0, 3600, low_open=True), default=None, metavar="S",
                   help="seconds allowed for all the links together (default 30)")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="fetch links whose host is on a private, loopback or link-local network "
                        "(refused by default)")
    add_input_limit_args(p, per_line=False)
    p.set_defaults(func=run_summarize)


def run_summarize(args) -> int:
    from summarizer.api import DEFAULT_ENGINE, Summarizer
    from summarizer.engines import check_engine_options
    from summarizer.files import MAX_FILE_BYTES, MAX_READ_BYTES
    from summarizer.pipeline.ingest import load_documents

    engine = args.engine or DEFAULT_ENGINE
    check_engine_options(engine, args.model)   # before reading: a wrong option fails at once
    max_bytes = mb_to_bytes(args.max_input_mb, MAX_READ_BYTES)
    inputs = list(args.paths)
    if args.urls:
        from summarizer.pipeline.fetch import read_url_list

        inputs += read_url_list(args.urls)
    if not inputs:
        raise InputError("nothing to summarize: give files, folders, - (stdin) or links, or --urls FILE")
    documents = load_documents(inputs, max_bytes=max_bytes, fetch=fetch_options(args, max_bytes),
                               max_file_bytes=mb_to_bytes(args.max_file_mb, MAX_FILE_BYTES))
    summarizer = Summarizer(engine=engine, model=args.model, device=args.device, backend=args.backend)
    if engine == "fusion":   # its checks parse: load the parser while the cluster is prepared
        from summarizer.fusion.alignment import load_parser_soon

        load_parser_soon()
    summary = summarizer.summarize(documents, max_words=args.max_words, focus=args.focus)
    if args.format == "json":
        print(summary.to_json(indent=2))
    elif args.format == "markdown":
        print(summary.to_markdown())
    else:
        print(format_text(summary))
    for w in summary.warnings:
        print(f"warning: {printable(w)}", file=sys.stderr)
    return 0


def fetch_options(args, max_bytes: int):
    """The link-fetching options of `mds summarize` (defaults: summarizer.pipeline.fetch)."""
    from summarizer.pipeline.fetch import DEADLINE, PAGE_TIMEOUT, FetchOptions

    timeout = PAGE_TIMEOUT if args.fetch_timeout is None else args.fetch_timeout
    deadline = DEADLINE if args.fetch_deadline is None else args.fetch_deadline
    for flag, value in (("--fetch-timeout", timeout), ("--fetch-deadline", deadline)):
        if not value > 0:
            raise InputError(f"{flag} must be a positive number of seconds, got {value:g}")
    return FetchOptions(timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                        allow_private=bool(args.allow_private_urls))


def format_text(summary) -> str:
    """The summary, then each sentence with its support, flags and sources, readable in a terminal.
    Names and texts from the input are `printable`: a newline or escape code in them cannot forge a line."""
    names = {d.index: printable(d.name + (f" <{d.url}>" if d.url and d.url != d.name else ""))
             for d in summary.documents}
    n_docs = len(summary.documents)
    lines = [printable(summary.summary), "", "Sources:"]
    for i, s in enumerate(summary.sentences, 1):
        lines.append(f"[{i}] {printable(s.text)}")
        lines.append(f"    ({s.support}/{n_docs} reports" + "".join(f"; ! {printable(f)}" for f in s.flags) + ")")
        for r in s.sources:
            lines.append(f"    - {names.get(r.doc, f'doc {r.doc + 1}')}, sentence {r.sentence + 1}: {printable(r.text)}")
    lines.append("")
    lines.append(f"engine: {summary.engine}" + (f" ({printable(summary.model)})" if summary.model else "")
                 + f"; removed {len(summary.removed)} boilerplate spans; {summary.timings.get('total', 0):.2f} s")
    return "\n".join(lines)


class UsageError(Exception):
    """A command line argparse refused; `main` prints it as one line and exits 2."""


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one `mds: error:` line (as every other user error), not usage text."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


# The subcommands in `mds --help` order: the module and function that add each one's arguments. Each part
# keeps its arguments in a light module, so building the parser imports no model code; `eval`'s still
# imports the evaluation systems (its help lists them).
COMMANDS = {"summarize": ("summarizer.cli", "add_summarize_parser"),
            "eval": ("summarizer.evaluation.cli", "add_eval_parser"),
            "demo": ("summarizer.demo.cli", "add_demo_parser"),
            "train": ("summarizer.training.train", "add_train_parser"),
            "batch": ("summarizer.batch", "add_batch_parser")}
TOP_LEVEL_FLAGS = ("-v", "--verbose")    # the only arguments that can come before the subcommand


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """`mds`'s parser. Given the command line, and it names its subcommand after nothing but -v/--verbose,
    only that subcommand's parser is built: `mds summarize` then imports none of the others' modules
    (evaluation, training, batch, demo: a tenth of a second or more of a cold start). Anything else
    (`mds --help`, a wrong or missing subcommand) gets the whole parser, so what argparse prints is the same."""
    parser = Parser(prog="mds", description="Multi-document news summarizer")
    parser.add_argument("-v", "--verbose", action="store_true", help="show library logs")
    sub = parser.add_subparsers(dest="command", required=True)
    command = next((a for a in argv or () if a not in TOP_LEVEL_FLAGS), None)
    for name, (module, function) in COMMANDS.items():
        if command not in COMMANDS or name == command:
            getattr(importlib.import_module(module), function)(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`mds ... | head -1`, `mds --help | head -1`): stop quietly, as Unix tools
        # do; what is still buffered for the closed pipe goes nowhere instead of raising again at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):   # a stream without a descriptor (tests)
                os.dup2(devnull, stream.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except UsageError as e:
        print(f"mds: error: {printable(str(e))}", file=sys.stderr)
        return 2
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
        status = args.func(args) or 0
        sys.stdout.flush()   # here, so a closed pipe is met inside the try, not at interpreter exit
        return status
    except UsageError as e:   # an option the config file gave
        print(f"mds: error: {printable(str(e))}", file=sys.stderr)
        return 2
    except (InputError, ModelError, FileNotFoundError, IsADirectoryError, PermissionError) as e:
        print(f"mds: error: {printable(str(e))}", file=sys.stderr)
        return 2
    except MemoryError:
        # a last resort: inputs are streamed and bounded, but millions of tiny valid clusters still add up
        print("mds: error: out of memory; split the input or lower --max-file-mb", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mds: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
