"""Coverage selection: the sentences that cover the most concept weight within the word budget.

An integer linear programme (Gillick & Favre 2009), solved by HiGHS (`highspy`, as `scipy.optimize.milp` did):

    maximise   sum_k w_k c_k + sum_j b_j s_j
    subject to sum_j len_j s_j <= budget        the word budget, never exceeded
               c_k <= sum_{j holds k} s_j        a concept counts once, when a chosen sentence holds it
               sum_{j in group g} s_j <= 1       one sentence per fact: no fact said twice
                                                 (or <= cap_g: not all of a group, e.g. a restatement and what it restates)
               s_j in {0, 1},  0 <= c_k <= 1

`b_j` is a sentence's own value (its salience, less penalties for weak or loaded wording). Redundancy
needs no term of its own: a second sentence with the first one's words adds nothing. A concept that
only one candidate holds is folded into that sentence's `b_j`, which keeps the programme small.

HiGHS gets `time_limit` seconds. If it does not prove a solution optimal by then, greedy selection
(most new weight per word, as in Lin & Bilmes 2010) is used, or HiGHS's best solution so far if that
is worth more, and `Solution.method` says which.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

GAP = 0.002    # a solution proved within 0.2% of the optimum is optimal enough (HiGHS's mip_rel_gap)
# no strong branching (`mip_pscost_minreliable` 0): the same choice on all 201 programmes of
# benchmarks/bench_ilp.py (of the evaluation sets' extractive summaries only DUC 2006's D0631D changed, its
# programme having two solutions within the gap), the seed cluster's joint choice in 0.085 s, not 0.17
HIGHS_OPTIONS = {"mip_pscost_minreliable": 0}


_STDOUT_LOCK = threading.Lock()


@contextmanager
def _quiet_stdout():
    """HiGHS 1.12 (as bundled with scipy, and highspy 1.12) sometimes prints a stray debug line ("HighsMipSolverData::
    transformNewIntegerFeasibleSolution tmpSolver.run();", HiGHS issue 2783) on the process's stdout,
    where it would corrupt `mds summarize --format json`: silence file descriptor 1 while it solves.
    One solve at a time, so that threads cannot restore each other's redirection in the wrong order."""
    with _STDOUT_LOCK:
        sys.stdout.flush()
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


@dataclass
class Solution:
    chosen: list[int]      # sentence indices, in no particular order
    value: float           # the objective: covered concept weight plus the sentences' own values
    method: str            # "ilp" (optimal), "ilp-incumbent" or "greedy" (the time limit was reached)
    seconds: float


def objective(chosen: list[int], of_sentence: list[list[int]], weights: np.ndarray, bonus: np.ndarray) -> float:
    covered = {k for j in chosen for k in of_sentence[j]}
    return float(sum(weights[k] for k in covered) + sum(bonus[j] for j in chosen))


def greedy(candidates: list[int], lengths: np.ndarray, budget: int, of_sentence: list[list[int]],
           weights: np.ndarray, bonus: np.ndarray, groups: list[list[int]], chosen: Iterable[int] = (),
           caps: list[int] | None = None, admissible: Callable[[list[int], int], bool] | None = None) -> list[int]:
    """Add the sentence with the most new value per word while one that fits adds any: to `chosen` (none
    by default), at most `caps[g]` sentences of each of `groups` (one by default), and only a sentence that
    `admissible(chosen, j)` allows."""
    limits: dict[int, list[tuple[list[int], int]]] = {}     # each sentence's groups, looked up once
    for g, cap in zip(groups, caps if caps is not None else [1] * len(groups)):
        for j in g:
            limits.setdefault(j, []).append((g, cap))
    chosen = list(chosen)
    covered = np.zeros(len(weights), dtype=bool)
    for j in chosen:
        covered[of_sentence[j]] = True
    room = budget - int(sum(lengths[j] for j in chosen))

    def fits(j: int) -> bool:
        return (j not in chosen and lengths[j] <= room
                and all(sum(x in chosen for x in g) < cap for g, cap in limits.get(j, ()))
                and (admissible is None or admissible(chosen, j)))

    open_ = [j for j in candidates if fits(j)]
    while open_:
        gains = {j: float(weights[[k for k in of_sentence[j] if not covered[k]]].sum() + bonus[j]) for j in open_}
        best = max(open_, key=lambda j: (gains[j] / max(1, lengths[j]), -j))
        if gains[best] <= 0:
            break
        chosen.append(best)
        room -= int(lengths[best])
        covered[of_sentence[best]] = True
        open_ = [j for j in open_ if fits(j)]
    return chosen


def _milp(cost: np.ndarray, row: np.ndarray, col: np.ndarray, value: np.ndarray, upper: np.ndarray, n_integer: int,
          time_limit: float, gap: float) -> tuple[np.ndarray | None, bool]:
    """Minimise cost @ x subject to A @ x <= upper (A given by its entries, repeated ones added), 0 <= x <= 1,
    the first `n_integer` variables integer, with HiGHS as `scipy.optimize.milp` called it (the same matrix
    in compressed columns, the same options but one). (x, proved optimal); x is None when HiGHS has no solution."""
    import highspy

    n_rows, n_cols = len(upper), len(cost)
    key = col * n_rows + row
    cells, index = np.unique(key, return_inverse=True)        # column by column, rows in order
    summed = np.bincount(index, weights=value, minlength=len(cells))
    keep = summed != 0                                        # scipy drops a zero sentence length
    cells, summed = cells[keep], summed[keep]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = cost
    lp.col_lower_, lp.col_upper_ = np.zeros(n_cols), np.ones(n_cols)
    lp.row_lower_, lp.row_upper_ = np.full(n_rows, -np.inf), upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n_cols, n_rows
    lp.a_matrix_.start_ = np.searchsorted(cells // n_rows, np.arange(n_cols + 1)).astype(np.int32)
    lp.a_matrix_.index_ = (cells % n_rows).astype(np.int32)
    lp.a_matrix_.value_ = summed
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_integer + [highspy.HighsVarType.kContinuous] * (n_cols - n_integer)
    with _quiet_stdout():
        highs = highspy.Highs()
        for option, setting in (("log_to_console", False), ("time_limit", float(time_limit)), ("mip_rel_gap", gap),
                                *HIGHS_OPTIONS.items()):
            highs.setOptionValue(option, setting)
        highs.passModel(lp)
        highs.run()
    status = highs.getModelStatus()
    ok = highspy.HighsModelStatus
    # as scipy: a solution when optimal, or when a limit stopped the search after one was found
    stopped = status in (ok.kTimeLimit, ok.kIterationLimit, ok.kSolutionLimit)
    if status != ok.kOptimal and not (stopped and highs.getInfo().objective_function_value != highspy.kHighsInf):
        return None, False
    return np.array(highs.getSolution().col_value), status == ok.kOptimal


def concept_columns(cand: list[int], of_sentence: list[list[int]], weights: np.ndarray, bonus: np.ndarray):
    """The programme's concept variables: (the concepts two or more candidates hold, their column
    numbers, each candidate's own value: its bonus plus the concepts only it holds, which need no variable)."""
    held: dict[int, int] = {}
    for j in cand:
        for k in of_sentence[j]:
            held[k] = held.get(k, 0) + 1
    shared = sorted(k for k, n in held.items() if n > 1)
    own = np.array([bonus[j] + sum(weights[k] for k in of_sentence[j] if held[k] == 1) for j in cand])
    return shared, {k: i for i, k in enumerate(shared)}, own


def solve(candidates: list[int], lengths: np.ndarray, budget: int, of_sentence: list[list[int]],
          weights: np.ndarray, bonus: np.ndarray, groups: list[list[int]], time_limit: float = 1.0,
          gap: float = GAP, caps: list[int] | None = None) -> Solution:
    """The best set of `candidates` (sentence indices) within `budget` words; at most one sentence of
    each of `groups` (at most `caps[g]` when given). `of_sentence[j]`: the concepts sentence j holds;
    `bonus[j]`: its own value."""
    t0 = time.perf_counter()
    cand = [j for j in candidates if lengths[j] <= budget]
    if not cand:
        return Solution([], 0.0, "ilp", 0.0)
    shared, column, own = concept_columns(cand, of_sentence, weights, bonus)
    n, m = len(cand), len(shared)
    position = {j: i for i, j in enumerate(cand)}
    caps = list(caps) if caps is not None else [1] * len(groups)
    members = [([position[j] for j in g if j in position], cap) for g, cap in zip(groups, caps)]
    members = [(g, cap) for g, cap in members if len(g) > cap]
    # the constraints as (row, column, value) entries: row 0 the budget, rows 1..m a shared concept's
    # c_k - sum of its sentences <= 0, then one row per group; columns: the n sentences, then the m concepts
    cost = lengths[cand].astype(float)
    pairs = [(column[k], i) for i, s in enumerate(cand) for k in of_sentence[s] if k in column]
    entries = [(np.zeros(n, dtype=np.int64), np.arange(n), cost),
               (1 + np.array([k for k, _ in pairs], dtype=np.int64), np.array([i for _, i in pairs], dtype=np.int64),
                -np.ones(len(pairs))),
               (1 + np.arange(m), n + np.arange(m), np.ones(m)),
               (1 + m + np.array([g for g, (members_g, _) in enumerate(members) for _ in members_g], dtype=np.int64),
                np.array([j for g, _ in members for j in g], dtype=np.int64), np.ones(sum(len(g) for g, _ in members)))]
    upper = np.concatenate([[float(budget)], np.zeros(m), [float(cap) for _, cap in members]])
    x, optimal = _milp(-np.concatenate([own, weights[shared]]), *(np.concatenate(e) for e in zip(*entries)),
                       upper, n, time_limit, gap)
    found = None if x is None else [cand[i] for i in np.flatnonzero(x[:n] > 0.5)]
    if optimal and found is not None:
        return Solution(found, objective(found, of_sentence, weights, bonus), "ilp", time.perf_counter() - t0)
    fallback = greedy(cand, lengths, budget, of_sentence, weights, bonus, groups, caps=caps)
    value = objective(fallback, of_sentence, weights, bonus)
    incumbent = -np.inf if found is None else objective(found, of_sentence, weights, bonus)
    if incumbent > value:
        return Solution(found, incumbent, "ilp-incumbent", time.perf_counter() - t0)
    return Solution(fallback, value, "greedy", time.perf_counter() - t0)
