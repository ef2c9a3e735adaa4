"""Reading reports: file types, folders, stdin, strings, odd encodings and bad files."""
from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.files import read_clusters
from summarizer.pipeline.ingest import decode_bytes, load_documents

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pages"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

REPORT = "Flooding closed the main highway north of Valdora on Tuesday, officials said."
OTHER = "About 1,200 residents of Valdora spent the night in shelters after the floods."


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_text_file_becomes_one_document_named_after_the_file(tmp_path):
    docs = load_documents([write(tmp_path / "a.txt", REPORT + "\n")])
    assert [d.name for d in docs] == ["a.txt"]
    assert docs[0].text.strip() == REPORT


def test_html_file_keeps_article_paragraphs_and_drops_markup():
    docs = load_documents([FIXTURES / "harbour_festival.html"])
    text = docs[0].text
    assert "More than 80,000 people visited the Port Selby harbour festival" in text
    assert "Police reported no serious incidents." in text
    assert "<p>" not in text and "<nav>" not in text
    # paragraphs stay separate, so cleaning can judge each one
    assert "\n\nTwelve tall ships sailed into the harbour" in text


def test_json_cluster_object_and_list_of_strings(tmp_path):
    obj = write(tmp_path / "c.json", json.dumps({"id": "c1", "documents": [REPORT, OTHER], "references": ["x"]}))
    lst = write(tmp_path / "l.json", json.dumps([REPORT, OTHER]))
    assert [d.text for d in load_documents([obj])] == [REPORT, OTHER]
    assert [d.text for d in load_documents([lst])] == [REPORT, OTHER]


def test_json_that_is_not_a_cluster_is_a_clear_error(tmp_path):
    bad = write(tmp_path / "bad.json", json.dumps({"text": REPORT}))
    with pytest.raises(InputError, match="bad.json"):
        load_documents([bad])


def test_jsonl_with_several_clusters_summarizes_the_first_and_warns(tmp_path):
    lines = [json.dumps({"id": "first", "documents": [REPORT, OTHER]}),
             json.dumps({"id": "second", "documents": ["Something else happened elsewhere today."]})]
    path = write(tmp_path / "clusters.jsonl", "\n".join(lines) + "\n")
    docs = load_documents([path])
    assert [d.text for d in docs] == [REPORT, OTHER]
    assert any("several clusters" in w and "first" in w for w in docs.warnings), docs.warnings


def test_jsonl_gz_is_read(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g", "documents": [REPORT, OTHER]}) + "\n")
    assert [d.text for d in load_documents([path])] == [REPORT, OTHER]
    assert [c["id"] for c in read_clusters(path)] == ["g"]


def test_malformed_jsonl_line_names_file_and_line_number(tmp_path):
    good = json.dumps({"id": "1", "documents": [REPORT]})
    path = write(tmp_path / "broken.jsonl", good + "\n" + '{"id": "2", "documents": [\n' + good + "\n")
    with pytest.raises(InputError, match=r"broken\.jsonl line 2"):
        list(read_clusters(path))


def test_jsonl_line_without_documents_names_its_line(tmp_path):
    path = write(tmp_path / "c.jsonl", json.dumps({"id": "1", "documents": [REPORT]}) + "\n"
                 + json.dumps({"id": "2", "docs": [REPORT]}) + "\n")
    with pytest.raises(InputError, match="line 2"):
        list(read_clusters(path))


def test_shared_multinews_file_reads_as_clusters():
    path = DATA / "multinews" / "val.jsonl.gz"
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    clusters = read_clusters(path)
    first = next(clusters)
    assert first["documents"] and all(isinstance(d, str) for d in first["documents"])


def test_folder_reads_supported_files_sorted_by_name(tmp_path):
    write(tmp_path / "b.txt", OTHER)
    write(tmp_path / "a.txt", REPORT)
    write(tmp_path / "c.html", "<html><body><article><p>" + REPORT + " " + OTHER + "</p></article></body></html>")
    write(tmp_path / "logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / ".hidden.txt", "secret notes")
    docs = load_documents([tmp_path])
    assert [d.name for d in docs] == ["a.txt", "b.txt", "c.html"]


def test_folder_without_supported_files_is_a_clear_error(tmp_path):
    write(tmp_path / "logo.png", b"\x89PNG")
    with pytest.raises(InputError, match="no supported files"):
        load_documents([tmp_path])


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_documents_split_on_dashes_and_form_feeds(monkeypatch):
    _stdin(monkeypatch, f"{REPORT}\n---\n{OTHER}\n\f\nA third report said the road reopened.\n".encode())
    docs = load_documents(["-"])
    assert [d.text for d in docs] == [REPORT, OTHER, "A third report said the road reopened."]


def test_stdin_json_cluster(monkeypatch):
    _stdin(monkeypatch, json.dumps({"id": "s", "documents": [REPORT, OTHER]}).encode())
    assert [d.text for d in load_documents(["-"])] == [REPORT, OTHER]


def test_empty_stdin_is_a_clear_error(monkeypatch):
    _stdin(monkeypatch, b"  \n")
    with pytest.raises(InputError, match="stdin"):
        load_documents(["-"])


def test_python_strings_are_documents():
    docs = load_documents([REPORT, OTHER])
    assert [d.text for d in docs] == [REPORT, OTHER]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_documents([tmp_path / "nope.txt"])


def test_empty_file_among_others_is_skipped_with_a_warning(tmp_path):
    docs = load_documents([write(tmp_path / "empty.txt", ""), write(tmp_path / "a.txt", REPORT)])
    assert [d.name for d in docs] == ["a.txt"]
    assert any("empty.txt" in w and "empty" in w for w in docs.warnings)


def test_only_empty_files_is_an_error_naming_them(tmp_path):
    with pytest.raises(InputError, match="empty.txt"):
        load_documents([write(tmp_path / "empty.txt", "\n  \n")])


def test_binary_file_is_rejected_with_its_name(tmp_path):
    png = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    with pytest.raises(InputError, match=r"photo\.txt.*binary"):
        load_documents([png])


def test_control_character_soup_is_rejected():
    junk = bytes(range(1, 9)) * 50 + b"some text"
    with pytest.raises(InputError, match="blob.*binary"):
        decode_bytes(junk, "blob")


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "Caf\u00e9 owners said \u201cthe road is shut\u201d \u2013 again."),
    ("latin-1", "Der B\u00fcrgermeister sagte, die Stra\u00dfe sei gesperrt."),
    ("utf-16", "\u041f\u0443\u0442\u0438\u043d \u0432\u0441\u0442\u0440\u0435\u0442\u0438\u043b\u0441\u044f "
               "\u0441 \u041a\u0438\u043c\u043e\u043c."),
    ("utf-8-sig", "Kim arrived by train \u2013 officials said."),
])
def test_non_utf8_text_is_decoded(tmp_path, encoding, text):
    path = write(tmp_path / f"report-{encoding}.txt", text.encode(encoding))
    assert load_documents([path])[0].text == text


def test_non_english_report_passes_through_unchanged(tmp_path):
    german = ("Die \u00dcberschwemmung hat am Dienstag die Autobahn n\u00f6rdlich von Valdora gesperrt. "
              "Rund 1.200 Bewohner wurden in Notunterk\u00fcnfte gebracht.")
    assert load_documents([write(tmp_path / "bericht.txt", german)])[0].text == german


def test_windows_line_endings_become_newlines(tmp_path):
    docs = load_documents([write(tmp_path / "crlf.txt", f"{REPORT}\r\n\r\n{OTHER}\r\n".encode())])
    assert docs[0].text == f"{REPORT}\n\n{OTHER}\n"


def test_duc_sgml_file_gives_the_story_without_tags():
    folder = DATA / "duc2006" / "docs" / "D0601A"
    if not folder.exists():
        pytest.skip(f"shared data not found at {folder}")
    doc = load_documents([sorted(folder.iterdir())[0]])[0]
    assert "<DOC>" not in doc.text and "<P>" not in doc.text and "DOCNO" not in doc.text
    assert len(doc.text.split()) > 100
