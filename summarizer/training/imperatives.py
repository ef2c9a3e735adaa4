"""Mine the words that open imperatives in news pages (`pipeline.imperatives`): a page telling its reader
what to do, which selection then never picks.

    python -m summarizer.training.imperatives            # Multi-News train 0-9,999 and NeuS train, minutes

Every report is cleaned and split as at inference. Each sentence that could open on a verb's base form
(`imperatives.first_word`) is parsed with the fusion engine's spaCy pipeline: an imperative when its first
word is its root, tagged VB, with no subject. A word is kept when at least MIN_IMPERATIVES of the sentences it
opens are imperatives and at least MIN_SHARE of them: "click", "sign", "imagine" open little else, while
"share" ("Share prices fell ...") or "watch" ("Watch sales ...") open news too and stay out. The thresholds were
set before the list was read or any summary scored with it.
"""
from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter

from summarizer.pipeline.imperatives import OPENERS, first_word
from summarizer.training.selection import MULTINEWS_TRAIN, NEUS_TRAIN, read

MIN_IMPERATIVES = 4
MIN_SHARE = 0.8
BATCH = 2000


def is_imperative(doc) -> bool:
    first = doc[0]
    return (first.tag_ == "VB" and first.dep_ == "ROOT"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in first.children))


def candidates(clusters):
    """(first word, sentence) of each sentence that could open on a verb's base form."""
    from summarizer.api import as_documents
    from summarizer.pipeline.clean import clean_cluster
    from summarizer.pipeline.segment import split_sentences

    for cluster in clusters:
        for doc in clean_cluster(as_documents(cluster["documents"])).documents:
            for sentence in split_sentences(doc):
                if (word := first_word(sentence.text)) is not None:
                    yield word, sentence.text


def count(clusters) -> tuple[Counter, Counter]:
    """Per first word: the candidate sentences it opens, and the imperatives among them."""
    from summarizer.fusion.alignment import dependency_parser

    nlp = dependency_parser()
    opened, commands = Counter(), Counter()
    stream = candidates(clusters)
    while batch := list(itertools.islice(stream, BATCH)):
        for (word, _), doc in zip(batch, nlp.pipe([text for _, text in batch], batch_size=256)):
            opened[word] += 1
            commands[word] += is_imperative(doc)
    return opened, commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=10_000, help="Multi-News train clusters to read")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    clusters = itertools.chain(read(MULTINEWS_TRAIN, 0, args.clusters), read(NEUS_TRAIN))
    opened, commands = count(clusters)
    kept = sorted((w for w in opened if commands[w] >= MIN_IMPERATIVES and commands[w] >= MIN_SHARE * opened[w]),
                  key=lambda w: (-commands[w], w))
    rows = ["word\timperatives\tsentences"] + [f"{w}\t{commands[w]}\t{opened[w]}" for w in kept]
    OPENERS.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{sum(opened.values())} candidate sentences, {sum(commands.values())} imperatives; "
          f"{len(kept)} words kept in {OPENERS} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
