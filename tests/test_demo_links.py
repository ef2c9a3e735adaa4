"""The demo's links box: off unless the server allows fetching (a public demo must not be an open proxy),
and, when on, three pages of a local site summarized with their links as the report names."""
from __future__ import annotations

import pytest
from news_server import NewsServer
from test_demo import free_port

from summarizer.demo import app as demo
from summarizer.errors import InputError

PAGES = ["/news/ledger.html", "/news/courier.html", "/news/herald.html"]


@pytest.fixture(scope="module")
def site():
    with NewsServer() as s:
        yield s


def links_box(blocks) -> dict:
    [box] = [c["props"] for c in blocks.config["components"] if c["props"].get("elem_id") == "mds-links"]
    return box


def test_links_box_is_off_with_its_reason_unless_the_server_allows_fetching():
    off = links_box(demo.build_app())
    assert off["interactive"] is False and "mds demo --allow-fetch" in off["info"]
    on = links_box(demo.build_app(allow_fetch=True))
    assert on["interactive"] is True and not on.get("info")
    demo.build_app()    # leave the module as a plain server


def test_links_are_checked_before_anything_is_fetched(monkeypatch, site):
    monkeypatch.setattr(demo, "FETCH", None)
    with pytest.raises(InputError, match="does not fetch links"):
        demo.gather_documents([], None, links=site.url(PAGES[0]))
    with pytest.raises(InputError, match="link 2 is not an http"):
        demo.parse_links("https://a.example/x\nfile:///etc/passwd")
    with pytest.raises(InputError, match="fetches 10 at most"):
        demo.parse_links("\n".join(f"https://a.example/{i}" for i in range(11)))
    assert demo.parse_links(" \nhttps://a.example/x \n\n") == ["https://a.example/x"]
    seen = len(site.seen)
    with pytest.raises(InputError, match="21 reports given"):
        demo.gather_documents(["A report. It says things."] * 20, None, links=site.url(PAGES[0]))
    assert len(site.seen) == seen


def test_fetching_on_still_refuses_the_servers_own_network_unless_allowed(monkeypatch, site):
    from summarizer.pipeline.fetch import FetchOptions

    monkeypatch.setattr(demo, "FETCH", FetchOptions(timeout=2, deadline=4))
    with pytest.raises(InputError, match="no link could be read: .*127.0.0.1 is a loopback address"):
        demo.gather_documents([], None, links=site.url(PAGES[0]))


def serve(**options):
    from gradio_client import Client

    app = demo.build_app(**options)
    port = free_port()
    demo.launch(app, port=port, prevent_thread_lock=True, quiet=True)
    return app, Client(f"http://127.0.0.1:{port}/", verbose=False)


@pytest.mark.slow
def test_served_demo_with_fetching_off_says_so(site):
    from gradio_client.exceptions import AppError

    app, client = serve()
    try:
        seen = len(site.seen)
        with pytest.raises(AppError, match="does not fetch links"):
            client.predict(reports=[], links=[site.url(p) for p in PAGES], api_name="/summarize")
        status, _, _ = client.predict(*[""] * demo.MAX_BOXES, None, "extractive", "", 80, "", "",
                                      site.url(PAGES[0]), api_name="/summarize_page")
        assert "does not fetch links" in status and "--allow-fetch" in status
        assert len(site.seen) == seen       # nothing was fetched
    finally:
        app.close()
        demo.build_app()


@pytest.mark.slow
def test_served_demo_with_fetching_on_summarizes_three_links(site):
    app, client = serve(allow_fetch=True, allow_private_urls=True)
    try:
        urls = [site.url(p) for p in PAGES]
        result = client.predict(reports=[], engine="extractive", max_words=60, links=urls + [site.url("/missing")],
                                api_name="/summarize")
        assert [d["name"] for d in result["documents"]] == urls
        assert [d["url"] for d in result["documents"]] == urls
        assert result["sentences"] and all(s["sources"] for s in result["sentences"])
        assert any(w == f"skipped 1 of 4 links: {site.url('/missing')} (HTTP 404 Not Found)" for w in result["warnings"])
        # the page endpoint: a pasted report and a link together
        pasted = "Flooding closed the highway north of Valdora on Tuesday. About 1,200 people went to shelters."
        status, html, _ = client.predict(pasted, *[""] * (demo.MAX_BOXES - 1), None, "extractive", "", 60, "", "",
                                         "\n".join(urls[:2]), api_name="/summarize_page")
        assert "Summarized 3 reports" in status
        assert all(u in html for u in urls[:2]) and "Report 1" in html
    finally:
        app.close()
        demo.build_app()
