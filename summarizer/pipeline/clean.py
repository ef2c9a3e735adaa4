"""Clean a cluster of noisy web copies: drop boilerplate paragraphs, collapse a body pasted twice,
collapse near-identical documents, and record every removed span with its reason.

The work is paragraph by paragraph (a paragraph = a line, or hard-wrapped lines joined). What
chrome looks like lives in `summarizer.pipeline.boilerplate`; this module decides which paragraphs form
blocks (a "Read More" cue and the headlines under it, a comment section, a price-list ad...).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from summarizer.pipeline import boilerplate as bp
from summarizer.pipeline.ingest import html_to_text, looks_like_html
from summarizer.pipeline.segment import sentence_spans
from summarizer.text import STOPWORDS, STRAIGHT_QUOTES
from summarizer.types import CleanDocument, Document, Removed
from summarizer.types import RemovalReason as Reason

MAX_CHARS = 200_000          # longer documents are cut (with a warning) so cleaning stays fast
NEAR_DUPLICATE = 0.9         # word-shingle Jaccard above which two documents count as one
UNRELATED_SHARE = 0.2        # a short line whose content words the other lines share less than this is chrome
UNRELATED_MAX_WORDS = 50     # only lines up to this long: a long paragraph is the report's own text
COPY_JACCARD = 0.5           # content-word Jaccard of two copies of one pasted line
SYNDICATED = 0.5             # two reports sharing this share of their lines are copies of one story
DUPLICATE_COVERAGE = 0.8     # share of a paragraph's shingles found elsewhere that marks it a copy
SHINGLE = 5
SPAN_TEXT_LIMIT = 20_000     # Removed.text is raw[start:end], or its start and length beyond this

# Labels that only describe non-sentences (titles, headings); dropped only if article text remains.
SOFT_REASONS = {Reason.HEADLINE, Reason.SECTION_HEADING, Reason.FRAGMENT}


@dataclass
class CleanResult:
    documents: list[CleanDocument]
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Para:
    start: int               # offsets into the raw text
    end: int
    text: str                # stripped; wrapped lines joined with spaces
    reason: Reason | None = None
    cuts: list[tuple[int, int, Reason]] = field(default_factory=list)   # chrome inside it, offsets into text

    @property
    def kept(self) -> bool:
        return self.reason is None

    def pieces(self) -> list[tuple[str, tuple[int, int, Reason] | None]]:
        """The kept text in order, each piece with the cut that follows it (None after the last)."""
        out, at = [], 0
        for cut in self.cuts:
            out.append((self.text[at:cut[0]], cut))
            at = cut[1]
        out.append((self.text[at:], None))
        return out

    @property
    def kept_text(self) -> str:
        if not self.cuts:
            return self.text
        kept = ""
        for piece, _ in self.pieces():
            kept = _join(kept, piece)
        return kept


def _join(kept: str, piece: str) -> str:
    """Kept text with the piece after a cut: one space between, the piece's first letter capitalised where a
    cut took the start of its sentence ("london ( cnn ) british airways" -> "British airways")."""
    piece = piece.strip()
    if not piece:
        return kept
    if not kept or bp.ends_sentence(kept) or kept.endswith('"'):
        piece = piece[:1].upper() + piece[1:]
    return f"{kept} {piece}" if kept else piece


def clean_cluster(docs: list[Document]) -> CleanResult:
    """Clean every document; `CleanDocument.index` is its position in `docs`."""
    result = CleanResult(documents=[])
    for i, doc in enumerate(docs):
        label = _label(doc, i)
        raw = doc.text or ""
        if not raw.strip():
            result.warnings.append(f"{label} is empty; it was left out")
            continue
        if looks_like_html(raw):
            # markup given as a string: read it as the file reader would; offsets refer to that text
            raw = html_to_text(raw, doc.name or f"doc {i}")
            result.warnings.append(f"{label} was HTML; its article text was extracted")
        text, removed, warnings = clean_text(raw, i)
        result.removed.extend(removed)
        result.warnings.extend(f"{label}: {w}" for w in warnings)
        if text:
            result.documents.append(CleanDocument(index=i, name=doc.name, text=text, raw=raw, url=doc.url))
        else:
            result.warnings.append(f"{label} had no article text left after cleaning; it was left out")
    _collapse_near_duplicates(result, docs)
    _drop_unrelated_lines(result)
    return result


_ENTITY = re.compile(r"&(amp|quot|apos|lt|gt|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def unescape_entities(text: str) -> str:
    """HTML entities a page's text kept ("Harold Melvin &amp; the Blue Notes"), written as characters."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()).replace("\xa0", " "), text)


def clean_text(raw: str, doc: int = 0) -> tuple[str, list[Removed], list[str]]:
    """Kept article text of one document, the removed spans and any warnings."""
    warnings: list[str] = []
    removed: list[Removed] = []
    work = raw
    if len(raw) > MAX_CHARS:
        cut = _cut_point(raw, MAX_CHARS)
        work = raw[:cut]
        rest = raw[cut:]
        warnings.append(f"document is {len(raw):,} characters long; only the first {cut:,} were used")
        removed.append(Removed(doc, _preview(rest), Reason.OVER_LENGTH_CAP, cut, len(raw)))

    paras = _paragraphs(work)
    _label_lines(paras)
    _label_cue_blocks(paras)
    _label_ad_runs(paras)
    _label_headline_runs(paras)
    _label_duplicates(paras)
    _label_soft(paras)
    _cut_sentence_chrome(paras)

    spans = _spans(paras, doc, work)
    removed[:0] = spans
    text = unescape_entities("\n\n".join(p.kept_text for p in paras if p.kept))
    for r in removed:
        if r.reason == Reason.OVER_LENGTH_CAP:
            r.clean_at = len(text)
    return text, removed, warnings


# --- splitting ---------------------------------------------------------------------------------

def _paragraphs(raw: str) -> list[_Para]:
    """Lines with raw offsets; hard-wrapped lines of one paragraph are joined."""
    lines: list[tuple[int, int, str, bool]] = []   # start, end, text, blank line before
    prev_end = 0
    for m in re.finditer(r"[^\n\r\f\v\u2028\u2029]+", raw):
        text = m.group()
        stripped = text.strip()
        if not stripped:
            continue
        start = m.start() + (len(text) - len(text.lstrip()))
        gap = raw.count("\n", prev_end, start) >= 2 or "\f" in raw[prev_end:start] or not lines
        lines.append((start, start + len(stripped), re.sub(r"\s+", " ", stripped), gap))
        prev_end = start + len(stripped)

    paras: list[_Para] = []
    block: list[tuple[int, int, str, bool]] = []
    for line in lines + [(0, 0, "", True)]:
        if line[3] and block:
            paras.extend(_unwrap(block))
            block = []
        block.append(line)
    return paras


def _unwrap(block: list[tuple[int, int, str, bool]]) -> list[_Para]:
    """Join lines of a block that are one paragraph wrapped at a fixed width."""
    if len(block) == 1:
        s, e, t, _ = block[0]
        return [_Para(s, e, t)]
    lengths = [len(t) for _, _, t, _ in block[:-1]]
    # wrapped at a fixed width: similar line lengths, and some breaks fall before a lowercase word
    # (a list of headlines has similar lengths too, but every line starts with a capital)
    lower_starts = sum(t[:1].islower() for _, _, t, _ in block[1:])
    wrapped = (len(block) >= 3 and min(lengths) >= 0.7 * max(lengths) and max(lengths) >= 50
               and lower_starts >= max(1, 0.2 * (len(block) - 1)))
    out: list[_Para] = []
    for s, e, t, _ in block:
        if out and (wrapped or _continues(out[-1].text, t)):
            out[-1] = _Para(out[-1].start, e, f"{out[-1].text} {t}")
        else:
            out.append(_Para(s, e, t))
    return out


def _continues(prev: str, line: str) -> bool:
    return not bp.ends_sentence(prev) and line[:1].islower() and len(prev) >= 30


# --- labelling passes -------------------------------------------------------------------------

def _label_lines(paras: list[_Para]) -> None:
    for p in paras:
        p.reason = bp.match_line(p.text)


def _first_body(paras: list[_Para]) -> int:
    """Index of the first paragraph that reads like article prose."""
    for i, p in enumerate(paras):
        if p.kept and bp.ends_sentence(p.text) and (len(p.text) > 200 or len(bp.words(p.text)) >= 8):
            return i
    return len(paras)


def _label_cue_blocks(paras: list[_Para]) -> None:
    """Blocks opened by a cue: "Read More" + headlines, "Comments" + the thread, "Sponsored" + ads,
    "Follow us on" + network names."""
    body = _first_body(paras)
    i = 0
    while i < len(paras):
        p = paras[i]
        if len(p.text) > 60:
            i += 1
            continue
        if bp.RELATED_CUE.fullmatch(p.text):
            if i < body:  # "Top Stories" above the article is a section banner, not a list
                p.reason = p.reason or Reason.NAVIGATION
                i += 1
                continue
            p.reason = Reason.RELATED_HEADLINES
            i = _extend_related(paras, i + 1, Reason.RELATED_HEADLINES)
        elif bp.COMMENTS_CUE.fullmatch(p.text) and i > body:
            p.reason = Reason.COMMENTS
            i = _extend_comments(paras, i + 1)
        elif bp.AD_CUE.fullmatch(p.text):
            # "Sponsored" above ad teasers ("Smart hearing aids from 199 pounds. Book a test today")
            p.reason = Reason.ADVERTISEMENT
            j = i + 1
            while j < len(paras) and paras[j].kept and not _is_cue(paras[j].text) and bp.is_headline(paras[j].text):
                paras[j].reason = Reason.ADVERTISEMENT
                j += 1
            i = j
        elif bp.SOCIAL_CUE.fullmatch(p.text):
            p.reason = p.reason or (Reason.SHARE_BAR if p.text.lower().startswith("share") else Reason.SOCIAL_LINKS)
            j = i + 1
            while j < len(paras) and not _is_cue(paras[j].text) and (
                    paras[j].reason in (Reason.SHARE_BAR, Reason.SOCIAL_LINKS)
                    or (paras[j].kept and (bp.is_nav_item(paras[j].text) or bp.is_symbol_line(paras[j].text)))):
                paras[j].reason = p.reason
                j += 1
            i = j
        else:
            i += 1


def _is_cue(text: str) -> bool:
    return len(text) <= 60 and any(rx.fullmatch(text) for rx in (bp.RELATED_CUE, bp.COMMENTS_CUE, bp.SOCIAL_CUE))


def _extend_related(paras: list[_Para], j: int, reason: Reason) -> int:
    while j < len(paras):
        t = paras[j].text
        nxt = paras[j + 1].text if j + 1 < len(paras) else ""
        if paras[j].reason in (Reason.DATE_LINE, Reason.RELATED_HEADLINES, Reason.NAVIGATION, Reason.PHOTO_CREDIT):
            pass
        elif paras[j].reason is not None or not (bp.is_list_title(t) or bp.is_teaser(t) or bp.is_symbol_line(t)
                  or (len(bp.words(t)) <= 45 and bp.is_time_ago(nxt))):
            break
        paras[j].reason = reason
        j += 1
    return j


def _extend_comments(paras: list[_Para], j: int) -> int:
    """A comment thread runs to the end of the page, up to the next block of other chrome."""
    while j < len(paras):
        t = paras[j].text
        if len(t) <= 60 and (bp.RELATED_CUE.fullmatch(t) or bp.SOCIAL_CUE.fullmatch(t)):
            break
        if paras[j].reason in (None, Reason.DATE_LINE, Reason.COMMENTS, Reason.NAVIGATION, Reason.BYLINE):
            paras[j].reason = Reason.COMMENTS
        j += 1
    return j


_AD_WORDS = re.compile(r"\b(for sale|buy|price|prices|auction|contact|call|order|whats ?app|deal|offer|discount)\b",
                       re.IGNORECASE)


def _label_ad_runs(paras: list[_Para]) -> None:
    """A run of short price lines ("Toyota Camry=750,000") is a classified ad, whatever else it says."""
    def pricey(p: _Para) -> bool:
        # ad entries are bare ("Toyota Camry=750,000"); a list in an article ends its items with a full stop
        return p.reason in (None, Reason.COMMENTS, Reason.ADVERTISEMENT, Reason.DATE_LINE) and bp.is_price_line(p.text) \
            and ((len(bp.words(p.text)) <= 12 and not bp.ends_sentence(p.text))
                 or len(bp.PRICE.findall(p.text)) >= 3)

    i = 0
    while i < len(paras):
        if not pricey(paras[i]):
            i += 1
            continue
        j = i
        while j < len(paras) and (pricey(paras[j]) or bp.is_symbol_line(paras[j].text)):
            j += 1
        if sum(pricey(p) for p in paras[i:j]) >= 4:
            lo, hi = i, j
            while lo > 0 and (_AD_WORDS.search(paras[lo - 1].text) or bp.is_symbol_line(paras[lo - 1].text)) \
                    and len(bp.words(paras[lo - 1].text)) <= 20:
                lo -= 1
            while hi < len(paras) and (bp.is_phone_line(paras[hi].text) or bp.is_symbol_line(paras[hi].text)):
                hi += 1
            for p in paras[lo:hi]:
                p.reason = Reason.ADVERTISEMENT
            j = hi
        i = max(j, i + 1)


def _label_headline_runs(paras: list[_Para]) -> None:
    """Headline lists without a cue: a run at the end of the page, or a long run anywhere; menus."""
    # trailing run: walk back over chrome already labelled, then over headline-like paragraphs
    run: list[_Para] = []
    for p in reversed(paras):
        if not p.kept:
            continue
        if bp.is_list_title(p.text) or bp.is_teaser(p.text):
            run.append(p)
        else:
            break
    if len(run) >= 3 and sum(bp.is_headline(p.text) for p in run) >= 0.7 * len(run):
        for p in run:
            p.reason = Reason.RELATED_HEADLINES

    # runs inside the page: >= 3 menu items, or >= 5 headlines
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and paras[j].kept and bp.is_headline(paras[j].text):
            j += 1
        group = paras[i:j]
        nav = sum(bp.is_nav_item(p.text) for p in group)
        if len(group) >= 3 and nav >= 0.7 * len(group):
            for p in group:
                if bp.is_nav_item(p.text):   # a title right under the menu is not part of it
                    p.reason = Reason.NAVIGATION
        elif len(group) >= 5:
            for p in group:
                p.reason = Reason.RELATED_HEADLINES
        i = max(j, i + 1)


def _norm_words(text: str) -> list[str]:
    text = text.lower().translate(_QUOTES_AND_DASHES)
    return bp.words(text)


_QUOTES_AND_DASHES = {**STRAIGHT_QUOTES, ord("\u2013"): "-", ord("\u2014"): "-"}


def _shingles(ws: list[str]) -> list[tuple[str, ...]]:
    if len(ws) < SHINGLE:
        return [tuple(ws)] if ws else []
    return [tuple(ws[k:k + SHINGLE]) for k in range(len(ws) - SHINGLE + 1)]


def _label_duplicates(paras: list[_Para]) -> None:
    """A body pasted twice: drop the copy whose text is found elsewhere on the page.

    Longest paragraphs are tested first, so a run-on copy of the whole article goes and the
    paragraphed copy (better for sentence splitting) stays; of two equal copies the later goes.
    """
    shingles = [Counter(_shingles(_norm_words(p.text))) if p.kept else Counter() for p in paras]
    counts: Counter = Counter()
    for sh in shingles:   # only article text counts as "found elsewhere": a title in a headline list is no copy
        counts.update(sh)
    order = sorted((k for k, p in enumerate(paras) if p.kept and len(bp.words(p.text)) >= 12),
                   key=lambda k: (-len(paras[k].text), -k))
    for k in order:
        own = shingles[k]
        found = sum(1 for s in own if counts[s] > own[s])
        if own and found >= DUPLICATE_COVERAGE * len(own):
            paras[k].reason = Reason.DUPLICATE_TITLE if bp.is_headline(paras[k].text) else Reason.DUPLICATE_BODY
            counts.subtract(own)

    seen: set[str] = set()
    for p in paras:                       # short repeats: a title printed twice
        key = " ".join(_norm_words(p.text))
        if not key or len(bp.words(p.text)) >= 12:
            continue
        if key in seen and p.kept:
            p.reason = Reason.DUPLICATE_TITLE if bp.is_headline(p.text) else Reason.DUPLICATE_BODY
        seen.add(key)


def _label_soft(paras: list[_Para]) -> None:
    """Site banners and the title above the article; headings and decoration inside it."""
    body = _first_body(paras)
    for i, p in enumerate(paras[:3]):
        if p.kept and len(paras) >= 4 and len(bp.words(p.text)) <= 25 and \
                (bp.SITE_BANNER.fullmatch(p.text) or (i < body and bp.is_symbol_line(p.text))):
            p.reason = Reason.SITE_BANNER
    body = _first_body(paras)
    for i, p in enumerate(paras):
        if not p.kept:
            continue
        if bp.is_symbol_line(p.text):
            p.reason = Reason.SITE_BANNER if i < body else Reason.DECORATION
        elif i < body and bp.is_headline(p.text):
            later_title = any(q.kept and bp.is_headline(q.text) for q in paras[i + 1:body])
            p.reason = Reason.SITE_BANNER if later_title and bp.is_all_caps_heading(p.text) else Reason.HEADLINE
        elif bp.is_all_caps_heading(p.text) or (bp.is_headline(p.text) and len(bp.words(p.text)) <= 8):
            # a longer line without a full stop may be a standfirst: leave it to the sentence splitter
            p.reason = Reason.SECTION_HEADING if len(bp.words(p.text)) > 1 else Reason.FRAGMENT
    if not any(p.kept for p in paras):   # never drop the only text a document has
        for p in paras:
            if p.reason in SOFT_REASONS:
                p.reason = None


def _cut_sentence_chrome(paras: list[_Para]) -> None:
    """Chrome inside kept paragraphs, sentence by sentence: a caption, a credit, a button or a widget's
    notice goes whole; a dateline or a label before a sentence's first words goes, the sentence stays.
    A paragraph left with nothing is removed whole, under its first cut's reason."""
    first = True
    for p in paras:
        if not p.kept:
            continue
        for start, end in sentence_spans(p.text):
            p.cuts += [(start + s, start + e, reason)
                       for s, e, reason in bp.unit_chrome(p.text[start:end], doc_start=first)]
            first = False
        if p.cuts and not re.search(r"\w", p.kept_text):
            p.reason, p.cuts = p.cuts[0][2], []


def _raw_offsets(p: _Para, raw: str) -> list[int]:
    """Raw offset of each non-space character of `p.text` (its text is the raw lines, whitespace collapsed)."""
    return [p.start + k for k, ch in enumerate(raw[p.start:p.end]) if not ch.isspace()]


def _cut_spans(p: _Para, doc: int, raw: str, clean_at: int) -> list[Removed]:
    """Removed spans for the chrome cut inside a kept paragraph; clean_at is where the paragraph starts."""
    offsets = _raw_offsets(p, raw)

    def to_raw(i: int) -> int:       # raw offset of the non-space character text[i]
        return offsets[min(sum(not ch.isspace() for ch in p.text[:i]), len(offsets) - 1)]

    out, kept = [], ""
    for piece, cut in p.pieces():
        kept = _join(kept, piece)
        if cut is None:
            break
        cut_text = p.text[cut[0]:cut[1]]
        first = cut[0] + len(cut_text) - len(cut_text.lstrip())
        last = cut[0] + len(cut_text.rstrip()) - 1
        if last < first:
            continue
        start, end = to_raw(first), to_raw(last) + 1
        out.append(Removed(doc, _preview(raw[start:end]), cut[2], start, end, clean_at=clean_at + len(kept)))
    return out


def _spans(paras: list[_Para], doc: int, raw: str) -> list[Removed]:
    """Consecutive removed paragraphs with one reason become one span; chrome cut inside a kept
    paragraph is a span of its own."""
    out: list[Removed] = []
    clean_at = 0     # the end of the kept text so far, as joined by clean_text
    for p in paras:
        if p.kept:
            if p.cuts:
                out.extend(_cut_spans(p, doc, raw, clean_at + (2 if clean_at else 0)))
            clean_at += len(p.kept_text) + (2 if clean_at else 0)
            continue
        last = out[-1] if out else None
        if last and last.reason == p.reason and not raw[last.end:p.start].strip():
            last.end = p.end
            last.text = _preview(raw[last.start:last.end])
        else:
            out.append(Removed(doc, _preview(raw[p.start:p.end]), p.reason, p.start, p.end, clean_at=clean_at))
    return out


def _preview(text: str, limit: int = SPAN_TEXT_LIMIT) -> str:
    """Removed text as shown to a reader; a long span keeps its start and says how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}... [{len(text):,} characters in all]"


def _cut_point(raw: str, limit: int) -> int:
    nl = raw.rfind("\n", limit - 10_000, limit)
    if nl > 0:
        return nl
    sp = raw.rfind(" ", limit - 1_000, limit)
    return sp if sp > 0 else limit


# --- across documents -------------------------------------------------------------------------

def _collapse_near_duplicates(result: CleanResult, docs: list[Document]) -> None:
    """Keep the first of two documents whose cleaned texts are near-identical."""
    sets = [set(_shingles(_norm_words(d.text))) for d in result.documents]
    dropped: set[int] = set()
    for a in range(len(result.documents)):
        if a in dropped:
            continue
        for b in range(a + 1, len(result.documents)):
            if b in dropped or not sets[a] or not sets[b]:
                continue
            small, large = sorted((len(sets[a]), len(sets[b])))
            if small < NEAR_DUPLICATE * large:   # Jaccard cannot reach the threshold
                continue
            sim = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if sim >= NEAR_DUPLICATE:
                dropped.add(b)
                keep, drop = result.documents[a], result.documents[b]
                result.removed.append(Removed(drop.index, _preview(drop.raw), Reason.NEAR_DUPLICATE,
                                              0, len(drop.raw), detail=f"of doc {keep.index}"))
                result.warnings.append(
                    f"{_label(docs[drop.index], drop.index)} is a near-duplicate of "
                    f"{_label(docs[keep.index], keep.index)} (similarity {sim:.2f}); kept doc {keep.index} only")
    result.documents = [d for k, d in enumerate(result.documents) if k not in dropped]


def _content_words(text: str) -> set[str]:
    return {w for w in _norm_words(text) if w not in STOPWORDS and not w.isdigit() and len(w) > 1}


def _drop_unrelated_lines(result: CleanResult) -> None:
    """Drop short lines (paragraphs) pasted into several reports that relate to nothing else in the
    cluster: ads, promotions, spam and other stories' headlines that sites paste into their copies,
    which coverage selection would reward for being in many reports. A line is pasted when another
    report holds a copy of it (COPY_JACCARD), and unrelated when under UNRELATED_SHARE of its content
    words occur anywhere else in the reports, its copies left out: a fact repeated across reports
    shares its names and topic words with the rest of the story; pasted chrome does not. (A line in one
    report only is left to selection: unshared wording earns it little there.)"""
    if len(result.documents) < 2:
        return      # one report: nothing to relate a line to but the report itself
    lines = [d.text.split("\n\n") for d in result.documents]
    words = [[_content_words(p) for p in doc] for doc in lines]
    postings: dict[str, list[tuple[int, int]]] = {}     # word -> the (report, line)s holding it
    for k, doc in enumerate(words):
        for j, found in enumerate(doc):
            for w in found:
                postings.setdefault(w, []).append((k, j))
    everywhere = {w: len(held) for w, held in postings.items()}
    copies = {(k, j): _copies(k, j, words, postings, everywhere) for k, doc in enumerate(words) for j in range(len(doc))}
    # two reports that share most of their lines are one syndicated story, not chrome pasted into both
    copied = Counter((k, a) for (k, _), found in copies.items() for a in {a for a, _ in found})
    shared = lambda k, a: copied[k, a] / len(words[k])
    for k, doc in enumerate(lines):
        keep, dropped = [], []
        for j, text in enumerate(doc):
            own = words[k][j]
            pasted = any(shared(k, a) < SYNDICATED for a, _ in copies[k, j])
            if not pasted or len(own) < 4 or len(text.split()) > UNRELATED_MAX_WORDS:
                keep.append(text)
                continue
            outside = sum(everywhere[w] - 1 - sum(w in c for _, c in copies[k, j]) > 0 for w in own)
            (dropped if outside < UNRELATED_SHARE * len(own) else keep).append(text)
        if dropped and keep:
            document = result.documents[k]
            clean_at = 0
            for text in doc:
                if text in dropped:
                    at = document.raw.find(text)
                    result.removed.append(Removed(document.index, _preview(text), Reason.UNRELATED_LINE,
                                                  at, at + len(text) if at >= 0 else -1, clean_at=clean_at))
                else:
                    clean_at += len(text) + (2 if clean_at else 0)
            document.text = "\n\n".join(keep)


def _copies(k: int, j: int, words: list[list[set[str]]], postings: dict, everywhere: dict) -> list:
    """(report, words) of the lines of other reports that copy line j of report k (COPY_JACCARD). A
    copy holds at least half of the line's words, so one of its rarest half: only their lines are tried."""
    own = words[k][j]
    if not own:
        return []
    rarest = sorted(own, key=lambda w: (everywhere[w], w))[:len(own) // 2 + 1]
    tried = {line for w in rarest for line in postings[w] if line[0] != k}
    return [(a, words[a][b]) for a, b in sorted(tried)
            if len(own & words[a][b]) >= COPY_JACCARD * len(own | words[a][b])]


def _label(doc: Document, index: int) -> str:
    return f"doc {index} ({doc.name})" if doc.name else f"doc {index}"
