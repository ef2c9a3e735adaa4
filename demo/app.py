"""The web demo as a deployable app: Hugging Face Spaces (sdk: gradio) runs this file.

    python demo/app.py                     # http://127.0.0.1:7860, the same app as `mds demo`
    python demo/app.py --port 8080 --models fusion,extractive

Everything is built by `summarizer.demo` (`pip install "mds-summarizer[demo]"`); this file only starts it,
with the options of `mds demo` (--host and --port default to $GRADIO_SERVER_NAME and $GRADIO_SERVER_PORT).
"""
import sys

from summarizer.demo.app import app_settings, build_app, launch
from summarizer.demo.cli import demo_parser

# run as a script: the command line's options; imported: the defaults
args = demo_parser("python demo/app.py").parse_args(sys.argv[1:] if __name__ == "__main__" else [])
demo = build_app(**app_settings(args))   # module level, where Spaces tooling looks for it

if __name__ == "__main__":
    launch(demo, host=args.host, port=args.port)
