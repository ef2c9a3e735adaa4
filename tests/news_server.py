"""A local news site for the link tests: three outlets' pages with site chrome, and hostile routes
(slow, never-ending, huge, redirecting to a private address...). The standard library's http.server
in a thread on 127.0.0.1; nothing here reaches the internet."""
from __future__ import annotations

import gzip
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHROME_TOP = """<header><div class="cookie-banner"><p>We use cookies to improve your experience. Accept all | Manage settings</p></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>"""
CHROME_BOTTOM = """<aside class="related"><h2>Read more</h2><ul><li><a href="/x">Ten things to do this weekend</a></li>
<li><a href="/y">Celebrity chef opens third restaurant</a></li></ul></aside>
<footer><p>Copyright 2024 {outlet}. All rights reserved.</p><p>Contact us | Privacy policy | Terms of use</p></footer>"""

STORIES = {
    "ledger": ("Valdora Ledger", "Flood closes Valdora highway as hundreds leave their homes", [
        "Flooding closed the main highway north of Valdora on Tuesday after two days of heavy rain, officials said.",
        "About 1,200 residents were moved to shelters overnight as the Brenna River rose above its banks.",
        "Mayor Ilse Karro said the water had reached the town's old bridge for the first time since 1998.",
        "Emergency crews used boats to reach farms cut off by the water east of the river.",
    ]),
    "courier": ("Brenna Courier", "Brenna River bursts its banks, highway shut", [
        "The Brenna River burst its banks on Tuesday, shutting the highway north of Valdora, the regional council said.",
        "Around 1,200 people spent the night in shelters, according to the council.",
        "Mayor Ilse Karro said the flood had reached the old bridge for the first time since 1998.",
        "Forecasters expect the rain to ease by Thursday.",
    ]),
    "herald": ("North Herald", "Valdora evacuates 1,200 as river floods", [
        "Some 1,200 residents of Valdora were evacuated to shelters after the Brenna River flooded on Tuesday.",
        "The highway north of the town was closed, officials said.",
        "Crews in boats reached farms east of the river that the water had cut off.",
        "Forecasters said the rain should ease by Thursday, but warned of more flooding downstream.",
    ]),
}


def story_page(key: str) -> str:
    outlet, title, paragraphs = STORIES[key]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {outlet}</title></head>"
            f"<body>{CHROME_TOP}<main><article><h1>{title}</h1><p class=\"byline\">By staff reporters</p>"
            f"<div class=\"share\"><a>Share on Facebook</a> <a>Tweet</a> <a>Email</a></div>\n{body}\n</article></main>"
            f"{CHROME_BOTTOM.format(outlet=outlet)}</body></html>")


class NewsHandler(BaseHTTPRequestHandler):
    server_version = "LocalNews/1.0"
    slow_seconds = 5.0

    def log_message(self, *args):   # keep test output clean
        pass

    def send(self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str):
        self.send(302, b"", Location=location)

    def do_GET(self):  # noqa: C901 - one route per branch reads best here
        self.server.seen.append((self.path, self.headers.get("Host"), self.headers.get("User-Agent")))
        path = self.path
        try:
            if path.startswith("/news/") and path.removeprefix("/news/").removesuffix(".html") in STORIES:
                self.send(200, story_page(path.removeprefix("/news/").removesuffix(".html")).encode())
            elif path.startswith("/hop/"):          # /hop/3 -> /hop/2 -> /hop/1 -> /hop/0 -> the ledger page
                n = int(path.rsplit("/", 1)[1])
                self.redirect(f"/hop/{n - 1}" if n > 0 else "/news/ledger.html")
            elif path == "/loop":
                self.redirect("/loop")
            elif path == "/missing":
                self.send(404, b"<html><body><h1>Not found</h1></body></html>")
            elif path == "/slow":                   # never answers within the test's timeout
                time.sleep(self.slow_seconds)
                self.send(200, story_page("ledger").encode())
            elif path == "/trickle":                # a byte at a time: each read is quick, the page never ends
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(2000):
                    self.wfile.write(b"<p>.</p>")
                    self.wfile.flush()
                    time.sleep(0.02)
            elif path == "/endless":                # no length, a body that never ends
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>Flood news continues. " * 2000 + b"</p>"
                while True:
                    self.wfile.write(chunk)
            elif path == "/big":                    # declares 50 MB
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50 * 2**20))
                self.end_headers()
                self.wfile.write(b"<html>")
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, kind="image/png")
            elif path == "/empty.html":
                self.send(200, b"<html><head><script>var x = 1;</script></head><body></body></html>")
            elif path == "/plain.txt":
                self.send(200, "\n".join(STORIES["herald"][2]).encode(), kind="text/plain; charset=utf-8")
            elif path == "/report.pdf":
                self.send(200, self.server.pdf, kind="application/pdf")
            elif path == "/gzip.html":
                self.send(200, gzip.compress(story_page("courier").encode()), Content_Encoding="gzip")
            elif path == "/to-private":             # the cloud metadata address: must never be fetched
                self.redirect("http://169.254.169.254/latest/meta-data/")
            elif path == "/to-file":
                self.redirect("file:///etc/passwd")
            else:
                self.send(404, b"not found", kind="text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass   # the client stopped reading: what the size cap and timeouts are for


class NewsServer:
    """`with NewsServer() as site: site.url("/news/ledger.html")`."""

    def __init__(self, pdf: bytes = b"", tls: tuple[str, str] | None = None):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), NewsHandler)
        self.httpd.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls:     # (certificate file, key file)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.seen = []
        self.httpd.pdf = pdf
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    @property
    def seen(self) -> list[tuple[str, str, str]]:
        return self.httpd.seen

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def save_pages(folder, paths: list[str]) -> list:
    """The site's story pages saved as .html files, as a user would save them from a browser."""
    out = []
    for path in paths:
        key = path.removeprefix("/news/").removesuffix(".html")
        file = folder / f"{key}.html"
        file.write_text(story_page(key), encoding="utf-8")
        out.append(file)
    return out
