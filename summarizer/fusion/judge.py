"""The fusion judge: is a candidate sentence stated by the source sentences it is written from, and is it
grammatical English? A gradient-boosted model (LightGBM, `summarizer/models/judge/`, its README is the
model card; trained by `python -m summarizer.training.judge`) weighs what the candidate keeps and cuts
of its sources (`judge_features`), the hand rules' flags among them, and how surprised the fusion model is
by the candidate's words, and gives P(true and grammatical).

    judge = Judge()
    judge.scores([(candidate, [source, ...]), ...], scorer=engine.candidate_log_probs)
                                                        -> numpy array of probabilities
    judge.threshold                                     -> the calibrated acceptance threshold
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ModelError

DEFAULT_JUDGE = Path(__file__).resolve().parent.parent / "models" / "judge"


class Judge:
    def __init__(self, path: str | Path | None = None):
        from summarizer.runtime.trees import TreeModel

        self.path = Path(path) if path else DEFAULT_JUDGE
        model = self.path / "judge.lgb.txt"
        if not model.is_file():
            raise ModelError(f"no fusion judge in {self.path} (judge.lgb.txt is missing): reinstall the package, "
                             "or train one with `python -m summarizer.training.judge fit`")
        self.model = TreeModel.load(model)
        card = self.path / "judge.json"
        self.threshold = float(json.loads(card.read_text())["threshold"]) if card.exists() else 0.5

    def scores(self, pairs: list[tuple[str, list[str]]], flags: list[list[str]] | None = None,
               scorer=None) -> np.ndarray:
        """P(true and grammatical) for each (candidate, sources) pair; `flags`: the rules' flags, if known;
        `scorer`: pairs -> the fusion model's token log-probabilities of each candidate (without it the
        model features are missing, and the judge is the weaker for it)."""
        from summarizer.fusion.judge_features import features

        if not pairs:
            return np.zeros(0, dtype=np.float32)
        log_probs = scorer(pairs) if scorer is not None else [None] * len(pairs)
        rows = [features(c, s, None if flags is None else flags[k], log_probs[k]) for k, (c, s) in enumerate(pairs)]
        return self.model.predict(np.stack(rows)).astype(np.float32)


@lru_cache(maxsize=2)
def shared_judge(path: str | None = None) -> Judge:
    """One loaded judge per path for the process."""
    return Judge(path)
