"""`mds demo` arguments. Kept apart from `summarizer.demo.app` so that every `mds` call does not import gradio."""
from __future__ import annotations


def add_demo_parser(sub) -> None:
    p = sub.add_parser("demo", help="launch the web demo (Gradio)")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (0.0.0.0 for all; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--concurrency", type=int, default=2, help="summaries run at once (default 2)")
    p.add_argument("--max-queue", type=int, default=16, help="requests that may wait (default 16)")
    p.add_argument("--models", default=None, metavar="LIST",
                   help="engines and models web clients may choose, comma-separated: ENGINE (with its own model) "
                        "or ENGINE:PATH_OR_HUB_ID, e.g. fusion,extractive,hf:/srv/bart-large-cnn "
                        "(default: fusion,extractive,lead,lead-rr; clients can name no other path or id)")
    p.set_defaults(func=run_demo)


def run_demo(args) -> int:
    from summarizer.errors import require_extra

    require_extra("demo", "`mds demo`", "gradio")
    from summarizer.demo.app import run_demo as launch_demo

    return launch_demo(args)
