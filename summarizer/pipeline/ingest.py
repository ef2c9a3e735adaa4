"""Read reports from files, folders, stdin or strings into `Document`s.

Supported: `.txt` (and files without a suffix), `.html`/`.htm` (article text through trafilatura),
`.json` (one cluster `{"id", "documents": [...]}` or a list of strings), `.jsonl` / `.jsonl.gz`
(one cluster per line), folders (every supported file inside, sorted by name), `-` for stdin
(documents separated by a line holding only `---`, or a form feed; or a JSON cluster), and
http(s) links (fetched by summarizer.pipeline.fetch, then read as a saved file of their type).

A cluster file with several clusters is one *collection*, not one cluster: `load_documents` takes
the first cluster and records a warning saying so (`summarizer.files.read_clusters` goes through all of them).
Warnings (skipped empty files, extra clusters) are on the returned list's `.warnings`.

Every read is bounded: only regular files are opened (devices, FIFOs and sockets are refused by
name before opening, so nothing blocks), and at most `max_bytes` (default 8 MB, well above the
200,000-character document cap) are read from a file, a cluster line or stdin.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.errors import InputError
from summarizer.files import (
    CLUSTER_FILE_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_READ_BYTES,
    check_cluster,
    iter_json_lines,
    load_json,
    read_bounded,
    too_big,
)
from summarizer.types import Document

if TYPE_CHECKING:
    from summarizer.pipeline.fetch import FetchOptions

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIX = ".pdf"
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | set(CLUSTER_FILE_SUFFIXES) | {".json", PDF_SUFFIX}
STDIN_SEPARATOR = re.compile(r"\n[ \t]*---+[ \t]*\n|\f")
MAX_PDF_PAGES = 500            # text extraction time grows with pages; a news report has a few
# Encodings worth trusting charset-normalizer for: single-byte guesses on short Western text are
# unreliable (it calls cp1252 "cp775"), so those keep the cp1252/latin-1 fallback.
MULTIBYTE_ENCODINGS = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "cp932",
                       "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
                       "iso2022_jp", "gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950",
                       "euc_kr", "cp949", "johab", "iso2022_kr"}


class LoadedDocuments(list):
    """A list of `Document`s that also carries the warnings met while reading."""

    def __init__(self, docs: Iterable[Document] = (), warnings: list[str] | None = None):
        super().__init__(docs)
        self.warnings: list[str] = list(warnings or [])


def load_documents(paths: Iterable[str | Path], max_bytes: int = MAX_READ_BYTES,
                   fetch: FetchOptions | None = None, max_file_bytes: int = MAX_FILE_BYTES) -> LoadedDocuments:
    """Documents from paths, folders, "-" (stdin), http(s) links or text strings, in the order given.

    A string that is not an existing path and contains whitespace is taken as a document's text.
    Links are fetched together (summarizer.pipeline.fetch, with `fetch` options; their size cap is
    `max_bytes`); a link that fails is skipped with a warning naming it and the reason.
    An empty file among others is skipped with a warning; if nothing readable remains, InputError.
    At most `max_bytes` are read from any one file (or cluster line, or stdin), and at most
    `max_file_bytes` from a cluster file once decompressed (blank lines count).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = list(paths)
    fetched = _fetch_links(paths, max_bytes, fetch)
    out = LoadedDocuments()
    empty: list[str] = []
    for item in paths:
        if isinstance(item, str) and item in fetched:
            result = fetched[item]
            if not isinstance(result, Document):
                continue     # a link that failed: listed in one warning below
            docs = [result]
        else:
            docs = _load_one(item, out.warnings, max_bytes, max_file_bytes)
        for doc in docs:
            if doc.text.strip():
                out.append(doc)
            else:
                empty.append(doc.name)
    failed = [r for r in fetched.values() if not isinstance(r, Document)]
    if failed:
        from summarizer.pipeline.fetch import skipped_warning

        if not out and not empty:
            raise InputError(f"no report could be fetched: {'; '.join(str(e) for e in failed)}")
        out.warnings.append(skipped_warning(failed, len(fetched)))
    if not out:
        if empty:
            raise InputError(f"no text to summarize: {', '.join(empty)} " + ("is" if len(empty) == 1 else "are")
                             + " empty")
        raise InputError("no documents given")
    for name in empty:
        out.warnings.append(f"{name} is empty; skipped")
    for w in out.warnings:
        log.warning(w)
    return out


def _fetch_links(paths: list, max_bytes: int, options: FetchOptions | None) -> dict[str, Document | Exception]:
    """The http(s) links among `paths`, fetched together: {link: Document or FetchError}."""
    from summarizer.pipeline.fetch import FetchOptions, is_url

    links = [p for p in paths if is_url(p)]
    if not links:
        return {}
    return dict(zip(links, fetch_documents(links, options or FetchOptions(max_bytes=max_bytes))))


def fetch_documents(urls: list[str], options: FetchOptions | None = None) -> list[Document | Exception]:
    """Each link's page read as a saved file of its type would be (`page_document`), or the FetchError
    saying why it cannot be; in order. The pages are fetched a few at a time (summarizer.pipeline.fetch)."""
    from summarizer.pipeline.fetch import FetchError, Page, fetch_pages

    out: list[Document | Exception] = []
    for page in fetch_pages(urls, options):
        if isinstance(page, Page):
            try:
                page = page_document(page)
            except InputError as e:     # the readers' messages name the link already
                page = FetchError(page.url, str(e).removeprefix(f"{page.url}: "))
        out.append(page)
    return out


def page_document(page) -> Document:
    """A fetched page as a Document named by its link: HTML through the same extraction as a saved
    .html file (title kept, chrome removed), plain text as a .txt file, a PDF through the PDF reader."""
    from summarizer.pipeline.fetch import HTML_TYPES, PDF_TYPES, SNIFF_TYPES, FetchError

    url, kind, data = page.url, page.content_type, page.data
    if kind in PDF_TYPES or (kind in SNIFF_TYPES and data.startswith(b"%PDF-")):
        return Document(text=pdf_to_text(data, url), name=url, url=page.final)
    text = _decode_declared(data, page.charset, url)
    if kind in HTML_TYPES or looks_like_html(text):
        text = html_to_text(text, url)
    elif kind in SNIFF_TYPES:
        raise FetchError(url, "not an HTML page (the server named no type and it does not look like one)")
    if not text.strip():
        raise FetchError(url, "no article text found on the page")
    return Document(text=text, name=url, url=page.final)


def _load_one(item: str | Path, warnings: list[str], max_bytes: int, max_file_bytes: int) -> list[Document]:
    if isinstance(item, Document):
        return [item]
    if isinstance(item, str) and item == "-":
        return read_stdin(max_bytes)
    if not isinstance(item, (str, Path)):
        raise InputError(f"cannot read a {type(item).__name__}; give a path, '-' or text")
    path = Path(item)
    if isinstance(item, str) and not _looks_like_path(item):
        return [Document(text=item, name=f"text {len(item)} chars")]
    if not path.exists():
        raise InputError(f"{item}: no such file or folder")
    if path.is_dir():
        return _read_folder(path, warnings, max_bytes, max_file_bytes)
    return _read_file(path, warnings, max_bytes, max_file_bytes)


def _read_folder(path: Path, warnings: list[str], max_bytes: int, max_file_bytes: int) -> list[Document]:
    """Every supported regular file in the folder (recursively, by name); the rest is listed in a warning."""
    files, skipped = [], []
    for p in sorted(path.rglob("*")):
        if p.name.startswith(".") or p.is_dir():
            continue   # hidden files (.DS_Store) are not reports
        if _suffix(p) not in SUPPORTED:
            skipped.append(f"{p.relative_to(path)} (unsupported type)")
        elif not p.is_file():   # after symlinks; FIFOs, sockets and devices are not
            skipped.append(f"{p.relative_to(path)} (not a regular file)")
        else:
            files.append(p)
    if not files:
        raise InputError(f"{path}: the folder holds no supported files ({', '.join(sorted(SUPPORTED - {''}))})"
                         + (f"; skipped {', '.join(skipped[:10])}" if skipped else ""))
    if skipped:
        more = f" and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        warnings.append(f"{path.name}: skipped {len(skipped)} file(s): {', '.join(skipped[:10])}{more}")
    return [d for f in files for d in _read_file(f, warnings, max_bytes, max_file_bytes)]


def _looks_like_path(s: str) -> bool:
    """Short single-line strings are paths (a missing one is an error); text has lines or spaces."""
    if "\n" in s or len(s) > 1024:
        return False
    try:
        if Path(s).exists():
            return True
    except OSError:
        return False
    return " " not in s.strip() or bool(re.search(r"\.(txt|html?|jsonl?|gz)$", s, re.IGNORECASE))


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    joined = "".join(suffixes)
    if joined in CLUSTER_FILE_SUFFIXES:
        return joined
    return suffixes[-1] if suffixes else ""


def _read_file(path: Path, warnings: list[str], max_bytes: int = MAX_READ_BYTES,
               max_file_bytes: int = MAX_FILE_BYTES) -> list[Document]:
    kind = _suffix(path)
    if kind in CLUSTER_FILE_SUFFIXES:
        clusters = (_check_cluster(obj, f"{path.name} line {number}", number)
                    for number, obj in iter_json_lines(path, max_bytes=max_bytes, max_file_bytes=max_file_bytes))
        first = next(clusters, None)
        if first is None:
            return [Document(text="", name=path.name)]
        if next(clusters, None) is not None:
            warnings.append(f"{path.name} holds several clusters; summarizing the first (id {first['id']!r}) only")
        return _cluster_documents(first, path.name)
    data = read_bounded(path, max_bytes)
    if kind == PDF_SUFFIX or data.startswith(b"%PDF-"):
        return [Document(text=pdf_to_text(data, path.name), name=path.name)]
    if kind == ".json":
        return _cluster_documents(_parse_json_cluster(decode_bytes(data, path.name), path.name), path.name)
    text = decode_bytes(data, path.name)
    if text.lstrip().startswith("<DOC>"):
        text = _sgml_text(text)
    elif kind in HTML_SUFFIXES or (kind not in TEXT_SUFFIXES and _is_html(text)):
        text = html_to_text(text, path.name)
    return [Document(text=text, name=path.name)]


def read_stdin(max_bytes: int = MAX_READ_BYTES) -> list[Document]:
    """Documents from stdin, reading at most `max_bytes` (`yes | mds summarize -` stops there)."""
    if hasattr(sys.stdin, "buffer"):
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:   # a text stream (tests, embedding): bounded in characters
        data = sys.stdin.read(max_bytes + 1).encode()
    if len(data) > max_bytes:
        raise too_big("stdin", max_bytes)
    if data.startswith(b"%PDF-"):
        return [Document(text=pdf_to_text(data, "stdin"), name="stdin")]
    text = decode_bytes(data, "stdin")
    stripped = text.strip()
    if stripped[:1] in "[{":
        try:
            obj = load_json(stripped, "stdin")   # JSON nested too deep is an error, not text
        except json.JSONDecodeError:
            obj = None   # not JSON after all: plain text that starts with a bracket
        if obj is not None:
            try:
                return _cluster_documents(_parse_json_cluster(stripped, "stdin", obj), "stdin")
            except InputError:
                pass   # JSON, but not a cluster: read as text
    parts = [p.strip() for p in STDIN_SEPARATOR.split(text)]
    docs = [Document(text=p, name=f"stdin {k + 1}") for k, p in enumerate(parts) if p]
    if not docs:
        raise InputError("stdin is empty")
    return docs


def _parse_json_cluster(text: str, name: str, obj=None) -> dict:
    try:
        obj = load_json(text, name) if obj is None else obj
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})") from None
    if isinstance(obj, list):
        obj = {"id": name, "documents": obj}
    return _check_cluster(obj, name, 1)


def _check_cluster(obj, where: str, number: int) -> dict:
    """A cluster to summarize: its id may be left out (the line number stands in)."""
    if not isinstance(obj, dict) or "documents" not in obj:
        raise InputError(f'{where}: expected a cluster object {{"id": ..., "documents": [...]}}')
    return check_cluster({"id": str(number), **obj} if obj.get("id") is None else obj, where)


def _cluster_documents(cluster: dict, source: str) -> list[Document]:
    return [Document(text=t, name=f"{source} [{cluster['id']}] #{k + 1}")
            for k, t in enumerate(cluster["documents"])]


# --- bytes to text ---------------------------------------------------------------------------

def decode_bytes(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM; else UTF-16/32 without BOM or a
    legacy East Asian encoding (Shift-JIS, GBK, Big5, EUC-KR...) when charset-normalizer detects one;
    else cp1252/latin-1.

    Binary data (NUL bytes, many control characters) is rejected with InputError naming `name`.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    has_nul = b"\x00" in data[:65536]
    if not has_nul:
        try:
            return _check_text(data.decode("utf-8"), name)
        except UnicodeDecodeError:
            pass
    detected = _detect_multibyte(data)
    if detected is not None:
        return _check_text(detected, name)
    if has_nul:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    # Windows-1252 covers what Latin-1 does plus curly quotes; fall back byte-for-byte otherwise
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return _check_text(text, name)


def _decode_declared(data: bytes, charset: str | None, name: str) -> str:
    """Text in the charset a server declared; without one, or with a wrong or unknown one, guessed
    as for a file (`decode_bytes`)."""
    if charset:
        try:
            return _check_text(data.decode(charset), name)
        except (LookupError, UnicodeDecodeError):
            return decode_bytes(data, name)
    return decode_bytes(data, name)


def _detect_multibyte(data: bytes) -> str | None:
    """The text, when charset-normalizer finds a multi-byte encoding (UTF-16 without BOM, Shift-JIS...)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:   # the detector is a dependency of requests; without it, the fallbacks remain
        return None
    best = from_bytes(data[:262144]).best()   # a sample: detection time must not grow with the file
    if best is None or best.encoding not in MULTIBYTE_ENCODINGS:
        return None
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        # the sample was cut inside a character, or the rest of the file disagrees
        return data.decode(best.encoding, errors="replace")


def pdf_to_text(data: bytes, name: str) -> str:
    """The text layer of a PDF (pypdf), pages separated by blank lines; InputError when there is none."""
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise InputError(f"{name}: reading PDFs needs the pypdf package (pip install pypdf), "
                         "or save the report as text or HTML") from None
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
        # encrypted with an empty user password (only copying or printing restricted): opens as is
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is password-protected; remove the password or save it as text or HTML")
        pages = reader.pages[:MAX_PDF_PAGES]
        text = "\n\n".join((page.extract_text() or "").strip() for page in pages)
    except InputError:
        raise
    except DependencyError:
        raise InputError(f"{name}: the PDF is AES-encrypted and reading it needs the cryptography package "
                         "(pip install cryptography)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise InputError(f"{name}: not a readable PDF ({type(e).__name__}); save it as text or HTML") from None
    if not text.strip():
        raise InputError(f"{name}: the PDF has no text layer (a scan?); run OCR first or paste its text")
    return _check_text(text, name)


def _check_text(text: str, name: str) -> str:
    sample = text[:65536]
    if sample:
        control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or 0x7F <= ord(ch) < 0xA0)
        if "\x00" in sample or control / len(sample) > 0.05:
            raise InputError(f"{name}: looks like a binary file, not text ({control} control characters "
                             f"in the first {len(sample)})")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_TAG = re.compile(r"</?(html|head|body|p|div|article|main|nav|span|a|br|h[1-6]|li|ul|ol|footer|header|section|"
                  r"figure|figcaption|table|tr|td|script|style|meta|title)\b[^>]*>", re.IGNORECASE)


def _is_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def looks_like_html(text: str) -> bool:
    """Markup pasted as text: starts with a tag and has several more."""
    return text.lstrip()[:1] == "<" and (_is_html(text) or len(_TAG.findall(text[:20000])) >= 3)


def html_to_text(html: str, name: str = "html") -> str:
    """Article text of a web page, one paragraph per line (trafilatura), with a plain fallback."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True,
                               deduplicate=False) or ""
    if not text.strip():
        # trafilatura found no article: keep every paragraph's text and let cleaning judge it
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        # lxml stops at 255 nested elements and then sees no text: a parser without a depth limit reads it
        text = _plain_html_text(html)
    # one paragraph per line: a blank line between them keeps list items from looking hard-wrapped
    return re.sub(r"\n+", "\n\n", text.strip())


_SKIPPED_ELEMENTS = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
_BLOCK_ELEMENTS = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "section", "article", "main",
                   "header", "footer", "nav", "aside", "blockquote", "pre", "figure", "figcaption", "dt", "dd",
                   "h1", "h2", "h3", "h4", "h5", "h6", "hr", "body", "html", "form"}


class _TextOnly(HTMLParser):
    """Every text node outside scripts and styles, a line break at each block element; html.parser
    keeps no tree, so any depth of nesting costs nothing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_ELEMENTS:
            self.skipping += 1
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_ELEMENTS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _plain_html_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _sgml_text(text: str) -> str:
    """A DUC/TREC style file: the story body, paragraph tags as blank lines, header fields dropped."""
    text = re.sub(r"<(DOCNO|DOCTYPE|DATE_TIME|HEADER|SLUG|CATEGORY|TRAILER)>.*?</\1>", "\n\n", text,
                  flags=re.S | re.I)
    m = re.search(r"<BODY>(.*?)</BODY>", text, flags=re.S | re.I)   # some files close <TEXT> early
    body = m.group(1) if m else text
    body = re.sub(r"</?P>|&HT;", "\n\n", body, flags=re.I)   # &HT; (a tab) opens a paragraph
    body = re.sub(r"<[^>]+>", "\n\n", body)
    body = body.replace("&AMP;", "&").replace("``", "\u201c").replace("''", "\u201d")
    body = re.sub(r"&[A-Za-z0-9]{2,5};", " ", body)
    return re.sub(r"\n\s*\n\s*", "\n\n", body).strip()
