"""Issue 13: the hostile inputs of its table end in a clear error or an honest result, bounded in time
and memory. One test (or more) per row; the summarize_many row is in its own tests."""
from __future__ import annotations

import io
import json
import os
import time

import pytest

from summarizer import Document, InputError, ModelError
from summarizer.cli import format_text, main
from summarizer.pipeline.ingest import decode_bytes, load_documents
from summarizer.types import SourceRef, Summary, SummarySentence

REPORT = ("Flooding closed the main highway north of Valdora on Tuesday, officials said. "
          "About 1,200 residents were moved to shelters overnight.")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Helvetica, built with pypdf)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    content = DecodedStreamObject()
    content.set_data(("BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines)
                      + " ET").encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("mds: error:")]
    assert len(lines) == 1, err
    return lines[0]


# ---------------------------------------------------------------- row 1-2: special files, stdin


def test_dev_zero_is_refused_by_name_without_reading(capsys):
    t0 = time.perf_counter()
    assert main(["summarize", "/dev/zero", "--engine", "extractive"]) == 2
    assert time.perf_counter() - t0 < 5
    assert "/dev/zero: is a device, not a regular file" in one_error_line(capsys)


@pytest.mark.timeout(30)
def test_fifo_without_writer_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "some.fifo"
    os.mkfifo(fifo)
    assert main(["summarize", str(fifo), "--engine", "extractive"]) == 2
    assert "is a FIFO (named pipe), not a regular file" in one_error_line(capsys)


def test_eval_files_that_are_fifos_are_refused_without_blocking(tmp_path, capsys):
    clusters = tmp_path / "clusters.jsonl"
    clusters.write_text('{"id": "a", "documents": ["x y z"], "references": ["x y"]}\n', encoding="utf-8")
    fifo = tmp_path / "predictions.jsonl"
    os.mkfifo(fifo)
    assert main(["eval", "score", "--data", str(clusters), "--predictions", str(fifo), "--rouge-only"]) == 2
    assert "is a FIFO (named pipe), not a regular file" in one_error_line(capsys)


def test_special_files_in_a_folder_are_skipped_and_listed(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    docs = load_documents([tmp_path])
    assert [d.name for d in docs] == ["a.txt"]
    [warning] = docs.warnings
    assert "pipe.txt (not a regular file)" in warning and "photo.png (unsupported type)" in warning


class EndlessStdin:
    """`yes |`: as many bytes as asked for, forever; remembers the largest request."""

    def __init__(self):
        self.asked = 0
        self.buffer = self

    def read(self, n: int = -1) -> bytes:
        assert n is not None and n > 0, "stdin must be read with a bound"
        self.asked = max(self.asked, n)
        return b"y\n" * (n // 2 + 1)


def test_endless_stdin_is_read_to_the_cap_then_refused(monkeypatch, capsys):
    stdin = EndlessStdin()
    monkeypatch.setattr("sys.stdin", stdin)
    assert main(["summarize", "-", "--engine", "extractive"]) == 2
    assert "stdin is larger than 8 MB, the input limit" in one_error_line(capsys)
    assert stdin.asked <= 8 * 2**20 + 1


def test_the_cap_is_configurable(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text(REPORT * 2000, encoding="utf-8")   # about 270 kB
    assert main(["summarize", str(path), "--engine", "extractive", "--max-input-mb", "0.1"]) == 2
    assert "long.txt is larger than 104,857 bytes" in one_error_line(capsys)
    with pytest.raises(InputError, match="larger than"):
        load_documents([path], max_bytes=1000)


def test_gzip_bomb_line_is_refused_not_decompressed_into_memory(tmp_path):
    import gzip

    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as fh:   # one 20 MB line, 20 kB on disk
        fh.write(b'{"id": "x", "documents": ["' + b"a" * 20 * 2**20 + b'"]}\n')
    with pytest.raises(InputError, match="bomb.jsonl.gz line 1: the line is longer than 8 MB"):
        load_documents([path])


def test_one_cluster_is_capped_in_documents_and_sentences(embedder):
    from summarizer.pipeline.prepare import MAX_DOCUMENTS, MAX_SENTENCES, cap_sentences, prepare

    with pytest.raises(InputError, match="at most"):
        prepare([Document(f"Report {i} says the dam held.") for i in range(MAX_DOCUMENTS + 1)], embedder)
    capped = cap_sentences([list(range(5)), list(range(10_000)), list(range(10_000))], MAX_SENTENCES)
    assert [len(d) for d in capped] == [5, (MAX_SENTENCES - 5) // 2, (MAX_SENTENCES - 5) - (MAX_SENTENCES - 5) // 2]
    assert capped[1] == list(range(len(capped[1])))   # the opening sentences are kept


# ---------------------------------------------------------------- row 3: metrics on a huge summary


@pytest.mark.slow
def test_eval_score_of_a_one_megabyte_summary_finishes_and_says_it_capped(tmp_path, capsys):
    data, predictions = tmp_path / "data.jsonl", tmp_path / "pred.jsonl"
    data.write_text(json.dumps({"id": "a", "documents": [REPORT], "references": ["Floods closed a highway."]}) + "\n")
    summary = ("Floods closed a highway. Mr. Kim said 3.5 million. " * 21000)[:1_000_000]
    predictions.write_text(json.dumps({"id": "a", "summary": summary}) + "\n")
    t0 = time.perf_counter()
    assert main(["eval", "score", "--data", str(data), "--predictions", str(predictions), "--n-boot", "10"]) == 0
    assert time.perf_counter() - t0 < 90
    out = json.loads(capsys.readouterr().out)
    assert "cut to 50,000" in out["metric_status"]["capped"]
    assert out["metric_status"]["style"] == "ok" and "sentences" in out["scores"]


def test_style_sentences_are_linear_on_long_text():
    from summarizer.evaluation.metrics.style import sentences

    t0 = time.perf_counter()
    assert len(sentences("It rained. " * 100_000)) == 100_000
    assert time.perf_counter() - t0 < 5


# ---------------------------------------------------------------- row 5: API types


@pytest.mark.parametrize("documents", [None, 123, 4.5, b"raw bytes", {"documents": ["x"]}, [REPORT, None],
                                       [Document(text=None)]])
def test_wrong_document_types_are_input_errors(extractive, documents):
    with pytest.raises(InputError):
        extractive.summarize(documents)


@pytest.mark.parametrize("max_words", [0, -5, 2.5, "120", True])
def test_max_words_must_be_a_positive_integer(extractive, max_words):
    with pytest.raises(InputError, match="max_words"):
        extractive.summarize([REPORT], max_words=max_words)


# ---------------------------------------------------------------- row 6: demo model allowlist


def test_demo_clients_cannot_name_server_paths_or_hub_ids():
    from summarizer.demo.app import parse_models, parse_settings

    messages = set()
    for engine, model in [("hf", "/root/.ssh"), ("hf", "/no/such/folder"), ("hf", "facebook/bart-large-cnn"),
                          ("fusion", "/root/.ssh"), ("fusion", "/no/such/folder")]:
        with pytest.raises(InputError) as e:
            parse_settings(engine, model, 120)
        assert "/root" not in str(e.value) and "/no/such" not in str(e.value)
        messages.add(str(e.value).replace(engine, "ENGINE"))
    assert len(messages) == 2   # hf not offered / no such model: the same whether the path exists or not
    offered = parse_models("extractive,hf:/srv/models/bart")
    assert parse_settings("hf", "", 120, offered) == ("hf", "/srv/models/bart", 120)
    with pytest.raises(InputError, match="does not offer that model"):
        parse_settings("hf", "/root/.ssh", 120, offered)
    with pytest.raises(InputError, match="not offered"):
        parse_settings("fusion", "", 120, offered)


def test_demo_models_option_is_checked(capsys):
    from summarizer.demo.app import parse_models

    with pytest.raises(InputError, match="hf engine needs a model"):
        parse_models("extractive,hf")
    with pytest.raises(InputError, match="takes no model"):
        parse_models("extractive:/srv/x")


def test_demo_model_load_errors_do_not_echo_server_paths(monkeypatch):
    from summarizer.demo.app import SummarizerCache

    def fail(**kwargs):
        raise ModelError("cannot load model '/srv/secret/ckpt': this local folder has no usable config.json")

    monkeypatch.setattr("summarizer.api.Summarizer", fail)
    cache = SummarizerCache()
    cache._embedder = object()
    with pytest.raises(ModelError) as e:
        cache.get("hf", "/srv/secret/ckpt")
    assert "/srv" not in str(e.value) and "server log" in str(e.value)


# ---------------------------------------------------------------- row 7: PDFs


def test_pdf_text_is_extracted_in_files_folders_and_the_demo(tmp_path):
    from summarizer.demo.app import read_files

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf(["Flooding closed the main highway on Tuesday, officials said.",
                              "About 1,200 residents were moved to shelters."]))
    [doc] = load_documents([pdf])
    assert "closed the main highway on Tuesday" in doc.text and "/Root" not in doc.text
    assert [d.name for d in load_documents([tmp_path])] == ["report.pdf"]
    [upload] = read_files([str(pdf)])
    assert "1,200 residents" in upload.text


def test_pdf_without_text_or_broken_is_a_clear_error(tmp_path, capsys):
    from pypdf import PdfWriter

    scan = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    with open(scan, "wb") as fh:
        writer.write(fh)
    with pytest.raises(InputError, match="scan.pdf: the PDF has no text layer"):
        load_documents([scan])
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    assert main(["summarize", str(broken), "--engine", "extractive"]) == 2
    assert "broken.txt:" in one_error_line(capsys)


# ---------------------------------------------------------------- row 8: markdown and text output


def summary_with(text: str, flags: list[str], support: int = 2) -> Summary:
    from summarizer.types import CleanDocument

    docs = [CleanDocument(i, f"r{i}.txt", text, text) for i in range(3)]
    return Summary(summary=text, sentences=[SummarySentence(text, [SourceRef(0, 0, text)], support, flags)],
                   removed=[], warnings=["<b>warned</b>"], engine="extractive", model=None, timings={},
                   documents=docs)


def test_markdown_escapes_html_and_links_from_reports():
    md = summary_with('Officials said <script>alert(1)</script> and <img src=x onerror="alert(2)"> '
                      "[click](javascript:alert(3)) ![x](http://evil/p.png)", []).to_markdown()
    for raw in ("<script", "<img", "<b>", "[click](", "![x]("):
        assert raw not in md
    assert "&lt;script&gt;" in md and "&lt;img" in md


def test_text_output_shows_support_and_flags():
    out = format_text(summary_with("The rally was on Monday.",
                                   ["conflicting-weekdays: Tuesday in reports 1, 2; Monday in report 3"]))
    assert "(2/3 reports; ! conflicting-weekdays: Tuesday in reports 1, 2; Monday in report 3)" in out


# ---------------------------------------------------------------- row 9: conflicts beyond numbers


def test_conflict_flags_name_the_disagreeing_reports():
    from summarizer.pipeline.relate import conflict_flags

    flags = conflict_flags(["The rally on Tuesday drew 2,000 people.", "The Tuesday rally drew 2,000 people.",
                            "The rally on Monday drew 3,000 people."], [0, 1, 2])
    assert flags == ["conflicting-weekdays: Tuesday in reports 1, 2; Monday in report 3",
                     "conflicting-numbers: 2,000 in reports 1, 2; 3,000 in report 3"]
    assert conflict_flags(["A 34-year-old man died on March 3.", "The man, aged 43, died on 4 March."], [0, 1]) == [
        "conflicting-dates: March 3 in report 1; 4 March in report 2",
        "conflicting-ages: 34-year-old in report 1; aged 43 in report 2"]
    assert conflict_flags(["Two people died.", "Three people died."], [0, 1]) == [
        "conflicting-numbers: Two in report 1; Three in report 2"]
    # the same date written two ways, or extra detail, is no conflict
    assert conflict_flags(["It opened on 2024-03-05.", "It opened on March 5."], [0, 1]) == []
    assert conflict_flags(["12 people died.", "12 people, 3 of them children, died."], [0, 1]) == []


@pytest.mark.slow
def test_summary_of_disagreeing_reports_is_flagged(extractive):
    reports = ["Thousands marched in Valdora. The protest march through Valdora took place on Tuesday "
               "and drew 2,000 people, police said.",
               "Crowds filled Valdora. The protest march through Valdora took place on Tuesday and drew "
               "2,000 people, according to police.",
               "Valdora saw a big protest. The protest march through Valdora took place on Monday and drew "
               "3,000 people, police said."]
    summary = extractive.summarize(reports, max_words=40)
    flagged = [s for s in summary.sentences if "march through Valdora" in s.text]
    # report 3 gives other numbers: flagged as a conflict, but not counted as backing "2,000 people"
    assert flagged and flagged[0].support == 2
    assert any(f.startswith("conflicting-weekdays:") and "report 3" in f for f in flagged[0].flags), flagged[0].flags
    assert "! conflicting-weekdays" in format_text(summary)


# ---------------------------------------------------------------- row 10: encodings


@pytest.mark.parametrize("encoding, text", [
    ("utf-16-le", "Officials said on Tuesday that the bridge would reopen next year."),
    ("utf-16-be", "Officials said on Tuesday that the bridge would reopen next year."),
    ("shift_jis", "東京都は火曜日、新しい橋の建設を始めると発表した。住民二千人が説明会に参加した。"),
    ("gbk", "北京市政府星期二宣布，新的桥梁将于明年开放。约两千名居民参加了会议。"),
])
def test_utf16_without_bom_and_east_asian_encodings_are_decoded(tmp_path, encoding, text):
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert load_documents([path])[0].text == text


def test_real_binary_is_still_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary"):
        decode_bytes(png, "photo.png")


# ---------------------------------------------------------------- row 11: options that do not apply


def test_model_for_an_engine_without_one_is_refused(capsys):
    assert main(["summarize", "-", "--engine", "extractive", "--model", "/nonexistent"]) == 2
    assert "the extractive engine takes no model" in one_error_line(capsys)
    from summarizer import Summarizer

    with pytest.raises(InputError, match="lead engine takes no options"):
        Summarizer(engine="lead", embedder=object(), mmr_lambda=0.5)
    with pytest.raises(InputError, match="takes no model"):
        Summarizer(engine="lead-rr", model="x", embedder=object())


def test_unknown_engine_option_is_named(embedder):
    from summarizer import Summarizer

    with pytest.raises(InputError, match="extractive engine has no option 'mmr'"):
        Summarizer(engine="extractive", embedder=embedder, mmr=0.5)


# ---------------------------------------------------------------- row 13: Hub ids offline


@pytest.mark.timeout(60)
def test_offline_hub_id_fails_fast_with_one_line(monkeypatch):
    from summarizer.engines.hf import hub_offline, load_seq2seq

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t0 = time.perf_counter()
    with pytest.raises(ModelError) as e:
        load_seq2seq("nobody-here/no-such-summarizer")
    assert time.perf_counter() - t0 < 15
    assert "cannot be reached (offline)" in str(e.value) and "\n" not in str(e.value)
    # without the variable, an unreachable Hub host is noticed by one quick connection attempt
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    t0 = time.perf_counter()
    assert hub_offline(timeout=2)
    assert time.perf_counter() - t0 < 5
