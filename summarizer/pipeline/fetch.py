"""Reports by link: fetch http(s) pages the way a careful user would.

    pages = fetch_pages(["https://a.example/story", "https://b.example/report.pdf"])   # Page or FetchError each

Rules, all in this module:
- only http and https; at most `max_redirects` redirects, each new address checked again;
- the host's addresses are resolved and checked *before* connecting, and the connection goes to the
  checked address (so a DNS answer that changes between check and connect cannot redirect it):
  private, loopback, link-local, multicast, reserved and other non-public addresses are refused unless
  `allow_private` says otherwise (True, or the networks to allow, e.g. ["10.1.0.0/16"]);
- a wall-clock limit per page (`timeout`, covering connect, headers and body) and for the whole batch
  (`deadline`); the body is streamed and cut at `max_bytes`; a few pages at a time (`workers`);
- HTML, plain text and PDF bodies are kept (an unlabelled body too: the reader sniffs it); anything else
  is refused before its body is read.
A page that fails is a `FetchError` naming the link and the reason; the others are still fetched.
`summarizer.pipeline.ingest` reads the pages as it reads saved files (`load_documents` takes links).
"""
from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from summarizer.errors import InputError
from summarizer.files import MAX_READ_BYTES, read_bounded

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 10.0        # seconds per page: connect, headers and body together
DEADLINE = 30.0            # seconds for all the links of one request
MAX_REDIRECTS = 5
WORKERS = 4                # pages fetched at once: polite to one outlet, quick for a handful of links
MAX_URLS = 50
CHUNK = 64 * 1024
USER_AGENT = ("mds-summarizer/0.1 (multi-document news summarizer; fetches the pages its user linked, "
              "one request per link)")
REDIRECT_CODES = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}
SNIFF_TYPES = {"", "application/octet-stream", "binary/octet-stream"}   # servers that do not say


class FetchError(InputError):
    """One link that could not be read: `url` and `reason` (shown as "URL: reason")."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = PAGE_TIMEOUT
    deadline: float = DEADLINE
    max_bytes: int = MAX_READ_BYTES
    max_redirects: int = MAX_REDIRECTS
    workers: int = WORKERS
    allow_private: bool | tuple[str, ...] = False   # True, or networks such as ("127.0.0.1", "10.0.0.0/8")

    def __post_init__(self):
        for name in ("timeout", "deadline", "max_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise InputError(f"fetch option {name} must be a positive number, got {value!r}")
        if not isinstance(self.allow_private, bool):
            nets = (self.allow_private,) if isinstance(self.allow_private, str) else tuple(self.allow_private)
            try:
                for net in nets:
                    ipaddress.ip_network(net, strict=False)
            except ValueError as e:
                raise InputError(f"allow_private: {e}") from None
            object.__setattr__(self, "allow_private", nets)


def is_url(item) -> bool:
    """A link-shaped input (`scheme://...`); which schemes are fetched is decided by `fetch_page`."""
    if not isinstance(item, str) or "://" not in item[:32] or any(c.isspace() for c in item.strip()):
        return False     # text that merely starts with a link is a document, not a link
    scheme = item.strip().split("://", 1)[0]
    return bool(scheme) and scheme[0].isalpha() and all(c.isalnum() or c in "+.-" for c in scheme)


def read_url_list(path: str | Path) -> list[str]:
    """The links of a `--urls` file: one per line; blank lines and lines starting with # skipped."""
    path = Path(path)
    try:
        text = read_bounded(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: not UTF-8 text (a list of links, one per line)") from None
    urls = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InputError(f"{path.name} line {number}: not a link (expected http:// or https://...): {line[:80]!r}")
        urls.append(line)
    if not urls:
        raise InputError(f"{path.name}: holds no links (one http:// or https:// link per line)")
    return urls


# ---------------------------------------------------------------- many pages


@dataclass
class Page:
    """A fetched body: `url` as given, `final` the address read (after redirects), its declared type."""

    url: str
    final: str
    content_type: str      # "text/html", "application/pdf"... ("" when the server named none)
    charset: str | None
    data: bytes


def fetch_pages(urls: Iterable[str], options: FetchOptions | None = None) -> list[Page | FetchError]:
    """One result per link, in order: its `Page` or the `FetchError` saying why not. Never raises for a
    single bad link."""
    options = options or FetchOptions()
    urls = [u.strip() if isinstance(u, str) else u for u in urls]
    if len(urls) > MAX_URLS:
        raise InputError(f"{len(urls)} links given; {MAX_URLS} at most per request")
    if not urls:
        return []
    stop_at = time.monotonic() + options.deadline
    unique = list(dict.fromkeys(urls))
    pool = ThreadPoolExecutor(max_workers=max(1, min(options.workers, len(unique))), thread_name_prefix="mds-fetch")
    futures = {url: pool.submit(_fetch_or_error, url, options, stop_at) for url in unique}
    # each page stops itself by the deadline; the margin covers a DNS lookup that cannot be interrupted
    wait(futures.values(), timeout=options.deadline + 2.0)
    pool.shutdown(wait=False, cancel_futures=True)
    results: dict[str, Page | FetchError] = {}
    for url, future in futures.items():
        results[url] = (future.result() if future.done() and not future.cancelled()
                        else FetchError(url, f"not fetched within the {options.deadline:g} s deadline for all links"))
    return [results[u] for u in urls]


def skipped_warning(errors: list[FetchError], total: int) -> str:
    return (f"skipped {len(errors)} of {total} link{'s' if total != 1 else ''}: "
            + "; ".join(f"{e.url} ({e.reason})" for e in errors))


def _fetch_or_error(url, options: FetchOptions, stop_at: float) -> Page | FetchError:
    try:
        return fetch_page(url, options, stop_at)
    except FetchError as e:
        log.warning("%s", e)
        return e
    except Exception as e:  # noqa: BLE001 - one page's surprise must not cost the others
        log.warning("fetching %s failed", url, exc_info=True)
        return FetchError(url, f"could not be read ({type(e).__name__})")


# ---------------------------------------------------------------- one page


def fetch_page(url: str, options: FetchOptions | None = None, stop_at: float | None = None) -> Page:
    """The page at `url`, or a FetchError."""
    options = options or FetchOptions()
    if not isinstance(url, str):
        raise FetchError(repr(url), f"a link must be text, got {type(url).__name__}")
    stop_at = time.monotonic() + options.deadline if stop_at is None else stop_at
    current = url
    for _ in range(options.max_redirects + 1):
        target = _Target.parse(current, url)
        try:
            address = resolve_checked(target.host, target.port, options.allow_private, url)
        except FetchError as e:
            if current == url:
                raise
            raise FetchError(url, f"{e.reason} (redirected to {current})") from None
        left = stop_at - time.monotonic()
        late = f"not fetched within the {options.deadline:g} s deadline for all links"
        if left <= 0:
            raise FetchError(url, late)
        limit, why = (options.timeout, f"timed out after {options.timeout:g} s") if options.timeout < left else (left, late)
        status, headers, data = _request(target, address, limit, options.max_bytes, url, why)
        if status in REDIRECT_CODES:
            location = headers.get("Location")
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location")
            current = urljoin(current, location.strip())
            continue
        return Page(url, current, content_type(headers), headers.get_content_charset(), data)
    raise FetchError(url, f"more than {options.max_redirects} redirects")


@dataclass
class _Target:
    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def parse(cls, link: str, url: str) -> _Target:
        try:
            parts = urlsplit(link)
            port = parts.port
        except ValueError as e:
            raise FetchError(url, f"not a valid link ({e})") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            where = "" if link == url else f" (redirected to {link})"
            raise FetchError(url, f"only http and https links are fetched, not {scheme or 'this'}:{where}")
        if not parts.hostname:
            raise FetchError(url, "the link has no host name")
        try:   # an international name as DNS and the Host header spell it
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(url, f"not a valid host name: {parts.hostname}") from None
        # a path typed with spaces or accents is sent percent-encoded; what is already encoded stays
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~") + (
            f"?{quote(parts.query, safe='/%:@!$&()*+,;=?~')}" if parts.query else "")
        return cls(scheme, host, port or (443 if scheme == "https" else 80), path)


def refused_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not fetched from by default ("loopback", "private"...), None when it is public."""
    if ip.version == 6 and ip.ipv4_mapped:      # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    for attr, word in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                       ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                       ("is_private", "private"), ("is_reserved", "reserved")):
        if getattr(ip, attr):
            return word
    return None if ip.is_global else "non-public"   # e.g. 100.64.0.0/10, carrier-grade NAT


def resolve_checked(host: str, port: int, allow_private, url: str) -> str:
    """The address to connect to: every address `host` resolves to must be allowed (a name that
    mixes public and private addresses is refused whole)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve {host} ({getattr(e, 'strerror', None) or e})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])   # drop an IPv6 zone ("fe80::1%eth0")
        kind = refused_kind(ip)
        if kind and not _allowed(ip, allow_private):
            shown = host if host == address else f"{host} ({address})"
            raise FetchError(url, f"refused: {shown} is a {kind} address; links to your own network are "
                                  "fetched only when allowed (--allow-private-urls, allow_private=True)")
    if not addresses:
        raise FetchError(url, f"cannot resolve {host}")
    return addresses[0]


def _allowed(ip, allow_private) -> bool:
    if allow_private is True:
        return True
    if not allow_private:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in allow_private)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the already-checked `address`; Host header and TLS name stay the link's host."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address, self.raw = address, None

    def connect(self):
        self.sock = self.raw = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address, self.raw = address, None

    def connect(self):
        self.raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(self.raw, server_hostname=self.host)


class _Watchdog:
    """Closes the connection's socket after `seconds`: socket timeouts bound each read, this bounds
    the whole page (a server that sends a byte a second never trips a read timeout)."""

    def __init__(self, conn, seconds: float):
        self.conn, self.fired = conn, False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self):
        self.fired = True
        # the socket as connected: http.client drops `conn.sock` once it has a response that will close
        sock = getattr(self.conn, "raw", None)
        if sock is not None:
            with contextlib.suppress(OSError):   # already closed: nothing to stop
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def _request(target: _Target, address: str, limit: float, max_bytes: int, url: str, timed_out: str):
    """(status, headers, body) of one GET within `limit` seconds (else FetchError `timed_out`);
    redirects come back with an empty body."""
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = kind(target.host, target.port, address, timeout=limit)
    try:
        with _Watchdog(conn, limit) as dog:
            try:
                conn.request("GET", target.path, headers={
                    "User-Agent": USER_AGENT, "Accept-Encoding": "gzip, identity",
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1"})
                response = conn.getresponse()
                status, headers = response.status, response.headers
                if status in REDIRECT_CODES:
                    return status, headers, b""
                if status != 200:
                    raise FetchError(url, f"HTTP {status} {response.reason}".strip())
                _check_type(headers, url)
                body = _read_capped(response, max_bytes, url)
                if dog.fired:       # the cut connection read as the end of the body
                    raise TimeoutError
                return status, headers, body
            except FetchError:
                raise
            except ssl.SSLCertVerificationError as e:
                raise FetchError(url, f"TLS certificate not valid ({e.verify_message})") from None
            except (OSError, http.client.HTTPException) as e:
                if dog.fired or isinstance(e, TimeoutError):
                    raise FetchError(url, timed_out) from None
                raise FetchError(url, f"connection failed ({_reason(e)})") from None
    finally:
        conn.close()


def _reason(e: Exception) -> str:
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def content_type(headers) -> str:
    return (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()


def _check_type(headers, url: str) -> None:
    kind = content_type(headers)
    if kind in HTML_TYPES or kind in PDF_TYPES or kind == "text/plain" or kind in SNIFF_TYPES:
        return
    raise FetchError(url, f"not an HTML page, text or PDF (the server sent {kind})")


def _read_capped(response, max_bytes: int, url: str) -> bytes:
    """The body, read in chunks and refused once past `max_bytes` (declared or actual, decompressed)."""
    declared = response.getheader("Content-Length", "")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if declared.isdigit() and int(declared) > max_bytes and encoding == "identity":
        raise FetchError(url, f"too big: {_size(int(declared))}, over the {_size(max_bytes)} limit")
    if encoding not in ("identity", "gzip", "x-gzip"):
        raise FetchError(url, f"the server sent a {encoding} body, which is not read")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding != "identity" else None
    chunks, size = [], 0
    while True:
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        if inflate is not None:   # bounded, so a small gzip bomb cannot fill memory
            chunk = inflate.decompress(chunk, max_bytes + 1 - size)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes or (inflate is not None and inflate.unconsumed_tail):
            raise FetchError(url, f"too big: more than the {_size(max_bytes)} limit (cut there)")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / 2**20:.3g} MB" if n >= 2**20 else f"{n:,} bytes"
