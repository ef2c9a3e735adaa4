"""Page chrome pasted into a cluster's reports, as syndicated pages carry it: training data that shows
selection a line many reports repeat that is not news.

`paste_lines` puts each line into several reports of a cluster (at the top, the middle or the end);
`training_chrome` draws the lines the concept model is trained on. Its templates are this module's
own: `eval/scripts/noisy_copies.py` measures with different ones, so that the benchmark is not the
training set.
"""
from __future__ import annotations

import random
import re

_SITES = ["Herald Online", "the Sentinel", "Capital Report", "KXNW", "Post & Wire", "NorthStar Media"]
_ITEMS = ["patio furniture", "a new smartphone", "hearing aids", "life insurance", "a weekend cruise", "solar panels"]
_TEMPLATES = [
    "Shop the {item} sale: up to {pct} percent off through Sunday.",
    "Compare quotes on {item} in minutes and save up to ${price} a year.",
    "Download the {site} app for breaking news on the go.",
    "Readers like you make our journalism possible; support {site} today.",
    "Comments are closed for this story, read our community guidelines.",
    "Earn cash from home in your spare time, click the link in my bio!",
    "This is the best website ever, I found {item} for ${price} through my link.",
    "Copyright {year} {site}, a division of {site} Media Group.",
    "Sign in to {site} to save this story and read it later.",
    "Our reporters have covered this region for {age} years; send tips to the {site} desk.",
]


def _filled(template: str, rng: random.Random) -> str:
    return template.format(site=rng.choice(_SITES), item=rng.choice(_ITEMS), pct=rng.choice([15, 25, 60]),
                           price=rng.choice([35, 120, 480]), year=rng.choice([2016, 2017, 2018]),
                           age=rng.choice([40, 75, 110]))


def first_sentence(text: str, most_words: int = 18) -> str:
    """A report's opening sentence, as a headline-length line."""
    return " ".join(re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].split()[:most_words])


def paste_lines(documents: list[str], lines: list[str], rng: random.Random, share: float = 0.7) -> list[str]:
    """`documents` with each of `lines` pasted as its own line into about `share` of them."""
    docs = [d.split("\n") for d in documents]
    for line in lines:
        for d in rng.sample(range(len(docs)), k=max(1, round(share * len(docs)))):
            docs[d].insert(rng.choice([0, len(docs[d]) // 2, len(docs[d])]), line)
    return ["\n".join(d) for d in docs]


def training_chrome(documents: list[str], headline: str, rng: random.Random) -> list[str]:
    """The reports with two to four chrome lines pasted in, one of them perhaps a headline of another
    story ("Most popular: ...")."""
    lines = [_filled(t, rng) for t in rng.sample(_TEMPLATES, k=rng.randint(2, 4))]
    if rng.random() < 0.5:
        lines[0] = f"{rng.choice(['Most popular', 'Trending', 'Watch', 'More from ' + rng.choice(_SITES)])}: {headline}"
    return paste_lines(documents, lines, rng, share=rng.uniform(0.4, 1.0))
