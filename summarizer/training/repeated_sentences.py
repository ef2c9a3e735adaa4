"""Mine the notices that many unrelated pages repeat word for word (`pipeline.boilerplate.repeated_notices`).

    python -m summarizer.training.repeated_sentences        # about a minute on 2 cores

Every document of Multi-News train is cut into sentences as the cleaner cuts them (`segment.sentence_spans`:
an abbreviation's full stop, "George H.W. Bush", ends no sentence) and each is counted once per cluster; a
sentence the splitter still ended on initials is a piece, not counted. A sentence becomes a notice when
MIN_CLUSTERS or more clusters hold it, it has MIN_WORDS or more words, and those clusters are about different
things: the mean TF-IDF cosine between their reference summaries is below MAX_LIKENESS (at most SAMPLE clusters
a sentence, drawn with a fixed seed). The likeness test keeps out a story's own lines that follow-up clusters of
one event repeat ("Aaron Alexis, 34, has been identified ... as the gunman": 4 clusters, 0.26); a crawl note or a
comment policy sits near 0.02. The thresholds were set reading the mined list, before the hand-labelled chrome
sets scored it. Needs scikit-learn (the `train`, `eval` or `all` extra).
"""
from __future__ import annotations

import argparse
import gzip
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from summarizer.pipeline.boilerplate import REPEATED_SENTENCES, repeated_key
from summarizer.pipeline.segment import sentence_spans
from summarizer.training.selection import MULTINEWS_TRAIN, read

MIN_CLUSTERS = 4
MIN_WORDS = 5
MAX_LIKENESS = 0.1
SAMPLE = 30
SEED = 0


# a sentence the splitter ended on initials ("he said the u.s." | "Government ...") is a piece of one
ENDS_ON_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}[\"'”’)]*$")


def cluster_sentences(cluster: dict) -> set[str]:
    """The keys of a cluster's sentences of MIN_WORDS or more words, pieces cut at initials aside."""
    texts = {doc[a:b] for doc in cluster["documents"] for a, b in sentence_spans(doc)}
    keys = {repeated_key(t) for t in texts if not ENDS_ON_INITIALS.search(t)}
    return {k for k in keys if len(k.split()) >= MIN_WORDS}


def reference_of(cluster: dict) -> str:
    refs = cluster["references"]
    return refs[0] if isinstance(refs, list) else refs


def mine(path: Path = MULTINEWS_TRAIN, limit: int | None = None) -> list[tuple[int, float, str]]:
    """(clusters, likeness of their references, key) of every notice, most frequent first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    counts: Counter = Counter()
    for cluster in read(path, 0, limit):
        counts.update(cluster_sentences(cluster))
    frequent = {k for k, n in counts.items() if n >= MIN_CLUSTERS}
    holders: dict[str, list[int]] = defaultdict(list)
    references = []
    for i, cluster in enumerate(read(path, 0, limit)):        # a second pass: where the frequent ones are
        references.append(reference_of(cluster))
        for key in cluster_sentences(cluster) & frequent:
            holders[key].append(i)
    vectors = TfidfVectorizer(stop_words="english", min_df=3, sublinear_tf=True).fit_transform(references)
    rng = np.random.default_rng(SEED)
    notices = []
    for key in sorted(holders):
        ids = holders[key]
        sample = sorted(rng.choice(ids, SAMPLE, replace=False)) if len(ids) > SAMPLE else ids
        m = vectors[sample]
        n = len(sample)
        likeness = float(((m @ m.T).sum() - n) / (n * (n - 1)))   # rows are unit length: the diagonal is n
        if likeness < MAX_LIKENESS:
            notices.append((len(ids), likeness, key))
    return sorted(notices, key=lambda t: (-t[0], t[2]))


def write(notices: list[tuple[int, float, str]], out: Path = REPEATED_SENTENCES) -> None:
    # mtime 0: the same list gives the same bytes
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(b"clusters\treference_likeness\tsentence\n")
        for n, likeness, key in notices:
            f.write(f"{n}\t{likeness:.3f}\t{key}\n".encode())


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, default=None, help="only the first N training clusters")
    p.add_argument("--out", type=Path, default=REPEATED_SENTENCES)
    args = p.parse_args(argv)
    t0 = time.time()
    notices = mine(limit=args.limit)
    write(notices, args.out)
    print(f"{len(notices)} notices -> {args.out} ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
