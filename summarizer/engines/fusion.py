"""`fusion` engine (the default): the project's own seq2seq model rewrites each selected fact.

1. Selection as in the extractive engine, with a budget stretched by `budget_stretch` and by at least
   `pool_words` words, since rewritten sentences come out shorter than their sources (a short budget
   needs the wider pool: a few long sentences leave gaps when they shrink). The facts the extractive
   engine itself chooses (at the unstretched budget) join the pool, each with its sentence.
2. Each chosen fact becomes one input: the chosen sentence, then up to `max_extras` other reports'
   sentences of the same fact, most similar first (`fusion.inputs.fusion_input`, as in training).
3. Beam search, no repeated trigrams, output at most ~1.5x the input sentence; the output may use
   only its own input's word pieces plus a closed list of connectives and function words
   (`decoding.SourceVocabulary`), and loaded terms are blocked outside quotations
   (`decoding.LoadedTermBlocker`). `num_candidates` hypotheses come back per fact.
4. Each candidate is recased from the sources (`recase`) and checked against its group: words,
   numbers, names, quotations (`verify`) and structure (`alignment`: in-order pieces, subjects and
   speakers kept, no cut lists or dangling heads), then by its meaning's drift (embedding cosine) and
   the learned judge (`fusion.judge`). The best-ranked candidates that pass are kept
   (up to `rewrites`); when none passes, the source sentence is, flagged "fallback-extractive". Loaded terms left in a
   fallback sentence are neutralised.
5. Joint selection and compression (`select.choose_variants`, the coverage ILP of the extractive
   engine): each fact offers its verified rewrite and its source sentence(s), and the set that covers
   the most concept weight within `max_words` is kept, at most one variant per fact, no restatements;
   the words a rewrite frees go to another fact. `rewrite_bonus` favours rewrites, `fill` a full budget.
   Reading order is kept. Every sentence is a verified rewrite or a source sentence (flagged
   "fallback-extractive" when its fact's rewrites all failed; unflagged, with no `drawn_from`, when
   the ILP preferred it to a verified rewrite).

The shipped model lives in `summarizer/models/fusion-minilm` (fp16 safetensors; its README is the
model card). `model=` takes any other checkpoint folder trained with `mds train`.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from summarizer.engines.base import Engine
from summarizer.errors import ModelError, require_extra
from summarizer.fusion.inputs import fusion_input
from summarizer.fusion.recase import recase, spelling_counts
from summarizer.pipeline.cite import cited_sources
from summarizer.pipeline.prepare import EngineOutput, PreparedCluster
from summarizer.pipeline.relate import fact_of_sentence
from summarizer.pipeline.select import (
    Choice,
    Selection,
    SelectionWeights,
    Variant,
    choose_variants,
    cluster_salience,
    coverage_terms,
    in_reading_order,
    non_english_script,
    select,
    solver_warning,
)
from summarizer.text import cut_to_words, sentence_case, word_count
from summarizer.types import Flag, Sentence, SourceRef, SummarySentence

logger = logging.getLogger(__name__)
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "fusion-minilm"


def salience_of(sentence: int, score: np.ndarray) -> float:
    """A sentence's salience, a skipped sentence's -inf made a very low number (for sorting)."""
    return float(np.nan_to_num(score[sentence], neginf=-1e9))


def squash(text: str) -> str:
    """A sentence as compared for word-for-word copies: case and spacing ignored."""
    return " ".join(text.split()).lower()


def first_mentions_only(keep: list[int], sentences: list[SummarySentence],
                        joins: dict[int, tuple[int, str]]) -> list[int]:
    """The kept variants (in reading order), each join whose name an earlier kept sentence gives
    already replaced by the variant it joins to: a name is described where the summary first gives it."""
    out, said = [], ""
    for j in keep:
        if j in joins and re.search(rf"\b{re.escape(joins[j][1])}\b", said, re.IGNORECASE):
            j = joins[j][0]
        out.append(j)
        said += " " + sentences[j].text
    return out


def with_wording_cited(sources: list[SourceRef], used: list[Sentence]) -> tuple[list[SourceRef], int]:
    """The citations, plus each sentence a rewrite takes words from that they lack (a report whose
    wording a sentence uses is cited), in document order; and the reports they come from."""
    by_place = {(r.doc, r.sentence): r for r in sources}
    for s in used:
        by_place.setdefault((s.doc, s.index), SourceRef.of(s))
    return [by_place[k] for k in sorted(by_place)], len({doc for doc, _ in by_place})


def with_speaker(cluster: PreparedCluster, sentence: SummarySentence, variant: Variant) -> tuple[SummarySentence, Variant]:
    """A summary sentence that is a quotation and nothing else, given the speaker that the sentence before
    its anchor in the same report names ('"...," X said.', `fusion.speakers`), citing that sentence too;
    unchanged otherwise. A cluster's sentences run report by report, in order, so that sentence is the one
    before the anchor in the list when it is of the same report."""
    from summarizer.fusion.speakers import attributed

    anchor = cluster.sentences[variant.anchor]
    before = cluster.sentences[variant.anchor - 1] if variant.anchor > 0 else None
    if before is None or (before.doc, before.index) != (anchor.doc, anchor.index - 1):
        return sentence, variant
    text = attributed(sentence.text, before.text)
    if text is None:
        return sentence, variant
    sources, support = with_wording_cited(sentence.sources, [before])
    return (replace(sentence, text=text, sources=sources, support=support,
                    flags=[*sentence.flags, Flag.SPEAKER_FROM_CONTEXT]),
            replace(variant, text=text))


def max_new_tokens(anchor_words: int) -> int:
    """Room for a rewrite: ~1.5x the anchor sentence (1.3 word pieces a word), at most 96 tokens."""
    return min(96, int(anchor_words * 1.5 * 1.3) + 8)


class FusionEngine(Engine):
    """Options: num_beams (16), num_candidates (16: hypotheses tried per fact), batch_size (16),
    max_extras (2), budget_stretch (2.0), pool_words (120: how many words at least the stretch adds),
    rewrites (2: verified rewrites offered per fact to the joint choice), rewrite_bonus (0.5: what a
    rewrite's word is worth on top of its content, in units of an average word's concept weight: a
    preference for rewrites over source sentences), fill (1.0: the same for every word, so that the
    budget is spent),
    verify (True), judge (True: a candidate the rules pass must also pass the learned judge,
    `fusion/judge.py`; False: the rules alone; or a path to another judge), joins (True: also offer each
    sentence with another report's appositive on a name it gives, `fusion/joins.py`), constrain (True:
    source vocabulary only),
    quantize (False: torch's int8 dynamic quantization, CPU only; picks the torch backend), block_loaded
    (True), backend ("auto": CTranslate2 when it can, see `summarizer/runtime`; "ct2"; "torch"),
    precision (ct2 compute type; default int8 on CPU, float16 on GPU), and any `SelectionWeights` field."""

    name = "fusion"

    def __init__(self, model: str | None = None, device: str | None = None, embedder=None,
                 num_beams: int = 16, num_candidates: int = 16, batch_size: int = 16, max_extras: int = 2,
                 max_input_words: int = 110, budget_stretch: float = 2.0, pool_words: int = 120,
                 rewrites: int = 2, rewrite_bonus: float = 0.5, fill: float = 1.0,
                 verify: bool = True, judge: bool | str = True, joins: bool = True,
                 constrain: bool = True, quantize: bool = False, block_loaded: bool = True,
                 no_repeat_ngram_size: int = 3, backend: str | None = None, precision: str | None = None,
                 **selection_options):
        from summarizer.runtime import ct2_serves, requested_backend

        path = Path(model).expanduser() if model else DEFAULT_MODEL
        if not model and not (DEFAULT_MODEL / "config.json").exists():
            raise ModelError(f"the fusion model is missing from {DEFAULT_MODEL}; reinstall the package, "
                             "or train one with `mds train --config configs/fusion.toml` and pass --model")
        self.model_id = str(model) if model else "fusion-minilm"
        # quantize= is torch's dynamic int8: asking for it picks the torch backend unless ct2 is named
        wanted = requested_backend(backend)
        wanted = "torch" if quantize and wanted == "auto" else wanted
        self.seq2seq = None
        if ct2_serves(wanted, path if path.exists() else None, {"bart"}):
            try:
                self._load_ct2(path, device, precision)
            except ModelError as e:
                if wanted == "ct2":
                    raise
                logger.warning("CTranslate2 cannot serve %s (%s); using torch", self.model_id, e)
                self.seq2seq = None
        if self.seq2seq is None:
            self._load_torch(path if path.exists() else model, device, quantize)
        self.embedder = embedder
        self.weights = SelectionWeights(**selection_options)
        self.num_candidates = max(1, int(num_candidates))
        self.num_beams, self.batch_size = max(int(num_beams), self.num_candidates), max(1, int(batch_size))
        self.constrain = constrain
        self.max_extras, self.max_input_words = max_extras, max_input_words
        self.budget_stretch, self.verify = max(1.0, float(budget_stretch)), verify
        self.judge = None
        if verify and judge:
            from summarizer.fusion.judge import shared_judge

            self.judge = shared_judge(None if judge is True else str(judge))
        self.pool_words = max(0, int(pool_words))
        self.rewrite_bonus = float(rewrite_bonus)
        self.rewrites, self.fill = max(1, int(rewrites)), float(fill)
        self.joins = bool(joins) and verify
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.blocker = None
        if block_loaded:
            from summarizer.fusion.decoding import LoadedTermBlocker

            self.blocker = LoadedTermBlocker.for_tokenizer(self.tokenizer)

    def _load_torch(self, source, device: str | None, quantize: bool) -> None:
        require_extra("hf", "the torch backend", "torch", "transformers")
        from summarizer.engines.hf import load_seq2seq, resolve_device

        self.backend = "torch"
        self.device = resolve_device(device)
        self.tokenizer, self.model = load_seq2seq(str(source))
        self.model = self.model.float() if self.device == "cpu" else self.model
        if quantize:
            if self.device != "cpu":
                raise ModelError("quantize=True is for CPU inference; drop it or use device='cpu'")
            import torch

            self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model.to(self.device).eval()
        self.max_input_tokens = self.model.config.max_position_embeddings

    def _load_ct2(self, path: Path, device: str | None, precision: str | None) -> None:
        import json

        from summarizer.fusion.decoding import closed_ids
        from summarizer.runtime.ct2 import Seq2Seq
        from summarizer.runtime.tokenize import FastTokenizer

        self.tokenizer = FastTokenizer(path)
        self.seq2seq = Seq2Seq(path, device, precision, always_allowed=closed_ids(self.tokenizer))
        self.backend, self.device = f"ct2-{self.seq2seq.precision}", self.seq2seq.device
        self.max_input_tokens = json.loads((path / "config.json").read_text())["max_position_embeddings"]

    # ---- inputs ---------------------------------------------------------------------------------
    def group_of(self, anchor: int, fact, cluster: PreparedCluster) -> list[int]:
        """The anchor, then other reports' sentences of its fact, most similar first."""
        sentences, emb = cluster.sentences, cluster.embeddings
        others = [m for m in fact.sentences if m != anchor and sentences[m].doc != sentences[anchor].doc]
        others.sort(key=lambda m: -float(emb[m] @ emb[anchor]))
        group, used = [anchor], len(sentences[anchor].text.split())
        for m in others:
            n = len(sentences[m].text.split())
            if len(group) > self.max_extras or used + n > self.max_input_words:
                break
            group.append(m)
            used += n
        return group

    # ---- generation -----------------------------------------------------------------------------
    def generate(self, inputs: list[str], anchor_words: list[int]) -> tuple[list[list[str]], int]:
        """`num_candidates` hypotheses per input, best first; and how many inputs were cut to fit."""
        if self.seq2seq is not None:
            return self._generate_ct2(inputs, anchor_words)
        import torch
        from transformers import LogitsProcessorList

        from summarizer.fusion.decoding import SourceVocabulary

        order = np.argsort([-len(t) for t in inputs], kind="stable")
        out: list[list[str]] = [[] for _ in inputs]
        limit = self.max_input_tokens
        n, cut = self.num_candidates, 0
        for b in range(0, len(order), self.batch_size):
            idx = order[b:b + self.batch_size]
            texts = [inputs[i] for i in idx]
            cut += sum(len(ids) > limit for ids in self.tokenizer(texts)["input_ids"])
            enc = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=limit)
            longest = max(anchor_words[i] for i in idx)
            options = {"num_beams": self.num_beams, "num_return_sequences": n,
                       "no_repeat_ngram_size": self.no_repeat_ngram_size,
                       "max_new_tokens": max_new_tokens(longest), "early_stopping": True}
            processors = []
            if self.constrain:
                processors.append(SourceVocabulary.for_inputs(self.tokenizer, enc["input_ids"], self.num_beams,
                                                              self.model.config.vocab_size))
            if self.blocker is not None:
                processors.append(self.blocker)
            if processors:
                options["logits_processor"] = LogitsProcessorList(processors)
            with torch.inference_mode():
                ids = self.model.generate(**{k: v.to(self.device) for k, v in enc.items()
                                             if k in ("input_ids", "attention_mask")}, **options)
            decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True)
            for k, i in enumerate(idx):
                out[i] = [t.strip() for t in decoded[k * n:(k + 1) * n]]
        return out, cut

    def _generate_ct2(self, inputs: list[str], anchor_words: list[int]) -> tuple[list[list[str]], int]:
        """The same decoding on CTranslate2, each input with its own length limit and vocabulary
        (`decoding.ct2_candidates` says how the constraints are applied there)."""
        from summarizer.fusion.decoding import closed_ids, ct2_candidates
        from summarizer.runtime.tokenize import truncated

        full = self.tokenizer(inputs)["input_ids"]
        ids = [truncated(f, self.max_input_tokens) for f in full]
        candidates = ct2_candidates(self.seq2seq, ids, [max_new_tokens(w) for w in anchor_words], self.num_beams,
                                    self.num_candidates, self.no_repeat_ngram_size,
                                    closed_ids(self.tokenizer) if self.constrain else None, self.blocker)
        cut = sum(len(f) > self.max_input_tokens for f in full)
        return [[self.tokenizer.decode(c) for c in cands] for cands in candidates], cut

    def candidate_log_probs(self, pairs: list[tuple[str, list[str]]]) -> list[np.ndarray]:
        """The model's log-probability of each candidate's word pieces and end, read from its sources as
        one fusion input (the judge's `LM_FEATURES`)."""
        from summarizer.runtime.tokenize import truncated

        inputs = [truncated(ids, self.max_input_tokens) for ids in
                  self.tokenizer([fusion_input(s[0], s[1:]) for _, s in pairs])["input_ids"]]
        # without the end id: CTranslate2 scores it itself, and the torch path adds it back
        outputs = [truncated(ids, self.max_input_tokens)[:-1] for ids in self.tokenizer([c for c, _ in pairs])["input_ids"]]
        if self.seq2seq is not None:
            return self.seq2seq.score(inputs, outputs)
        import torch

        end, out = self.model.config.eos_token_id, []
        with torch.inference_mode():
            for src, tgt in zip(inputs, outputs):
                labels = torch.tensor([tgt + [end]], device=self.device)
                logits = self.model(input_ids=torch.tensor([src], device=self.device), labels=labels).logits
                out.append(torch.log_softmax(logits[0].float(), -1).gather(-1, labels[0][:, None])[:, 0].cpu().numpy())
        return out

    def _known_word(self, key: str) -> bool:
        ids = self.tokenizer(key, add_special_tokens=False)["input_ids"]
        return len(ids) == 1 and ids[0] != self.tokenizer.unk_token_id

    # ---- the engine interface ---------------------------------------------------------------------
    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput:
        return self.summarize_batch([cluster], max_words)[0]

    def summarize_batch(self, clusters: list[PreparedCluster], max_words: int) -> list[EngineOutput]:
        """Every cluster's fact groups go through the model together (fuller batches). A cluster not in
        English (the model's only language) is summarized extractively, with one warning saying so."""
        scripts = [non_english_script([s.text for s in c.sentences]) for c in clusters]
        if any(scripts):
            english = [c for c, script in zip(clusters, scripts) if not script]
            fused = iter(self.summarize_batch(english, max_words) if english else [])
            return [next(fused) if not script else self._extract(c, max_words, script)
                    for c, script in zip(clusters, scripts)]
        plans = [self._plan(c, max_words) for c in clusters]
        inputs = [text for plan in plans for text in plan["inputs"]]
        anchor_words = [n for plan in plans for n in plan["anchor_words"]]
        generated, cut = self.generate(inputs, anchor_words) if inputs else ([], 0)
        outputs, k = [], 0
        for cluster, plan in zip(clusters, plans):
            n = len(plan["inputs"])
            outputs.append(self._finish(cluster, plan, generated[k:k + n], max_words))
            k += n
        if cut:
            for out in outputs:
                out.warnings.append(f"{cut} fusion input(s) were longer than the model's "
                                    f"{self.max_input_tokens} tokens and were cut")
        return outputs

    def _extract(self, cluster: PreparedCluster, max_words: int, script: str) -> EngineOutput:
        from summarizer.engines.extractive import ExtractiveEngine

        extractive = ExtractiveEngine()
        extractive.weights = self.weights
        out = extractive.summarize(cluster, max_words)
        out.warnings.insert(0, f"the fusion model rewrites English only and these reports are not English "
                               f"(mostly {script}): the summary is extractive, source sentences verbatim")
        return out

    def _plan(self, cluster: PreparedCluster, max_words: int) -> dict:
        stretched = max(int(round(max_words * self.budget_stretch)), max_words + self.pool_words)
        score = cluster_salience(cluster.sentences, cluster.embeddings, cluster.facts, self.weights,
                                 cluster.relevance, cluster.loaded)
        terms = coverage_terms(cluster.sentences, cluster.embeddings, cluster.facts, self.weights, score,
                               cluster.relevance, cluster.loaded)

        def chosen(budget):
            return select(cluster.sentences, cluster.embeddings, cluster.facts, budget, self.weights, score,
                          relevance=cluster.relevance, loaded=cluster.loaded, terms=terms)

        wide = chosen(stretched)
        core = chosen(max_words) if stretched > max_words else wide
        # the extractive engine's own choice is always in the pool, its sentence the one rewritten: the
        # joint choice can then do no worse than extraction by its own measure
        by_fact = {c.fact: c for c in wide}
        alternates = {c.fact: by_fact[c.fact].sentence for c in core
                      if c.fact in by_fact and by_fact[c.fact].sentence != c.sentence}
        by_fact.update({c.fact: c for c in core})
        self._top_up(by_fact, cluster, score, stretched)
        choices = Selection(in_reading_order(list(by_fact.values()), cluster.sentences, cluster.facts),
                            wide.method, wide.seconds + core.seconds, [*wide.warnings, *core.warnings])
        cluster.timings["select"] = choices.seconds
        groups = [self.group_of(c.sentence, cluster.facts[c.fact], cluster) for c in choices]
        texts = [[cluster.sentences[m].text for m in g] for g in groups]
        return {"choices": choices, "core": {c.fact for c in core}, "groups": groups, "score": score,
                "terms": terms, "alternates": alternates,
                "inputs": [fusion_input(t[0], t[1:]) for t in texts],
                "anchor_words": [word_count(c.text) for c in choices]}

    @staticmethod
    def _top_up(by_fact: dict, cluster: PreparedCluster, score: np.ndarray, words: int) -> None:
        """Add facts by salience (each its most salient sentence) until the pool holds `words` words:
        the ILP takes only sentences worth more than nothing, and the joint choice then runs out of
        facts to spend freed words on."""
        owner = fact_of_sentence(cluster.facts, len(cluster.sentences))
        pooled = sum(word_count(c.text) for c in by_fact.values())
        for j in np.argsort(-score, kind="stable"):
            if pooled >= words or not np.isfinite(score[j]):
                break
            if owner[j] not in by_fact:
                fact = cluster.facts[owner[j]]
                by_fact[owner[j]] = Choice(owner[j], int(j), cluster.sentences[j].text, list(fact.flags))
                pooled += word_count(cluster.sentences[j].text)

    def _finish(self, cluster: PreparedCluster, plan: dict, generated: list[list[str]],
                max_words: int) -> EngineOutput:
        group_texts, picked, failures = self.verified_all(cluster, plan, generated)
        sentences, variants, joins = self._variants(cluster, plan, group_texts, picked, failures)
        solution = choose_variants(plan["terms"], variants, max_words, cluster.embeddings, self.weights,
                                   self.rewrite_bonus, self.fill)
        keep = first_mentions_only(sorted(solution.chosen), sentences, joins)
        warnings = [*plan["choices"].warnings, *solver_warning(solution.method, self.weights.time_limit)]
        if not keep and variants:   # a budget smaller than any sentence: the most salient fact's shortest, cut
            best = max(range(len(variants)), key=lambda j: (salience_of(variants[j].anchor, plan["score"]),
                                                             -word_count(variants[j].text)))
            sentences[best].text = cut_to_words(sentences[best].text, max_words)
            sentences[best].flags.append(Flag.TRUNCATED)
            keep = [best]
        said = {variants[j].fact for j in keep}
        left = [j for j in range(len(variants)) if variants[j].fact not in said]
        if self.weights.overflow and left:   # DUC-style runs end one sentence past the limit, last
            keep.append(max(left, key=lambda j: salience_of(variants[j].anchor, plan["score"])))
        kept = [sentences[j] for j in keep]
        fallbacks = [s for s in kept if Flag.FALLBACK_EXTRACTIVE in s.flags]
        if fallbacks:
            reasons = Counter(p for s in fallbacks for p in s.rejected)
            listed = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
            warnings.append(f"{len(fallbacks)} of {len(kept)} sentences are source sentences, not rewrites: no "
                            f"candidate rewrite passed verification (the best one's problems: {listed})")
        return EngineOutput(kept, warnings)

    def _variants(self, cluster: PreparedCluster, plan: dict, group_texts: list[list[str]],
                  picked: list[list[str]], failures: list[list[str]]
                  ) -> tuple[list[SummarySentence], list[Variant], dict[int, tuple[int, str]]]:
        """Every way the summary may say each pooled fact, in reading order: its verified rewrites (the
        first may be a verified word-for-word copy of a group sentence), and its source sentences (the one rewritten,
        and the wider selection's when that differs), each also joined with another report's appositive
        on a name it gives (`fusion.joins`), as summary sentences and as `Variant`s; and the joins, by
        variant: (the variant it joins to, the name)."""
        from summarizer.fusion.alignment import align
        from summarizer.neutral.terms import neutralize

        said = [t for choice, rewrites in zip(plan["choices"], picked) if Flag.TRUNCATED not in choice.flags
                for t in rewrites]
        vectors = dict(zip(said, self._embed(said)))   # a rewrite cites what states it as written (cite.py)
        sentences: list[SummarySentence] = []
        variants: list[Variant] = []
        joins: dict[int, tuple[int, str]] = {}

        def add(sentence: SummarySentence, variant: Variant) -> None:   # a variant, then its join if any
            sentence, variant = with_speaker(cluster, sentence, variant)
            sentences.append(sentence)
            variants.append(variant)
            if joined := self._join(cluster, sentence, variant):
                joins[len(variants)] = (len(variants) - 1, joined[2])
                sentences.append(joined[0])
                variants.append(joined[1])

        for choice, group, texts, rewrites, failed in zip(plan["choices"], plan["groups"], group_texts, picked,
                                                         failures):
            fact = cluster.facts[choice.fact]
            rewritten = bool(rewrites) and Flag.TRUNCATED not in choice.flags
            for text in rewrites if rewritten else []:
                used = [group[j] for j in align(text, texts).sources_used()]
                drawn = sorted({cluster.sentences[m].doc for m in used})
                sources, support = cited_sources(choice.sentence, fact.sentences, cluster.sentences, cluster.embeddings,
                                                 text, vectors[text])
                sources, support = with_wording_cited(sources, [cluster.sentences[m] for m in used])
                copy = squash(text) in {squash(t) for t in texts}
                add(SummarySentence(text=text, sources=sources, support=support, flags=list(choice.flags),
                                    drawn_from=drawn), Variant(choice.fact, text, choice.sentence, rewrite=not copy))
            anchors = [choice.sentence] + ([plan["alternates"][choice.fact]] if choice.fact in plan["alternates"] else [])
            for anchor in anchors:
                source = choice.text if anchor == choice.sentence else cluster.sentences[anchor].text
                source = sentence_case(neutralize(source))
                if rewritten and squash(source) == squash(rewrites[0]):
                    continue   # the verified copy says it already
                flags = list(choice.flags) + ([] if rewritten else [Flag.FALLBACK_EXTRACTIVE])
                sources, support = cited_sources(anchor, fact.sentences, cluster.sentences, cluster.embeddings)
                add(SummarySentence(text=source, sources=sources, support=support, flags=flags,
                                    rejected=[] if rewritten else list(failed)), Variant(choice.fact, source, anchor))
        return sentences, variants, joins

    def _join(self, cluster: PreparedCluster, base: SummarySentence, variant: Variant
              ) -> tuple[SummarySentence, Variant, str] | None:
        """`base` joined with another report's appositive on a name it gives, when one is there: a variant
        of the same fact citing both reports, and the name. Every word is one of the two reports' own; the
        numbers, names and quotations rule checks it as a rewrite's."""
        from summarizer.fusion.joins import appositive_joins
        from summarizer.fusion.verify import problems

        if not self.joins:
            return None
        docs = set(base.drawn_from) or {cluster.sentences[variant.anchor].doc}
        donors = [s for s in cluster.sentences if s.doc not in docs]
        for text, d, name in appositive_joins(base.text, [s.text for s in donors])[:1]:
            if problems(text, [r.text for r in base.sources] + [donors[d].text]):
                return None
            sources, support = with_wording_cited(base.sources, [donors[d]])
            sentence = SummarySentence(text=text, sources=sources, support=support,
                                       flags=[f for f in base.flags if f != Flag.FALLBACK_EXTRACTIVE],
                                       drawn_from=sorted(docs | {donors[d].doc}))
            return sentence, Variant(variant.fact, text, variant.anchor, rewrite=variant.rewrite), name
        return None

    def verified(self, cluster: PreparedCluster, plan: dict, generated: list[list[str]],
                 candidates: list[list[str]] | None = None) -> tuple[list[list[str]], list[str | None], list[list[str]]]:
        """Each fact's group sentences, its best candidate that passes verification (None if none does)
        and the top candidate's problems. `candidates` (recased already) replace the model's when given."""
        group_texts, picked, failures = self.verified_all(cluster, plan, generated, candidates)
        return group_texts, [p[0] if p else None for p in picked], failures

    def verified_all(self, cluster: PreparedCluster, plan: dict, generated: list[list[str]],
                     candidates: list[list[str]] | None = None) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
        """As `verified`, with up to `rewrites` candidates that pass per fact, best first (the first
        may be a word-for-word copy of a group sentence, the others are not)."""
        from summarizer.fusion.verify import vocabulary

        cluster_texts = [d.text for d in cluster.documents]
        group_texts = [[cluster.sentences[m].text for m in group] for group in plan["groups"]]
        if candidates is None:
            counts = spelling_counts(cluster_texts)
            candidates = [self._rewrites_first([recase(g, texts, cluster_counts=counts) for g in cands], texts)
                          for cands, texts in zip(generated, group_texts)]
        picked, failures = self._pick(candidates, group_texts, [c.sentence for c in plan["choices"]], cluster,
                                      vocabulary(cluster_texts))
        return group_texts, picked, failures

    @staticmethod
    def _rewrites_first(candidates: list[str], texts: list[str]) -> list[str]:
        """Candidates in the model's order, except that word-for-word copies of a source sentence go
        last: a verified rewrite (a cut, a join) says the fact in fewer words or from more reports."""
        sources = {squash(t) for t in texts}
        return sorted(candidates, key=lambda c: squash(c) in sources)

    def _pick(self, candidates: list[list[str]], group_texts: list[list[str]], anchors: list[int],
              cluster: PreparedCluster, vocab: set[str]) -> tuple[list[list[str]], list[list[str]]]:
        """Per fact, the best-ranked candidates that pass verification (up to `rewrites`; after the
        first, only distinct ones that are not copies of a group sentence), and the problems of the
        top candidate. Meaning drift (embeddings) and the learned judge are asked
        last, only about candidates that pass the word and structure rules, all facts in one batch per
        round. A word-for-word copy of a source sentence needs no judge: it says what its report says."""
        from summarizer.fusion.alignment import prefetch_parses, structure_problems
        from summarizer.fusion.verify import MIN_COSINE, problems

        if not self.verify:
            return [[c[0]] if c and c[0].strip() else [] for c in candidates], [[] for _ in candidates]
        prefetch_parses(text for texts in group_texts for text in texts)

        def static(text: str, texts: list[str]) -> list[str]:
            found = problems(text, texts, vocab, self._known_word)
            return found + [p for p in structure_problems(text, texts) if p not in found]

        top = [static(c[0], texts) if c else ["too-short"] for c, texts in zip(candidates, group_texts)]
        failures = [list(found) for found in top]

        def passes(g: int, k: int) -> bool:
            # checked when reached (each candidate once): most facts stop at their first candidates
            return not (top[g] if k == 0 else static(candidates[g][k], group_texts[g]))

        sources = [{squash(t) for t in texts} for texts in group_texts]

        def wanted(g: int, k: int) -> bool:   # another variant for the joint choice: a new cut or join
            text = squash(candidates[g][k])
            return not picked[g] or (text not in sources[g] and text not in {squash(p) for p in picked[g]})

        picked: list[list[str]] = [[] for _ in candidates]
        next_ok = [0] * len(candidates)
        pending = set(range(len(candidates)))
        while pending:
            for g in list(pending):
                while next_ok[g] < len(candidates[g]) and not (wanted(g, next_ok[g]) and passes(g, next_ok[g])):
                    next_ok[g] += 1
                if next_ok[g] == len(candidates[g]):
                    pending.discard(g)
            todo = sorted(pending)
            if not todo:
                break
            texts = [candidates[g][next_ok[g]] for g in todo]
            close = [c is None or c >= MIN_COSINE for c in self._cosines(texts, [anchors[g] for g in todo], cluster)]
            judged = self._judged(texts, [group_texts[g] for g in todo], close)
            for g, near, good in zip(todo, close, judged):
                if near and good:
                    picked[g].append(candidates[g][next_ok[g]])
                    if len(picked[g]) >= self.rewrites:
                        pending.discard(g)
                elif next_ok[g] == 0:
                    failures[g].append("drifted" if not near else "judged-false")
                next_ok[g] += 1
        return picked, failures

    def _judged(self, texts: list[str], groups: list[list[str]], asked_for: list[bool]) -> list[bool]:
        """The judge's verdict on each candidate whose `asked_for` is set (the others: True); without a
        judge, or for a copy of a group sentence, True."""
        if self.judge is None:
            return [True] * len(texts)
        copies = [not ask or squash(t) in {squash(s) for s in g} for t, g, ask in zip(texts, groups, asked_for)]
        asked = [k for k, copy in enumerate(copies) if not copy]
        scores = self.judge.scores([(texts[k], groups[k]) for k in asked], scorer=self.candidate_log_probs)
        ok = list(copies)
        for k, score in zip(asked, scores):
            ok[k] = bool(score >= self.judge.threshold)
        return ok

    def _embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self.embedder is None:
            from summarizer.pipeline.embed import Embedder

            self.embedder = Embedder(device=self.device)
        return np.asarray(self.embedder.encode([t or "." for t in texts]), dtype=np.float32)

    def _cosines(self, texts: list[str], anchors: list[int], cluster: PreparedCluster) -> list[float | None]:
        emb = self._embed(texts)
        return [float(emb[i] @ cluster.embeddings[a]) for i, a in enumerate(anchors)]
