"""What fetching adds over reading the same pages from disk (issue 26 target: <= 0.3 s).

    python benchmarks/bench_fetch.py [--runs 7] [--page-kb 150] [--summarize]

The demo's four example reports are saved as web pages (their text in <p>s, inside site chrome and
`--page-kb` of scripts and markup, as real news pages carry), then read two ways, alternating:
disk: `load_documents(files)`; links: `load_documents(urls)`, the same pages from a local
http.server (a thread in this process, 127.0.0.1, so --allow-private-urls is on for that address
only). Both go through the same HTML extraction; the difference is the fetching. Best and median of
`--runs`; then the fetching alone (`fetch_pages`, the bodies without extraction). `--summarize` also times `Summarizer(engine="extractive")` end to end both ways
(`summarize(files)` vs `summarize_urls(urls)`). Nothing here touches the internet.
"""
from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
EXAMPLES = sorted((REPO / "summarizer" / "demo" / "examples" / "summit").glob("*.txt"))


def page(text: str, kb: int) -> str:
    """A report as a news site serves it: chrome around the article and `kb` of scripts and markup."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, body = lines[0], "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    filler = "<script>window.ads = window.ads || []; window.ads.push({slot: 'top', sizes: [[728, 90]]});</script>\n"
    scripts = filler * max(1, kb * 1024 // len(filler))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{scripts}</head>"
            "<body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<main><article><h1>{html.escape(title)}</h1>\n{body}\n</article></main>"
            "<footer><p>Copyright 2024. All rights reserved.</p></footer></body></html>")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--page-kb", type=int, default=150, help="scripts and markup per page (default 150 KB)")
    parser.add_argument("--summarize", action="store_true", help="also time extractive summaries both ways")
    args = parser.parse_args()

    from summarizer.pipeline.fetch import FetchOptions
    from summarizer.pipeline.ingest import load_documents

    folder = Path(tempfile.mkdtemp(prefix="mds-bench-fetch-"))
    files = []
    for example in EXAMPLES:
        path = folder / (example.stem + ".html")
        path.write_text(page(example.read_text(encoding="utf-8"), args.page_kb), encoding="utf-8")
        files.append(path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [f"http://127.0.0.1:{server.server_address[1]}/{p.name}" for p in files]
    options = FetchOptions(allow_private=("127.0.0.1",))

    from_disk = load_documents(files)
    from_links = load_documents(urls, fetch=options)
    assert [d.text for d in from_disk] == [d.text for d in from_links], "the two ways must read the same text"
    size = sum(p.stat().st_size for p in files)
    print(f"{len(files)} pages, {size / 1024:.0f} KB in all; load average {os.getloadavg()[0]:.2f}")

    disk, links = [], []
    for _ in range(args.runs):        # alternating, so both see the same machine load
        disk += timed(lambda: load_documents(files), 1)
        links += timed(lambda: load_documents(urls, fetch=options), 1)
    report("read (load_documents)", disk, links)
    from summarizer.pipeline.fetch import fetch_pages

    fetch_only = timed(lambda: fetch_pages(urls, options), args.runs)
    print(f"fetching alone (fetch_pages, no extraction): best {min(fetch_only):.3f} s, "
          f"median {statistics.median(fetch_only):.3f} s")

    if args.summarize:
        from summarizer import Summarizer

        summarizer = Summarizer(engine="extractive")
        summarizer.summarize(files)   # warm up the sentence model
        s_disk, s_links = [], []
        for _ in range(args.runs):
            summarizer._last = None   # no reuse of the previous cluster: each run cleans and embeds again
            s_disk += timed(lambda: summarizer.summarize(files), 1)
            summarizer._last = None
            s_links += timed(lambda: summarizer.summarize_urls(urls, allow_private=("127.0.0.1",)), 1)
        report("summarize, extractive", s_disk, s_links)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    server.shutdown()


def report(label: str, disk: list[float], links: list[float]) -> None:
    d, u = statistics.median(disk), statistics.median(links)
    print(f"{label}: disk best {min(disk):.3f} s, median {d:.3f} s; links best {min(links):.3f} s, "
          f"median {u:.3f} s; fetching adds {u - d:+.3f} s (median), {min(links) - min(disk):+.3f} s (best)")


if __name__ == "__main__":
    main()
