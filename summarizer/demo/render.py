r"""HTML for the demo's result panels, as pure functions of a `Summary` (testable without Gradio).

Every piece of user text (reports, file names, references, model ids) goes through `esc`, which
also encodes `$ { } \``: gr.HTML treats its template as a JS/Handlebars template, and user text must
never be read as one.

Linking: each summary sentence carries `data-sources="d0s3 d2s1"` (document index in the input,
sentence index in that cleaned document); each source sentence in the document panels is a
`<span class="mds-src" data-sid="d0s3">`. The page script (summarizer/demo/app.py) highlights on click.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from summarizer.types import KEPT_IN_TEXT, CleanDocument, Flag, RemovalReason, Removed, Sentence, Summary

REMOVED_PREVIEW_CHARS = 280   # long removed blocks (comment threads) are cut in the view, not in the JSON

_TEMPLATE_CHARS = str.maketrans({"$": "&#36;", "{": "&#123;", "}": "&#125;", "`": "&#96;"})

def esc(text: object) -> str:
    """Escape text for HTML content and attribute values (and for gr.HTML's template engine)."""
    return html.escape("" if text is None else str(text), quote=True).translate(_TEMPLATE_CHARS)


def sid(doc: int, sentence: int) -> str:
    return f"d{int(doc)}s{int(sentence)}"


def reason_label(removed: Removed) -> str:
    label = RemovalReason(removed.reason).label
    return f"{label} ({removed.detail})" if removed.detail else label


def flag_label(flag: str) -> str:
    """Readable text for a flag; "conflicting-weekdays: Tuesday in reports 1, 2; ..." keeps its details."""
    details = flag.partition(": ")[2]
    label = Flag.of(flag).label
    return f"{label} ({details})" if details else label


def doc_names(summary: Summary) -> dict[int, str]:
    return {d.index: d.name or f"Report {d.index + 1}" for d in summary.documents}


def message(text: str, kind: str = "error") -> str:
    """A message panel: kind is error, warning or info."""
    kind = kind if kind in ("error", "warning", "info") else "info"
    icon = {"error": "⚠", "warning": "!", "info": "ℹ"}[kind]
    return (f'<div class="mds-msg mds-msg-{kind}" role="{"alert" if kind == "error" else "status"}">'
            f'<span class="mds-msg-icon">{icon}</span><span>{esc(text)}</span></div>')


# ---------------------------------------------------------------- summary


def render_summary(summary: Summary) -> str:
    """The summary as a numbered list; each sentence links to its sources and says how many
    reports state it."""
    names = doc_names(summary)
    n_docs = len(summary.documents)
    words = len(summary.summary.split())
    model = f" · {esc(summary.model)}" if summary.model else ""
    head = (f'<div class="mds-sum-head"><h3>Summary</h3><span class="mds-meta">{words} words · '
            f'{n_docs} report{"s" if n_docs != 1 else ""} · engine {esc(summary.engine)}{model}</span></div>')
    if not summary.sentences:
        return f'<section class="mds-summary">{head}<p class="mds-empty">The engine returned no sentences.</p></section>'
    items = []
    for i, s in enumerate(summary.sentences, 1):
        sources = " ".join(dict.fromkeys(sid(r.doc, r.sentence) for r in s.sources))
        cited_docs = list(dict.fromkeys(r.doc for r in s.sources))
        support = s.support or len(cited_docs)
        chips = "".join(f'<span class="mds-chip" title="{esc(names.get(d, f"Report {d + 1}"))}">'
                        f'R{d + 1}</span>' for d in cited_docs)
        support_cls = "mds-support-low" if support <= 1 and n_docs > 1 else "mds-support"
        support_txt = (f'<span class="{support_cls}" title="how many reports state this fact">'
                       f'stated by {support} of {n_docs} report{"s" if n_docs != 1 else ""}</span>')
        flags = "".join(f'<span class="mds-flag" title="{esc(f)}">{esc(flag_label(f))}</span>' for f in s.flags)
        no_source = '' if s.sources else '<span class="mds-flag">no source sentence</span>'
        items.append(
            f'<li class="mds-sent" id="mds-sum-{i}" data-n="{i}" data-sources="{esc(sources)}" tabindex="0" '
            f'role="button" aria-label="summary sentence {i}: show its sources">'
            f'<span class="mds-num">{i}</span><span class="mds-txt">{esc(s.text)}</span>'
            f'<span class="mds-sent-meta">{support_txt}{chips}{flags}{no_source}</span></li>')
    hint = '<p class="mds-hint">Click a sentence to highlight the report sentences that back it.</p>'
    return (f'<section class="mds-summary">{head}{hint}<ol class="mds-sents">{"".join(items)}</ol></section>')


# ---------------------------------------------------------------- notes


@dataclass
class LoadedUse:
    """A loaded term found in the sources, and the reports that use it."""

    term: str
    replacement: str
    docs: list[int]


def render_notes(summary: Summary, loaded_in_sources: Sequence[LoadedUse] = (),
                 rouge: Mapping[str, float] | None = None) -> str:
    """Avoided loaded terms, flags, warnings, removed boilerplate count, ROUGE, timings."""
    names = doc_names(summary)
    parts = []

    avoided = list(summary.avoided_terms)
    kept_out = [u for u in loaded_in_sources
                if not any(a.get("term", "").lower() == u.term.lower() for a in avoided)]
    if avoided or kept_out:
        users = {u.term.lower(): u.docs for u in loaded_in_sources}
        rows = []
        for a in avoided:
            who = users.get(a.get("term", "").lower(), [])
            where = f' <span class="mds-meta">in {", ".join(f"R{d + 1}" for d in who)}</span>' if who else ""
            rows.append(f'<li><span class="mds-loaded">{esc(a.get("term", ""))}</span> → '
                        f'{esc(a.get("replacement") or "dropped")}{where}</li>')
        for u in kept_out:
            who = ", ".join(esc(names.get(d, f"Report {d + 1}")) for d in u.docs)
            repl = f' → {esc(u.replacement)}' if u.replacement else ""
            rows.append(f'<li><span class="mds-loaded">{esc(u.term)}</span>{repl} '
                        f'<span class="mds-meta">used by {who}, not in the summary</span></li>')
        parts.append(f'<div class="mds-note"><h4>Loaded terms avoided</h4><ul>{"".join(rows)}</ul></div>')
    else:
        parts.append('<div class="mds-note"><h4>Loaded terms avoided</h4><p>None found in the reports.</p></div>')

    flagged = [(i, f) for i, s in enumerate(summary.sentences, 1) for f in s.flags]
    unsupported = [i for i, s in enumerate(summary.sentences, 1) if not s.sources]
    if flagged or unsupported:
        rows = [f'<li>Sentence {i}: {esc(flag_label(f))}</li>' for i, f in flagged]
        rows += [f'<li>Sentence {i}: no source sentence</li>' for i in unsupported]
        parts.append(f'<div class="mds-note mds-note-warn"><h4>Check these</h4><ul>{"".join(rows)}</ul></div>')
    else:
        parts.append('<div class="mds-note mds-note-ok"><h4>Unsupported content</h4>'
                     '<p>Every sentence is backed by at least one report.</p></div>')

    if summary.warnings:
        rows = "".join(f"<li>{esc(w)}</li>" for w in summary.warnings)
        parts.append(f'<div class="mds-note mds-note-warn"><h4>Warnings</h4><ul>{rows}</ul></div>')

    if rouge:
        parts.append(render_rouge(rouge))

    n_removed = len(summary.removed)
    timings = " · ".join(f"{esc(k)} {float(v):.2f} s" for k, v in summary.timings.items())
    parts.append(f'<div class="mds-note mds-note-muted"><h4>Run</h4><p>{n_removed} boilerplate span'
                 f'{"s" if n_removed != 1 else ""} removed · {timings or "no timings"}</p></div>')
    return f'<section class="mds-notes">{"".join(parts)}</section>'


def render_rouge(scores: Mapping[str, float]) -> str:
    """ROUGE F1 against the user's reference, as percentages."""
    cells = "".join(f'<div class="mds-score"><span>{esc(k.upper().replace("ROUGE", "ROUGE-"))}</span>'
                    f'<b>{100 * float(v):.1f}</b></div>' for k, v in scores.items())
    return (f'<div class="mds-note"><h4>ROUGE F1 against your reference</h4>'
            f'<div class="mds-scores">{cells}</div></div>')


# ---------------------------------------------------------------- documents


def removed_positions(doc: CleanDocument, removed: Iterable[Removed]) -> list[tuple[int, Removed]]:
    """Where each removed span belongs in the cleaned text (cleaning records it), in reading order."""
    return sorted(((min(r.clean_at, len(doc.text)), r) for r in removed), key=lambda pr: (pr[0], pr[1].start))


def _marked(text: str, offset: int, marks: Sequence[tuple[int, int, str]]) -> str:
    """Escape text[offset:offset+len] with loaded-term marks (absolute offsets) applied."""
    out, cursor = [], 0
    end_abs = offset + len(text)
    for start, end, title in marks:
        s, e = max(start, offset) - offset, min(end, end_abs) - offset
        if e <= s or s < cursor:
            continue
        out.append(esc(text[cursor:s]))
        out.append(f'<mark class="mds-loaded" title="{esc(title)}">{esc(text[s:e])}</mark>')
        cursor = e
    out.append(esc(text[cursor:]))
    return "".join(out)


def _removed_html(r: Removed) -> str:
    shown = " · ".join(line.strip() for line in r.text.splitlines() if line.strip())
    if len(shown) > REMOVED_PREVIEW_CHARS:
        shown = shown[:REMOVED_PREVIEW_CHARS].rstrip() + " …"
    label = reason_label(r)
    return (f'<span class="mds-removed" title="removed by cleaning: {esc(label)}" data-reason="{esc(r.reason)}">'
            f'<span class="mds-why">{esc(label)}</span><del>{esc(shown)}</del></span>')


def render_document(doc: CleanDocument, sentences: Sequence[Sentence] = (), removed: Sequence[Removed] = (),
                    cited: Mapping[str, list[int]] | None = None,
                    loaded: Sequence[tuple[int, int, str]] = ()) -> str:
    """One report card: its cleaned text with each sentence in a `data-sid` span, removed spans
    struck through where they were, loaded terms marked.

    sentences: the document's sentences (offsets in doc.text); cited: sid -> summary sentence
    numbers that cite it; loaded: (start, end, title) in doc.text."""
    cited = cited or {}
    text = doc.text
    spans = sorted(((s.start, s.end, sid(s.doc, s.index)) for s in sentences
                    if 0 <= s.start < s.end <= len(text)), key=lambda t: t[0])
    clean_spans, last_end = [], 0
    for start, end, key in spans:          # drop overlaps so the tags nest
        if start >= last_end:
            clean_spans.append((start, end, key))
            last_end = end
    inserts = removed_positions(doc, removed)
    # a removed span never splits a sentence
    fixed = []
    for pos, r in inserts:
        for start, end, _ in clean_spans:
            if start < pos < end:
                pos = end
                break
        fixed.append((pos, r))
    fixed.sort(key=lambda pr: pr[0])
    loaded = sorted(loaded)

    # a sentence the learned chrome filter dropped stays in the cleaned text: show it struck through only
    hidden = sorted((r.clean_at, r.clean_at + len(r.text)) for r in removed
                    if r.detail == KEPT_IN_TEXT and text[r.clean_at:r.clean_at + len(r.text)] == r.text)

    out: list[str] = []
    cursor, k = 0, 0

    def emit_text(a: int, b: int) -> None:
        for x, y in hidden:
            if x >= b or y <= a:
                continue
            out.append(_marked(text[a:max(a, x)], a, loaded))
            a = max(a, y)
        if a < b:
            out.append(_marked(text[a:b], a, loaded))

    def emit_removed_upto(pos: int) -> None:
        nonlocal k
        while k < len(fixed) and fixed[k][0] <= pos:
            out.append(_removed_html(fixed[k][1]))
            k += 1

    def emit_plain(a: int, b: int) -> None:
        # plain text between sentences, with removed spans at their positions
        nonlocal cursor
        while k < len(fixed) and a <= fixed[k][0] <= b:
            p = fixed[k][0]
            emit_text(a, p)
            a = p
            emit_removed_upto(p)
        emit_text(a, b)
        cursor = b

    for start, end, key in clean_spans:
        emit_plain(cursor, start)
        by = cited.get(key, [])
        cls = "mds-src mds-cited" if by else "mds-src"
        cited_attr = f' data-cited-by="{" ".join(str(n) for n in by)}" title="used in summary sentence ' \
                     f'{", ".join(str(n) for n in by)}"' if by else ""
        out.append(f'<span class="{cls}" data-sid="{key}"{cited_attr}>{_marked(text[start:end], start, loaded)}</span>')
        cursor = end
    emit_plain(cursor, len(text))
    emit_removed_upto(10**12)

    n_removed = len(removed)
    name = doc.name or f"Report {doc.index + 1}"
    return (f'<article class="mds-doc" id="mds-doc-{doc.index}" data-doc="{doc.index}">'
            f'<header><span class="mds-badge">R{doc.index + 1}</span><span class="mds-docname">{esc(name)}</span>'
            f'<span class="mds-meta">{len(clean_spans)} sentences · {n_removed} removed</span></header>'
            f'<div class="mds-doctext">{"".join(out)}</div></article>')


def render_documents(summary: Summary, sentences: Sequence[Sentence] = (),
                     loaded: Mapping[int, Sequence[tuple[int, int, str]]] | None = None) -> str:
    """All report cards. Without `sentences`, the summary's source sentences are still linked
    (their spans come from the SourceRefs); the rest of the text is plain."""
    loaded = loaded or {}
    cited: dict[str, list[int]] = {}
    for i, s in enumerate(summary.sentences, 1):
        for r in s.sources:
            cited.setdefault(sid(r.doc, r.sentence), [])
            if i not in cited[sid(r.doc, r.sentence)]:
                cited[sid(r.doc, r.sentence)].append(i)
    by_doc: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    docs = {d.index: d for d in summary.documents}
    for s in summary.sentences:            # make sure every cited sentence can be highlighted
        for r in s.sources:
            doc = docs.get(r.doc)
            if doc is None or any(x.index == r.sentence for x in by_doc.get(r.doc, [])):
                continue
            if 0 <= r.start < r.end <= len(doc.text):   # the citation's own span in the cleaned text
                by_doc.setdefault(r.doc, []).append(Sentence(r.doc, r.sentence, r.text, r.start, r.end))
    removed_by_doc: dict[int, list[Removed]] = {}
    for r in summary.removed:
        removed_by_doc.setdefault(r.doc, []).append(r)
    cards = [render_document(d, by_doc.get(d.index, []), removed_by_doc.get(d.index, []), cited,
                             loaded.get(d.index, ())) for d in summary.documents]
    kept = {d.index for d in summary.documents}
    dropped = sorted(set(removed_by_doc) - kept)
    for i in dropped:                     # whole documents dropped (empty, near-duplicate)
        reasons = ", ".join(dict.fromkeys(reason_label(r) for r in removed_by_doc[i]))
        cards.append(f'<article class="mds-doc mds-doc-dropped"><header><span class="mds-badge">R{i + 1}</span>'
                     f'<span class="mds-docname">dropped</span><span class="mds-meta">{esc(reasons)}</span></header>'
                     f'<div class="mds-doctext">{"".join(_removed_html(r) for r in removed_by_doc[i])}</div></article>')
    legend = ('<p class="mds-legend"><span class="mds-key-cited">cited in the summary</span> '
              '<span class="mds-key-hl">source of the selected sentence</span> '
              '<span class="mds-key-removed"><span class="mds-why">reason</span><del>removed by cleaning</del></span> '
              '<span class="mds-key-loaded">loaded term</span></p>')
    return (f'<section class="mds-docs"><div class="mds-sum-head"><h3>Reports</h3></div>{legend}'
            f'<div class="mds-doc-grid">{"".join(cards)}</div></section>')


def render_result(summary: Summary, sentences: Sequence[Sentence] = (), loaded_in_sources: Sequence[LoadedUse] = (),
                  loaded_marks: Mapping[int, Sequence[tuple[int, int, str]]] | None = None,
                  rouge: Mapping[str, float] | None = None) -> str:
    """Summary, notes and report cards in one block (one click handler links them)."""
    return (f'<div class="mds-result"><div class="mds-top">{render_summary(summary)}'
            f'{render_notes(summary, loaded_in_sources, rouge)}</div>'
            f'{render_documents(summary, sentences, loaded_marks)}</div>')
