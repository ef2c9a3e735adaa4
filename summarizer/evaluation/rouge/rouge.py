"""ROUGE as a Hugging Face `evaluate` metric, kept in the repo and loaded offline:

    metric = evaluate.load("<repo>/eval/rouge")
    metric.compute(predictions=["..."], references=[["ref 1", "ref 2"]])                  # F1, avg refs
    metric.compute(predictions=[...], references=[...], multi_ref="max")                 # best ref
    metric.compute(predictions=[...], references=[...], duc=True, word_limit=250)        # ROUGE-1.5.5 R/P/F

The scoring lives in `summarizer/evaluation/rouge_core.py`; this file only adapts it to `evaluate`.
"""
import datasets
import evaluate

from summarizer.evaluation.rouge_core import duc_rouge_scores, rouge_scores

_CITATION = """\
@inproceedings{lin-2004-rouge,
    title = "{ROUGE}: A Package for Automatic Evaluation of Summaries",
    author = "Lin, Chin-Yew",
    booktitle = "Text Summarization Branches Out",
    year = "2004",
    publisher = "Association for Computational Linguistics",
    pages = "74--81",
}
"""

_DESCRIPTION = """\
ROUGE-1/2/L/Lsum F1 from google-research's rouge_score (Porter stemming, newline-separated sentences
for Lsum), with several references averaged (multi_ref="avg") or maximised ("max"); and a DUC mode
(duc=True) that reproduces ROUGE-1.5.5's ROUGE-1, ROUGE-2 and ROUGE-SU4 recall/precision/F
(-n 2 -2 4 -u -m -f A -p 0.5 -t 0, optional -l/-b/-s) with jackknifing over the references.
"""

_KWARGS_DESCRIPTION = """
Args:
    predictions: list of summaries (str).
    references: list with, per prediction, a list of reference summaries (or one str).
    multi_ref: "avg" (default) or "max" over references, for the F1 scores.
    duc: if True, return ROUGE-1.5.5 recall/precision/F ("rouge1_r", ..., "rougeSU4_f") instead.
    word_limit / byte_limit: ROUGE-1.5.5 -l / -b (DUC mode; cuts the references too).
    stem (default True), remove_stopwords (default False), jackknife (default True), alpha (default 0.5):
        ROUGE-1.5.5 -m, -s, NIST's leave-one-reference-out averaging, and -p (DUC mode).
    rouge_l: DUC mode also returns ROUGE-1.5.5's ROUGE-L R/P/F (slower, pure Python).
    use_aggregator: if True (default) return the mean over items, else the per-item lists.
Returns:
    dict of metric name -> float (or list of floats when use_aggregator=False), all in 0..1.
Examples:
    >>> rouge = evaluate.load("summarizer/evaluation/rouge")
    >>> rouge.compute(predictions=["the cat sat"], references=[["the cat sat"]])["rouge1"]
    1.0
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Rouge(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({"predictions": datasets.Value("string"),
                                   "references": datasets.Sequence(datasets.Value("string"))}),
                datasets.Features({"predictions": datasets.Value("string"),
                                   "references": datasets.Value("string")}),
            ],
            reference_urls=["https://github.com/google-research/google-research/tree/master/rouge",
                            "https://aclanthology.org/W04-1013"],
        )

    def _compute(self, predictions, references, multi_ref="avg", duc=False, word_limit=None, byte_limit=None,
                 stem=True, remove_stopwords=False, jackknife=True, alpha=0.5, rouge_l=False, use_aggregator=True):
        references = [[r] if isinstance(r, str) else list(r) for r in references]
        if duc:
            items = duc_rouge_scores(list(predictions), references, word_limit=word_limit, byte_limit=byte_limit,
                                     stem=stem, remove_stopwords=remove_stopwords, jackknife=jackknife, alpha=alpha,
                                     rouge_l=rouge_l)
        else:
            items = rouge_scores(list(predictions), references, multi_ref=multi_ref)
        if not items:
            return {}
        keys = list(items[0])
        if not use_aggregator:
            return {k: [item[k] for item in items] for k in keys}
        return {k: sum(item[k] for item in items) / len(items) for k in keys}
