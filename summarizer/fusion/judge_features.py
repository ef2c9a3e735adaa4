"""What the judge looks at in a (candidate, sources) pair: numbers a gradient-boosted model can weigh.

A rewrite is almost always pieces of its sources (`alignment.align`), so the features describe what
was kept and what was cut, along the main source's dependency parse:
- size: tokens, pieces, sources drawn on, glue words, the share of the main source kept, cut gaps;
- what the cuts removed: subtree heads by dependency label (a cut "advcl", "appos", "prep", "neg"...),
  and words of kinds whose loss changes a claim (subordinators, quantifiers, hedges, negations,
  dates and numbers, attributions, list conjunctions), at the start, middle or end of the source;
- how the candidate reads: its own parse (a subject, a finite verb), its first and last words, chrome
  cues (photo credits, datelines, "pdf", "close"), quotation marks balanced, and whether it says who speaks
  (`SELF_CONTAINED`) and keeps what a deed was for (`cut_purpose`);
- every hand rule's flag (`verify.problems`, `alignment.structure_problems`) as a 0/1 feature, so the
  model learns how much each rule is worth instead of each one vetoing on its own;
- how the fusion model itself reads the candidate given its sources (`LM_FEATURES`: the mean and the
  lowest log-probability of its word pieces and end, from `FusionEngine.candidate_log_probs`): a cut that
  leaves a clumsy junction or an early end surprises the model. Missing (NaN) when no model is at hand.
"""
from __future__ import annotations

import re

import numpy as np

from summarizer.fusion.speakers import whole_quotation
from summarizer.text import SECOND_PERSON, outside_quotations, quotes_unbalanced, speaks_unnamed

SUBORDINATORS = frozenset("if unless when whenever although though because while until before after once "
                          "since whereas except had".split())
QUANTIFIERS = frozenset("more less fewer least up nearly almost about around roughly approximately some many "
                        "most several only tens hundreds dozens thousands millions all every each".split())
HEDGES = frozenset("may might could would should reportedly allegedly possibly likely probably apparently "
                   "perhaps expected believed suspected".split())
NEGATIONS = frozenset("not n't no never nor neither without".split())
ATTRIBUTION = frozenset("said says say told tells according reported added claimed stated".split())
MONTHS = frozenset("january february march april may june july august september october november december "
                   "jan feb mar apr jun jul aug sep sept oct nov dec year years week month quarter "
                   "summer winter spring fall autumn season".split())
CHROME = frozenset("photo photos file image caption copyright getty ap cnn reuters pdf close share enlarge "
                   "advertisement click subscribe video watch".split())
FUNCTION_END = frozenset("a an the of to in on at by for with from and or but as than that".split())
DEPS = ("advcl", "appos", "relcl", "acl", "prep", "pobj", "conj", "cc", "amod", "nummod", "neg", "aux", "auxpass",
        "advmod", "npadvmod", "nsubj", "nsubjpass", "dobj", "ccomp", "xcomp", "mark", "det", "poss", "compound",
        "attr", "acomp", "punct", "ROOT", "dep", "agent", "quantmod", "case", "nmod", "oprd", "dative", "prt")
CUE_SETS = (("subordinator", SUBORDINATORS), ("quantifier", QUANTIFIERS), ("hedge", HEDGES),
            ("negation", NEGATIONS), ("attribution", ATTRIBUTION), ("period", MONTHS))
_DIGIT = re.compile(r"\d")
# whether the candidate tells its reader who speaks and ends as a sentence: first person naming no speaker, a
# quotation alone, "you" outside quotation marks, no closing stop (fresh reads count such lines wrong)
SELF_CONTAINED = ("speaks_unnamed", "bare_quotation", "second_person", "no_closing_stop")


def _rule_flags() -> tuple[str, ...]:
    from summarizer.fusion.alignment import FLAGS

    return ("unsupported-number", "unsupported-entity", "unsupported-quote", "novel-word", "repetition",
            "loaded-term", "too-short", "no-finite-verb", "no-subject") + FLAGS


LM_FEATURES = ("lm_mean", "lm_min")


def lm_features(log_probs: np.ndarray | None) -> tuple[float, float]:
    """`LM_FEATURES` of one candidate's token log-probabilities (NaN without them)."""
    if log_probs is None or not len(log_probs):
        return float("nan"), float("nan")
    return float(np.mean(log_probs)), float(np.min(log_probs))


def rule_feature(flag: str) -> str:
    """A rule flag's feature name (LightGBM takes no ":" or "-" in names)."""
    return "rule_" + flag.replace("-", "_")


def flags_of(row: np.ndarray) -> list[str]:
    """The rule flags that a feature row holds."""
    by_name = {rule_feature(flag): flag for flag in _rule_flags()}
    return [by_name[name] for name, v in zip(feature_names(), row) if v and name in by_name]


def feature_names() -> list[str]:
    names = ["tokens", "source_tokens", "kept_share", "pieces", "sources_used", "glue", "gaps",
             "cut_start", "cut_end", "cut_tokens", "cut_digits", "cut_capitalised", "cut_quotes",
             "kept_digits_share", "ends_function_word", "starts_lower_in_source", "quotes_unbalanced",
             "chrome_in_candidate", "chrome_first3", "candidate_no_subject", "candidate_no_finite_verb",
             *SELF_CONTAINED, "cut_purpose"]
    names += [f"cut_{d}" for d in DEPS]
    names += [f"cut_{name}_{where}" for name, _ in CUE_SETS for where in ("start", "middle", "end")]
    names += [f"kept_{name}" for name, _ in CUE_SETS]
    names += [rule_feature(flag) for flag in _rule_flags()]
    return names + list(LM_FEATURES)


def features(candidate: str, sources: list[str], flags: list[str] | None = None,
             log_probs: np.ndarray | None = None) -> np.ndarray:
    """The feature vector (in `feature_names()` order) of one candidate against its sources. `flags`:
    the hand rules' flags when the caller has them already; `log_probs`: the fusion model's token
    log-probabilities of the candidate (`LM_FEATURES`)."""
    from summarizer.fusion.alignment import _aligned_positions, _parse, align, clause_problems
    from summarizer.fusion.recase import folded_tokens

    if flags is None:
        from summarizer.fusion.alignment import structure_problems
        from summarizer.fusion.verify import problems

        flags = problems(candidate, sources)
        flags += [p for p in structure_problems(candidate, sources) if p not in flags]
    alignment = align(candidate, sources)
    used_by = _aligned_positions(alignment)
    main = max(used_by, key=lambda j: len(used_by[j])) if used_by else 0
    toks = folded_tokens(sources[main]) if sources else ()
    used = used_by.get(main, set())
    parse = _parse(sources[main]) if sources else None
    n = len(toks)
    cut = [k for k in range(n) if k not in used]
    first_used, last_used = (min(used), max(used)) if used else (0, -1)
    gaps = sum(1 for k in cut if k > 0 and (k - 1) in used)

    row: dict[str, float] = {
        "tokens": len(alignment.tokens), "source_tokens": n, "kept_share": len(used) / max(1, n),
        "pieces": len(alignment.pieces), "sources_used": len(used_by), "glue": len(alignment.glue), "gaps": gaps,
        "cut_start": first_used, "cut_end": max(0, n - 1 - last_used), "cut_tokens": len(cut),
        "cut_digits": sum(bool(_DIGIT.search(toks[k])) for k in cut),
        "cut_quotes": sum(toks[k] in ('"', "“", "”") for k in cut),
        "kept_digits_share": sum(bool(_DIGIT.search(toks[k])) for k in used) / max(1, sum(
            bool(_DIGIT.search(t)) for t in toks)),
        "quotes_unbalanced": float(quotes_unbalanced(candidate)),
    }
    words = [t for t in alignment.tokens if t[:1].isalnum()]
    row["ends_function_word"] = float(bool(words) and words[-1] in FUNCTION_END)
    row["chrome_in_candidate"] = sum(t in CHROME for t in alignment.tokens)
    row["chrome_first3"] = sum(t in CHROME for t in words[:3])
    raw_source = sources[main] if sources else ""
    row["starts_lower_in_source"] = float(first_used > 0 or raw_source[:1].islower())
    if parse is not None:
        capitalised = {k for k, (tok, _, _) in enumerate(_tokens(raw_source)) if tok[:1].isupper()}
        row["cut_capitalised"] = sum(k in capitalised for k in cut if k > 0)
        for k in cut:
            head = parse.heads[k] if k < len(parse.heads) else -1
            if head in used or head < 0:            # the head of a cut subtree
                dep = parse.deps[k] if k < len(parse.deps) else ""
                if dep in DEPS:
                    row[f"cut_{dep}"] = row.get(f"cut_{dep}", 0) + 1
    for name, words_of in CUE_SETS:
        for k in cut:
            if toks[k] in words_of:
                where = "start" if k < first_used else "end" if k > last_used else "middle"
                row[f"cut_{name}_{where}"] = row.get(f"cut_{name}_{where}", 0) + 1
        row[f"kept_{name}"] = sum(toks[k] in words_of for k in used)
    row.update(zip(SELF_CONTAINED, self_containment(candidate)))
    row["cut_purpose"] = float(_cut_purpose(used_by, sources))
    clause = clause_problems(candidate)       # the candidate's own parse (cached)
    row["candidate_no_subject"] = float("no-subject" in clause)
    row["candidate_no_finite_verb"] = float("no-finite-verb" in clause)
    for flag in flags:
        row[rule_feature(flag)] = 1.0
    row.update(zip(LM_FEATURES, lm_features(log_probs)))
    return np.array([row.get(name, 0.0) for name in feature_names()], dtype=np.float32)


def self_containment(candidate: str) -> tuple[float, ...]:
    """`SELF_CONTAINED` of one candidate."""
    return (float(speaks_unnamed(candidate)), float(whole_quotation(candidate) is not None),
            float(bool(SECOND_PERSON.search(outside_quotations(candidate)))), float(candidate.strip()[-1:] not in ".!?\"”'"))


def _cut_purpose(used_by: dict[int, set[int]], sources: list[str]) -> bool:
    """An infinitival clause ("to donate his organs", "in order to ...") cut whole while the word it hangs
    on is kept: what a deed was for is gone (fresh reads of session 24)."""
    from summarizer.fusion.alignment import _parse, _subtree_edges
    from summarizer.fusion.recase import folded_tokens

    for j, kept in used_by.items():
        parse, toks = _parse(sources[j]), folded_tokens(sources[j])
        for k, word in enumerate(toks[:len(parse.deps)]):
            verb = parse.heads[k]
            if word != "to" or k in kept or parse.deps[k] != "aux" or verb < 0 or verb in kept:
                continue
            if parse.deps[verb] in ("advcl", "acl", "xcomp") and parse.heads[verb] in kept:
                lo, hi = _subtree_edges(parse, verb)
                if not any(i in kept for i in range(lo, hi + 1)):
                    return True
    return False


def _tokens(text: str):
    from summarizer.fusion.recase import tokens_with_spans

    return tokens_with_spans(text)
