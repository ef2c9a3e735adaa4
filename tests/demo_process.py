"""Start the web demo as a user does (`python demo/app.py`, `mds demo`) in a child process on a free
port, and stop it afterwards."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MDS = Path(sys.executable).with_name("mds")   # the console script `pip install` made
COMMANDS = {
    "python demo/app.py": [sys.executable, "demo/app.py"],
    "mds demo": [str(MDS), "demo"] if MDS.exists() else [sys.executable, "-m", "summarizer.cli", "demo"],
}
START_TIMEOUT_S = 240   # importing gradio and torch on a shared CPU


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(name: str):
    """The URL of the demo started by COMMANDS[name], once its page answers."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}  # this checkout
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen([*COMMANDS[name], "--port", str(port)], cwd=REPO, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(f"{name} did not serve {url}:\n{log.read()[-3000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(1)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
