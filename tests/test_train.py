"""`mds train`: config errors, and a tiny real run that resumes and exports a loadable fp16 model."""
from __future__ import annotations

import gzip
import json

import pytest

from summarizer.cli import main
from summarizer.training.train import load_config


def test_config_errors_name_the_problem(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("max_steps = 10\nlearning_rat = 1e-4\n")
    assert main(["train", "--config", str(bad)]) == 2
    assert "unknown setting(s) learning_rat" in capsys.readouterr().err
    assert main(["train", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "no such config file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("max_steps = \n")
    assert main(["train", "--config", str(broken)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_shipped_config_is_valid():
    from conftest import REPO

    cfg = load_config(REPO / "configs" / "fusion.toml")
    assert cfg.init == "minilm" and cfg.max_steps > 0


def _write_clusters(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


@pytest.mark.slow
def test_tiny_training_run_resumes_and_exports_fp16(tmp_path, capsys):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    doc_a = ("The city council approved the new budget on Monday after a long debate. "
             "The mayor said the vote was a good result for the town.")
    doc_b = ("On Monday the city council approved a budget of 4 million dollars. "
             "Residents were divided over the new spending plans for the town.")
    rows = [{"id": str(i), "documents": [doc_a, doc_b],
             "references": ["The city council approved a new budget of 4 million dollars on Monday."]}
            for i in range(8)]
    shared = tmp_path / "shared"
    for name in ("multinews/train.jsonl.gz", "multinews/val.jsonl.gz", "neus/train.jsonl.gz"):
        _write_clusters(shared / name, rows)
    config = tmp_path / "tiny.toml"
    config.write_text(f'''output_dir = "{tmp_path / 'run'}"
data_dir = "{tmp_path / 'pairs'}"
export_dir = "{tmp_path / 'export'}"
shared_data = "{shared}"
multinews_clusters = 8
batch_size = 4
max_steps = 2
save_steps = 1
warmup_steps = 1
logging_steps = 1
''')
    assert main(["train", "--config", str(config)]) == 0
    assert (tmp_path / "pairs" / "stats.json").exists()
    assert main(["train", "--config", str(config), "--max-steps", "3"]) == 0
    err = capsys.readouterr().err
    assert "resuming from" in err and "checkpoint-2" in err
    state = json.loads((tmp_path / "run" / "checkpoint-3" / "trainer_state.json").read_text())
    assert state["global_step"] == 3

    export = tmp_path / "export"
    model = AutoModelForSeq2SeqLM.from_pretrained(export)
    assert next(model.parameters()).dtype == torch.float16
    tokenizer = AutoTokenizer.from_pretrained(export)
    facts = json.loads((export / "training.json").read_text())
    assert facts["config"]["max_steps"] == 3 and facts["data"]["train_pairs"] > 0
    assert (export / "ctranslate2-int8" / "model.bin").is_file()     # the torch-free form beside it
    assert tokenizer("a test")["input_ids"][0] == model.config.decoder_start_token_id


@pytest.mark.slow
def test_plain_loop_trains_from_packed_pairs_and_exports_the_lowest_dev_loss(tmp_path):
    import lzma

    import torch
    from conftest import REPO
    from transformers import AutoModelForSeq2SeqLM

    from summarizer.training.loop import main as loop_main

    pair = {"input": "The council approved the budget on Monday. [SEP] The budget passed.",
            "target": "The council approved the budget."}
    data = tmp_path / "pairs"
    data.mkdir()
    with lzma.open(data / "train.jsonl.xz", "wt", encoding="utf-8") as f:   # packed, as it travels to a GPU
        f.writelines(json.dumps(pair) + "\n" for _ in range(6))
    (data / "dev.jsonl").write_text(json.dumps(pair) + "\n")
    config = tmp_path / "loop.toml"
    config.write_text(f'''data_dir = "{data}"
export_dir = "{tmp_path / 'export'}"
init = "{REPO / 'summarizer' / 'models' / 'fusion-minilm'}"
batch_size = 3
learning_rate = 1e-4
warmup_steps = 1
max_steps = 3
eval_steps = 1
logging_steps = 1
''')
    assert loop_main(["--config", str(config)]) == 0
    export = tmp_path / "export"
    facts = json.loads((export / "training.json").read_text())
    assert [p["step"] for p in facts["curve"]][:4] == [0, 1, 2, 3] and facts["steps"] == 3
    best = min(facts["curve"], key=lambda p: p["dev_loss"])
    assert facts["exported_dev_loss"] == best["dev_loss"]       # the lowest point is the one exported
    model = AutoModelForSeq2SeqLM.from_pretrained(export)
    assert next(model.parameters()).dtype == torch.float16


def test_plain_loop_names_missing_or_empty_pairs(tmp_path, capsys):
    from summarizer.training.loop import main as loop_main

    config = tmp_path / "loop.toml"
    config.write_text(f'data_dir = "{tmp_path / "nowhere"}"\n')
    assert loop_main(["--config", str(config)]) == 2
    assert "no train.jsonl or train.jsonl.xz" in capsys.readouterr().err
    (tmp_path / "nowhere").mkdir()
    (tmp_path / "nowhere" / "train.jsonl").write_text("\n")
    assert loop_main(["--config", str(config)]) == 2
    assert "train pairs are empty" in capsys.readouterr().err


def test_self_training_mix_keeps_every_verified_pair_and_a_replay_of_each_older_kind(tmp_path, monkeypatch):
    from summarizer.training import verified

    monkeypatch.setattr(verified, "REPLAY", {"compress": 2, "join": 1})
    old = tmp_path / "old"
    old.mkdir()
    rows = [{"input": f"s{k}", "target": f"t{k}", "kind": kind, "group": 1} for k, kind in
            enumerate(["compress"] * 5 + ["join"] * 3 + ["fusion"] * 4)]
    (old / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    own = tmp_path / "own.jsonl"
    own.write_text("".join(json.dumps({"input": f"v{k}", "target": f"w{k}", "kind": "verified", "group": 2}) + "\n"
                           for k in range(3)))
    stats = verified.mix([own], own, old, tmp_path / "mixed")
    assert stats["by_kind"] == {"verified": 3, "compress": 2, "join": 1}
    assert stats["train_pairs"] == 6 and stats["dev_pairs"] == 3
    train = [json.loads(line) for line in (tmp_path / "mixed" / "train.jsonl").read_text().splitlines()]
    assert sorted(p["input"] for p in train if p["kind"] == "verified") == ["v0", "v1", "v2"]
