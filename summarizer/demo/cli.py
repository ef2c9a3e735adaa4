"""`mds demo` arguments, shared with `python demo/app.py` (the deployable app). Kept apart from
`summarizer.demo.app` so that every `mds` call does not import gradio."""
from __future__ import annotations

import argparse
import os

from summarizer.argtypes import whole


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
    p.add_argument("--port", type=whole(1, 65535), default=os.environ.get("GRADIO_SERVER_PORT", "7860"),
                   help="port, 1 to 65535 (default $GRADIO_SERVER_PORT or 7860)")
    p.add_argument("--concurrency", type=whole(1, 64), default=2, help="summaries run at once, 1 to 64 (default 2)")
    p.add_argument("--max-queue", type=whole(1, 10_000), default=16,
                   help="requests that may wait, 1 to 10,000 (default 16)")
    p.add_argument("--models", default=None, metavar="LIST",
                   help="engines and models web clients may choose, comma-separated: ENGINE (with its own model) "
                        "or ENGINE:PATH_OR_HUB_ID, e.g. fusion,extractive,hf:/srv/bart-large-cnn "
                        "(default: fusion,extractive,lead,lead-rr; clients can name no other path or id)")
    p.add_argument("--allow-fetch", action="store_true",
                   help="fetch the links web clients give (off by default: a public demo must not become "
                        "an open proxy)")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="with --allow-fetch, also fetch from private, loopback and link-local addresses "
                        "(this server's own network; only for a demo on a trusted network)")


def run_demo(args) -> int:
    from summarizer.errors import require_extra

    require_extra("demo", "`mds demo`", "gradio")
    if args.allow_private_urls and not args.allow_fetch:
        from summarizer.errors import InputError

        raise InputError("--allow-private-urls needs --allow-fetch")
    from summarizer.demo.app import run_demo as launch_demo

    return launch_demo(args)
