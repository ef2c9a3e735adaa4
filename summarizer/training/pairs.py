"""Sentence-fusion training pairs that never teach the model to invent.

Every pair's target says nothing its input does not say (`supported`): ≥ 90% of its stemmed
content words, every number, every capitalised name and every quotation are found in the input.
Four kinds, all built from news text (Multi-News and NeuS train; dev pairs from Multi-News
validation 1001+, the first 500 being the evaluation set):
- `fusion`: a reference-summary sentence, and the source sentences chosen to *cover* it: the anchor
  (most of its words), then the sentences that add most of its missing words, other reports first.
- `join` (DiscoFuse-style): a source sentence "A, and B." split at a clause boundary into "A." and
  "B."; the target joins them again.
- `compress`: a source sentence with one or two side constituents cut along its dependency parse
  (an apposition, a who/which clause, an opening or closing phrase, a second clause, a parenthesis;
  `compress.compressions`), checked with the engine's structural verification: deletions never add
  a claim, and the model learns only cuts the engine accepts.
- `copy`: a source sentence with its paraphrases from other reports → that sentence.
Join, compress and copy inputs carry the anchor's closest paraphrase from another report, as a fact
group at inference does, so most inputs hold two or more sentences.

    python -m summarizer.training.pairs --out runs/fusion-data   # also: mds train --config (builds if missing)
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from summarizer.files import iter_json_lines
from summarizer.fusion.inputs import fusion_input
from summarizer.fusion.verify import quotes_found
from summarizer.text import WORD_TOKEN, content_stems, numbers_in, quotes_unbalanced, sentence_case

_CASED_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass
class PairRecipe:
    min_coverage: float = 0.9        # share of the target's stemmed content words the input must contain
    min_anchor_overlap: float = 0.5  # ... and the anchor alone (else the "fact" is spread too thin)
    extra_similarity: float = 0.25   # word overlap (Jaccard) for a paraphrase to join an input
    max_extras: int = 2
    min_words: int = 6
    max_words: int = 60
    max_input_words: int = 110       # ~128 word pieces
    joins_per_cluster: int = 1
    compressions_per_cluster: int = 2
    copies_per_cluster: int = 1
    # at most this many pairs of a kind (deletions are easy to find, real fusion is not)
    max_compress: int = 30000
    max_copy: int = 3000
    max_join: int = 10000


# ---- words ----------------------------------------------------------------------------------------
def _names(text: str) -> set[str]:
    """Capitalised words that do not start a sentence or a quotation, lowercased."""
    out = set()
    for m in _CASED_WORD.finditer(text):
        before = text[:m.start()].rstrip()
        if m.group()[0].isupper() and before and before[-1] not in ".!?\"“‘'":
            out.add(m.group().lower().rstrip("'’").removesuffix("'s").removesuffix("’s"))
    return out


def supported(target: str, inputs: list[str], min_coverage: float = 0.9) -> float | None:
    """The share of `target`'s content stems found in `inputs`, or None when the target says
    something they do not (too few of its words, or any number, name or quotation missing)."""
    joined = " ".join(inputs)
    want = content_stems(target)
    if not want:
        return None
    coverage = len(want & content_stems(joined)) / len(want)
    if coverage < min_coverage or numbers_in(target) - numbers_in(joined):
        return None
    words = set(WORD_TOKEN.findall(joined.lower()))
    if any(not set(WORD_TOKEN.findall(name)) <= words for name in _names(target)):
        return None
    if not quotes_found(target, joined):
        return None
    return coverage


# ---- sentences --------------------------------------------------------------------------------------
def _clean_reference(text: str) -> str:
    return re.sub(r"^[\s–—-]+", "", text).strip()


def sentences_of(text: str, min_words: int = 4) -> list[str]:
    from summarizer.pipeline.segment import split_text

    return [s for s in split_text(text) if len(s.split()) >= min_words]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _is_sentence(text: str) -> bool:
    return text[:1].isupper() and text.rstrip()[-1:] in ".!?\"'”"


# ---- the four kinds -----------------------------------------------------------------------------------
class _Cluster:
    """One cluster's source sentences with their report and content stems."""

    def __init__(self, cluster: dict, recipe: PairRecipe):
        self.recipe = recipe
        self.sentences, self.doc_of = [], []
        for d, doc in enumerate(cluster["documents"]):
            for s in sentences_of(doc):
                if len(s.split()) <= recipe.max_input_words:
                    self.sentences.append(s)
                    self.doc_of.append(d)
        self.stems = [content_stems(s) for s in self.sentences]

    def paraphrases(self, anchor: int, room: int, limit: int) -> list[int]:
        """Other reports' sentences closest to `anchor` (Jaccard ≥ extra_similarity), within `room` words."""
        ranked = sorted(((_jaccard(self.stems[anchor], self.stems[j]), j) for j in range(len(self.sentences))
                         if self.doc_of[j] != self.doc_of[anchor]), reverse=True)
        out = []
        for score, j in ranked:
            if score < self.recipe.extra_similarity or len(out) >= limit:
                break
            n = len(self.sentences[j].split())
            if n <= room:
                out.append(j)
                room -= n
        return out

    def covering(self, anchor: int, want: set[str]) -> list[int]:
        """Sentences that add most of `want`'s stems the anchor lacks, other reports first."""
        missing = want - self.stems[anchor]
        room = self.recipe.max_input_words - len(self.sentences[anchor].split())
        extras: list[int] = []
        while missing and len(extras) < self.recipe.max_extras:
            best = max(((len(missing & self.stems[j]), self.doc_of[j] != self.doc_of[anchor],
                         _jaccard(self.stems[anchor], self.stems[j]), j)
                        for j in range(len(self.sentences))
                        if j != anchor and j not in extras and len(self.sentences[j].split()) <= room),
                       default=None)
            if best is None or best[0] == 0 or best[2] < 0.1:   # nothing adds a word, or off topic
                break
            j = best[3]
            extras.append(j)
            missing -= self.stems[j]
            room -= len(self.sentences[j].split())
        return extras


def _pair(kind: str, inputs: list[str], target: str, source: str, cluster_id, coverage: float = 1.0) -> dict:
    return {"input": fusion_input(inputs[0], inputs[1:]), "target": target, "kind": kind, "source": source,
            "id": cluster_id, "coverage": round(coverage, 3), "group": len(inputs)}


def reference_pairs(c: _Cluster, references: list[str], source: str, cluster_id) -> list[dict]:
    r = c.recipe
    out = []
    for reference in references[:1]:
        for target in sentences_of(_clean_reference(reference)):
            want = content_stems(target)
            if not (r.min_words <= len(target.split()) <= r.max_words) or len(want) < 3 or quotes_unbalanced(target):
                continue
            overlaps = [len(want & s) / len(want) for s in c.stems]
            anchor = max(range(len(c.sentences)), key=overlaps.__getitem__)
            if overlaps[anchor] < r.min_anchor_overlap:
                continue
            group = [anchor, *c.covering(anchor, want)]
            room = r.max_input_words - sum(len(c.sentences[j].split()) for j in group)
            if len(group) == 1:     # a paraphrase from another report, as a fact group at inference has
                group += c.paraphrases(anchor, room, 1)
            inputs = [c.sentences[j] for j in group]
            coverage = supported(target, inputs, r.min_coverage)
            if coverage is not None:
                out.append(_pair("fusion", inputs, target, source, cluster_id, coverage))
    return out


# "A, and B." -> "A." + "B.": B must open like a clause (not a verb: ", and went home" is no sentence)
_JOIN = re.compile(r"^(?P<a>.{30,}?)(?:, (?P<conj>and|but|while|so)|;) (?P<b>(?!(?:then|also|is|was|are|were|has|"
                   r"had|have|will|would|could|can|said|says|not)\b)[A-Za-z]+(?<!ed)(?<!ing) .{25,})$")


def join_pair(c: _Cluster, i: int, source: str, cluster_id) -> dict | None:
    m = _JOIN.match(c.sentences[i])
    if not m or not _is_sentence(c.sentences[i]) or any(ch in c.sentences[i] for ch in '"“&|'):
        return None
    first, second = m["a"].rstrip(",;") + ".", sentence_case(m["b"])
    room = c.recipe.max_input_words - len(c.sentences[i].split())
    inputs = [first, second, *(c.sentences[j] for j in c.paraphrases(i, room, 1))]
    return _pair("join", inputs, c.sentences[i], source, cluster_id)


def compress_pair(c: _Cluster, i: int, source: str, cluster_id, rng: random.Random) -> dict | None:
    """The sentence with one or two side constituents cut along its parse (`compress.compressions`)."""
    from summarizer.training.compress import compressions

    sentence = c.sentences[i]
    if not _is_sentence(sentence) or not any(mark in sentence for mark in ",("):   # every cut needs one
        return None
    options = [t for t in compressions(sentence, rng) if len(t.split()) >= c.recipe.min_words]
    if not options:
        return None
    room = c.recipe.max_input_words - len(sentence.split())
    inputs = [sentence, *(c.sentences[j] for j in c.paraphrases(i, room, 1))]
    return _pair("compress", inputs, rng.choice(options), source, cluster_id)


def copy_pair(c: _Cluster, i: int, source: str, cluster_id) -> dict | None:
    room = c.recipe.max_input_words - len(c.sentences[i].split())
    extras = c.paraphrases(i, room, c.recipe.max_extras)
    if not extras or not _is_sentence(c.sentences[i]):
        return None                        # a copy without a paraphrase teaches nothing new
    return _pair("copy", [c.sentences[i], *(c.sentences[j] for j in extras)], c.sentences[i], source, cluster_id)


def pairs_for_cluster(cluster: dict, recipe: PairRecipe, rng: random.Random, source: str,
                      self_supervised: bool = True) -> list[dict]:
    c = _Cluster(cluster, recipe)
    if not c.sentences:
        return []
    out = reference_pairs(c, cluster.get("references") or [], source, cluster["id"])
    if not self_supervised:
        return out
    usable = [i for i, s in enumerate(c.sentences) if recipe.min_words <= len(s.split()) <= 45]
    rng.shuffle(usable)
    wanted = {"join": recipe.joins_per_cluster, "compress": recipe.compressions_per_cluster,
              "copy": recipe.copies_per_cluster}
    makers = {"join": lambda i: join_pair(c, i, source, cluster["id"]),
              "compress": lambda i: compress_pair(c, i, source, cluster["id"], rng),
              "copy": lambda i: copy_pair(c, i, source, cluster["id"])}
    used: set[int] = set()
    for kind, n in wanted.items():
        for i in usable:
            if n <= 0:
                break
            if i in used:
                continue
            pair = makers[kind](i)
            if pair is not None:
                out.append(pair)
                used.add(i)
                n -= 1
    return out


# ---- building the files ---------------------------------------------------------------------------
def _clusters(path: Path, start: int, limit: int | None):
    for number, obj in iter_json_lines(path):
        if number <= start:
            continue
        if limit is not None and number > start + limit:
            break
        yield obj


def _pairs_of_chunk(args) -> list[dict]:
    clusters, recipe, seed, source, self_supervised = args
    rng = random.Random(seed)
    return [p for cl in clusters for p in pairs_for_cluster(cl, recipe, rng, source, self_supervised)]


def _build(clusters, recipe: PairRecipe, seed: int, source: str, self_supervised: bool, workers: int) -> list[dict]:
    chunks, chunk = [], []
    for cl in clusters:
        chunk.append(cl)
        if len(chunk) == 200:
            chunks.append(chunk)
            chunk = []
    if chunk:
        chunks.append(chunk)
    jobs = [(ch, recipe, seed + k, source, self_supervised) for k, ch in enumerate(chunks)]
    if workers <= 1:
        return [p for job in jobs for p in _pairs_of_chunk(job)]
    from multiprocessing import Pool

    with Pool(workers) as pool:
        return [p for part in pool.imap(_pairs_of_chunk, jobs) for p in part]


def _capped(pairs: list[dict], caps: dict[str, int]) -> list[dict]:
    """The first `caps[kind]` pairs of each capped kind, all of the others."""
    kept, seen = [], Counter()
    for p in pairs:
        seen[p["kind"]] += 1
        if seen[p["kind"]] <= caps.get(p["kind"], seen[p["kind"]]):
            kept.append(p)
    return kept


def build_pairs(data_dir: Path, out_dir: Path, multinews_clusters: int, neus_repeat: int = 2,
                dev_clusters: int = 200, recipe: PairRecipe | None = None, seed: int = 0, workers: int = 1) -> dict:
    """Write train.jsonl and dev.jsonl under `out_dir`; return (and write) their statistics.

    dev pairs come from Multi-News validation clusters 1001+ (the first 500 are the evaluation set)."""
    recipe = recipe or PairRecipe()
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    train = _build(_clusters(data_dir / "multinews" / "train.jsonl.gz", 0, multinews_clusters),
                   recipe, seed, "multinews", True, workers)
    # NeuS: only its editor-written neutral references (its reports carry the loaded wording)
    neus = _build(_clusters(data_dir / "neus" / "train.jsonl.gz", 0, None), recipe, seed, "neus", False, workers)
    train += neus * neus_repeat
    rng.shuffle(train)
    train = _capped(train, {"compress": recipe.max_compress, "copy": recipe.max_copy, "join": recipe.max_join})
    dev = _build(_clusters(data_dir / "multinews" / "val.jsonl.gz", 1000, dev_clusters), recipe, seed + 1,
                 "multinews", True, workers)
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
        "share_multi_sentence_inputs": mean(p["group"] > 1 for p in train),
        "mean_input_words": mean(len(p["input"].split()) for p in train),
        "mean_target_words": mean(len(p["target"].split()) for p in train),
        "fusion_mean_coverage": mean(p["coverage"] for p in fusion),
        "fusion_min_coverage": min((p["coverage"] for p in fusion), default=0.0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", help="folder with multinews/ and neus/")
    parser.add_argument("--out", default="runs/fusion-data")
    parser.add_argument("--multinews-clusters", type=int, default=12000)
    parser.add_argument("--neus-repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    stats = build_pairs(Path(args.data), Path(args.out), args.multinews_clusters, args.neus_repeat,
                        workers=args.workers)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
