"""What an evaluation run leaves behind: results.json (configuration, versions, git commit, data hash,
scores with 95% intervals, paired comparisons), results.md (tables) and PNG plots."""
from __future__ import annotations

import datetime as _dt
import json
import platform
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from summarizer.evaluation import generation

ROUGE_LABELS = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum",
                "rouge1_r": "R1 R", "rouge2_r": "R2 R", "rougeSU4_r": "SU4 R"}   # the last three: --duc recall
DUC_RECALL = ("rouge1_r", "rouge2_r", "rougeSU4_r")
PACKAGES = ("mds-summarizer", "torch", "transformers", "sentence-transformers", "ctranslate2", "tokenizers",
            "spacy", "datasets", "evaluate", "accelerate", "rouge_score", "nltk", "numpy", "scipy", "scikit-learn",
            "sentencex", "matplotlib")
MADE_WITH = ("mds-summarizer", "torch", "transformers", "ctranslate2", "spacy", "rouge_score")  # in results.md
# the other metrics worth a column in results.md, in this order
TABLE_METRICS = ("arousal_pos", "arousal_neg", "loaded_per_100w", "faithfulness", "names_support",
                 "numbers_support", "quotes_support", "novel_1gram", "novel_2gram", "repeated_2gram", "sentences")
PERCENT = ("rouge",)  # metrics in 0..1 shown as percentages


def package_versions() -> dict[str, str | None]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_info(repo: Path | None = None) -> dict:
    repo = repo or Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True,
                                timeout=10).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo,
                                    capture_output=True, text=True, timeout=10).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": dirty if commit else None}


def environment() -> dict:
    return {"versions": package_versions(), "git": git_info(), "platform": platform.platform(),
            "argv": sys.argv, "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")}


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- Markdown ------------------------------------------------------------------------------------

def _scale(metric: str) -> float:
    return 100.0 if metric.startswith(PERCENT) else 1.0


def fmt(stat: dict | None, metric: str, interval: bool = True) -> str:
    if not stat:
        return "–"
    s = 1.0 if metric in DUC_RECALL else _scale(metric)   # DUC recall as NIST prints it, 0.09505
    digits = 5 if metric in DUC_RECALL else 1 if s == 100 or metric == "words" else (3 if metric == "seconds" else 2)
    text = f"{stat['mean'] * s:.{digits}f}"
    if interval and "low" in stat:
        text += f" [{stat['low'] * s:.{digits}f}, {stat['high'] * s:.{digits}f}]"
    return text


def markdown(results: dict) -> str:
    systems = results["systems"]
    rouge_keys = [k for k in ROUGE_LABELS if any(k in s["scores"] for s in systems.values())]
    config = results["config"]
    scoring = config.get("scoring", "rouge")
    if scoring == "duc":
        cut = (f"summaries and references cut to {config['word_limit']} words" if config.get("word_limit") else
               f"cut to {config['byte_limit']} bytes" if config.get("byte_limit") else "not cut")
        measure = f"ROUGE-1.5.5 recall (stemmed, jackknifed over the references as NIST scored DUC; {cut})"
    elif scoring == "rouge":
        measure = f"ROUGE F1 ×100 (multi-reference: {config['multi_ref']})"
    else:
        measure = "no reference summaries, so no ROUGE"
    n = results["data"]["clusters"]
    lines = [f"Data: `{config['data']}` ({n} cluster{'s' if n != 1 else ''}), "
             f"budget {config['max_words']} words; {measure}; mean [95% bootstrap interval].", ""]
    made = []   # how the summarizer's engines ran, when not by default
    if config.get("options"):
        made.append("engine options " + ", ".join(f"`{k}={v if isinstance(v, str) else json.dumps(v)}`"
                                                  for k, v in config["options"].items()))
    if config.get("focused_clusters"):
        made.append(f"{config['focused_clusters']} of {results['data']['clusters']} clusters with a focus")
    elif config.get("generic"):
        made.append("generic summaries (`--generic`: the clusters' focus ignored)")
    if made:
        lines += ["Summarizer engines: " + "; ".join(made) + " (baselines use neither).", ""]
    head = ["system"] + [ROUGE_LABELS[k] for k in rouge_keys] + ["words", "s/cluster"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, s in systems.items():
        row = [name] + [fmt(s["scores"].get(k), k) for k in rouge_keys]
        row += [fmt(s["scores"].get("words"), "words", False), fmt(s["scores"].get("seconds"), "seconds", False)]
        lines.append("| " + " | ".join(row) + " |")

    present = {k for s in systems.values() for k in s["scores"]}
    others = [k for k in TABLE_METRICS if k in present]  # results.json keeps every metric
    if others:
        lines += ["", "Other metrics (mean [95% interval]):", ""]
        lines += ["| system | " + " | ".join(others) + " |", "|" + "---|" * (len(others) + 1)]
        for name, s in systems.items():
            lines.append(f"| {name} | " + " | ".join(fmt(s["scores"].get(k), k) for k in others) + " |")

    if peers := results.get("duc_peers"):
        best, median = peers["best_peer"], peers["median_peer"]
        lines += ["", f"Beside the {peers['peers']} DUC 2006 systems (NIST's official jackknifed averages): best "
                  f"peer ({best['id']}) R2 R {best['rouge2_r']:.5f}, SU4 R {best['rougeSU4_r']:.5f}; median peer "
                  f"R2 R {median['rouge2_r']:.5f}, SU4 R {median['rougeSU4_r']:.5f}.", ""]
        lines += [f"- {name}: ROUGE-2 recall above {above.get('rouge2_r', 0)} of {peers['peers']}, "
                  f"SU4 above {above.get('rougeSU4_r', 0)} of {peers['peers']}" for name, above in peers["systems"].items()]
        if results["data"]["clusters"] < 50:
            lines.append(f"\n_(only {results['data']['clusters']} topics: the peers' averages are over all 50)_")
    lines += generation.markdown_rows(systems)

    unavailable = {g: st for s in systems.values() for g, st in s.get("metric_status", {}).items() if st != "ok"}
    for group, status in sorted(unavailable.items()):
        lines.append(f"\n_{group}: {status}_")

    base = results.get("compare_to")
    paired = {n: s["paired"] for n, s in systems.items() if s.get("paired")}
    if paired:
        lines += ["", f"Paired bootstrap against `{base}`: difference ×100 [95% interval]; p = share of "
                  "resamples in which the system is not better (small p: reliably better).", ""]
        lines += ["| system | " + " | ".join(f"Δ{ROUGE_LABELS[k]}" for k in rouge_keys) + " |",
                  "|" + "---|" * (len(rouge_keys) + 1)]
        for name, p in paired.items():
            cells = []
            for k in rouge_keys:
                d = p.get(k)
                cells.append("–" if not d else
                             f"{d['diff'] * 100:+.1f} [{d['low'] * 100:+.1f}, {d['high'] * 100:+.1f}] p={d['p']:.3f}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", made_by(results)]
    return "\n".join(lines) + "\n"


def made_by(results: dict) -> str:
    """The command, code and package versions that made the results, as results.md ends."""
    config, git, versions = results["config"], results.get("git", {}), results.get("versions", {})
    command = config.get("command")
    line = "Made by `mds " + (shlex.join(command) if command else "eval run ...") + "`"
    if config.get("expanded_command"):
        line += f", that is `mds {shlex.join(config['expanded_command'])}`"
    commit = git.get("commit")
    line += (f" at commit {commit[:10]}" + (" with uncommitted changes" if git.get("dirty") else "")
             if commit else " outside a git checkout")
    line += f", {results.get('date', '')[:10]}; " + ", ".join(f"{k} {versions[k]}" for k in MADE_WITH
                                                            if versions.get(k)) + "."
    return line


# --- plots ---------------------------------------------------------------------------------------

def plot(out_dir: Path, results: dict, per_item: dict[str, list[dict]]) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    import numpy as np

    systems = results["systems"]
    names = list(systems)
    keys = [k for k in ROUGE_LABELS if any(k in s["scores"] for s in systems.values())]
    written = []
    if keys:
        fig, ax = plt.subplots(figsize=(max(6.0, 2 + 0.35 * len(keys) * len(names)), 4.5))
        width = 0.8 / len(names)
        x = np.arange(len(keys))
        for i, name in enumerate(names):
            stats = [systems[name]["scores"].get(k) for k in keys]
            means = np.array([s["mean"] * 100 if s else np.nan for s in stats])
            err = np.array([[max(0, (s["mean"] - s["low"]) * 100) if s else 0 for s in stats],
                            [max(0, (s["high"] - s["mean"]) * 100) if s else 0 for s in stats]])
            ax.bar(x + (i - (len(names) - 1) / 2) * width, means, width, yerr=err, capsize=3, label=name)
        ax.set_xticks(x, [ROUGE_LABELS[k] for k in keys])
        ax.set_ylabel("F1 ×100 (95% bootstrap interval)")
        ax.set_title(f"ROUGE by system ({results['data']['clusters']} clusters, {results['config']['max_words']} words)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        path = out_dir / "rouge.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

        fig, axes = plt.subplots(1, len(keys), figsize=(3.2 * len(keys), 4), squeeze=False)
        for ax, k in zip(axes[0], keys):
            data = [[d[k] * 100 for d in per_item[n] if k in d] for n in names]
            ax.boxplot(data, showmeans=True)
            ax.set_xticks(range(1, len(names) + 1), names, rotation=45, ha="right", fontsize=8)
            ax.set_title(f"{ROUGE_LABELS[k]} per cluster")
        fig.tight_layout()
        path = out_dir / "distributions.png"
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)
    return written
