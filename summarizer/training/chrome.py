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


# A wider bank for the chrome filter (summarizer/training/chrome_filter.py), kept apart from _TEMPLATES so
# that the selection models' training data stay as they were made. Kinds of chrome that reads of real
# pages met; the wording is this module's own.
_WIDE = {
    "newsletter": ["Get our {site} newsletter delivered to your inbox every weekday morning.",
                   "Enter your email address to receive the day's top headlines from {site}.",
                   "You're all set! Check your inbox to confirm your subscription.",
                   "Never miss a story: subscribe to {site} alerts for free."],
    "account": ["Log in or create a free {site} account to keep reading.",
                "You have reached your limit of {n} free articles this month.",
                "Already a subscriber? Sign in to continue.",
                "Please verify your email address to finish setting up your account.",
                "Your session has expired, please refresh the page."],
    "social": ["Like {site} on Facebook and follow us on Instagram.",
               "Tweet this story to your followers.",
               "Send us your photos and videos using #{tag}.",
               "Click the icons below to share this article."],
    "app": ["Download our free mobile app for live updates and video.",
            "Turn on push notifications to get breaking news alerts from {site}.",
            "Watch {site} live on your smart TV, phone or tablet."],
    "comments": ["Comments are moderated and may take a while to appear.",
                 "Please keep your comments civil and on topic.",
                 "Report this comment as inappropriate.",
                 "Be the first to comment on this story.",
                 "{n} people are talking about this, join the discussion."],
    "spam": ["My neighbour makes ${price} a month online, go to my page for details!!",
             "Check out my channel for free gift cards, link in profile.",
             "Best deals on {item} here, message me now.",
             "Thanks for sharing, really helpful, I bookmarked your site."],
    "ad": ["Advertise with {site}: reach {n},000 local readers every week.",
           "Limited time offer: {pct}% off {item} when you order today.",
           "Lowest prices of the season on {item}, shop now while supplies last.",
           "This content is sponsored by our partners.",
           "Free shipping on all orders of {item} over ${price}."],
    "legal": ["Copyright {year} {site}. All rights reserved.",
              "This material may not be published, broadcast or redistributed without permission.",
              "By using this site you agree to our terms of service and privacy policy.",
              "We use cookies to improve your experience on our website.",
              "Your California privacy rights and do not sell my information."],
    "site": ["{site} is an independent, reader-funded newsroom.",
             "Thank you for reading {site}, please consider a donation.",
             "Have a story idea? Email our tips line at tips@{domain}.com.",
             "Corrections and clarifications: contact the {site} standards editor.",
             "This story has been updated.",
             "Photos: {site} staff."],
    "navigation": ["Skip to main content.", "Back to top of the page.", "Load more stories.",
                   "You are here: Home, News, Local.", "Previous article, next article."],
    "media": ["Watch the video above for more.", "Click to enlarge the image.",
              "The video player is loading, please wait.", "Audio for this story is unavailable."],
}


def wide_chrome_line(rng: random.Random) -> str:
    """One line of page chrome from the wider bank, its slots filled."""
    template = rng.choice(_WIDE[rng.choice(sorted(_WIDE))])
    site = rng.choice(_SITES)
    return template.format(site=site, item=rng.choice(_ITEMS), pct=rng.choice([10, 30, 45]),
                           price=rng.choice([25, 300, 2000]), year=rng.choice([2015, 2017, 2019]),
                           n=rng.choice([3, 5, 12]), tag=site.replace(" ", "").lower(),
                           domain=site.replace(" ", "").replace("&", "").lower())


def filter_training_chrome(documents: list[str], headline: str, rng: random.Random) -> list[str]:
    """The reports with two to five chrome lines of the wider bank pasted in, perhaps one of them a
    headline of another story."""
    lines = [wide_chrome_line(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        lines[0] = f"{rng.choice(['Most read', 'Recommended', 'Also on ' + rng.choice(_SITES)])}: {headline}"
    return paste_lines(documents, lines, rng, share=rng.uniform(0.2, 1.0))
