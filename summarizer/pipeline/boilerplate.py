"""Every boilerplate heuristic in one place: what web chrome looks like, line by line.

`clean.py` walks a document's lines and asks these predicates; keeping the patterns here (as
trafilatura keeps its extractors) means a new kind of chrome is one entry, tested by a fixture.
Reasons are short labels a reader of the `removed` list understands.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from summarizer.pipeline.caption import caption_end, describes_picture
from summarizer.types import RemovalReason as Reason

_I = re.IGNORECASE

# Characters that end a sentence, possibly followed by closing quotes/brackets.
_TERMINAL = re.compile(r"[.!?;:\u2026\u3002\uff01\uff1f\u0964\u061f]['\"\u2019\u201d\u00bb)\]]*$")
_QUOTED_END = re.compile(r"['\"\u2019\u201d\u00bb]$")
_WORD = re.compile(r"\w+(?:[-'\u2019.]\w+)*")

# --- whole-line patterns: (reason, regex matched against the stripped line) -------------------
# Anchored with fullmatch, so an article sentence that merely mentions "advertisement" survives.
# The third field caps the line length in words: patterns that could hit prose only apply to short lines.
LINE_PATTERNS: list[tuple[Reason, re.Pattern, int]] = [(reason, re.compile(rx, _I), cap) for reason, rx, cap in [
    (Reason.ADVERTISEMENT, r"(post (top|bottom) ad|advertisements?|advert|sponsored( content| links?| stories)?|"
                      r"ads?|ad ?choices|promoted( content| stories)?|paid (content|post|partner content)|"
                      r"(article|story) continues (after|below) (the )?(advertisement|ad)|"
                      r"continue reading (below|after advertisement)|scroll (down )?to continue( with content)?|"
                      r"remove ads|recommended by \w+|\[ad\]|-+\s*advertisement\s*-+|"
                      r"advertisement\s*[-\u2013\u2014:|]\s*(scroll|continue|story|article|content)[\w ]*)[.:]?", 8),
    (Reason.NEWSLETTER_PROMPT, r"(catch|get) (daily|the latest|our) .{0,40}(in your (email|inbox)|newsletter).*|"
                          r"(sign up|subscribe|register)\b.{0,60}\b(newsletters?|emails?|inbox|updates|alerts)\b.*|"
                          r".{0,40}\b(sign up|subscribe)( now| today| free)? (to|for) (our|the|a) (free |daily |weekly |"
                          r"morning |evening |breaking news )*(newsletters?|e-?mails?|alerts|updates)\b.*|"
                          r".*\b(delivered|straight|direct(ly)?|sent) to your inbox\b.*|"
                          r"\*\s*indicates required( fields?)?|enter your e-?mail( address)?.*|e-?mail address\*?|"
                          r"(sign up|subscribe)( now| today| here)?[.!]?|newsletters?|"
                          r".*\bunsubscribe at any time\b.*|we respect your privacy.*|by (signing up|subscribing).*"
                          r"(terms|privacy|agree).*|thanks? (you )?for (signing up|subscribing)[.!]?", 30),
    (Reason.COOKIE_BANNER, r".*\b(we|this (web)?site|our (web)?site|our partners)\b.{0,60}\bcookies\b.*|"
                      r".*\bcookies\b.{0,100}\b(consent|accept|agree|browsing|continuing|preferences|settings|"
                      r"policy)\b.*|(accept|reject|allow|decline)( all)?( cookies)?|"
                      r"manage (cookie )?(preferences|settings|options)|cookie (settings|preferences)|"
                      r"got it!?|i (agree|accept)|we value your privacy.*", 60),
    (Reason.SHARE_BAR, r"(share|share (this|the) (article|story|post|page)|share on \w+|tweet|pin it|copy link|"
                  r"print( this (article|page))?|e-?mail( this)?|whatsapp|facebook|twitter|linkedin|reddit|"
                  r"telegram|messenger|pinterest|flipboard)( ?[|/,\u2022\u00b7]? ?(share|facebook|twitter|x|"
                  r"whatsapp|linkedin|e-?mail|reddit|telegram|copy link|print|pinterest|messenger))*[.:]?", 16),
    (Reason.SOCIAL_LINKS, r"follow (us|me)( on)?\b.{0,60}|connect with us.{0,60}|like us on facebook.*|"
                     r"join (us|our \w+ (channel|group)) on .{0,40}", 14),
    (Reason.PHOTO_CREDIT, r"((file )?(photo|image|picture|photograph|video|graphic|illustration)s?( credit| source|"
                     r" caption| by)?|credits?|image copyright|caption|pictured)\s*[:/|\u2013\u2014-].{0,200}|"
                     r".{0,160}\((getty images|afp|ap|reuters|epa|shutterstock|alamy|ap photo|file photo)[^)]*\)|"
                     r".{0,160}\b(via getty images|getty images|/ ?(reuters|afp|ap|epa)( photo)?|ap photo/.*)|"
                     r".{0,240}\b(photo|picture|image|pic)( credit)?\s*:\s*[\w .,/&'-]{2,60}|"
                     r".{0,200}\bvia (reuters|getty images|ap|afp|epa|sputnik)\b.{0,20}|"
                     r"image caption.*|image source.*|media caption.*", 45),
    (Reason.FOOTER, r".{0,80}(\u00a9|\(c\)\s*\d{4}|copyright\s*(\u00a9|\(c\)|\d{4})).{0,160}|c\.\s*\d{4}\s+.{0,60}|"
               r".{0,120}\ball rights reserved\b.{0,120}|"
               r"(terms (of|and) (use|service|conditions)|privacy( policy| notice)?|cookie policy|contact us|"
               r"about us|advertise with us|careers|sitemap|site map|accessibility|imprint|disclaimer)"
               r"( ?[|/\u2022\u00b7-] ?(terms (of|and) (use|service|conditions)|privacy( policy)?|cookie policy|"
               r"contact( us)?|about( us)?|advertise( with us)?|careers|sitemap|accessibility|help|faq))*", 40),
    (Reason.NAVIGATION, r"skip to (main )?(content|navigation)|toggle navigation|(main )?menu|search|home|sections?|"
                   r"back to top|sign in|log ?in|log ?out|register|my account|next (article|story|post)|"
                   r"previous (article|story|post)|more|load more|show more|see (all|more)|close|"
                   r"(\d+\s*)?min(ute)?s? read|listen( to (this|the) article)?|(\d+:\d+\s*)?listen|"
                   r"home\s*[>\u203a\u00bb/].*", 12),
    # names are matched case-sensitively: "By Jane Doe" is a byline, "By the time..." is prose
    (Reason.BYLINE, r"((written|reported|posted|edited|words|text) )?by\s*:?\s*(?-i:[A-Z][\w.'\u2019-]+(\s+[A-Z][\w.'\u2019-]+){0,3})(\s*(,|and|&)\s*"
               r"(?-i:[A-Z][\w.'\u2019-]+(\s+[A-Z][\w.'\u2019-]+){0,3})){0,3}(\s*[|,\u2013-]\s*.{0,40})?|"
               r"\[?source\s*:\s*[^\]]{1,40}\]?|"
               r"(reuters|ap|afp|associated press|bloomberg|pti|ians|xinhua|tass|upi|bbc news|cnn|staff writer|"
               r"staff reporter|agencies|news desk|wire services)\s*(reporting)?", 16),
    (Reason.SYNDICATION_NOTE, r"(this (story|article|report) (was )?(first |originally )?(appeared|published)"
                         r"( first| originally)? (in|on|by) .{1,80}|.*\breproduced with permission\b.*|"
                         r"\(?with (inputs|reporting|additional reporting|agency inputs) from .{1,60}\)?|"
                         r"(additional )?reporting by .{1,120}|editing by .{1,120}|\(?writing by .{1,120})", 40),
    (Reason.COMMENTS, r"(view|show|hide|load|read|see|post|add|leave|write) (a |all |the )?(\d+ )?(comments?|repl(y|ies))"
                 r"( \(\d+\))?|(\d+ )?comments?( \(\d+\))?|reply|like|report( abuse)?|(\d+ )?(likes?|replies|upvotes?)|"
                 r"join the (conversation|discussion)|leave a (reply|comment)|log in to comment|"
                 r"commenting (is|has been) (closed|disabled).*|comments are (closed|moderated).*", 12),
    (Reason.RELATED_HEADLINES, r"(also read|read also|read more|more|related( stories| articles| news)?|see also|"
                          r"watch|don'?t miss|recommended|must read|trending|latest)\s*[:|\u2013\u2014>\u00bb-]\s*"
                          r"[^.!?]{3,160}\??", 30),     # a headline may ask: "Related: did ... make her a target?"
    (Reason.TAGS, r"(tags?|topics?|filed under|categories|keywords)\s*:.{1,200}", 30),
    (Reason.APP_PROMO, r".{0,40}\b(download|get|install) (the|our) (\w+ )?app\b.{0,60}|get it on google play|"
                  r"(download|available) on the app store|.{0,30}\bopen in app\b.{0,30}", 16),
    (Reason.COMMENTS, r"leave a reply( cancel reply)?|cancel reply|your email address will not be published.{0,80}|"
                 r"required fields are marked.{0,10}|(name|email|website|comment)\s*\*?|"
                 r"save my name, email,? and website.{0,80}|post comment|submit comment", 30),
    (Reason.SPAM, r".*\b(on|via|me|us|at) (whats ?app|telegram)\b.{0,40}\+?\d[\d\s()-]{7,}.*|.*\b(i (earn|make|made)|earning) \$?\d[\d,]* "
             r"(a|per|every) (day|week|month|hour)\b.*|.*\bwork(ing)? from home\b.*\$\d.*|"
             r".*\b(click here|visit this (site|link)|check (this|my) (link|profile))\b.*https?://.*", 120),
]]

# --- cue lines that open a block of chrome; the block runs over the lines that follow ----------
RELATED_CUE = re.compile(
    r"(read more|read also|also read|more (stories|news|from [\w .]{1,30}|on this( story)?|to read)|"
    r"related( (stories|articles|news|posts|coverage|content|topics|reading))?|recent (posts|stories|news|articles)|"
    r"(you )?(may|might) also (like|be interested in)|recommended( for you| stories| reading)?|"
    r"(most )?(popular|read|viewed|shared)( (now|today|stories|articles|news))?|most (read|popular|viewed|shared)|"
    r"trending( now| stories| news)?|top (stories|news|headlines)|latest( (news|stories|headlines|posts|updates))?|"
    r"what to read next|don'?t miss|editor'?s picks?|in (other|case you missed|related) news|more headlines|"
    r"(other|similar|featured) (stories|articles|news|posts))[.:]?\s*(\u00bb|>+|\u2192)?", _I)
COMMENTS_CUE = re.compile(
    r"((view|show|load|read|see) (all )?(\d+ )?comments|(\d+ )?comments?( \(\d+\))?|"
    r"leave a (reply|comment)|join the (conversation|discussion)|add (a|your) comment|"
    r"what do you think\??|reader comments|post a comment)[.:]?", _I)
SOCIAL_CUE = re.compile(r"(follow (us|me)( on)?|connect with us|find us on|share (this|on)|share)\s*[.:]?", _I)

AD_CUE = re.compile(r"(sponsored( content| links?| stories)?|promoted( content| stories)?|paid (content|post)|"
                    r"(partner|sponsored) content|advertisements?|ads?)[.:]?", _I)

SITE_BANNER = re.compile(
    r".{0,80}\b(latest|breaking|top ?stories|trending|most talked.about|around the world)\b.{0,80}"
    r"\b(news|headlines|stories|world|updates)\b.{0,40}|.{0,30}\b(your (trusted|number one|no\.? ?1) source)\b.*|"
    r".{0,40}\bnews (portal|network|online)\b.{0,40}", _I)

_MONTHS = (r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|"
           r"nov(ember)?|dec(ember)?")
_DATE_TOKEN = re.compile(
    r"\b(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}(:\d{2})?|\d{1,2}(st|nd|rd|th)?|\d{4}|"
    r"(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?|" + _MONTHS + r"|a\.?m\.?|p\.?m\.?|"
    r"gmt|utc|bst|est|edt|pst|pdt|cet|ist|wat|et|date|dated|published|updated|posted|last|modified|on|at|"
    r"today|yesterday|ago|\d+\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|months?|"
    r"years?))\b\.?", _I)
_TIME_AGO = re.compile(r"(about |over )?(\d+|an?|one)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|"
                       r"w|weeks?|months?|years?)\s+ago|just now|yesterday|today", _I)

PRICE = re.compile(r"(\u20a6|\$|\u00a3|\u20ac|#|\bN|\bRs\.?|\bKsh)\s?\*?\d|=\s*\u20a6?\d|\b\d[\d,.]*\s*"
                    r"(k|m|mil+|million|milli|bn|billion)\b|\b\d{1,3}(,\d{3}){2,}\b|\b\d{3},\d{3}\b", _I)
_PHONE = re.compile(r"\(?\+?\d[\d_\s().-]{8,}\d\)?")


# --- chrome inside running text: sentences that web pages repeat around every article ----------
# Mined from Multi-News train: sentences found word for word in 5+ unrelated clusters (Twitter's
# location notice, the Internet Archive's crawl notes, paywalls, notification and sign-up prompts).
# `search`ed, so they also catch such a sentence glued to its neighbour. Then, read in fusion rewrites of
# Multi-News validation 1001+: broadcast and video teasers, which say what a page or a show will offer,
# not what happened ("Here's what could be next for Iran", "Anchor X is live tonight to show you what
# happens now", "Play facebook twitter embed", a video's "Watch ..." caption), tweet embeds, ad slots,
# timestamp headers, paywall notes and stat tables.
# Web-page notices that never belong to a report (removed in cleaning, see UNIT_WHOLE): Twitter's location
# notice, the Internet Archive's crawl notes, video-player and notification messages.
WIDGET_SENTENCE = re.compile(
    r"\btweet with a location\b|\btweet location history\b|\badd a location to your tweets\b|"
    r"\badd this (tweet|video) to your website\b|\bproceed to legacy twitter\b|"
    r"\bthese crawls are part of an effort\b|\bcrawls of supported\b|\bwayback machine\b|"
    r"\bdonating their crawl data\b|\bfocused crawls are\b|\bpages that are referenced are changed\b|"
    r"\bthe seed (list )?for (this|wide)|\bweb captures?\b|\bweb collections curated by\b|\barchive-it\b|"
    r"\bsaving your notification\b|\bnotification has been saved\b|\bget push notifications\b|"
    r"\bjavascript is disabled\b|\benable (cookies|javascript)\b|\bwhen the video has been rented\b|"
    r"\bthis feature is not available right now\b|\binteractive transcript could not be loaded\b|"
    r"\bfor your personal,? non-commercial use only\b|\bwatch queue\b|\bmedia playback is unsupported\b.{0,40}$|"
    r"\bget e-?mail notifications on\b|\bposts new content, you ?['’]? ?ll get an e-?mail\b|"
    r"\byour name will appear\b|^your reaction\??$|\bcollection of (web ?sites|web pages)\b.{0,40}\barchived\b|"
    r"\b(paperback|hardcover)\b.{0,40}\bout of stock\b", _I)
# one of these is in every notice WIDGET_SENTENCE matches: a cheap test before the long alternation
_WIDGET_KEYS = ("tweet", "twitter", "website", "crawl", "wayback", "referenced", "seed", "web capture", "notification",
                "javascript", "enable", "rented", "not available", "transcript", "non-commercial", "watch queue",
                "media playback", "posts new content", "your name", "reaction", "archived", "out of stock",
                "web collections", "archive-it")


def widget_notices(text: str) -> list[re.Match]:
    """Where `text` holds a widget's notice (WIDGET_SENTENCE)."""
    lowered = text.lower()
    if not any(key in lowered for key in _WIDGET_KEYS):
        return []
    return list(WIDGET_SENTENCE.finditer(text))


# --- notices many unrelated pages repeat word for word: mined, not written --------------------
# `summarizer/training/repeated_sentences.py` lists the sentences of Multi-News train that four or more
# clusters hold whose reference summaries are unalike (a crawl note, a comment policy, a reprint notice,
# "add X as an interest to stay up to date ..."); a story's own lines that several related clusters repeat
# are left out. Keys are lower case with punctuation gone, so spacing and quotes do not matter.
REPEATED_SENTENCES = Path(__file__).resolve().parents[1] / "models" / "chrome" / "repeated_sentences.tsv.gz"
# where a notice may sit glued to a report's sentence that the splitter did not cut: a sentence's end, then a
# capital, quote or bracket (a piece cut at an abbreviation, "George H.W.", is no mined sentence)
PIECE_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z\"“'(])")


def repeated_key(text: str) -> str:
    """`text` as the list of repeated notices spells it: lower case, words only, single spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@lru_cache(maxsize=1)
def repeated_notices() -> frozenset[str]:
    """The keys of the mined notices (empty when the list is missing: nothing is removed for it)."""
    try:
        with gzip.open(REPEATED_SENTENCES, "rt", encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
    except OSError:
        return frozenset()
    return frozenset(row[-1] for row in rows[1:] if row)


def repeated_pieces(text: str) -> list[tuple[int, int]]:
    """Where `text` holds a mined notice glued to other sentences (`PIECE_BOUNDARY`). A text of one piece is
    `whole_unit_reason`'s to judge: it has looked it up already."""
    notices = repeated_notices()
    gaps = list(PIECE_BOUNDARY.finditer(text)) if notices else []
    if not gaps:
        return []
    starts, ends = [0, *(m.end() for m in gaps)], [*(m.start() for m in gaps), len(text)]
    return [(a, b) for a, b in zip(starts, ends) if repeated_key(text[a:b]) in notices]


CHROME_SENTENCE = re.compile(
    r"^here['’]?s (what|how|why|a look)\b|\bis live (tonight|now)\b|\blive (updates|blog|coverage)\b|"
    # read in session 6: captions and prompts ("Watch ...", "Continue reading", an e-mail address to write to)
    r"^watch\b(?! out)|^related (coverage|stories|articles|content)\b|^view (images|gallery|photos)\b|"
    r"\bcookies? settings\b|\bconsent to (receiving|the use of) (all )?cookies\b|\byou can only react\b|"
    r"\s[–—-] latest news\b|\btext size\b.{0,12}\breset\b|\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b|\bcontinue reading\b|"
    r"\byou ?['’]? ?ll (also )?find\b|\bread our privacy policy\b|"
    r"\b(to|will) show you\b|\bfacebook twitter (google plus )?embed\b|\bx embed x share\b|"
    r"\bwatch (the|this) video\b|\bvideos? (above|below)\b|\bstay tuned\b|\bstory continue[sd]? below\b|"
    r"\bpic\.twitter\.com/|\badvertisement\s?skip\b|(?<![\w ])read more\b|^read more\b|"
    r"\b[ap]m (gmt|utc|edt|est|et|bst)\s*/\s*(updated|source)\b|\barticles a month\b|"
    r"\bcommitted to empowering our readers\b|( > [^>]+){2,}|"
    r"\btweet with a location\b|\btweet location history\b|\badd a location to your tweets\b|"
    r"\badd this (tweet|video) to your website\b|\bproceed to legacy twitter\b|"
    r"\bthese crawls are part of an effort\b|\bcrawls of supported\b|\bwayback machine\b|"
    r"\bdonating their crawl data\b|\bfocused crawls are\b|\bpages that are referenced are changed\b|"
    r"\bthe seed (list )?for (this|wide)|\bweb captures?\b.{0,40}\barchive|\bbreaking news (emails|alerts)\b|"
    r"\bdelivered weekday mornings\b|\bemail notifications\b|\bsaving your notification\b|"
    r"\bnotification has been saved\b|\bpush notifications\b|\bverification (email|message)\b|"
    r"\bjavascript is disabled\b|\benable (cookies|javascript)\b|\bwhen the video has been rented\b|"
    r"\bthis feature is not available right now\b|\binteractive transcript could not be loaded\b|"
    r"\bfor your personal,? non-commercial use only\b|\border reprints\b|\byou must log in to continue\b|"
    r"\b(purchase|requires?|required) a subscription\b|\bsubscription is required\b|\bfree articles\b|"
    r"\bthank you for signing up\b|\bclick (here|below) to\b|\bsign in to update your profile\b|"
    r"\bactivate your (profile|account)\b|\bas an interest to stay up to date\b|"
    r"\bthis will appear next to all of your comments\b|\bnewsletter\b.{0,80}\binbox\b|"
    r"\bfree download\b|\bnewsletter sign-?up\b|\bwho already subscribe\b|\bmedia playback is unsupported\b|\bwatch queue\b", _I)


# --- chrome before a sentence's first words: datelines and ad labels ----------------------------
# "WASHINGTON (AP) — ", "( associated press ) amman, jordan ( ap ) — ", "Geneva ( afp ) - ",
# "DRAVIK, May 14 - ". A wire agency or a station's call sign in brackets (with whatever a page put
# before it: "Module body thu sep 16, 7: 37 am johannesburg ( afp ) - "), or a city in capitals.
# And an ad slot's or a page's label glued to the sentence after it ("Advertisement eden never imagined ...",
# "Update: ...").
_AGENCY = r"(?i:ap|afp|reuters|cnn|upi|ians|pti|xinhua|bloomberg|dpa|efe|ani|[kw][a-z]{2,3})"
_DASH = r"(—|–|--|- -|-)"
LEAD_CHROME = re.compile(
    r"^.{0,100}?\(\s*" + _AGENCY + r"\s*\)\s*" + _DASH + r"\s*"
    r"|^[A-Z][A-Z.'-]{2,}( [A-Z][A-Z.'-]+){0,3}(, [A-Z][a-z]{2,8}\.? \d{1,2})?\s*" + _DASH + r"\s+"
    r"|^[A-Z][A-Z.'-]{2,}( [A-Z][A-Z.'-]+){0,3}, [A-Z][a-z]{1,4}\.\s*" + _DASH + r"\s*(?=[A-Z\"“])"   # "WEST PALM BEACH, Fla.—"
    r"|^[A-Za-z][\w.'-]*( [\w.'-]+){0,2}, (?i:" + _MONTHS + r")\.? \d{1,2}\s*[:–—]\s+"   # "New Delhi, May 28: "
    r"|^(?!(?i:at|in|on|for|but|and|so|yet|now|then|still|well|oh|yes|no|meanwhile|however|finally|first|last|"
    r"again|also|here|there|today|later|once|after|before|as|if|when|while|with|without|by|from|to|of)\b)"
    r"[A-Za-z][\w.'-]*( [\w.'-]+)?, [A-Za-z][\w.'-]*( [\w.'-]+)? (—|–|--)\s+(?![^—–]{0,80}(—|–|--))"   # "Kabul, afghanistan — "
    r"|^(?!(The|A|An|This|That|These|Those|His|Her|Its|Their|Our|My|It|He|She|They|We|But|And|So|Now|Then|Still|Yet)\b)"
    r"[A-Z][a-z]+\.?( [A-Z][a-z]+)? (—|–|--) (?=[a-z])(?!(who|whose|which|whom)\b)(?![^—–]{0,80}(—|–|--))"   # "Paris — an effort by ...", not an aside
    r"|^((?i:facebook|twitter|pinterest|linkedin|whatsapp|reddit|email|print|share)\s+){2,}(?=\w)"   # share buttons
    r"|^(—|–|--)\s+"     # the dash a dateline left on its own line leaves before the first sentence
    r"|^(?i:advertisement(\s?skip)?)\s+(?=[\w\"“])"
    # a page's label before the story ("Older version of the story: George Stephanopoulos apologized ...")
    r"|^(?i:(an? )?(older|earlier|previous|original) version of (this|the) (story|article|report|post)|"
    r"update[ds]?|correction|clarification|breaking( news)?|exclusive|opinion|analysis|commentary|editorial)\s*:\s+")


def lead_chrome_length(sentence: str) -> int:
    """How many characters of `sentence` are a dateline or an ad label before its first words (0 if none)."""
    m = LEAD_CHROME.match(sentence)
    return m.end() if m and len(sentence) - m.end() > 20 else 0


@lru_cache(maxsize=16384)
def is_chrome_sentence(text: str) -> bool:
    """A sentence (or glued pair) of page chrome, not of the report. Cached: cleaning and selection ask
    about the same sentences, and its patterns are slow."""
    return bool(CHROME_SENTENCE.search(text))


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def ends_sentence(line: str) -> bool:
    """Ends like a sentence: a full stop, question mark..., or closes a quotation it opened
    (“That’s why we came here”); a headline may end on a quoted title ('Wildcat')."""
    if _TERMINAL.search(line):
        return True
    return bool(_QUOTED_END.search(line)) and line[:1] in "'\"\u2018\u201c\u00ab"


def match_line(line: str) -> Reason | None:
    """The reason a line is boilerplate on its own, or None."""
    if len(line) > 400:  # chrome is short; long lines are prose
        return None
    n_words = len(words(line))
    for reason, rx, cap in LINE_PATTERNS:
        if n_words <= cap and rx.fullmatch(line):
            return reason
    if is_date_line(line):
        return Reason.DATE_LINE
    if is_menu_line(line):
        return Reason.NAVIGATION
    return None


def is_date_line(line: str) -> bool:
    """Only a date/time ("Thursday, September 14, 2023", "2023-09-13 18:18", "6 hours ago")."""
    if not re.search(r"\d|today|yesterday", line, _I) or len(line) > 80:
        return False
    rest = _DATE_TOKEN.sub(" ", line)
    leftover = words(rest)
    return len(leftover) <= 1 and len(leftover) < len(words(line))


def is_time_ago(line: str) -> bool:
    return len(line) < 40 and bool(_TIME_AGO.search(line)) and is_date_line(line)


def is_menu_line(line: str) -> bool:
    """ "Home | World | Business | Sport": several short items joined by separators."""
    parts = [p.strip() for p in re.split(r"\s*[|\u2022\u00b7\u203a\u00bb/>]\s*|\s{3,}", line) if p.strip()]
    if len(parts) < 3:
        return False
    return all(len(words(p)) <= 3 and not ends_sentence(p) for p in parts)


def is_symbol_line(line: str) -> bool:
    """Mostly decoration: "-----", "⎯ 〈 Hyrra • Com 〉", "....."."""
    if len(line) > 120:
        return False
    alnum = sum(ch.isalnum() for ch in line)
    return alnum == 0 or (len(words(line)) <= 3 and alnum / max(1, len(line.replace(" ", ""))) < 0.75)


def is_headline(line: str) -> bool:
    """Title-like: short, no final punctuation, starts with a capital, digit or quote."""
    if len(line) > 180:
        return False
    w = words(line)
    if not w or len(w) > 24 or ends_sentence(line):
        return False
    first = line.lstrip("'\"\u2018\u201c\u00ab([#\u2022*- ")
    return bool(first) and (first[0].isupper() or first[0].isdigit() or not first[0].isalpha())


def is_list_title(line: str) -> bool:
    """An entry of a headline list: a headline, or a short question ("Who is Kim Yo Jong?")."""
    if is_headline(line):
        return True
    return (line.endswith("?") and len(words(line)) <= 15 and line[:1].isupper())


def is_teaser(line: str) -> bool:
    """A cut-off summary under a headline: "Iran's Supreme Leader has warned the US of a…"."""
    return len(line) < 400 and len(words(line)) <= 45 and bool(re.search(r"(\u2026|\.\.\.|\[\u2026\]|\[\.\.\.\])$", line))


def is_nav_item(line: str) -> bool:
    """A menu entry: one to three capitalised words, no punctuation."""
    if len(line) > 60:
        return False
    w = words(line)
    return 1 <= len(w) <= 3 and is_headline(line) and not any(ch.isdigit() for ch in line)


def is_price_line(line: str) -> bool:
    """A classified-ad entry: "Toyota Camry=750,000", "Benz C300=1.6MILLION", "Es330 1.6"."""
    if len(line) > 400:
        return False
    if PRICE.search(line) or _PHONE.fullmatch(line.strip("()[] ")):
        return True
    return len(words(line)) <= 4 and bool(re.search(r"\d(\.\d+)?\s*(m|mill?|million)?$", line, _I))


def is_phone_line(line: str) -> bool:
    return bool(_PHONE.search(line)) and len(words(line)) <= 8


def is_all_caps_heading(line: str) -> bool:
    if len(line) > 150:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(words(line)) <= 12


# --- chrome inside running text, sentence by sentence -------------------------------------------
# Pages flattened to text (Multi-News, NeuS) glue captions, credits, buttons and datelines to the
# report's sentences, often lowercased and tokenised ("london ( cnn ) british airways ...",
# "( associated press ) file - in this april 7, 2016, file photo ..."). `clean.py` splits each kept
# paragraph into sentences and asks `unit_chrome` what to cut from each: the whole sentence when it is
# chrome, else the chrome before its first words. Read in Multi-News validation 1001+ and NeuS
# validation; a cue must be structural (a credit in brackets, a label at the very start, a caption's
# "in this ... photo") because a cut real sentence costs more than a kept caption.

_CREDIT = (r"(the )?associated press|ap( photo| images)?|afp|reuters|getty( images)?|epa|shutterstock|"
           r"istock(photo)?|alamy|invision|handout|file photo|staff photo(grapher)?|pool|(photo )?illustration|"
           r"dreamstime|thinkstock|wireimage|press association|pa images|rex features|sipa|corbis|flickr|files?|bloomberg")
_PHOTO_WORD = r"(photo(graph)?|image|picture|mug ?shot|frame grab)s?"
_PHOTO_KIND = (r"((\w+\.? \d{1,2}(st|nd|rd|th)?,? \d{4},?|\w+,|\d{4},?|undated|file|handout|booking|satellite|"
               r"aerial|combination|family|publicity|police|courtesy|provided|released|photo|product)\s)")
# a credit in brackets: "( photo: nypd )", "( nicholas yeo/afp/getty images )", "( linda davidson/the washington post )";
# not a list or a unit in brackets ("( aka/red, ki/yellow, ... )", "( 0.11 – 2.41 mg/g dw )")
_CREDIT_PARENS = (r"\(\s*(photos?|photograph|image|credit|photo credit|pictured)\s*:[^()]{0,100}\)|"
                  r"\([^()\d]{0,80}(\bvia\b|\bphotographer\b|/\s*(" + _CREDIT + r")\b|\b(" + _CREDIT + r")\s*/)"
                  r"[^()\d]{0,60}\)|"
                  r"\(\s*([\w.'-]+,? ){0,3}(" + _CREDIT + r")\s*\)|"
                  r"\(\s*[^()\d/]{2,40}/[^()\d/]{2,40}(/[^()\d/]{2,40})?\)")
_TWEET_CREDIT = r"\(\s*@\w+\s*\)\s*(" + _MONTHS + r")\.? \d{1,2},? \d{4}"   # an embedded tweet's "( @handle ) june 4, 2018"
_SHARE_WORD = r"(share|tweet|send|link|copy|e-?mail|pin|to|on|more|this|article|page|facebook|twitter|linkedin|" \
              r"whatsapp|pinterest|print|advertising|reddit)"

# (reason, pattern, most words[, a word the sentence must hold, tried first because it is cheap]): the whole
# sentence is chrome (fullmatch)
UNIT_WHOLE: list[tuple[Reason, re.Pattern, int, str]] = [
    (reason, re.compile(rx, _I), cap, (needle or [""])[0]) for reason, rx, cap, *needle in [
    # AP and Reuters captions: "File - in this ... file photo, ...", "In this June 21, 2018, photo, ...",
    # "This undated photo provided by ... shows ...", "... in this March 30, 2016, file photo."
    (Reason.PHOTO_CAPTION, r"file ?[-–—_:]+ ?(in )?(this|an?)\b.*|file photo\s*:.*", 90),
    (Reason.PHOTO_CAPTION, r"in this " + _PHOTO_KIND + r"*" + _PHOTO_WORD + r"\b.*", 90),
    (Reason.PHOTO_CAPTION, r"(this|these|a|an) " + _PHOTO_KIND + r"+" + _PHOTO_WORD +
     r"\b.{0,200}?\b(shows?|provided|released|made available|taken|obtained)\b.*", 90),
    (Reason.PHOTO_CAPTION, r"this " + _PHOTO_WORD + r" (provided|released|made available|obtained) by\b.*", 90),
    (Reason.PHOTO_CAPTION, r"(this|these) " + _PHOTO_WORD + r" (provided|released|made available|obtained|taken)\b"
                           r".{0,200}?\bshows?\b.*", 90),
    (Reason.PHOTO_CAPTION, r".{10,400}\b(as seen )?in this " + _PHOTO_KIND + r"*" + _PHOTO_WORD +
     r"( (taken|provided|released|made available|obtained) .{1,80})?\s*\.?", 90, "in this"),
    # where the people in a picture stand, set off by commas outside any quotation: "Sean spicer, right, and jason
    # miller, left, talk with the media ...", "Megan bozek of the united states, left, congratulates ..." (a
    # caption's words: reports do not place people left or right)
    (Reason.PHOTO_CAPTION, r"[^\"“”]*?[\w.)], (left|right|cent(er|re)|top|bottom|(second|third) from (left|right)|"
                           r"far (left|right)), .*", 90, ", "),
    # a caption ending on its credit: "... in bellefonte, pa. ( photo: gene j. puskar, ap )"
    (Reason.PHOTO_CREDIT, r".{0,300}(" + _CREDIT_PARENS + r")\s*\.?", 60, "("),
    # a credit alone: "Graylock/abaca press/mct/newscom", "By jim watson/afp/getty images."
    (Reason.PHOTO_CREDIT, r"(?=.{10})((by|credit|photo|photograph|image|source)\s*:?\s*)?[\w.'&-]+( [\w.'&-]+){0,3}"
                          r"(\s?/\s?[a-z][\w.'&-]*( [\w.'&-]+){0,3}){1,4}\s*\.?", 10, "/"),
    (Reason.PHOTO_CREDIT, r"((file|staff|submitted|contributed|family|courtesy|handout|ap|afp|reuters|getty)\s)?"
                          r"(photos?|photograph|images?|pictures?)( courtesy( of)?| by| credit)?\s*(:\s*[^.!?]{0,60})?\.?",
     9),
    # photo galleries ("Hide caption 1 of 50 photos: ancient finds ..."), document links, buttons
    (Reason.PAGE_LABEL, r"(hide caption )?\d+ of \d+ photos?\b.*|hide caption\b.*", 90),
    (Reason.PAGE_LABEL, r"(full text )?\(?\s*pdf\s*\)?\s*(:|\[\s*[\d.]+\s*[mk]b\b).*|pdf\s*(\(\s*[\d.]+\s*[mk]b\s*\))?\.?", 60),
    # a reference ("116, october 2016, pp. 647-652.")
    (Reason.PAGE_LABEL, r"[\w ,.()-]{0,80}\bpp?\. ?\d+( ?[-–] ?\d+)?\.?", 12),
    # an archive's list of months ("select date … december, 2015 november, 2015 ...")
    (Reason.NAVIGATION, r"(.*?\b(" + _MONTHS + r"),? \d{4}\b){5,}.*", 120, ", "),
    # an AP caption ends on the weekday and full date (and place) the picture was taken:
    # "... wait for the arrival of president donald trump ..., saturday, june 9, 2018, in la malbaie, quebec."
    (Reason.PHOTO_CAPTION, r".{20,400}, (mon|tues|wednes|thurs|fri|satur|sun)day,? (" + _MONTHS + r")\.? \d{1,2},? \d{4}"
                           r"(,? (in|at|near|on|outside|off) [^.;:!?]{2,80})?([.,]|\.\.\.|…)*"
                           r"( [a-z][\w']*( [^.!?]{0,60}?(\.\.\.|…))?)?|"   # ... and the next caption's first words
                           r".{20,400}, (mon|tues|wednes|thurs|fri|satur|sun)day(,? (" + _MONTHS + r")\.?( \d{1,2})?)?"
                           r"\s*(,?\s*(\.\.\.|…)|,)", 80, "day"),   # ... cut off after the day
    # a link: "► buy tickets to the fate of the furious trailer: http://www.fandango.com/..."
    (Reason.PAGE_LABEL, r".{0,100}\bhttps?://\S+", 15, "http"),
    (Reason.PAGE_LABEL, r"(.*?\bhttps?://\S+){2,}.*", 120, "http"),
    (Reason.PAGE_LABEL, r"(close|share|advertisement|advertising|read more|more|print|e-?mail|next|previous|"
                        r"enlarge (this )?image|toggle caption|view (photos|gallery|images)|buy photo|"
                        r"(play|watch) video|skip( ad)?|replay|continue reading( the main story)?|story highlights|"
                        r"getty( images)?)( (close|share|tweet|link|e-?mail|print|advertisement))*\s*[.!:]?", 6),
    (Reason.BYLINE, r"by [\w.'-]+( [\w.'-]+){0,3}((,| and| &) [\w.'-]+( [\w.'-]+){0,3}){0,2},? (the )?"
                    r"(associated press|reuters|afp|cnn|bloomberg|staff( writer| reporter)?|correspondent|"
                    r"contributor|[\w ]{0,24}\b(news|times|post|journal|tribune|herald|gazette))\.?", 14),
    (Reason.BYLINE, r"by (?-i:[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,3})((,| and| &) (?-i:[A-Z][\w.'’-]+"
                    r"( [A-Z][\w.'’-]+){1,3})){0,3}\.?", 12),
    (Reason.COOKIE_BANNER, r".*\bcookies?\b.{0,80}\b(consent|browser|browsing|privacy|preferences|settings|"
                           r"third.party|partners|personali[sz]e|experience)\b.*|"
                           r".*\b(consent|agree)\b.{0,100}\bcookies\b.*", 80, "cookie"),
    # a follow prompt alone: "Follow barbara leader on twitter @barbaraleader1 http://tnsne.ws/1qpltb6"
    (Reason.SOCIAL_LINKS, r"follow [\w .'-]{1,40}? on (twitter|facebook|instagram)\b[^.!?]{0,80}", 15),
    (Reason.SOCIAL_LINKS, r"see more (of|from) [\w .'-]{1,40}? on (twitter|facebook|instagram|youtube)\s*[.!]?", 12, "see more"),
    # a note to the reader, not the report: "Editor's note: rachel denber is deputy director of ..."
    (Reason.PAGE_LABEL, r"editor['’]?s note\s*:.*", 60),
    # a link to another story: "Cyber-attack hits 74 countries ... – live updates read more"; a live blog's time stamp
    (Reason.RELATED_HEADLINES, r".{0,200}\bread more\s*[.:»>]?", 30, "read more"),
    (Reason.PAGE_LABEL, r"_{3,}\s*[\w :.,]{0,30}", 6),
    # a link to another story or a page that addresses the reader: "Read the bee's latest story ... here.",
    # "If you plan to republish our content, you must notify us at republish@...", "Be the first to watch ..."
    (Reason.RELATED_HEADLINES, r"(read|see|watch|click|listen to|check out|view|find) [^.!?]{0,120}\bhere\s*[.!:]*", 25, "here"),
    (Reason.FOOTER, r".*\b(contact|e-?mail|notify|write to|reach|tell) us\b.{0,40}[\w.+-]+@[\w-]+(\.[\w-]+)+.*", 80, "@"),
    (Reason.FOOTER, r".*\b(republish|reprint|syndicate)(ing)? (our|this|these) (content|stor(y|ies)|articles?|work)\b.*", 80,
     "our"),
    # AP's live page: "the latest on pipe bombs sent to ... ( all times local ): 12: 44 p.m."
    (Reason.PAGE_LABEL, r"the latest on .{0,200}\(\s*all times local\s*\).*", 60, "all times local"),
    (Reason.RELATED_HEADLINES, r"\(\s*see also\s*:[^()]*\)\s*\.?", 30, "see also"),
    # a reprint notice, to its end ("... use the order reprints tool ... or visit www.djreprints.com")
    (Reason.FOOTER, r"[^.]*\b(order reprints|presentation-ready copies)\b[^.]*?(\bwww\.[\w.-]+\w)?\s*\.?", 60, "re"),
    # a TV station's teaser over its video: "Nbc10's keith jones has the incredible story."
    (Reason.PAGE_LABEL, r"(nbc|abc|cbs|fox|cnn|msnbc|[kw][a-z]{2,3}) ?\d{0,2}['’]s [a-z][\w.'-]*( [a-z][\w.'-]*){1,2} "
                        r"(has|reports|explains|brings us) (the( [a-z]+){0,2} (story|latest|details|report)|more on)\b.*", 30,
     "'s"),
    (Reason.PHOTO_CREDIT, r"\[\s*(images?|photos?|pictures?) (via|courtesy( of)?|by) [^\]]{1,40}\]\s*\.?", 8, "["),
    (Reason.PAGE_LABEL, r"citation\s*:.*", 80, "citation"),
    # an interview's answer under its label, its question elsewhere: "A: yes, he might last that long."
    (Reason.PAGE_LABEL, r"a\s?:\s.*", 120, ":"),
    (Reason.NEWSLETTER_PROMPT, r"you must select a newsletter\b.*", 15, "newsletter"),
    (Reason.NEWSLETTER_PROMPT, r"(invalid|please (enter|provide) a valid) e-?mail( address)?\b.*", 12, "mail"),
    (Reason.SOCIAL_LINKS, r"be the first to (know|comment|watch|see|hear|share|review|rate|find out)\b.*", 40,
     "be the first"),
    (Reason.SOCIAL_LINKS, r"(.*?\bhttps?://\S+){4,}.*", 300, "http"),    # a show's or site's link list, however long
    # a caption that ends on where and when the picture was taken, with no "on" (Reuters), in the present:
    # "A security guard looks out from ... in framingham, massachusetts october 8, 2012."
    (Reason.PHOTO_CAPTION, r"(?!.*\b(will|would|has|have|had|said|says)\b)"   # present tense: not news of it
                           r".{20,400}\b(in|at|near|outside) (?!(" + _MONTHS + r"|on|the)\b)[a-z][\w.'-]*"
                           r"(,? (?!on\b)[\w.'-]+){0,4},? (" + _MONTHS + r")\.? \d{1,2},? \d{4}\s*([.…]|\.\.\.)?", 60,
     "20"),
    # "... tractor in an image from undercover video shot at ...": a caption naming its picture
    (Reason.PHOTO_CAPTION, r".{10,300}\bin an? (image|still|frame|screen ?grab|screenshot) (taken )?from (an? )?"
                           r"(undercover |surveillance |security |amateur |police |body ?cam(era)? )?(video|footage)\b.*",
     45, "from"),
]]
# Whole-line patterns that also hold for a sentence; the rest (a "By Monday, ..." byline, a tag line
# glued to a sentence, a date) need a line of their own.
_UNIT_LINE_REASONS = {Reason.ADVERTISEMENT, Reason.NEWSLETTER_PROMPT, Reason.SHARE_BAR, Reason.SOCIAL_LINKS,
                      Reason.FOOTER, Reason.NAVIGATION, Reason.COMMENTS, Reason.APP_PROMO, Reason.RELATED_HEADLINES}

# (reason, pattern): chrome before a sentence's first words, cut again and again while one matches
# (a BBC credit is one word unless its caption follows, or it is one of the few longer agencies' names)
_LABELS = (r"(image copyright ([\w./-]+( [\w./-]+){0,3}? image caption|getty images( image caption)?|"
           r"(press association|science photo library|[\w.-]+)( image caption)?)|media playback is unsupported on your device"
           r"( media caption)?|(image|media) caption|enlarge (this )?image( toggle caption)?( close)?|"
           r"(photos )?view photos( zoom)?|view full size image|buy photo|hide caption|"
           r"(advertisement )?continue reading the main story|advertisement|read more|"
           r"(please )?(you need to )?enable javascript to (watch|play|view) (this video|media on [\w.]+( play)?)|"
           r"video\s*\(\s*\d{1,2}\s*:\s*\d{2}\s*\)\s*:?( video\s*:)?|(skip in )?skip x embed x share|"
           r"follow [\w.'-]+( [\w.'-]+){0,3} on (twitter|facebook|instagram)( and (twitter|facebook|instagram))?|play facebook twitter (google plus )?embed .{0,150}?\b\d{1,2}: ?\d{2}|"
           r"getty( images?)?(?= [a-z])|story highlights .{0,600}?\(\s*cnn\s*\)(\s*(—|–|--))?|"
           r"share( " + _SHARE_WORD + r"\b:?)+|"
           # "Story continued below", a document link "Download: sigar report on ... ( pdf )", a gallery's
           # "— louie juarez + read caption share photo \uf610 ✉"
           r"[-–—]?\s*(story|article) continue[sd]? below( [»>])?|continue reading below|"
           r"download\s*:[^()]{0,200}\(\s*pdf\s*\)|"
           r"page \d{1,3} of \d{1,3}|"     # a gallery's counter before its caption or the report's first words
           r"[—–-]?[^+]{0,60}\+ read caption( share photo)?[^\w\"“]*)\s+")
_LINK_LABEL = re.compile(r"(photos|gallery|slideshow|related|more|also|watch|listen)\s?:\s+", _I)
UNIT_LEAD: list[tuple[Reason, re.Pattern]] = [
    (Reason.PHOTO_CREDIT, re.compile(r"\(\s*(the )?associated press\s*\)\s*", _I)),
    (Reason.PHOTO_CREDIT, re.compile(r"\(\s*(facebook|twitter|instagram|youtube|snapchat)\s*\)\s*", _I)),
    (Reason.PAGE_LABEL, re.compile(r"(.{0,200}?\benlarge this image |(enlarge (this )?image )?)toggle caption "
                                   r"(?P<credit>\S+( \S+){0,4}?) "
                                   r"(?P=credit)\s+", _I)),
    (Reason.PAGE_LABEL, re.compile(_LABELS, _I)),
    # a live page's update stamp: "Update, 7: 49 p.m.: the dispatcher ...", "Update 2/7: ..."
    (Reason.PAGE_LABEL, re.compile(r"update(d)?(,? \d{1,2}/\d{1,2}(/\d{2,4})?)?(,? \d{1,2}\s*:\s*\d{2}\s*[ap]\.?\s?m\.?"
                                   r"( [a-z]{2,4}\b)?)?\s*:\s+", _I)),
    # a live page's label over its own words: "Earlier: amy sherman-palladino would like ...", "Background: on ..."
    (Reason.PAGE_LABEL, re.compile(r"(earlier|background)\s*:\s+", _I)),
    # a link to a gallery or another story, its headline run into the report's sentence ("Photos: celebs who
    # have been in rehab lilo revealed ..."): the label here, the headline after the loop
    (Reason.RELATED_HEADLINES, _LINK_LABEL),
    (Reason.DATELINE, LEAD_CHROME),
    # "London ( cnn ) british airways ...", "( reuters ) five ...", "Sanaa, yemen ( ap ) _ yemeni ..."
    (Reason.DATELINE, re.compile(r"([a-z][\w.'-]*(,? [a-z][\w.'-]*){0,3},? )?\(\s*(cnn|reuters|ap|afp|upi|ians|pti)"
                                 r"\s*\)\s*(—|–|--|-|_)?\s*", _I)),
    # a reprint notice glued to the report's first words ("... or visit www.djreprints.com sioux city, iowa — ...")
    (Reason.FOOTER, re.compile(r"[^.]{0,250}\b(order reprints|presentation-ready copies)\b[^.]{0,150}?"
                               r"(\bwww\.[\w.-]+\w|\.)\s+", _I)),
    # an AP video's date stamp: "( june 18 ) ap walmart is debuting ..."
    (Reason.DATELINE, re.compile(r"\(\s*(" + _MONTHS + r")\.? \d{1,2}(,? \d{4})?\s*\)\s*(ap|reuters|afp)\s+", _I)),
    # a tweet embedded before a sentence: "... casualties pic.twitter.com/wcahgusbzl — emsc ( @lastquake ) september
    # 10, 2016 local police said ..."
    (Reason.SOCIAL_LINKS, re.compile(r".{0,300}?[—–-]\s*[^()—–]{1,60}" + _TWEET_CREDIT +
                                     r"(\s*\(\s*more\s*:[^()]{1,100}\))?\s+", _I)),
    # the same credit's tail where the splitter broke it ("— midway intl. | Airport ( @fly2midway ) february 11,
    # 2018 due to ..."): a sentence cannot start with a handle in brackets and a date
    (Reason.SOCIAL_LINKS, re.compile(r"[^()—–.!?]{1,60}" + _TWEET_CREDIT + r"\s+", _I)),
    # a place or a date, a news service in brackets and a dash: "friday, april 22, 2016 ( healthday news ) -- "
    (Reason.DATELINE, re.compile(r"[^()]{0,60}?\(\s*[a-z][a-z.']*( [a-z][a-z.']*){0,2}\s*\)\s*(—|–|--)\s*", _I)),
    # a caption and its credit: "Alia sierra ( photo: provided ) ", "Donald trump ( ap photo/evan vucci ) "
    (Reason.PHOTO_CREDIT, re.compile(r".{0,250}?(" + _CREDIT_PARENS + r")\s*", _I)),
    # NYT's "Photo" glued to the first words ("Photo the bipartisan commission ..."), not "Photo ID laws"
    (Reason.PAGE_LABEL, re.compile(r"photo\s+(?=[a-z])(?!(id|ids|op|ops|shoots?|opportunit\w*|booths?|finish|essays?|"
                                   r"editors?|radar|enforcement|albums?|galler\w*|sharing|of|and|was|is|has|shows?|"
                                   r"taken|from|by)\b)", _I)),
    (Reason.BYLINE, re.compile(r"by [a-z][\w.' ,&-]{1,150}? (staff( writer| reporter)?|[a-z]+ reporter|correspondent|"
                               r"contributor)\b[,.]?\s+", _I)),
    (Reason.BYLINE, re.compile(r"by\s*:?\s*([\w.'-]+ ){1,3}@\w+\s+", _I)),
    # "amy sussman, getty images " before the first words
    (Reason.PHOTO_CREDIT, re.compile(r"[a-z][\w.'-]*( [\w.'-]+){0,2}, (getty images|associated press|ap photo|afp|reuters|"
                                     r"usa today( sports)?)\s+", _I)),
]
# after chrome was cut, a lowercased place and a dash start the report: "( photo: susan walsh, ap ) washington — the ..."
_LOWER_DATELINE = re.compile(r"(?!(at|in|on|for|but|and|so|yet|now|then|still|well|meanwhile|however|who|which)\b)"
                             r"[a-z][\w.'-]*( [a-z][\w.'-]*){0,2}(, [a-z][\w.'-]*( [a-z][\w.'-]*)?)? (—|–|--) "
                             r"(?![^—–]*(—|–|--))", _I)
# a button glued to a sentence of cased text: "Close The house will vote ...", "Share Officials said ..."
_BUTTON = re.compile(r"(Close|Share)\s+(?=[A-Z][a-z])")
# a button glued to the first words of a page: "Close the nypd is searching ...", not "Close to 1,000 ..."
_DOC_START_BUTTON = re.compile(r"(close|share)\s+(?=[a-z])(?!(to|by|of|friends?|advisers?|aides?|allies|associates|"
                               r"relatives|ties|calls?|prices?|holders?|values?|buybacks?)\b)", _I)
# where a page starts, a place with a lowercased second word and a dash ("Mexico city -- joaquin ..."), or a place,
# its state and a station in brackets ("Lexington, ky ( lex 18 ) olympic runner ..."); elsewhere these are asides.
# The second word of a place is one that ends place names, so that a name and its aside stay ("Jonathon keats — a
# san francisco-based philosopher who ...")
_PLACE_SECOND = (r"(city|york|kong|angeles|francisco|orleans|vegas|delhi|beach|springs|rapids|falls|haven|rouge|diego|"
                 r"jose|antonio|louis|petersburg|island|valley|heights|county|jersey|hampshire|zealand|korea|africa|"
                 r"arabia|lumpur|aires|janeiro|paulo|salvador|park)")
# a US state as AP and the postal service shorten it, or a county: "Columbus, ohio - ", "Tampa, fla. — ",
# "Damascus township, wayne county- "
_US_STATE = (r"(alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|"
             r"illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|"
             r"mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|"
             r"north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|"
             r"south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming|"
             r"ala|ariz|ark|calif|colo|conn|del|fla|ga|ill|ind|kan|ky|la|md|mass|mich|minn|miss|mo|mont|neb|nev|"
             r"n\.h|n\.j|n\.m|n\.y|n\.c|n\.d|okla|ore|pa|r\.i|s\.c|s\.d|tenn|vt|va|wash|w\.va|wis|wyo|d\.c|"
             r"al|ak|az|ar|ca|co|ct|fl|il|ia|ks|mi|mn|mt|nv|nh|nj|nm|ny|nc|nd|ri|sc|sd|tn|tx|ut|wa|wv|wi|wy|dc|"
             r"[a-z]+ county)")     # not the codes that are words ("Yes, or - perhaps ...", "Ok, ok - ...")
_DOC_START_DATELINE = re.compile(
    r"(?!(The|A|An|This|That|These|Those|His|Her|Its|Their|Our|My|It|He|She|They|We|But|And|So|Now|Then|Still|Yet)\b)"
    r"[A-Z][a-z]+ " + _PLACE_SECOND + r" (—|–|--) (?=[a-z])(?!(who|whose|which|whom)\b)(?!.{0,80}(—|–|--))|"
    r"[a-z][\w.'-]*( [a-z][\w.'-]*)?, [a-z]{2,5}\.? \(\s*[a-z][\w -]{1,15}\)\s*(—|–|--)?\s*|"
    r"[a-z][\w.'-]*( [a-z][\w.'-]*){0,2}, " + _US_STATE + r"\.?\s?(-|—|–|--)\s(?=[a-z])", _I)
_CREDIT_LEAD = re.compile(r"\|\s*|credit\s*:\s*|photo(graph)?\s*(:|by)\s*|photographer\s*:\s*|image\s*:\s*", _I)
# "getty images file"; a newspaper's staff photographer ("Barton silverman/the new york times"), not a joint
# poll's sponsors ("Abc news/the washington post poll found ...")
_CREDIT_START = re.compile(r"(" + _CREDIT + r"|the [a-z]+( [a-z]+)? (times|post|journal|tribune|herald|globe|"
                           r"gazette|star|chronicle|inquirer)(?! (poll|survey|study|analysis|investigation|report)))"
                           r"( via (" + _CREDIT + r"))?( file)?\b", _I)
_SLASH = re.compile(r"\s?/\s?")
_INLINE = re.compile(r"\s?\(\s*pdf\s*\)", _I)
_QUOTED_BOUNDARY = re.compile(r"[.!?] [\"”] (?=[a-z])")
MIN_REST = 20      # a cut before the first words leaves at least this many characters, or it is no dateline
CAPTION_MAX_WORDS = 16   # a caption alone after its label; a report's first sentence is longer
HEADLINE_MAX_WORDS = 16  # a linked story's headline before the report's words ("Photos: celebs who have been in rehab")
_CAPTION_LABEL = re.compile(r"\b(image|media) caption\s*$", _I)
_AP_CREDIT = re.compile(r"\(\s*(the )?associated press\s*\)", _I)
# a video player's labels over its description (not "Video ( 02: 59 ):" alone: the report's first words may follow)
_VIDEO_LABEL = re.compile(r"(\bx embed x share|\)\s*:?\s*video\s*:)\s*$", _I)
_PICTURE_SHARE_BAR = re.compile(r"\bfacebook twitter pinterest\s*$", _I)   # the Guardian's, over a picture
_WEEKDAY = r"(mon|tues|wednes|thurs|fri|satur|sun)day"
_FULL_DATE = r"(" + _MONTHS + r")\.? \d{1,2},? \d{4}"      # "sept. 15, 2014"
_CAPTION_DATE_END = re.compile(r"\b" + _WEEKDAY + ",? " + _FULL_DATE +
                               r"(,? (in|at|near) [^.;:!?]{2,60})?\s*([.…]|\.\.\.)?\s*$", _I)
# a sentence ending on a full date, perhaps after the weekday and with "on", and where: "... appear on the set of
# the view on sept. 15, 2014 in new york.", "... converge on the school tuesday morning, march 20, 2018 in ..."
_PICTURE_DATE_END = re.compile(r"(\b" + _WEEKDAY + r"( (morning|afternoon|evening|night))?,? )?(\bon )?\b" + _FULL_DATE +
                               r"(,? (in|at|near|outside|off|on) [^.;:!?]{2,60})?\s*([.…]|\.\.\.)?\s*$", _I)
# a day with no year beside where: "... speaks during the republican national convention in cleveland on july 18.",
# "... at a market in denpasar, bali, indonesia on april 26." (without the place, news of a day to come is as likely)
_DAY = r"(" + _MONTHS + r")\.? \d{1,2}"
_PICTURE_DAY_END = re.compile(r"(\b(in|at|near|outside) [^.;:!?]{2,60},? on " + _DAY + r"|\bon " + _DAY +
                              r",? (in|at|near|outside) [^.;:!?]{2,60})\s*([.…]|\.\.\.)?\s*$", _I)


def _slash_credit(unit: str) -> int:
    """Length of a credit at the start: "Reuters/dado ruvic/file photo ", "Valerie macon/afp/getty images ",
    "Ap photo/david zalubowski " (a photographer's two words after an agency); 0 if none."""
    lead = _CREDIT_LEAD.match(unit)
    start = pos = lead.end() if lead else 0
    parts = []
    for m in _SLASH.finditer(unit, start, start + 100):
        part = unit[pos:m.start()]
        if not part.strip() or len(words(part)) > 4:
            break
        parts.append(part.strip())
        pos = m.end()
    if not parts:
        return 0
    tail = unit[pos:]
    if m := _CREDIT_START.match(tail):
        return pos + m.end()
    if any(_CREDIT_START.fullmatch(p) for p in parts) and (m := re.match(r"[\w'-]+( [a-z]\.)? [\w'-]+\.?", tail)):
        return pos + m.end()
    return 0


def unit_chrome(unit: str, doc_start: bool = False) -> list[tuple[int, int, Reason]]:
    """What to cut from one sentence of a page: [(0, len, reason)] when the sentence is chrome, else the
    chrome before its first words and small credits inside it, as (start, end, reason); [] for none.
    `doc_start`: the sentence opens its document (where a page's "Close" button lands)."""
    if len(unit) > 1200:
        return []
    cuts: list[tuple[int, int, Reason]] = []
    at = 0
    for _ in range(6):       # a caption's credit, then the dateline after it, then a label ...
        rest = unit[at:]
        step = None
        for reason, rx in UNIT_LEAD:
            m = rx.match(rest)
            if m and m.end() > 0:
                step = (m.end(), reason)
                break
        if step is None and (n := _slash_credit(rest)):
            step = (n, Reason.PHOTO_CREDIT)
        if step is None and at == 0 and ((m := _BUTTON.match(rest)) or doc_start and (m := _DOC_START_BUTTON.match(rest))):
            step = (m.end(), Reason.PAGE_LABEL)
        if step is None and at == 0 and doc_start and (m := _DOC_START_DATELINE.match(rest)):
            step = (m.end(), Reason.DATELINE)
        if step is None and at > 0 and (m := _LOWER_DATELINE.match(rest)):
            step = (m.end(), Reason.DATELINE)
        if step is None or len(rest) - step[0] < MIN_REST:
            break
        end = at + step[0]
        end += len(unit[end:]) - len(unit[end:].lstrip())
        cuts.append((at, end, step[1]))
        at = end
    whole = whole_unit_reason(unit[at:])
    if not whole and cuts and _CAPTION_LABEL.search(unit, cuts[-1][0], cuts[-1][1]):
        # a BBC caption after its label, glued to the report's first sentence: cut to the clause boundary,
        # or all of it when it is a caption's length and no report sentence follows
        if (end := caption_end(unit[at:])) is not None:
            cuts.append((at, at + end, Reason.PHOTO_CAPTION))
            at += end
        elif len(words(unit[at:])) <= CAPTION_MAX_WORDS:
            whole = Reason.PHOTO_CAPTION
    if not whole and cuts and cuts[-1][2] == Reason.RELATED_HEADLINES:
        # a link's headline after its label: a line of its own ("Related: did ... make her a target?"), or cut to
        # where the report's sentence starts, or all of it where no boundary is found within a headline's length
        # (a headline glued to a sentence no reader can tell apart)
        end = None if whole_unit_reason(unit[cuts[-1][0]:]) else caption_end(unit[at:])
        if end is not None and len(words(unit[at:at + end])) <= HEADLINE_MAX_WORDS:
            cuts.append((at, at + end, Reason.RELATED_HEADLINES))
            at += end
        else:
            whole = Reason.RELATED_HEADLINES
    if not whole and cuts and _PICTURE_SHARE_BAR.search(unit, cuts[-1][0], cuts[-1][1]) and len(words(unit[at:])) <= 50:
        whole = Reason.PHOTO_CAPTION    # "Facebook twitter pinterest blisters on the body of a man in kobani ..."
    if not whole and cuts and _VIDEO_LABEL.search(unit, cuts[-1][0], cuts[-1][1]) and len(words(unit[at:])) <= 40:
        whole = Reason.PAGE_LABEL       # "Video ( 02: 54 ): video: sen. al franken spoke to the media ..."
    if not whole and cuts and cuts[-1][2] == Reason.PHOTO_CREDIT and _CAPTION_DATE_END.search(unit, at):
        # after a credit, a sentence ending on the date the picture was taken is its caption:
        # "( associated press ) u.s. attorney ... talks to reporters ... trial tuesday, aug. 17, 2010..."
        whole = Reason.PHOTO_CAPTION
    if not whole and len(cuts) == 1 and _AP_CREDIT.match(unit) and describes_picture(unit[at:]):
        # AP's pages put the caption right after the credit; its report starts with a dateline or the past
        whole = Reason.PHOTO_CAPTION    # "( associated press ) donald trump speaks to a crowd of 600 people ..."
    if not whole and _PICTURE_DATE_END.search(unit, at) and describes_picture(unit[at:], dated=True):
        # a picture's description and the day it was taken, with no credit left: "people stand at the edge of
        # flood waters ... january 12, 2011."; news of a date to come keeps its verb ("the film opens ...")
        whole = Reason.PHOTO_CAPTION
    if not whole and _PICTURE_DAY_END.search(unit, at) and describes_picture(unit[at:], dated=True, strict=True):
        whole = Reason.PHOTO_CAPTION    # the same with the day alone: stricter
    # the splitter misses a boundary before a lowercased sentence after a closing quote ('... from " a dog's
    # purpose. " marketers would describe ...'): a caption then ends there, and what follows stays
    if whole == Reason.PHOTO_CAPTION and (end := _QUOTED_BOUNDARY.search(unit, at)) and len(unit) - end.end() >= MIN_REST:
        return cuts + [(at, end.end(), whole)]
    if whole or (cuts and not re.search(r"[a-z]{2}", unit[at:], _I)):
        return [(0, len(unit), whole or cuts[0][2])]
    cuts += [(at + m.start(), at + m.end(), Reason.PAGE_LABEL) for m in _INLINE.finditer(unit[at:])]
    cuts += [(at + s, at + e, Reason.SOCIAL_LINKS) for s, e in _widget_sentences(unit[at:])]
    cuts += [(at + s, at + e, Reason.REPEATED_NOTICE) for s, e in repeated_pieces(unit[at:])
             if not any(a < at + e and at + s < b for a, b, _ in cuts)]
    return sorted(cuts)


def _widget_sentences(text: str) -> list[tuple[int, int]]:
    """A widget's notice glued to the report's sentences where the splitter found no boundary ("... in her
    custody. Get push notifications with news, features and more. "there is ..."): from the full stop
    before it to the one after it."""
    spans: list[tuple[int, int]] = []
    for m in widget_notices(text):
        if spans and m.start() < spans[-1][1]:
            continue
        before = max((k.end() for k in re.finditer(r"[.!?]\s+", text[:m.start()])), default=0)
        after = re.compile(r"[.!?](\s+|$)").search(text, m.end())
        end = after.end() if after else len(text)
        if len(words(text[before:end])) <= 120:
            spans.append((before, end))
    return spans


def whole_unit_reason(unit: str) -> Reason | None:
    """The reason a sentence is chrome as a whole (a caption, a credit, a button, a widget's notice), or None."""
    text = unit.strip()
    if not text:
        return None
    n_words = len(words(text))
    lowered = text.lower()
    for reason, rx, cap, needle in UNIT_WHOLE:
        if n_words <= cap and needle in lowered and rx.fullmatch(text):
            return reason
    if n_words <= 80 and widget_notices(text):      # a widget's notice: Twitter, a video player, an archive
        return Reason.SOCIAL_LINKS
    if repeated_key(text) in repeated_notices():
        return Reason.REPEATED_NOTICE
    for reason, rx, cap in LINE_PATTERNS:
        if reason in _UNIT_LINE_REASONS and n_words <= cap and rx.fullmatch(text):
            return reason
    text = text.replace("&#124;", "|")
    if is_menu_line(text):
        return Reason.NAVIGATION
    parts = [p for p in re.split(r"\s+\|\s+", text) if p.strip()]
    if len(parts) >= 3 and all(len(words(p)) <= 20 for p in parts):   # headlines run together with bars
        return Reason.RELATED_HEADLINES
    return None
