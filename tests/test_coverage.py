"""Concept-coverage selection: the ILP, its time limit and greedy fallback, budgets, facts, focus."""
import numpy as np
import pytest

from summarizer.errors import InputError
from summarizer.pipeline.concepts import concept_table, sentence_concepts, wording_gaps
from summarizer.pipeline.coverage import concept_columns, greedy, solve
from summarizer.pipeline.relate import group_facts
from summarizer.pipeline.select import SelectionWeights, select
from summarizer.types import Sentence

# three sentences: the first has the best value per word, but the other two together are worth more
LENGTHS = np.array([6, 5, 5])
CONCEPTS = [[0, 1], [2], [3]]
WEIGHTS = np.array([4.0, 3.0, 5.0, 5.0])
NO_BONUS = np.zeros(3)


def test_the_ilp_finds_the_best_set_where_greedy_does_not():
    assert greedy([0, 1, 2], LENGTHS, 10, CONCEPTS, WEIGHTS, NO_BONUS, []) == [0]
    solution = solve([0, 1, 2], LENGTHS, 10, CONCEPTS, WEIGHTS, NO_BONUS, [])
    assert sorted(solution.chosen) == [1, 2] and solution.value == 10.0 and solution.method == "ilp"


def test_a_solver_out_of_time_falls_back_to_greedy_and_says_so():
    solution = solve([0, 1, 2], LENGTHS, 10, CONCEPTS, WEIGHTS, NO_BONUS, [], time_limit=0)
    assert solution.method in ("greedy", "ilp-incumbent")
    assert sum(LENGTHS[solution.chosen]) <= 10 and solution.value >= 7.0


def test_the_greedy_fallback_keeps_the_same_caps_as_the_ilp(monkeypatch):
    import summarizer.pipeline.coverage as coverage

    monkeypatch.setattr(coverage, "_milp", lambda *args: (None, False))     # the solver found nothing in time
    restatements = [[0, 1, 2]]       # three sentences restating one fact: at most two may be said
    solution = solve([0, 1, 2, 3], np.array([5, 5, 5, 5]), 100, [[0], [1], [2], [3]], np.ones(4), np.zeros(4),
                     restatements, caps=[2])
    assert solution.method == "greedy"
    assert 3 in solution.chosen and len(set(solution.chosen) & {0, 1, 2}) == 2


def test_a_concept_counts_once_and_a_group_gives_at_most_one_sentence():
    same = [[0], [0], [1]]   # sentences 0 and 1 say the same thing
    solution = solve([0, 1, 2], np.array([3, 3, 3]), 9, same, np.array([5.0, 1.0]), np.zeros(3), [])
    assert sorted(solution.chosen) in ([0, 2], [1, 2], [0, 1, 2])
    assert solve([0, 1, 2], np.array([3, 3, 3]), 9, same, np.array([5.0, 1.0]), np.ones(3), [[0, 1]]).chosen \
        in ([0, 2], [2, 0], [1, 2], [2, 1])


def test_concepts_are_stemmed_bigrams_weighted_by_how_many_reports_use_them():
    assert ("launch", "site") in sentence_concepts("They toured the launch sites.")
    assert ("of", "the") not in sentence_concepts("Most of the leaders came.")
    table = concept_table(["Putin showed Kim the launch site.", "Kim saw the launch site.", "Rain fell."],
                          docs=[0, 1, 2], positions=[0, 0, 0], min_df=2)
    assert table.names == [("launch", "site"), ("the", "launch")]
    assert list(table.weights) == [2.0, 2.0] and table.of_sentence[2] == []


def test_a_spun_rewrite_trails_the_wording_most_reports_share():
    texts = ["Putin showed Kim the most advanced space rocket launch site.",
             "Putin showed Kim around the most advanced space rocket launch site.",
             "Putin showed Kim Russia's most developed space rocket send off site."]
    table = concept_table(texts, docs=[0, 1, 2], positions=[0, 0, 0])
    gaps = wording_gaps(table.shared, [0, 1, 2], [[0, 1, 2]])
    assert gaps[2] > 0.3 and gaps[0] == 0.0


def sentences(*pairs):
    counts: dict[int, int] = {}
    out = []
    for doc, text in pairs:
        counts[doc] = counts.get(doc, -1) + 1
        out.append(Sentence(doc=doc, index=counts[doc], text=text, start=0, end=len(text)))
    return out


def _cluster():
    sents = sentences(*[(d, f"Report {d} says that detail {i} of the flood in the city was seen today.")
                        for d in range(4) for i in range(6)])
    emb = np.random.default_rng(0).normal(size=(len(sents), 16)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return sents, emb, group_facts(sents, emb)


@pytest.mark.parametrize("budget", [15, 29, 30, 100, 250])
def test_interactive_budgets_are_never_exceeded_and_overflow_ends_one_sentence_past(budget):
    sents, emb, facts = _cluster()   # every sentence has 15 words
    within = select(sents, emb, facts, budget)
    assert within.method == "ilp"
    used = sum(len(c.text.split()) for c in within)
    assert budget - 15 < used <= budget          # filled to within one sentence of the limit
    past = select(sents, emb, facts, budget, SelectionWeights(overflow=True))
    words = [len(c.text.split()) for c in past]
    assert sum(words[:-1]) <= budget < sum(words) or (sum(words) == budget and len(past) == len(within))
    assert len({c.fact for c in past}) == len(past)


def test_the_old_strategy_stays_available_and_unknown_ones_are_refused():
    sents, emb, facts = _cluster()
    assert select(sents, emb, facts, 60, SelectionWeights(strategy="mmr")).method == "mmr"
    with pytest.raises(InputError, match="strategy"):
        SelectionWeights(strategy="best")


@pytest.mark.slow
def test_a_focus_steers_the_seed_summary_and_no_focus_gives_the_generic_one(extractive, seed_paths):
    generic = extractive.summarize(seed_paths, max_words=60)
    food = extractive.summarize(seed_paths, max_words=60, focus="What did Putin and Kim eat at lunch?")
    assert "dumplings" in food.summary.lower() or "lunch" in food.summary.lower()
    assert "lunch" not in generic.summary.lower()
    assert extractive.summarize(seed_paths, max_words=60, focus="  ").summary == generic.summary
    assert all(len(s.summary.split()) <= 60 for s in (generic, food))


@pytest.mark.slow
def test_the_seed_summary_says_each_fact_once_in_the_wording_most_reports_share(extractive, seed_paths):
    summary = extractive.summarize(seed_paths, max_words=150)
    text = summary.summary
    assert "send off site" not in text and "nitty gritty" not in text       # seed 001 is a spun rewrite
    assert sum(len(s.text.split()) for s in summary.sentences) <= 150
    docs_per_sentence = [{r.doc for r in s.sources} for s in summary.sentences]
    assert all(docs for docs in docs_per_sentence)


def test_of_two_wordings_of_a_fact_the_one_without_loaded_terms_is_chosen():
    sents = sentences((0, "The tyrant met the president in Moscow on Tuesday for long talks."),
                      (1, "The leader met the president in Moscow on Tuesday for long talks."),
                      (2, "Rain fell over the city of Moscow for most of the long day."))
    emb = np.array([[1, 0.02, 0], [1, 0, 0.02], [0, 0, 1]], dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    facts = group_facts(sents, emb)
    chosen = select(sents, emb, facts, 30)
    assert [c.sentence for c in chosen] == [1, 2]


# ---- joint selection and compression: the fusion engine's choice among rewrites and source sentences
JOINT = ["Karvonian President Radu Velic and Prime Minister Anja Holm signed the water deal in Dravik on "
         "Tuesday after three days of talks behind closed doors.",
         "Velic and Holm signed the water deal in Dravik on Tuesday, officials said.",
         "About 2,000 farmers protested outside the town hall against the water deal.",
         "Farmers protested outside the town hall on Monday."]


def joint_terms(texts=JOINT, docs=(0, 1, 0, 1)):
    from summarizer.pipeline.select import CoverageTerms

    table = concept_table(list(texts), list(docs), [0, 0, 1, 1])
    length = np.array([len(t.split()) for t in texts])
    n = len(texts)
    return CoverageTerms(table, np.zeros(n), np.ones(n, dtype=bool), list(range(n)), [], 1.0, length)


def test_the_words_a_rewrite_frees_are_spent_on_another_fact():
    from summarizer.pipeline.select import Variant, choose_variants

    rewrite = "Velic and Holm signed the water deal in Dravik on Tuesday."
    budget = len(rewrite.split()) + len(JOINT[2].split()) + 1
    assert len(JOINT[0].split()) + len(JOINT[2].split()) > budget   # both source sentences do not fit
    sources = [Variant(0, JOINT[0], 0), Variant(1, JOINT[2], 2)]
    alone = choose_variants(joint_terms(), sources, budget, np.eye(4))
    assert len(alone.chosen) == 1                                   # extraction says one fact
    variants = [*sources, Variant(0, rewrite, 0, rewrite=True)]
    joint = choose_variants(joint_terms(), variants, budget, np.eye(4))
    assert sorted(variants[j].text for j in joint.chosen) == sorted([rewrite, JOINT[2]])


def test_one_variant_per_fact_and_no_restatement_whatever_the_budget():
    from summarizer.pipeline.select import Variant, choose_variants

    restated = "The water deal was signed in Dravik by Velic and Holm on Tuesday."   # fact 2 says fact 0 again
    variants = [Variant(0, JOINT[0], 0), Variant(0, JOINT[1], 1), Variant(1, JOINT[2], 2),
                Variant(2, restated, 3, rewrite=True)]
    chosen = choose_variants(joint_terms(), variants, 500, np.eye(4)).chosen
    facts = [variants[j].fact for j in chosen]
    assert len(facts) == len(set(facts)) and 1 in facts
    assert not ({0, 2} <= set(facts))


def test_words_a_dropped_restatement_leaves_go_to_a_fact_that_fits():
    # when the joint choice still restates after its last round, the restatement goes and the words it
    # held are spent again: on the variant that fits, breaks no conflict and says something new
    from summarizer.pipeline.select import filled
    from summarizer.text import content_stems

    texts = ["Velic and Holm signed the water deal in Dravik on Tuesday.",                  # 0: chosen
             "About 2,000 farmers protested outside the town hall against the water deal.",  # 1: fits, new
             "Farmers protested outside the town hall on Monday.",                           # 2: same fact as 1
             "The water deal was signed in Dravik by Velic and Holm.",                       # 3: restates 0
             "Engineers from both countries will monitor the river's flow for the next ten years in summer."]
    lengths = np.array([len(t.split()) for t in texts])
    of_variant = [[0, 1], [2, 3], [3], [0, 1, 6], [4, 5]]
    weights, own = np.ones(7), np.zeros(len(texts))
    budget = int(lengths[0] + lengths[1] + lengths[3]) + 1     # room for the restatement, not the engineers
    chosen = filled([0], lengths, budget, of_variant, weights, own, [[1, 2]], [1],
                    [content_stems(t) for t in texts])
    assert chosen == [0, 1]


def test_a_rewrite_bonus_turns_the_choice_towards_the_rewrite():
    from summarizer.pipeline.select import Variant, choose_variants

    rewrite = "Velic and Holm signed the water deal in Dravik."   # loses "on Tuesday", saves 14 words
    variants = [Variant(0, JOINT[0], 0), Variant(0, rewrite, 0, rewrite=True)]
    plain = choose_variants(joint_terms(), variants, 500, np.eye(4), rewrite_bonus=0.0).chosen
    concise = choose_variants(joint_terms(), variants, 500, np.eye(4), rewrite_bonus=3.0).chosen
    assert [variants[j].text for j in plain] == [JOINT[0]]
    assert [variants[j].text for j in concise] == [rewrite]


def _scipy_solve(cand, lengths, budget, of_sentence, weights, bonus, groups):
    """The programme as the summarizer gave it to scipy.optimize.milp before it used highspy (at gap 0)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, hstack, identity, vstack

    shared, column, own = concept_columns(cand, of_sentence, weights, bonus)
    n, m = len(cand), len(shared)
    rows = [j for j, s in enumerate(cand) for k in of_sentence[s] if k in column]
    cols = [column[k] for s in cand for k in of_sentence[s] if k in column]
    holds = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
    blocks = [csr_matrix(np.concatenate([lengths[cand].astype(float), np.zeros(m)])[None, :]),
              hstack([-holds.T, identity(m)])]
    upper = [np.array([float(budget)]), np.zeros(m)]
    position = {j: i for i, j in enumerate(cand)}
    members = [m for m in ([position[j] for j in g if j in position] for g in groups) if len(m) > 1]
    if members:
        r = [i for i, g in enumerate(members) for _ in g]
        blocks.append(csr_matrix((np.ones(len(r)), (r, [j for g in members for j in g])), shape=(len(members), n + m)))
        upper.append(np.ones(len(members)))
    result = milp(-np.concatenate([own, weights[shared]]),
                  constraints=LinearConstraint(vstack(blocks).tocsr(), -np.inf, np.concatenate(upper)),
                  integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(0, 1),
                  options={"time_limit": 10.0, "mip_rel_gap": 0.0})
    assert result.status == 0
    return sorted(cand[i] for i in np.flatnonzero(result.x[:n] > 0.5))


@pytest.mark.parametrize("seed", range(40))
def test_the_highs_programme_chooses_what_scipys_milp_chose(seed):
    """highspy is given the very matrix scipy.optimize.milp built (repeated concepts, zero lengths, groups)."""
    pytest.importorskip("scipy")
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(5, 40)), int(rng.integers(5, 80))
    lengths = rng.integers(0 if seed % 5 == 0 else 3, 30, n)
    of_sentence = [list(rng.integers(0, k, rng.integers(0, 8))) for _ in range(n)]   # repeats included
    weights, bonus = rng.random(k) * 5, rng.normal(0, 1, n)
    groups = [list(g) for g in np.array_split(rng.permutation(n), n // 3)][: n // 6]
    budget = int(rng.integers(10, 120))
    solution = solve(list(range(n)), lengths, budget, of_sentence, weights, bonus, groups, time_limit=10.0, gap=0.0)
    assert solution.method == "ilp"
    cand = [j for j in range(n) if lengths[j] <= budget]
    assert sorted(solution.chosen) == _scipy_solve(cand, lengths, budget, of_sentence, weights, bonus, groups)
