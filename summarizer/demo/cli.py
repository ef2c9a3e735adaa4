"""`mds demo` arguments, shared with `python demo/app.py` (the deployable app). Kept apart from
`summarizer.demo.app` so that every `mds` call does not import gradio."""
from __future__ import annotations

import argparse
import os


def add_demo_parser(sub) -> None:
    p = sub.add_parser("demo", help="launch the web demo (Gradio)")
    add_demo_arguments(p)
    p.set_defaults(func=run_demo)


def demo_parser(prog: str) -> argparse.ArgumentParser:
    """The same options as `mds demo`, for `python demo/app.py`."""
    p = argparse.ArgumentParser(prog=prog, description="Launch the web demo (Gradio)")
    add_demo_arguments(p)
    return p


def add_demo_arguments(p) -> None:
    # Gradio's own variables set the defaults, as Hugging Face Spaces sets them (0.0.0.0, 7860)
    p.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
                   help="interface to listen on (0.0.0.0 for all; default $GRADIO_SERVER_NAME or 127.0.0.1)")
    p.add_argument("--port", type=int, default=os.environ.get("GRADIO_SERVER_PORT", "7860"),
                   help="port (default $GRADIO_SERVER_PORT or 7860)")
    p.add_argument("--concurrency", type=int, default=2, help="summaries run at once (default 2)")
    p.add_argument("--max-queue", type=int, default=16, help="requests that may wait (default 16)")
    p.add_argument("--models", default=None, metavar="LIST",
                   help="engines and models web clients may choose, comma-separated: ENGINE (with its own model) "
                        "or ENGINE:PATH_OR_HUB_ID, e.g. fusion,extractive,hf:/srv/bart-large-cnn "
                        "(default: fusion,extractive,lead,lead-rr; clients can name no other path or id)")


def run_demo(args) -> int:
    from summarizer.errors import require_extra

    require_extra("demo", "demo", "gradio")
    from summarizer.demo.app import run_demo as launch_demo

    return launch_demo(args)
