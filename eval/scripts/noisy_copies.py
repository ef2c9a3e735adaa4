"""Noisy copies of validation clusters: does page chrome pasted into many reports reach the summary?

    python eval/scripts/noisy_copies.py                     # Multi-News val 1-500 (230 words), NeuS val (75)
    python eval/scripts/noisy_copies.py --sets neus --systems hand learned

Syndicated pages carry the same chrome in many copies, and coverage selection rewards words many
reports share. This generator (seeded) pastes lines into each cluster's reports the way sites do: ads
with prices, newsletter and social prompts, comment spam, site taglines and author notes, and
"related" headlines (the opening sentences of other clusters). Each injected line goes into several
reports of its cluster (an ad into most of them), at the top, the middle or the end, its wording
varied from copy to copy as templates with slots. The extractive engine then summarizes the clean and
the noisy copy with each set of concept weights; reported: ROUGE-2 F1 on both, the drop, and the
injected lines that reached a summary (a summary sentence sharing 60% of an injected line's words).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from selection_weights import (  # noqa: E402
    SETS,
    prepared_clusters,
    prepared_or_none,
    rouge_per_cluster,
    run_system,
    system_options,
)

from summarizer.pipeline.segment import split_text  # noqa: E402

SITES = ["The Daily Ledger", "NewsHub", "Metro Times", "WorldWire", "The Courier", "Channel 9 News"]
PRODUCTS = ["wireless earbuds", "a luxury SUV", "anti-aging cream", "a home security camera", "running shoes",
            "a memory foam mattress", "a smart thermostat", "designer sunglasses"]
TEMPLATES = {
    "ad": ["Save {pct}% on {product} this weekend only at {site} Deals.",
           "Get {product} for just ${price} with free shipping, today only.",
           "Sponsored: Why thousands of drivers are switching to {product} in {year}.",
           "Doctors hate this one trick: try {product} risk-free for {days} days."],
    "newsletter": ["Sign up for the {site} morning briefing and get the top stories every day.",
                   "Want more stories like this? Join {n},000 readers who get our free weekly digest.",
                   "Get breaking news alerts from {site} on your phone."],
    "social": ["Follow {site} on Facebook and Twitter for the latest updates.",
               "Like this story? Share it with your friends and family.",
               "Join the conversation on our {site} community page."],
    "spam": ["Great article! I made ${price} last month working from home, check my profile to learn how.",
             "Wow, very informative post, visit my blog for cheap {product} deals.",
             "First! Anyone else reading this in {year}?",
             "I earn ${price} a week from my laptop, it changed my life, see my page."],
    "site": ["{site} is your trusted source for local and national news since {since}.",
             "This article originally appeared on {site} and is republished with permission.",
             "Reporting by {site} staff; additional reporting by wire services.",
             "Have a news tip? Contact the {site} newsroom at any time."],
}
FAMILIES = (*TEMPLATES, "related")


def filled(template: str, rng: random.Random) -> str:
    return template.format(site=rng.choice(SITES), product=rng.choice(PRODUCTS), pct=rng.choice([20, 30, 40, 50, 70]),
                           price=rng.choice([19, 49, 99, 250, 7500]), year=rng.choice([2024, 2025, 2026]),
                           days=rng.choice([30, 60, 90]), n=rng.choice([20, 50, 100]), since=rng.choice([1921, 1987]))


def headline(text: str, most_words: int = 18) -> str:
    """Another report's opening sentence, as a headline-length line (split as the pipeline splits, so
    that "U.S. officials said ..." does not become the line "U.S.")."""
    first = next(iter(split_text(text)), text)
    return " ".join(first.split()[:most_words])


def noisy_copy(cluster: dict, others: list[dict], rng: random.Random) -> tuple[dict, list[str]]:
    """The cluster with lines pasted into its reports, and the lines pasted (their first wording)."""
    docs = [d.split("\n") for d in cluster["documents"]]
    injected = []
    for family in rng.sample(FAMILIES, k=4):
        if family == "related":
            other = rng.choice(others)
            line = headline(other["documents"][0])
        else:
            line = filled(rng.choice(TEMPLATES[family]), rng)
        injected.append(line)
        share = 0.8 if family == "ad" else rng.uniform(0.4, 1.0)
        for d in rng.sample(range(len(docs)), k=max(1, round(share * len(docs)))):
            # copies differ a little, as the same widget on two sites does
            text = line if rng.random() < 0.6 or family == "related" else filled(rng.choice(TEMPLATES[family]), rng)
            at = rng.choice([0, len(docs[d]) // 2, len(docs[d])])
            docs[d].insert(at, text)
    return {**cluster, "documents": ["\n".join(d) for d in docs]}, injected


def reached(summary: str, injected: list[str]) -> list[str]:
    words = lambda t: set(re.findall(r"[a-z0-9]+", t.lower()))
    lines = [words(s) for s in summary.split("\n")]
    return [line for line in injected if any(len(words(line) & s) >= 0.6 * len(words(line)) for s in lines)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=["multinews", "neus"], default=["multinews", "neus"])
    parser.add_argument("--systems", nargs="+", default=["hand", "learned"],
                        help="concept weights by name (hand, learned) or extractive options KEY=VALUE[,KEY=VALUE...]")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path(__file__).resolve().parents[2] / "runs" / "selection" / "prepared")
    parser.add_argument("--show", type=int, default=5, help="print this many surviving injected lines per system")
    args = parser.parse_args(argv)
    from summarizer.api import as_documents
    from summarizer.pipeline.embed import Embedder

    embedder = None
    for name in args.sets:
        clusters, clean = prepared_clusters(name, args.cache)
        rng = random.Random(args.seed)
        noisy, injected = zip(*[noisy_copy(c, clusters[:i] + clusters[i + 1:], rng) for i, c in enumerate(clusters)])
        embedder = embedder or Embedder()
        prepared = [prepared_or_none(as_documents(c["documents"]), embedder) for c in noisy]
        budget = SETS[name][3]
        print(f"{name}: {len(clusters)} clusters, {sum(map(len, injected))} injected lines, {budget} words", flush=True)
        for system in args.systems:
            options = system_options(system)
            r_clean = rouge_per_cluster(clusters, run_system(clean, budget, options)[0])["rouge2"]
            predictions = run_system(prepared, budget, options)[0]
            r_noisy = rouge_per_cluster(clusters, predictions)["rouge2"]
            survived = [line for p, lines in zip(predictions, injected) for line in reached(p, lines)]
            print(f"  {system:8s} R2 clean {r_clean.mean():5.2f}  noisy {r_noisy.mean():5.2f}  "
                  f"drop {r_clean.mean() - r_noisy.mean():+.2f}  injected lines in summaries {len(survived)} "
                  f"({np.mean([bool(reached(p, lines)) for p, lines in zip(predictions, injected)]) * 100:.1f}% "
                  "of summaries)", flush=True)
            for line in survived[:args.show]:
                print(f"      {line[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
