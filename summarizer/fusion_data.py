"""Sentence-fusion training pairs built from clusters with reference summaries.

For each reference sentence, the source sentence that shares most of its words is the *anchor*;
the anchor's closest sentences from the other reports join it as they would join it in a fact
group at inference. The input is the group, anchor first, joined by [SEP] (`fusion_input`, the
same function the `fusion` engine uses); the target is the reference sentence. A pair is kept only
when the group covers most of the reference sentence's content words, so the model learns to say
what its input says and nothing else. A share of "copy" pairs (a source sentence in its group ->
that sentence) teaches faithful copying first. NeuS pairs teach the neutral register.

    python -m summarizer.fusion_data --out runs/fusion-data   # also: mds train --config (builds if missing)
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

SEPARATOR = " [SEP] "

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this "
    "that these those he she they we you i his her their our your not no so than then there has have had "
    "do does did will would can could should may might said says also into over after before about who "
    "which what when where while s t".split())


def fusion_input(anchor: str, extras: list[str] = ()) -> str:
    """The model's input for one fact: the sentence to rewrite, then the others that state it."""
    return SEPARATOR.join([anchor.strip(), *(e.strip() for e in extras)])


@dataclass
class PairRecipe:
    min_coverage: float = 0.6      # share of the reference sentence's content words the group must contain
    min_anchor_overlap: float = 0.3  # ... and the anchor alone (else the "fact" is spread too thin)
    extra_similarity: float = 0.25  # word-overlap (Jaccard) to the anchor for another sentence to join
    max_extras: int = 2
    min_words: int = 6
    max_words: int = 60
    copy_share: float = 0.3        # share of copy pairs among all pairs
    max_input_words: int = 110     # ~128 word pieces


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP]


def _clean_reference(text: str) -> str:
    return re.sub(r"^[\s–—-]+", "", text).strip()


def sentences_of(text: str, min_words: int = 4) -> list[str]:
    from summarizer.segment import split_text

    return [s for s in split_text(text) if len(s.split()) >= min_words]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def group_for(anchor: int, sentences: list[str], doc_of: list[int], bags: list[set[str]],
              recipe: PairRecipe) -> list[int]:
    """The anchor's closest sentences from other documents, most similar first, within the input size."""
    ranked = sorted(((_jaccard(bags[anchor], bags[j]), j) for j in range(len(sentences))
                     if doc_of[j] != doc_of[anchor]), reverse=True)
    extras, length = [], len(sentences[anchor].split())
    for score, j in ranked:
        if score < recipe.extra_similarity or len(extras) >= recipe.max_extras:
            break
        if length + len(sentences[j].split()) <= recipe.max_input_words:
            extras.append(j)
            length += len(sentences[j].split())
    return extras


def pairs_for_cluster(cluster: dict, recipe: PairRecipe, rng: random.Random, source: str) -> list[dict]:
    sentences, doc_of = [], []
    for d, doc in enumerate(cluster["documents"]):
        for s in sentences_of(doc):
            if len(s.split()) <= recipe.max_input_words:
                sentences.append(s)
                doc_of.append(d)
    if not sentences:
        return []
    bags = [set(content_words(s)) for s in sentences]
    out = []
    for reference in cluster["references"][:1]:
        for target in sentences_of(_clean_reference(reference)):
            n_words = len(target.split())
            want = set(content_words(target))
            if not (recipe.min_words <= n_words <= recipe.max_words) or len(want) < 3:
                continue
            overlaps = [len(want & b) / len(want) for b in bags]
            anchor = max(range(len(sentences)), key=overlaps.__getitem__)
            if overlaps[anchor] < recipe.min_anchor_overlap:
                continue
            extras = group_for(anchor, sentences, doc_of, bags, recipe)
            covered = set().union(*(bags[j] for j in [anchor, *extras]))
            coverage = len(want & covered) / len(want)
            if coverage < recipe.min_coverage:
                continue
            out.append({"input": fusion_input(sentences[anchor], [sentences[j] for j in extras]),
                        "target": target, "kind": "fusion", "source": source, "id": cluster["id"],
                        "coverage": round(coverage, 3), "anchor_overlap": round(overlaps[anchor], 3),
                        "group": 1 + len(extras)})
    # copy pairs: as many as make `copy_share` of this cluster's pairs
    n_copy = round(len(out) * recipe.copy_share / (1 - recipe.copy_share)) if out else 0
    candidates = [i for i, s in enumerate(sentences)
                  if recipe.min_words <= len(s.split()) <= 45 and s.rstrip()[-1:] in ".\"'”"]
    for anchor in rng.sample(candidates, min(n_copy, len(candidates))):
        extras = group_for(anchor, sentences, doc_of, bags, recipe)
        out.append({"input": fusion_input(sentences[anchor], [sentences[j] for j in extras]),
                    "target": sentences[anchor], "kind": "copy", "source": source, "id": cluster["id"],
                    "coverage": 1.0, "anchor_overlap": 1.0, "group": 1 + len(extras)})
    return out


def _clusters(path: Path, start: int, limit: int | None):
    from eval.data import iter_json_lines

    for number, obj in iter_json_lines(path):
        if number <= start:
            continue
        if limit is not None and number > start + limit:
            break
        yield obj


def build_pairs(data_dir: Path, out_dir: Path, multinews_clusters: int, neus_repeat: int = 2,
                dev_clusters: int = 200, recipe: PairRecipe | None = None, seed: int = 0) -> dict:
    """Write train.jsonl and dev.jsonl under `out_dir`; return (and write) their statistics.

    dev pairs come from Multi-News validation clusters 1001+ (the first 500 are the evaluation set)."""
    recipe = recipe or PairRecipe()
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    train, dev = [], []
    for cluster in _clusters(data_dir / "multinews" / "train.jsonl.gz", 0, multinews_clusters):
        train += pairs_for_cluster(cluster, recipe, rng, "multinews")
    neus = []
    for cluster in _clusters(data_dir / "neus" / "train.jsonl.gz", 0, None):
        neus += pairs_for_cluster(cluster, recipe, rng, "neus")
    train += neus * neus_repeat
    for cluster in _clusters(data_dir / "multinews" / "val.jsonl.gz", 1000, dev_clusters):
        dev += [p for p in pairs_for_cluster(cluster, recipe, rng, "multinews") if p["kind"] == "fusion"]
    rng.shuffle(train)
    for name, rows in (("train", train), ("dev", dev)):
        with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    stats = pair_statistics(train, dev, recipe, multinews_clusters, neus_repeat)
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=2))
    return stats


def pair_statistics(train: list[dict], dev: list[dict], recipe: PairRecipe, multinews_clusters: int,
                    neus_repeat: int) -> dict:
    def mean(values):
        values = list(values)
        return round(sum(values) / len(values), 3) if values else 0.0

    fusion = [p for p in train if p["kind"] == "fusion"]
    return {
        "recipe": asdict(recipe), "multinews_clusters": multinews_clusters, "neus_repeat": neus_repeat,
        "train_pairs": len(train), "dev_pairs": len(dev),
        "by_kind": dict(Counter(p["kind"] for p in train)),
        "by_source": dict(Counter(p["source"] for p in train)),
        "group_sizes": dict(sorted(Counter(p["group"] for p in train).items())),
        "mean_input_words": mean(len(p["input"].split()) for p in train),
        "mean_target_words": mean(len(p["target"].split()) for p in train),
        "fusion_mean_coverage": mean(p["coverage"] for p in fusion),
        "fusion_mean_anchor_overlap": mean(p["anchor_overlap"] for p in fusion),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", help="folder with multinews/ and neus/")
    parser.add_argument("--out", default="runs/fusion-data")
    parser.add_argument("--multinews-clusters", type=int, default=12000)
    parser.add_argument("--neus-repeat", type=int, default=2)
    args = parser.parse_args(argv)
    stats = build_pairs(Path(args.data), Path(args.out), args.multinews_clusters, args.neus_repeat)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
