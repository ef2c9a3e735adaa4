"""The data that flows through the pipeline, and the JSON-serialisable `Summary` it returns."""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

from summarizer.text import printable


class RemovalReason(StrEnum):
    """Why cleaning dropped a span (`Removed.reason`); `label` is what a reader is shown."""

    ADVERTISEMENT = "advertisement"
    NEWSLETTER_PROMPT = "newsletter prompt"
    COOKIE_BANNER = "cookie banner"
    SHARE_BAR = "share bar"
    SOCIAL_LINKS = "social links"
    PHOTO_CREDIT = "photo credit"
    FOOTER = "footer"
    NAVIGATION = "navigation"
    BYLINE = "byline"
    SYNDICATION_NOTE = "syndication note"
    COMMENTS = "comments"
    RELATED_HEADLINES = "related headlines"
    TAGS = "tags"
    APP_PROMO = "app promo"
    SPAM = "spam"
    DATE_LINE = "date line"
    DATELINE = "dateline"
    PHOTO_CAPTION = "photo caption"
    PAGE_LABEL = "page label"
    SITE_BANNER = "site banner"
    DECORATION = "decoration"
    HEADLINE = "headline"
    SECTION_HEADING = "section heading"
    FRAGMENT = "fragment"
    DUPLICATE_TITLE = "duplicate title"
    DUPLICATE_BODY = "duplicate body"
    NEAR_DUPLICATE = "near-duplicate report"
    UNRELATED_LINE = "unrelated line"
    REPEATED_NOTICE = "repeated notice"
    LEARNED_CHROME = "chrome (learned)"
    OVER_LENGTH_CAP = "over length cap"

    @property
    def label(self) -> str:
        return _REASON_LABELS.get(self, self.value)


_REASON_LABELS = {
    RemovalReason.LEARNED_CHROME: "page chrome (learned filter)",
    RemovalReason.UNRELATED_LINE: "line unrelated to the reports (pasted chrome)",
    RemovalReason.REPEATED_NOTICE: "a notice many unrelated pages carry",
    RemovalReason.COMMENTS: "reader comments",
    RemovalReason.RELATED_HEADLINES: "related-headline list",
    RemovalReason.NAVIGATION: "site navigation",
    RemovalReason.FOOTER: "page footer",
    RemovalReason.TAGS: "topic tags",
    RemovalReason.APP_PROMO: "app promotion",
    RemovalReason.SPAM: "comment spam",
    RemovalReason.DUPLICATE_TITLE: "title repeated",
    RemovalReason.DUPLICATE_BODY: "body pasted twice",
    RemovalReason.NEAR_DUPLICATE: "near-identical copy of another report",
    RemovalReason.OVER_LENGTH_CAP: "beyond the length limit",
    RemovalReason.DATELINE: "dateline before the first words (place, wire agency)",
    RemovalReason.PAGE_LABEL: "page label or button (\"Close\", \"Enlarge this image\", \"Pdf:\")",
}


class Flag(StrEnum):
    """Marks on a summary sentence (`SummarySentence.flags`). A conflict flag carries what each report
    says after a colon: "conflicting-weekdays: Tuesday in reports 1, 2; Monday in report 3"."""

    FALLBACK_EXTRACTIVE = "fallback-extractive"
    TRUNCATED = "truncated"
    LOW_SUPPORT = "low-support"
    UNSUPPORTED_NUMBER = "unsupported-number"
    UNSUPPORTED_ENTITY = "unsupported-entity"
    CONFLICTING_NUMBERS = "conflicting-numbers"
    CONFLICTING_DATES = "conflicting-dates"
    CONFLICTING_WEEKDAYS = "conflicting-weekdays"
    CONFLICTING_AGES = "conflicting-ages"
    SPEAKER_FROM_CONTEXT = "speaker-from-context"

    @classmethod
    def of(cls, flag: str) -> Flag:
        """The flag of a flag string, details dropped."""
        return cls(flag.partition(": ")[0])

    @property
    def label(self) -> str:
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    Flag.FALLBACK_EXTRACTIVE: "generated text failed verification; the source sentence is shown instead",
    Flag.TRUNCATED: "cut to fit the word budget",
    Flag.LOW_SUPPORT: "weakly backed by its sources",
    Flag.UNSUPPORTED_NUMBER: "a number here is not found in its sources",
    Flag.UNSUPPORTED_ENTITY: "a name here is not found in its sources",
    Flag.CONFLICTING_NUMBERS: "the reports disagree on a number",
    Flag.CONFLICTING_DATES: "the reports disagree on a date",
    Flag.CONFLICTING_WEEKDAYS: "the reports disagree on the day",
    Flag.CONFLICTING_AGES: "the reports disagree on an age",
    Flag.SPEAKER_FROM_CONTEXT: "a quotation whose speaker the report names in the sentence before it",
}


@dataclass
class Document:
    """One report. `text` is what was read (raw); cleaning produces `CleanDocument`s."""

    text: str
    name: str = ""
    url: str = ""        # the address it was fetched from (after redirects), when it came from a link


# `Removed.detail` of a sentence dropped after embedding (the chrome filter): its words stay in the
# cleaned text, which the sentence offsets index, so a reader of that text skips them
KEPT_IN_TEXT = "dropped after embedding; still in the cleaned text"


@dataclass
class Removed:
    """A span that cleaning dropped from document `doc`, with offsets into its raw text."""

    doc: int
    text: str
    reason: RemovalReason
    start: int = -1
    end: int = -1
    detail: str = ""     # e.g. which report a near-duplicate copies
    clean_at: int = 0    # where the span sat in the cleaned text (after the kept text before it)


@dataclass
class CleanDocument:
    """A document after cleaning: `text` is the kept article text, `raw` the original."""

    index: int          # position in the (deduplicated) cluster; `Sentence.doc` refers to it
    name: str
    text: str
    raw: str
    url: str = ""       # where the report was fetched from, when it came from a link


@dataclass
class Sentence:
    """A source sentence with provenance: document, sentence index, character span in the
    cleaned document text (`CleanDocument.text[start:end] == text`)."""

    doc: int
    index: int
    text: str
    start: int
    end: int


@dataclass
class SourceRef:
    doc: int
    sentence: int
    text: str
    start: int = -1
    end: int = -1

    @classmethod
    def of(cls, sentence: Sentence) -> SourceRef:
        """A citation of one source sentence, with its span."""
        return cls(doc=sentence.doc, sentence=sentence.index, text=sentence.text,
                   start=sentence.start, end=sentence.end)


@dataclass
class SummarySentence:
    text: str
    sources: list[SourceRef] = field(default_factory=list)
    support: int = 0                                   # how many documents state this fact
    flags: list[str] = field(default_factory=list)     # e.g. "unsupported-number", "fallback-extractive"
    drawn_from: list[int] = field(default_factory=list)  # reports whose wording a rewrite uses (empty: verbatim)
    rejected: list[str] = field(default_factory=list)    # a fallback's reasons: its best rewrite's problems


@dataclass
class Summary:
    summary: str
    sentences: list[SummarySentence]
    removed: list[Removed]
    warnings: list[str]
    engine: str
    model: str | None
    timings: dict[str, float]
    documents: list[CleanDocument] = field(default_factory=list)
    avoided_terms: list[dict[str, str]] = field(default_factory=list)  # [{"term", "replacement"}]
    # What the pipeline found in the reports, for views that show them (the demo); not in the JSON:
    report_sentences: list[Sentence] = field(default_factory=list, metadata={"json": False})
    report_loaded_terms: list[tuple[int, Any]] = field(default_factory=list, metadata={"json": False})  # (doc, LoadedTerm)

    @property
    def text(self) -> str:
        return self.summary

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for f in fields(self):
            if not f.metadata.get("json", True):
                del out[f.name]
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_markdown(self) -> str:
        """Markdown with every piece of report text escaped: no HTML, links or images from a report
        can reach a page that renders it."""
        lines = []
        for s in self.sentences:
            cites = ", ".join(f"doc {r.doc + 1} s{r.sentence + 1}" for r in s.sources)
            marks = f"{s.support}/{len(self.documents)}" + "".join(f"; {markdown_escape(f)}" for f in s.flags)
            lines.append(f"{markdown_escape(s.text)} [{cites}; {marks}]" if cites else markdown_escape(s.text))
        body = " ".join(lines)
        notes = "".join(f"\n> warning: {markdown_escape(w)}" for w in self.warnings)
        model = f" ({markdown_escape(self.model)})" if self.model else ""
        return f"{body}\n\n_engine: {self.engine}{model}_{notes}\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")   # `![` and `[..](..)` need a bracket


def markdown_escape(text: str) -> str:
    """Text shown literally in Markdown: HTML characters as entities, markup characters backslashed,
    control characters (a newline or escape code in a file name) written as escapes."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(printable(text), quote=False))


@dataclass
class ClusterError:
    """What `Summarizer.summarize_many` (and `mds batch`) returns in place of a `Summary` for a cluster
    that could not be summarized, so one bad cluster never costs the others their results.

    `position` is the cluster's 0-based place in the input, `id` its id when it had one, `where` a
    human-readable location (e.g. "val.jsonl line 17") when it came from a file."""

    position: int | None
    id: str | None
    error: str
    where: str | None = None

    summary = None  # so code reading `.summary` (and `mds eval score`, as JSON null) sees "no summary"

    def describe(self) -> str:
        name = self.where or (f"cluster {self.position}" if self.position is not None else "cluster")
        return f"{name}" + (f" (id {self.id!r})" if self.id is not None else "") + f": {self.error}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "position": self.position, "where": self.where, "error": self.error,
                "summary": None}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
