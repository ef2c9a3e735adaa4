"""The web demo: its HTML (escaping, struck-through removed spans, sentence-to-source links), its
input limits, and the served app through gradio_client."""
from __future__ import annotations

import json
import re
import socket
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from summarizer.demo import render
from summarizer.demo.app import MAX_DOCS, MAX_FILE_BYTES, example_clusters, gather_documents, parse_settings, read_files
from summarizer.errors import InputError
from summarizer.types import CleanDocument, Removed, Sentence, SourceRef, Summary, SummarySentence

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> ${alert(2)} {{value}}'


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what a browser would build from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def with_attr(self, name: str) -> list[dict]:
        return [a for _, a in self.tags if name in a]


def make_summary(doc_text: str = "First fact here. Second fact there.", name: str = "Report 1") -> Summary:
    """Two reports; the summary's one sentence cites sentence 1 of report 1 and sentence 0 of report 2."""
    menu = "Home | World | Sport\n"
    footer = "\n(c) 2024 Example Times"
    raw0 = menu + doc_text + footer
    doc0 = CleanDocument(index=0, name=name, text=doc_text, raw=raw0)
    doc1 = CleanDocument(index=1, name="Report 2", text="Second fact, said again.", raw="Second fact, said again.")
    s0 = doc_text.index("Second")
    summary = Summary(
        summary="Second fact there.",
        sentences=[SummarySentence(text="Second fact there.",
                                   sources=[SourceRef(0, 1, "Second fact there.", s0, s0 + 18),
                                            SourceRef(1, 0, "Second fact, said again.", 0, 24)],
                                   support=2, flags=["unsupported-number"])],
        removed=[Removed(0, menu.strip(), "navigation", 0, len(menu) - 1, clean_at=0),
                 Removed(0, footer.strip(), "footer", raw0.index("(c)"), len(raw0), clean_at=len(doc_text))],
        warnings=["one report was cut"], engine="extractive", model=None,
        timings={"total": 0.5}, documents=[doc0, doc1])
    return summary


def sentences_of(summary: Summary) -> list[Sentence]:
    out = []
    for d in summary.documents:
        start = 0
        for i, piece in enumerate(p for p in d.text.split(". ") if p):
            text = piece if piece.endswith(".") else piece + "."
            start = d.text.index(piece, start)
            out.append(Sentence(d.index, i, text, start, start + len(text)))
            start += len(text)
    return out


# ---------------------------------------------------------------- render


def test_report_text_and_file_names_are_escaped():
    summary = make_summary(doc_text=f"Hostile {HOSTILE}. Second fact there.", name=f'evil{HOSTILE}.txt')
    summary.sentences[0].text = HOSTILE
    summary.warnings = [HOSTILE]
    summary.avoided_terms = [{"term": HOSTILE, "replacement": HOSTILE}]
    html = render.render_result(summary, sentences_of(summary), rouge={"rouge1": 0.5})
    tags = Tags(html)
    assert not [t for t, _ in tags.tags if t in ("script", "img")]
    assert not [a for _, a in tags.tags for k in a if k.startswith("on")]   # no onerror= / onmouseover=
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "${" not in html and "{{" not in html        # gr.HTML's template engine never sees user text


def test_attribute_injection_in_a_name_stays_inside_the_attribute():
    summary = make_summary(name='x" onmouseover="alert(1)" data-x="')
    html = render.render_result(summary, sentences_of(summary))
    tags = Tags(html)
    assert not [a for _, a in tags.tags if "onmouseover" in a]
    chips = [a for _, a in tags.tags if a.get("class") == "mds-chip"]
    assert chips[0]["title"] == 'x" onmouseover="alert(1)" data-x="'


def test_removed_spans_are_struck_through_with_their_reason_where_they_were():
    summary = make_summary()
    html = render.render_documents(summary, sentences_of(summary))
    assert '<del>Home | World | Sport</del>' in html
    assert 'title="removed by cleaning: site navigation"' in html
    assert '<del>(c) 2024 Example Times</del>' in html
    # the menu comes before the article text and the footer after it
    assert html.index("Home | World") < html.index("First fact here.") < html.index("(c) 2024")


def test_summary_sentences_link_to_their_source_sentences():
    summary = make_summary()
    html = render.render_result(summary, sentences_of(summary))
    tags = Tags(html)
    [sent] = [a for _, a in tags.tags if a.get("class") == "mds-sent"]
    assert sent["data-sources"] == "d0s1 d1s0"
    cited = {a["data-sid"]: a for a in tags.with_attr("data-sid") if "mds-cited" in a.get("class", "")}
    assert set(cited) == {"d0s1", "d1s0"}
    assert cited["d0s1"]["data-cited-by"] == "1"
    uncited = [a for a in tags.with_attr("data-sid") if a["data-sid"] == "d0s0"]
    assert uncited and "mds-cited" not in uncited[0]["class"]


def test_sources_are_linked_even_without_a_sentence_list():
    summary = make_summary()
    tags = Tags(render.render_documents(summary))
    assert {a["data-sid"] for a in tags.with_attr("data-sid")} == {"d0s1", "d1s0"}


def test_support_flags_warnings_and_rouge_are_shown():
    summary = make_summary()
    html = render.render_result(summary, sentences_of(summary),
                                loaded_in_sources=[render.LoadedUse("tyrant", "leader", [0])],
                                rouge={"rouge1": 0.4321, "rougeL": 0.3})
    assert "stated by 2 of 2 reports" in html
    assert "a number here is not found in its sources" in html
    assert "one report was cut" in html
    assert "tyrant" in html and "used by Report 1" in html
    assert "43.2" in html


def test_messages_are_escaped():
    html = render.message('<b onclick="x()">bad</b>', "error")
    assert "<b" not in html and 'role="alert"' in html


# ---------------------------------------------------------------- input limits


def test_empty_input_asks_for_a_report():
    with pytest.raises(InputError, match="Add at least one report"):
        gather_documents(["", "   "], None)


def test_too_many_and_too_long_reports_are_refused_with_the_limit():
    with pytest.raises(InputError, match=f"{MAX_DOCS} at most"):
        gather_documents(["a report."] * (MAX_DOCS + 1), None)
    with pytest.raises(InputError, match="Report 2 is 200,001 characters"):
        gather_documents(["fine", "x" * 200_001], None)
    with pytest.raises(InputError, match="600,000 in all"):
        gather_documents(["x" * 150_000] * 5, None)


def test_uploads_are_checked_for_type_and_size(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(InputError, match="big.txt is 5.0 MB"):
        read_files([str(big)])
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(InputError, match="tool.exe: unsupported file type"):
        read_files([str(exe)])
    ok = tmp_path / "wire.txt"
    ok.write_text("Officials met on Tuesday. They signed a deal.", encoding="utf-8")
    [doc] = read_files([str(ok)])
    assert doc.name == "wire.txt" and "signed a deal" in doc.text


def test_settings_are_checked():
    with pytest.raises(InputError, match="'hf' engine is not offered here"):
        parse_settings("hf", "  ", 120)   # by default the server offers no hf checkpoint
    with pytest.raises(InputError, match="between 20 and 400"):
        parse_settings("extractive", None, 5000)
    assert parse_settings("extractive", "", 100) == ("extractive", None, 100)


def test_the_bundled_example_has_several_noisy_outlets():
    clusters = example_clusters()
    assert clusters
    for docs in clusters.values():
        assert 3 <= len(docs) <= 4
        assert len({d.name for d in docs}) == len(docs)


# ---------------------------------------------------------------- served app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served():
    from gradio_client import Client

    from summarizer.demo.app import build_app, launch

    app = build_app()
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield Client(f"http://127.0.0.1:{port}/", verbose=False)
    finally:
        app.close()


@pytest.mark.slow
def test_api_summarizes_the_example_with_sources_and_rouge(served):
    docs = next(iter(example_clusters().values()))
    result = served.predict(reports=[d.text for d in docs], engine="extractive", model="", max_words=80,
                            reference="Karvonia and Estmark signed a ten-year deal to share the Lenna River.",
                            api_name="/summarize")
    assert result["sentences"] and all(s["sources"] for s in result["sentences"])
    assert len(result["documents"]) == len(docs)
    assert any(r["reason"] for r in result["removed"])
    assert 0 < result["rouge"]["rouge1"] <= 1


@pytest.mark.slow
def test_api_focus_steers_the_summary_and_an_overlong_focus_is_refused(served, seed_paths):
    from gradio_client.exceptions import AppError

    reports = [p.read_text(encoding="utf-8") for p in seed_paths]
    focused = served.predict(reports=reports, engine="extractive", model="", max_words=60,
                             focus="What did Putin and Kim eat at lunch?", api_name="/summarize")
    generic = served.predict(reports=reports, engine="extractive", model="", max_words=60, api_name="/summarize")
    assert "lunch" in focused["summary"].lower() and "lunch" not in generic["summary"].lower()
    with pytest.raises(AppError, match="500 at most"):
        served.predict(reports=reports, engine="extractive", focus="why? " * 200, api_name="/summarize")


@pytest.mark.slow
def test_api_empty_input_is_a_clear_error(served):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Add at least one report"):
        served.predict(reports=["", " "], api_name="/summarize")


@pytest.mark.slow
def test_page_endpoint_shows_errors_uploads_and_serves_several_users(served, tmp_path_factory):
    from gradio_client import handle_file

    boxes = [""] * 10
    status, result, _ = served.predict(*boxes, None, "extractive", "", 120, "", "", api_name="/summarize_page")
    assert "Add at least one report" in status and "Traceback" not in status
    # uploads: a text file and a JSONL cluster, named after their files in the report cards
    docs = next(iter(example_clusters().values()))
    folder = tmp_path_factory.mktemp("uploads")
    (folder / "wire <img src=x onerror=alert(1)>.txt").write_text(docs[1].text, encoding="utf-8")
    (folder / "cluster.jsonl").write_text(json.dumps({"id": "c1", "documents": [docs[0].text, docs[2].text]}) + "\n",
                                          encoding="utf-8")
    files = [handle_file(str(folder / "wire <img src=x onerror=alert(1)>.txt")), handle_file(str(folder / "cluster.jsonl"))]
    status, result, download = served.predict(*boxes, files, "extractive", "", 80, "", "", api_name="/summarize_page")
    assert "Summarized 3 reports" in status
    assert "cluster.jsonl #2" in result and "<img" not in result
    assert any(name.startswith("wire") for name in re.findall(r'mds-docname">([^<]*)', result))
    path = download.get("value", download) if isinstance(download, dict) else download
    path = path.get("path", path) if isinstance(path, dict) else path
    assert json.loads(Path(path).read_text(encoding="utf-8"))["sentences"]
    jobs = [served.submit(reports=[d.text for d in docs][: 2 + i], max_words=60, api_name="/summarize")
            for i in range(3)]
    results = [j.result(timeout=240) for j in jobs]
    assert [len(r["documents"]) for r in results] == [2, 3, 4]


# ---------------------------------------------------------------- demo/app.py, the deployable app


@pytest.mark.slow
def test_python_demo_app_serves_the_same_demo_as_mds_demo():
    from demo_process import served
    from gradio_client import Client

    docs = next(iter(example_clusters().values()))
    seen = {}
    for name in ("python demo/app.py", "mds demo"):
        with served(name) as url:
            with urllib.request.urlopen(url + "config", timeout=30) as response:
                config = json.load(response)
            client = Client(url, verbose=False)
            result = client.predict(reports=[d.text for d in docs], engine="extractive", model="", max_words=80,
                                    api_name="/summarize")
            seen[name] = {"title": config.get("title"),
                          "components": [(c["type"], c.get("props", {}).get("label")) for c in config["components"]],
                          "api": client.view_api(print_info=False, return_format="dict"),
                          "summary": result["summary"]}
    app, mds = seen["python demo/app.py"], seen["mds demo"]
    assert any(label == "Engine" for _, label in app["components"])
    assert {"/summarize", "/summarize_page"} <= set(app["api"]["named_endpoints"])
    assert app["summary"] and "Estmark" in app["summary"]
    assert app == mds
