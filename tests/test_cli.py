"""`mds summarize` as a user runs it: JSON schema, provenance, clean output, errors without tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from summarizer.cli import main

BOILERPLATE = ["Read More", "Post Top Ad", "Follow us on", "Catch Daily Highlights",
               "Article continues after advertisement", "indicates required"]


@pytest.fixture(scope="module")
def seed_json(seed_paths, capsys_module=None):
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(["summarize", *map(str, seed_paths), "--format", "json"])
    assert code == 0
    return json.loads(buf.getvalue())


def test_json_output_has_the_documented_fields(seed_json):
    assert set(seed_json) >= {"summary", "sentences", "removed", "warnings", "engine", "model", "timings"}
    assert seed_json["engine"] == "fusion" and seed_json["model"] == "fusion-minilm"
    assert seed_json["summary"].strip()
    for s in seed_json["sentences"]:
        assert s["text"] and s["sources"]
        assert {"doc", "sentence", "text"} <= set(s["sources"][0])
    for r in seed_json["removed"]:
        assert {"doc", "text", "reason"} <= set(r)


def test_every_cited_source_sentence_is_really_in_its_input_file(seed_json, seed_paths):
    # cleaning joins hard-wrapped lines and turns no-break spaces into spaces: compare words
    raw = [" ".join(p.read_text(encoding="utf-8").split()) for p in seed_paths]
    for s in seed_json["sentences"]:
        for src in s["sources"]:
            assert " ".join(src["text"].split()) in raw[src["doc"]], (src["doc"], src["text"])


def test_summary_has_no_boilerplate_and_removed_list_names_the_chrome(seed_json):
    for phrase in BOILERPLATE:
        assert phrase.lower() not in seed_json["summary"].lower()
    reasons = {r["reason"] for r in seed_json["removed"]}
    assert any("headline" in r for r in reasons), reasons
    assert any("advert" in r or r == "ad" for r in reasons), reasons


def test_text_and_markdown_formats(seed_paths, capsys):
    assert main(["summarize", *map(str, seed_paths[:2]), "--max-words", "60"]) == 0
    out = capsys.readouterr().out
    assert "Sources:" in out and "sentence" in out
    assert main(["summarize", *map(str, seed_paths[:2]), "--format", "markdown"]) == 0
    assert "_engine: fusion (fusion-minilm)_" in capsys.readouterr().out


def test_stdin_documents_separated_by_dashes(monkeypatch, capsys):
    import io

    text = ("The city council approved the new budget on Monday after a long debate.\n---\n"
            "On Monday the council passed the budget, which raises spending on schools.\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    assert main(["summarize", "-", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {src["doc"] for s in result["sentences"] for src in s["sources"]} <= {0, 1}
    assert "budget" in result["summary"]


@pytest.mark.parametrize("args, message", [
    (["summarize", "/nonexistent/report.txt"], "report.txt"),
    (["summarize", "README.md", "--engine", "nope"], "unknown engine"),
    (["summarize", "README.md", "--max-words", "0"], "--max-words"),
])
def test_errors_are_one_clear_line(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("mds: error:") and message in err
    assert "Traceback" not in err


def test_empty_and_binary_files_exit_nonzero_without_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    for path in (empty, binary):
        proc = subprocess.run([sys.executable, "-m", "summarizer.cli", "summarize", str(path)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 2, proc.stderr
        assert path.name in proc.stderr
        assert "Traceback" not in proc.stderr


def _parser_help(parser, argv) -> str:
    """What argparse prints for `argv`'s --help, or the error it raises, with the given parser."""
    import io
    from contextlib import redirect_stdout

    from summarizer.cli import UsageError

    buf = io.StringIO()
    try:
        with redirect_stdout(buf):
            parser.parse_args(argv)
    except SystemExit:
        pass
    except UsageError as e:
        return f"error: {e}"
    return buf.getvalue()


@pytest.mark.parametrize("argv", [["summarize", "--help"], ["-v", "summarize", "--help"],
                                  ["--verbose", "summarize", "--help"], ["summarize", "--bogus"],
                                  ["summarize", "--max-words", "0", "x"], ["eval", "run", "--help"],
                                  ["eval", "--help"], ["batch", "--help"], ["demo", "--help"], ["train", "--help"],
                                  ["--help"], ["summ", "x"], ["-h", "summarize"], ["--verb", "summarize", "--help"]])
def test_a_parser_built_for_the_command_line_prints_what_the_whole_parser_prints(argv):
    """`build_parser(argv)` builds only the subcommand the command line names (a quicker cold start);
    what argparse says for that command line, help or error, is the whole parser's."""
    from summarizer.cli import build_parser

    assert _parser_help(build_parser(argv), argv) == _parser_help(build_parser(), argv)


def test_mds_summarize_imports_no_other_subcommand():
    """The other subcommands' modules (evaluation, training, batch, demo) stay unimported for `summarize`."""
    code = ("import sys\nfrom summarizer.cli import build_parser\n"
            "args = build_parser(['-v', 'summarize', 'a.txt']).parse_args(['-v', 'summarize', 'a.txt'])\n"
            "print(args.command, sorted(m for m in sys.modules if m.startswith(('summarizer.evaluation', "
            "'summarizer.training', 'summarizer.batch', 'summarizer.demo'))))")
    from conftest import REPO

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["summarize", "[]"]
