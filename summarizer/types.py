"""The data that flows through the pipeline, and the JSON-serialisable `Summary` it returns."""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One report. `text` is what was read (raw); cleaning produces `CleanDocument`s."""

    text: str
    name: str = ""


@dataclass
class Removed:
    """A span that cleaning dropped from document `doc`, with offsets into its raw text."""

    doc: int
    text: str
    reason: str
    start: int = -1
    end: int = -1


@dataclass
class CleanDocument:
    """A document after cleaning: `text` is the kept article text, `raw` the original."""

    index: int          # position in the (deduplicated) cluster; `Sentence.doc` refers to it
    name: str
    text: str
    raw: str


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

    @property
    def text(self) -> str:
        return self.summary

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_markdown(self) -> str:
        """Markdown with every piece of report text escaped: no HTML, links or images from a report
        can reach a page that renders it."""
        lines = []
        for i, s in enumerate(self.sentences, 1):
            cites = ", ".join(f"doc {r.doc + 1} s{r.sentence + 1}" for r in s.sources)
            marks = f"{s.support}/{len(self.documents)}" + "".join(f"; {markdown_escape(f)}" for f in s.flags)
            lines.append(f"{markdown_escape(s.text)} [{cites}; {marks}]" if cites else markdown_escape(s.text))
        body = " ".join(lines)
        notes = "".join(f"\n> warning: {markdown_escape(w)}" for w in self.warnings)
        model = f" ({markdown_escape(self.model)})" if self.model else ""
        return f"{body}\n\n_engine: {self.engine}{model}_{notes}\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")   # `![` and `[..](..)` need a bracket


def markdown_escape(text: str) -> str:
    """Text shown literally in Markdown: HTML characters as entities, markup characters backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


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
