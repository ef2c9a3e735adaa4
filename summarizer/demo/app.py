"""The web demo: paste or upload reports on one event, get a neutral summary that cites its sources.

    mds demo [--host 127.0.0.1] [--port 7860] [--allow-fetch]

Serving rules: one queue, at most `concurrency_limit` summaries run at once (default 2) and at most
`max_queue` wait; inputs are size-limited with messages in the page; user text is escaped by
summarizer/demo/render.py; errors show as a message panel (API clients get a gr.Error), never a traceback.
Links are fetched only when the server was started with --allow-fetch (else the demo would fetch any
page for anyone: an open proxy), and never from the server's own network unless --allow-private-urls.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path

import gradio as gr

from summarizer.api import DEFAULT_ENGINE
from summarizer.demo import render
from summarizer.errors import InputError, ModelError
from summarizer.types import Document, Summary

log = logging.getLogger(__name__)

MAX_DOCS = 20                      # reports per request, boxes and files together
MAX_CHARS = 200_000                # per report
MAX_TOTAL_CHARS = 600_000          # per request: a few minutes of CPU at most
MAX_FILE_BYTES = 5 * 1024 * 1024   # per uploaded file
MAX_REFERENCE_CHARS = 20_000
MAX_FOCUS_CHARS = 500         # a question or a topic statement, not a document
MAX_BOXES = 10                     # report boxes in the page; files bring more
MAX_BODY_BYTES = 8 * 2**20         # an API or page request: 600,000 characters JSON-escaped fit with room
MAX_UPLOAD_BODY_BYTES = MAX_DOCS * MAX_FILE_BYTES + 2**20   # an upload request: MAX_DOCS files at most
START_BOXES = 3
MIN_WORDS, MAX_WORDS, DEFAULT_WORDS = 20, 400, 120
FILE_TYPES = [".txt", ".html", ".htm", ".json", ".jsonl", ".pdf"]
MAX_CACHED_SUMMARIZERS = 3         # (engine, model) pairs kept loaded
MAX_LINKS = 10                     # links per request
LINK_TIMEOUT, LINK_DEADLINE = 10.0, 20.0   # seconds per page, and for all the links of a request
FETCH_OFF = ("This server does not fetch links (a public demo must not fetch pages for anyone who asks). "
             "Paste the reports' text or upload saved pages; whoever runs the server can allow links "
             "with `mds demo --allow-fetch`.")
# What web clients may choose unless the server says otherwise (`mds demo --models ...`): the
# bundled engines with their own models, never a path or Hub id a client names.
DEFAULT_MODELS = "fusion,extractive,lead,lead-rr"
EXAMPLES_DIR = Path(__file__).parent / "examples"

# ---------------------------------------------------------------- page look

# system fonts only: the page must not fetch anything from the internet
THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate",
                       font=["system-ui", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"],
                       font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])

PAGE_CSS = """
.mds-header h1 { margin: 0 0 .2rem 0; font-size: 1.7rem; }
.mds-header p { margin: 0; color: var(--body-text-color-subdued); }
#mds-run { min-height: 3rem; font-size: 1.1rem; }
"""

MESSAGE_CSS = """
.mds-msg { display: flex; gap: 10px; align-items: flex-start; border-radius: 10px; padding: 10px 14px; font-size: .95em; }
.mds-msg-error { background: #fee2e2; color: #7f1d1d; border: 1px solid #fca5a5; }
.mds-msg-warning { background: #fef3c7; color: #78350f; border: 1px solid #fcd34d; }
.mds-msg-info { background: #e0f2fe; color: #0c4a6e; border: 1px solid #7dd3fc; }
"""

RESULT_CSS = MESSAGE_CSS + """
.mds-result { font-size: 15px; line-height: 1.55; }
.mds-top { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .mds-top { grid-template-columns: 1fr; } }
.mds-summary, .mds-notes, .mds-docs { background: var(--block-background-fill); border: 1px solid var(--border-color-primary);
  border-radius: 12px; padding: 14px 16px; }
.mds-notes { display: flex; flex-direction: column; gap: 10px; }
.mds-docs { margin-top: 16px; }
.mds-sum-head { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.mds-sum-head h3 { margin: 0; font-size: 1.15rem; }
.mds-meta { color: var(--body-text-color-subdued); font-size: .85em; }
.mds-hint { color: var(--body-text-color-subdued); font-size: .85em; margin: 4px 0 8px; }
.mds-sents { list-style: none; padding: 0; margin: 0; }
.mds-sent { display: grid; grid-template-columns: 2em 1fr; column-gap: 6px; padding: 8px 10px; margin: 4px 0;
  border-radius: 8px; cursor: pointer; border: 1px solid transparent; transition: background .15s; }
.mds-sent:hover { background: var(--background-fill-secondary); }
.mds-sent:focus-visible { outline: 2px solid var(--color-accent); }
.mds-sent.mds-active { background: #eef2ff; border-color: #818cf8; }
.mds-num { grid-row: span 2; font-weight: 700; color: #4f46e5; background: #e0e7ff; border-radius: 50%;
  width: 1.6em; height: 1.6em; display: inline-flex; align-items: center; justify-content: center; font-size: .85em; }
.mds-txt { font-size: 1.02em; }
.mds-sent-meta { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 3px; font-size: .78em; align-items: center; }
.mds-support { color: #166534; background: #dcfce7; border-radius: 99px; padding: 0 8px; }
.mds-support-low { color: #92400e; background: #fef3c7; border-radius: 99px; padding: 0 8px; }
.mds-chip { background: #e0e7ff; color: #3730a3; border-radius: 4px; padding: 0 5px; font-weight: 600; }
.mds-flag { color: #991b1b; background: #fee2e2; border-radius: 99px; padding: 0 8px; }
.mds-note h4 { margin: 0 0 4px; font-size: .95em; }
.mds-note ul { margin: 0; padding-left: 1.1em; }
.mds-note p { margin: 0; }
.mds-note { border-left: 3px solid #818cf8; padding-left: 10px; font-size: .9em; }
.mds-note-warn { border-left-color: #f59e0b; }
.mds-note-ok { border-left-color: #22c55e; }
.mds-note-muted { border-left-color: var(--border-color-primary); color: var(--body-text-color-subdued); }
.mds-scores { display: flex; gap: 8px; flex-wrap: wrap; }
.mds-score { background: var(--background-fill-secondary); border-radius: 8px; padding: 4px 10px; text-align: center; }
.mds-score span { display: block; font-size: .75em; color: var(--body-text-color-subdued); }
.mds-legend { font-size: .8em; color: var(--body-text-color-subdued); display: flex; gap: 10px; flex-wrap: wrap; margin: 4px 0 10px; }
.mds-doc-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
.mds-doc { border: 1px solid var(--border-color-primary); border-radius: 10px; overflow: hidden; background: var(--background-fill-primary); }
.mds-doc header { display: flex; gap: 8px; align-items: center; padding: 8px 10px; background: var(--background-fill-secondary);
  border-bottom: 1px solid var(--border-color-primary); }
.mds-badge { background: #4f46e5; color: white; border-radius: 6px; padding: 0 6px; font-weight: 700; font-size: .8em; }
.mds-docname { font-weight: 600; overflow-wrap: anywhere; flex: 1; }
.mds-doctext { white-space: pre-wrap; overflow-wrap: anywhere; padding: 10px 12px; max-height: 420px; overflow-y: auto; font-size: .92em; }
.mds-src.mds-cited, .mds-key-cited { text-decoration: underline dotted #818cf8; text-underline-offset: 3px; cursor: pointer; }
.mds-src.mds-hl, .mds-key-hl { background: #fde68a; box-shadow: 0 0 0 2px #fde68a; border-radius: 3px; }
.mds-key-removed { color: #9ca3af; }
.mds-removed { display: block; color: #9ca3af; font-size: .84em; line-height: 1.4; margin: 2px 0; }
.mds-removed del, .mds-key-removed del { text-decoration-color: #ef4444; }
.mds-why { display: inline-block; font-size: .78em; color: #b91c1c; background: #fee2e2; border-radius: 4px;
  padding: 0 5px; margin-right: 4px; text-decoration: none; }
mark.mds-loaded, span.mds-loaded, .mds-key-loaded { background: #fce7f3; color: #9d174d; border-radius: 3px; padding: 0 2px; }
.mds-doc-dropped { opacity: .75; }
.mds-placeholder { color: var(--body-text-color-subdued); border: 2px dashed var(--border-color-primary); border-radius: 12px;
  padding: 28px; text-align: center; }
"""

# Click (or Enter) on a summary sentence: highlight its sources; click a cited source: highlight the
# summary sentences that use it. Delegated on the component root, so it survives re-renders.
RESULT_JS = r"""
const clear = () => {
  element.querySelectorAll('.mds-hl').forEach(e => e.classList.remove('mds-hl'));
  element.querySelectorAll('.mds-active').forEach(e => e.classList.remove('mds-active'));
};
const reveal = (e) => {
  const box = e.closest('.mds-doctext');
  if (box) box.scrollTop = e.offsetTop - box.offsetTop - box.clientHeight / 3;
};
const select = (sent) => {
  const was = sent.classList.contains('mds-active');
  clear();
  if (was) return;
  sent.classList.add('mds-active');
  const ids = (sent.dataset.sources || '').split(/\s+/).filter(id => /^d\d+s\d+$/.test(id));
  const seen = new Set();
  ids.forEach(id => element.querySelectorAll('[data-sid="' + id + '"]').forEach(e => {
    e.classList.add('mds-hl');
    const card = e.closest('.mds-doc');
    if (card && !seen.has(card)) { seen.add(card); reveal(e); }
  }));
};
element.addEventListener('click', (ev) => {
  const sent = ev.target.closest('.mds-sent');
  if (sent) { select(sent); return; }
  const src = ev.target.closest('.mds-src.mds-cited');
  if (src) {
    clear();
    src.classList.add('mds-hl');
    (src.dataset.citedBy || '').split(/\s+/).filter(n => /^\d+$/.test(n)).forEach(n => {
      const s = element.querySelector('#mds-sum-' + n);
      if (s) s.classList.add('mds-active');
    });
  }
});
element.addEventListener('keydown', (ev) => {
  const sent = ev.target.closest && ev.target.closest('.mds-sent');
  if (sent && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); select(sent); }
});
"""

PLACEHOLDER = ('<div class="mds-placeholder">Paste two or more reports on the same event, or pick an example, '
               'then press <b>Summarize</b>. The summary appears here with its sources.</div>')


# ---------------------------------------------------------------- summarizers, cached


class SummarizerCache:
    """One `Summarizer` per (engine, model), loaded once, the least recently used dropped first;
    all share one sentence embedder."""

    def __init__(self, size: int = MAX_CACHED_SUMMARIZERS):
        self.size = size
        self._items: OrderedDict[tuple[str, str | None], object] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, str | None], threading.Lock] = {}
        self._embedder = None

    def get(self, engine: str, model: str | None):
        key = (engine, model)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:             # two users asking for the same new model load it once
            with self._lock:
                if key in self._items:
                    return self._items[key]
            summarizer = self._load(engine, model)
            with self._lock:
                self._items[key] = summarizer
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return summarizer

    def _load(self, engine: str, model: str | None):
        from summarizer.api import Summarizer
        from summarizer.pipeline.embed import Embedder

        with self._lock:
            if self._embedder is None:
                self._embedder = Embedder()
            embedder = self._embedder
        try:
            return Summarizer(engine=engine, model=model, embedder=embedder)
        except Exception:  # noqa: BLE001 - the details (paths...) stay in the server log
            log.exception("loading engine %s model %s", engine, model)
            raise ModelError(f"the {engine} engine could not be loaded on this server; "
                             "the details are in the server log") from None


SUMMARIZERS = SummarizerCache()


ENGINE_TEXT = {
    "fusion": "the project's model fuses what the reports agree on",
    "extractive": "report sentences chosen for coverage and support",
    "lead": "the first report's opening",
    "lead-rr": "the reports' openings in turn",
    "hf": "a seq2seq checkpoint offered by this server",
}


def parse_models(spec: str) -> dict[str, list[str | None]]:
    """`--models fusion,extractive,hf:/srv/bart,fusion:/srv/fusion-v2` -> {engine: [model, ...]};
    a bare engine name offers it with its own model (None). The first model of an engine is its default."""
    from summarizer.engines import ENGINES, MODEL_ENGINES

    offered: dict[str, list[str | None]] = {}
    for item in (part.strip() for part in (spec or "").split(",")):
        if not item:
            continue
        engine, _, model = item.partition(":")
        engine, model = engine.strip(), model.strip() or None
        if engine not in ENGINES:
            raise InputError(f"--models: unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
        if model and engine not in MODEL_ENGINES:
            raise InputError(f"--models: the {engine} engine takes no model ({item!r})")
        if engine == "hf" and not model:
            raise InputError("--models: the hf engine needs a model: hf:HUB_ID_OR_PATH")
        if model not in offered.setdefault(engine, []):
            offered[engine].append(model)
    if not offered:
        raise InputError("--models: no engine given")
    return offered


OFFERED = parse_models(DEFAULT_MODELS)   # replaced by build_app(models=...)
FETCH = None        # the FetchOptions when this server fetches links (build_app(allow_fetch=True)), else None


def engine_choices() -> list[str]:
    return list(OFFERED)


def model_choices() -> list[tuple[str, str]]:
    """(label, value) pairs for the model menu: the engine's own model, then the offered ones."""
    models = [m for ms in OFFERED.values() for m in ms if m]
    return [("the engine's own model", "")] + [(m, m) for m in dict.fromkeys(models)]


def engine_info() -> str:
    return " · ".join(f"{e}: {ENGINE_TEXT[e]}" for e in engine_choices() if e in ENGINE_TEXT)


# ---------------------------------------------------------------- input


def check_text(text: str, name: str) -> str:
    if len(text) > MAX_CHARS:
        raise InputError(f"{name} is {len(text):,} characters; the demo takes {MAX_CHARS:,} at most per report")
    return text


def read_files(paths: list[str], notes: list[str] | None = None) -> list[Document]:
    """Uploaded files through the library's reader; each document named after its file. The
    reader's warnings (an empty file skipped...) are added to `notes`."""
    docs: list[Document] = []
    for p in paths:
        path = Path(p)
        name = path.name
        if path.suffix.lower() not in FILE_TYPES:
            raise InputError(f"{name}: unsupported file type; upload {', '.join(FILE_TYPES)}")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name} is {size / 2**20:.1f} MB; files of {MAX_FILE_BYTES // 2**20} MB at most")
        try:
            from summarizer.pipeline.ingest import load_documents
        except ImportError:  # the reader is not installed: plain text only
            try:
                loaded = [Document(text=path.read_text(encoding="utf-8"), name=name)]
            except UnicodeDecodeError:
                raise InputError(f"{name} is not UTF-8 text") from None
        else:
            loaded = load_documents([path], max_bytes=MAX_FILE_BYTES)
            if notes is not None:
                notes.extend(getattr(loaded, "warnings", []))
        for i, d in enumerate(loaded):
            label = name if len(loaded) == 1 else f"{name} #{i + 1}"
            docs.append(Document(text=check_text(d.text, label), name=label))
    return docs


def parse_links(links) -> list[str]:
    """The links of the links box (one per line) or of an API list; each must be an http(s) link."""
    from summarizer.pipeline.fetch import is_url

    if links is None:
        return []
    lines = links.splitlines() if isinstance(links, str) else links
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise InputError("links must be text, one link per line")
    urls = [line.strip() for line in lines if line.strip()]
    for n, url in enumerate(urls, 1):
        if not is_url(url) or not url.lower().startswith(("http://", "https://")):
            raise InputError(f"link {n} is not an http(s) link: {url[:100]}")
    if len(urls) > MAX_LINKS:
        raise InputError(f"{len(urls)} links given; the demo fetches {MAX_LINKS} at most")
    return urls


def fetch_links(urls: list[str], warnings: list[str]) -> list[Document]:
    """The pages behind `urls` (named by their links), when this server fetches; a link that fails is
    listed in `warnings` and the others are kept."""
    from summarizer.pipeline.fetch import FetchError, skipped_warning
    from summarizer.pipeline.ingest import fetch_documents

    if not urls:
        return []
    if FETCH is None:
        raise InputError(FETCH_OFF)
    results = [r if not isinstance(r, Document) or len(r.text) <= MAX_CHARS else
               FetchError(r.name, f"{len(r.text):,} characters of text; the demo takes {MAX_CHARS:,} at most")
               for r in fetch_documents(urls, FETCH)]
    failed = [r for r in results if not isinstance(r, Document)]
    if len(failed) == len(results):
        raise InputError(f"no link could be read: {'; '.join(str(e) for e in failed)}")
    if failed:
        warnings.append(skipped_warning(failed, len(results)))
    return [d for d in results if isinstance(d, Document)]


def gather_documents(texts: list[str], files: list[str] | None, notes: list[str] | None = None,
                     links=None) -> list[Document]:
    """The reports of a request: boxes, then uploads, then links. Links that fail are named in the
    returned list's `.warnings`, which the Summary carries."""
    from summarizer.pipeline.ingest import LoadedDocuments

    docs = LoadedDocuments(Document(text=check_text(t, f"Report {i + 1}"), name=f"Report {i + 1}")
                           for i, t in enumerate(texts) if t and t.strip())
    docs += read_files(list(files or []), notes)
    urls = parse_links(links)
    if len(docs) + len(urls) > MAX_DOCS:   # before fetching anything
        raise InputError(f"{len(docs) + len(urls)} reports given; the demo summarizes {MAX_DOCS} at most")
    docs += fetch_links(urls, docs.warnings)
    if not docs:
        raise InputError("Add at least one report: paste text into a report box, upload a file, "
                         "give links, or pick an example.")
    if len(docs) > MAX_DOCS:
        raise InputError(f"{len(docs)} reports given; the demo summarizes {MAX_DOCS} at most")
    total = sum(len(d.text) for d in docs)
    if total > MAX_TOTAL_CHARS:
        raise InputError(f"the reports come to {total:,} characters; the demo takes {MAX_TOTAL_CHARS:,} in all")
    return docs


def parse_settings(engine: str, model: str | None, max_words,
                   offered: dict[str, list[str | None]] | None = None) -> tuple[str, str | None, int]:
    """(engine, model, words) after checking them against what the server offers: a client cannot
    name a path or Hub id the server did not list, and nothing is looked up on disk before that."""
    offered = OFFERED if offered is None else offered
    if not isinstance(engine, (str, type(None))) or not isinstance(model, (str, type(None))):
        raise InputError("engine and model must be text")
    engine = (engine or (DEFAULT_ENGINE if DEFAULT_ENGINE in offered else next(iter(offered)))).strip()
    model = (model or "").strip() or None
    if engine not in offered:
        raise InputError(f"the {engine!r} engine is not offered here; choose one of: {', '.join(offered)}")
    if model is None:
        model = offered[engine][0]          # the engine's default on this server
    elif model not in offered[engine]:
        choices = [m for m in offered[engine] if m]
        raise InputError(f"this server does not offer that model for the {engine} engine"
                         + (f"; choose one of: {', '.join(choices)}" if choices else "; leave the model empty"))
    try:
        words = int(max_words)
    except (TypeError, ValueError, OverflowError):   # None, "abc", nan, inf
        raise InputError(f"target length must be a number of words, got {max_words!r}") from None
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise InputError(f"target length must be between {MIN_WORDS} and {MAX_WORDS} words, got {words}")
    return engine, model, words


# ---------------------------------------------------------------- running


def loaded_terms(summary: Summary):
    """Loaded terms the reports use (with marks for the report cards) and which of them the summary
    avoided, as the pipeline found them."""
    avoided = {a["term"].lower() for a in summary.avoided_terms}
    uses: dict[str, render.LoadedUse] = {}
    marks: dict[int, list[tuple[int, int, str]]] = {}
    for doc, t in summary.report_loaded_terms:
        title = f"loaded term; neutral: {t.replacement}" if t.replacement else "loaded term"
        marks.setdefault(doc, []).append((t.start, t.end, title))
        if t.term.lower() not in avoided:
            continue
        use = uses.setdefault(t.term.lower(), render.LoadedUse(t.term, t.replacement or "", []))
        if doc not in use.docs:
            use.docs.append(doc)
    return list(uses.values()), marks


def rouge_against(summary: Summary, reference: str) -> dict[str, float]:
    from summarizer.evaluation.rouge_core import rouge_scores

    prediction = "\n".join(s.text for s in summary.sentences)
    scores = rouge_scores([prediction], [[reference]])[0]
    out = {}
    for k, v in scores.items():   # a float, or a Score-like (fmeasure) / dict (f)
        if isinstance(v, dict):
            v = v.get("f", v.get("fmeasure", v.get("f1")))
        v = getattr(v, "fmeasure", v)
        if isinstance(v, (int, float)):
            out[k] = float(v)
    return out


def summarize_documents(docs: list[Document], engine: str, model: str | None, max_words: int,
                        reference: str = "", focus: str = "") -> tuple[Summary, dict[str, float] | None]:
    reference = (reference or "").strip()
    if len(reference) > MAX_REFERENCE_CHARS:
        raise InputError(f"the reference summary is {len(reference):,} characters; {MAX_REFERENCE_CHARS:,} at most")
    if not isinstance(focus or "", str):
        raise InputError("the focus must be text")
    focus = (focus or "").strip()
    if len(focus) > MAX_FOCUS_CHARS:
        raise InputError(f"the focus is {len(focus):,} characters; {MAX_FOCUS_CHARS:,} at most (ask one question)")
    summary = SUMMARIZERS.get(engine, model).summarize(docs, max_words=max_words, focus=focus or None)
    rouge = rouge_against(summary, reference) if reference else None
    return summary, rouge


def render_all(summary: Summary, rouge) -> str:
    uses, marks = loaded_terms(summary)
    return render.render_result(summary, summary.report_sentences, uses, marks, rouge)


_JSON_DIR = Path(tempfile.gettempdir()) / "mds-demo-json"


def write_json(summary: Summary, rouge) -> str:
    """The summary as a downloadable JSON file; files older than an hour are pruned."""
    _JSON_DIR.mkdir(exist_ok=True)
    now = time.time()
    for old in _JSON_DIR.glob("*/summary.json"):
        try:
            if now - old.stat().st_mtime > 3600:
                old.unlink()
                old.parent.rmdir()
        except OSError:
            pass
    folder = Path(tempfile.mkdtemp(dir=_JSON_DIR))
    data = summary.to_dict()
    if rouge:
        data["rouge"] = rouge
    path = folder / "summary.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return str(path)


def user_message(e: Exception) -> str:
    """What a web client may see: our own error messages, never a traceback or a server path."""
    if isinstance(e, (InputError, ModelError)):
        return str(e)
    log.exception("demo request failed")
    return "Something went wrong inside the summarizer; the details are in the server log."


def run_ui(n_boxes: int, *args):
    """The Summarize button: (status, result, download button)."""
    # every box counts: the page clears a box it hides, and an API client (whose box count stays at its
    # start value) may fill all MAX_BOXES
    texts = list(args[:MAX_BOXES])
    files, engine, model, max_words, reference, *rest = args[MAX_BOXES:]
    focus = rest[0] if rest else ""
    links = rest[1] if len(rest) > 1 else ""
    t0 = time.perf_counter()
    notes: list[str] = []
    try:
        docs = gather_documents(texts, files, notes, links)
        engine, model, words = parse_settings(engine, model, max_words)
        summary, rouge = summarize_documents(docs, engine, model, words, reference, focus)
        html_out = render_all(summary, rouge)
        json_path = write_json(summary, rouge)
    except Exception as e:  # noqa: BLE001 - every failure becomes a message in the page
        return (render.message(user_message(e), "error"), gr.update(),
                gr.update(visible=False, value=None))
    kept = len(summary.documents)
    note = f"Summarized {kept} report{'s' if kept != 1 else ''} in {time.perf_counter() - t0:.1f} s."
    if kept < len(docs):
        note += f" {len(docs) - kept} dropped by cleaning (see the report cards)."
    if notes:
        note += " " + " ".join(notes)
    kind = "warning" if summary.warnings or notes else "info"
    if summary.warnings:
        note += f" {len(summary.warnings)} warning{'s' if len(summary.warnings) != 1 else ''} below."
    return render.message(note, kind), html_out, gr.update(visible=True, value=json_path)


def summarize_reports(reports: list[str], engine: str = DEFAULT_ENGINE, model: str = "",
                      max_words: int = DEFAULT_WORDS, reference: str = "", focus: str = "",
                      links: list[str] | None = None) -> dict:
    """Summarize reports on one event; returns the Summary as JSON (plus `rouge` with a reference).
    `focus`: a question the summary should answer (empty: a general summary). `links`: http(s) links
    to fetch as more reports, when the server allows fetching (mds demo --allow-fetch)."""
    try:
        if not isinstance(reports, list) or not all(isinstance(r, str) for r in reports):
            raise InputError("reports must be a list of strings")
        if len(reports) > MAX_DOCS:
            raise InputError(f"{len(reports)} reports given; the demo summarizes {MAX_DOCS} at most")
        docs = gather_documents(reports, None, links=links)
        engine, model, words = parse_settings(engine, model, max_words)
        summary, rouge = summarize_documents(docs, engine, model, words, reference, focus)
    except Exception as e:  # noqa: BLE001
        raise gr.Error(user_message(e), print_exception=False) from None
    data = summary.to_dict()
    if rouge:
        data["rouge"] = rouge
    return data


# ---------------------------------------------------------------- examples


def example_clusters() -> dict[str, list[Document]]:
    """summarizer/demo/examples/<cluster>/*.txt, files in name order; the cluster title is in title.txt
    (else the folder name)."""
    clusters: dict[str, list[Document]] = {}
    if not EXAMPLES_DIR.is_dir():
        return clusters
    for folder in sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_dir()):
        title_file = folder / "TITLE"
        title = title_file.read_text(encoding="utf-8").strip() if title_file.exists() else folder.name
        docs = [Document(text=f.read_text(encoding="utf-8"), name=outlet_name(f))
                for f in sorted(folder.glob("*.txt"))]
        if docs:
            clusters[title] = docs
    return clusters


def outlet_name(path: Path) -> str:
    """"2_dravik-daily-wire.txt" -> "Dravik Daily Wire"."""
    stem = re.sub(r"^\d+[_-]", "", path.stem)
    return stem.replace("-", " ").replace("_", " ").title()


def box_updates(texts: list[str]) -> list:
    n = max(START_BOXES, min(len(texts), MAX_BOXES))
    return [gr.update(value=texts[i] if i < len(texts) else "", visible=i < n) for i in range(MAX_BOXES)]


# ---------------------------------------------------------------- the page


def build_app(concurrency_limit: int = 2, max_queue: int = 16, models: str = DEFAULT_MODELS,
              allow_fetch: bool = False, allow_private_urls: bool = False) -> gr.Blocks:
    """The page and its API. `models` lists the engines and models web clients may choose (see parse_models).
    `allow_fetch`: fetch the links clients give (off by default); `allow_private_urls`: also from
    private, loopback and link-local addresses (the server's own network)."""
    global OFFERED, FETCH
    OFFERED = parse_models(models)
    FETCH = None
    if allow_fetch:
        from summarizer.pipeline.fetch import FetchOptions

        FETCH = FetchOptions(timeout=LINK_TIMEOUT, deadline=LINK_DEADLINE, max_bytes=MAX_FILE_BYTES,
                             allow_private=bool(allow_private_urls))
    examples = example_clusters()
    with gr.Blocks(title="Neutral news summarizer", delete_cache=(3600, 3600), analytics_enabled=False) as app:
        n_boxes = gr.State(START_BOXES)
        gr.HTML('<div class="mds-header"><h1>Neutral multi-report summarizer</h1>'
                '<p>Several outlets, one event: paste their reports (menus, ads and comments included), '
                'get one short neutral summary where every sentence shows which reports back it.</p></div>',
                css_template=PAGE_CSS, js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                if examples:
                    with gr.Row():
                        gr.Markdown("**Try an example:**")
                        example_buttons = [(gr.Button(title, size="sm", variant="secondary",
                                                      elem_classes=["mds-example"]), docs)
                                           for title, docs in examples.items()]
                boxes = [gr.Textbox(label=f"Report {i + 1}", lines=4, max_lines=8, visible=i < START_BOXES,
                                    placeholder="Paste a report: the article, or a whole page copy with its menus "
                                                "and ads (cleaning removes them)",
                                    elem_classes=["mds-box"])
                         for i in range(MAX_BOXES)]
                with gr.Row():
                    add_btn = gr.Button("+ Add a report box", size="sm")
                    remove_btn = gr.Button("− Remove the last box", size="sm")
                    clear_btn = gr.Button("Clear all", size="sm")
                files = gr.File(label=f"…or upload reports ({', '.join(FILE_TYPES)}; "
                                      f"{MAX_FILE_BYTES // 2**20} MB each, {MAX_DOCS} reports in all)",
                                file_count="multiple", file_types=FILE_TYPES, type="filepath", height=110)
                links = gr.Textbox("", label=f"…or links to the reports (one per line, {MAX_LINKS} at most)", lines=3,
                                   max_lines=MAX_LINKS, elem_id="mds-links", interactive=FETCH is not None,
                                   placeholder="https://…" if FETCH is not None else
                                   "Fetching links is off on this server (mds demo --allow-fetch turns it on)",
                                   info=None if FETCH is not None else FETCH_OFF)
            with gr.Column(scale=2, min_width=300):
                engine = gr.Radio(engine_choices(), label="Engine", info=engine_info(),
                                  value=DEFAULT_ENGINE if DEFAULT_ENGINE in OFFERED else engine_choices()[0])
                model = gr.Dropdown(model_choices(), value="", label="Model", allow_custom_value=False,
                                    info="the models this server offers (mds demo --models)")
                max_words = gr.Slider(MIN_WORDS, MAX_WORDS, value=DEFAULT_WORDS, step=10, label="Target length (words)")
                focus = gr.Textbox(label="Focus (optional)", lines=1, max_lines=3, elem_id="mds-focus",
                                   placeholder="A question the summary should answer, e.g. "
                                               "“What did the two leaders say about satellites?”")
                with gr.Accordion("Reference summary (optional: adds ROUGE scores)", open=False):
                    reference = gr.Textbox(label="Reference summary", lines=4, show_label=False,
                                           placeholder="A summary written by an editor; the demo scores its own "
                                                       "against it with ROUGE-1/2/L/Lsum")
                run_btn = gr.Button("Summarize", variant="primary", elem_id="mds-run")
                status = gr.HTML("", elem_id="mds-status", css_template=MESSAGE_CSS, js_on_load=None)
                download = gr.DownloadButton("Download the summary as JSON", visible=False, elem_id="mds-download",
                                             variant="secondary")
        result = gr.HTML(PLACEHOLDER, elem_id="mds-result", css_template=RESULT_CSS, js_on_load=RESULT_JS)

        # box management is instant: no queue
        def add_box(n):
            n = min(int(n) + 1, MAX_BOXES)
            return [n] + [gr.update(visible=i < n) for i in range(MAX_BOXES)]

        def remove_box(n, *texts):
            n = max(int(n) - 1, 1)
            return [n] + [gr.update(visible=i < n, value=texts[i] if i < n else "") for i in range(MAX_BOXES)]

        def clear_all():
            return [START_BOXES, *box_updates([]), None, "", "", PLACEHOLDER, gr.update(visible=False, value=None)]

        add_btn.click(add_box, n_boxes, [n_boxes, *boxes], queue=False, api_visibility="private")
        remove_btn.click(remove_box, [n_boxes, *boxes], [n_boxes, *boxes], queue=False, api_visibility="private")
        clear_btn.click(clear_all, None, [n_boxes, *boxes, files, links, status, result, download], queue=False,
                        api_visibility="private")
        if examples:
            for button, docs in example_buttons:
                def load_example(docs=docs):
                    texts = [d.text for d in docs]
                    n = max(START_BOXES, min(len(texts), MAX_BOXES))
                    return [n, *box_updates(texts), None]
                button.click(load_example, None, [n_boxes, *boxes, files], queue=False, api_visibility="private")

        run_btn.click(run_ui, [n_boxes, *boxes, files, engine, model, max_words, reference, focus, links],
                      [status, result, download], api_name="summarize_page", concurrency_id="summarize",
                      concurrency_limit=concurrency_limit)
        gr.api(summarize_reports, api_name="summarize", concurrency_id="summarize",
               concurrency_limit=concurrency_limit)
    app.queue(max_size=max_queue, default_concurrency_limit=concurrency_limit)
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int | None = 7860, **kwargs):
    """Launch with the demo's theme and limits (uploads over the size limit are refused by Gradio too)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    kwargs.setdefault("theme", THEME)
    kwargs.setdefault("css", PAGE_CSS)
    kwargs.setdefault("max_file_size", MAX_FILE_BYTES)
    kwargs.setdefault("show_error", False)
    from starlette.middleware import Middleware

    from summarizer.demo.body_limit import BodyLimit

    # refused before Gradio parses them: a body bigger than any request the limits above allow
    app_kwargs = dict(kwargs.pop("app_kwargs", None) or {})
    app_kwargs.setdefault("middleware", []).append(
        Middleware(BodyLimit, max_bytes=MAX_UPLOAD_BODY_BYTES, max_other_bytes=MAX_BODY_BYTES))
    return app.launch(server_name=host, server_port=port, app_kwargs=app_kwargs, **kwargs)


# ---------------------------------------------------------------- CLI


def app_settings(args) -> dict:
    """`build_app` keywords from the options of `mds demo` (and of `python demo/app.py`)."""
    return {"concurrency_limit": args.concurrency, "max_queue": args.max_queue,
            "models": getattr(args, "models", None) or DEFAULT_MODELS,
            "allow_fetch": getattr(args, "allow_fetch", False),
            "allow_private_urls": getattr(args, "allow_private_urls", False)}


def run_demo(args) -> int:
    """`mds demo`; `python demo/app.py` does the same in two steps (the app, then `launch`)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    launch(build_app(**app_settings(args)), host=args.host, port=args.port)
    return 0
