"""Reports by link, against a local site (tests/news_server.py): extraction like a saved page, the
limits a careful user expects (timeouts, size cap, redirects, content types), the address rules, and
three pages summarized through the CLI and the API with their links in the sources."""
from __future__ import annotations

import ipaddress
import json
import socket
import time

import pytest
from news_server import NewsServer, save_pages
from test_hardening import make_pdf

from summarizer.errors import InputError
from summarizer.pipeline.fetch import USER_AGENT, FetchError, FetchOptions, is_url, read_url_list, refused_kind
from summarizer.pipeline.ingest import fetch_documents, load_documents
from summarizer.types import Document

LOCAL = ("127.0.0.1",)          # the test site's address, allowed; nothing else private is
PAGES = ["/news/ledger.html", "/news/courier.html", "/news/herald.html"]


@pytest.fixture(scope="module")
def site():
    with NewsServer(pdf=make_pdf(["Flooding closed the main highway north of Valdora on Tuesday.",
                                  "About 1,200 residents were moved to shelters overnight."])) as s:
        yield s


def local(**kw) -> FetchOptions:
    return FetchOptions(allow_private=kw.pop("allow_private", LOCAL), **kw)


def read(url: str, options: FetchOptions):
    """The Document of one link (fetched, then read as a saved page of its type)."""
    [doc] = fetch_documents([url], options)
    assert isinstance(doc, Document), doc
    return doc


def reason(result) -> str:
    assert isinstance(result, FetchError), f"expected a FetchError, got {result!r}"
    return result.reason


# ---------------------------------------------------------------- pages read like saved files


def test_page_keeps_its_title_and_article_and_names_its_link(site):
    url = site.url("/news/ledger.html")
    doc = read(url, local())
    assert doc.name == url and doc.url == url
    assert doc.text.startswith("Flood closes Valdora highway as hundreds leave their homes")
    assert "About 1,200 residents were moved to shelters overnight" in doc.text
    for chrome in ("We use cookies", "Politics", "All rights reserved", "<p>"):
        assert chrome not in doc.text
    assert site.seen[-1][2] == USER_AGENT


def test_fetched_page_reads_exactly_as_the_saved_file(site, tmp_path):
    from summarizer.pipeline.ingest import load_documents
    [saved] = load_documents(save_pages(tmp_path, PAGES[:1]))
    assert read(site.url(PAGES[0]), local()).text == saved.text


def test_text_pdf_and_gzip_pages_are_read(site):
    text, pdf, gz = fetch_documents([site.url("/plain.txt"), site.url("/report.pdf"), site.url("/gzip.html")], local())
    assert text.text.startswith("Some 1,200 residents of Valdora were evacuated")
    assert "About 1,200 residents were moved to shelters overnight." in pdf.text
    assert gz.text.startswith("Brenna River bursts its banks, highway shut")


def test_redirect_chain_is_followed_and_the_final_address_kept(site):
    doc = read(site.url("/hop/3"), local())
    assert doc.name == site.url("/hop/3") and doc.url == site.url("/news/ledger.html")
    assert "Valdora" in doc.text
    assert "more than 2 redirects" in reason(fetch_documents([site.url("/hop/3")], local(max_redirects=2))[0])
    assert "more than 5 redirects" in reason(fetch_documents([site.url("/loop")], local())[0])


def test_each_failure_names_its_link_and_reason(site):
    urls = [site.url(p) for p in ("/missing", "/image.png", "/empty.html", "/big", "/to-file")]
    results = fetch_documents(urls, local())
    assert [r.url for r in results] == urls
    assert reason(results[0]) == "HTTP 404 Not Found"
    assert "not an HTML page" in reason(results[1]) and "image/png" in reason(results[1])
    assert reason(results[2]) == "no article text found on the page"
    assert "too big: 50 MB, over the 8 MB limit" in reason(results[3])
    assert "only http and https" in reason(results[4]) and "file:" in reason(results[4])
    assert str(results[0]) == f"{urls[0]}: HTTP 404 Not Found"


# ---------------------------------------------------------------- pages that never end or never answer


def test_silent_and_trickling_pages_stop_at_the_timeout(site):
    t0 = time.perf_counter()
    slow, trickle, good = fetch_documents([site.url("/slow"), site.url("/trickle"), site.url(PAGES[0])],
                                      local(timeout=0.5))
    took = time.perf_counter() - t0
    assert reason(slow) == "timed out after 0.5 s"
    assert reason(trickle) == "timed out after 0.5 s"     # every read was quick; the page as a whole was not
    assert "Valdora" in good.text
    assert took < 2.0, took


def test_endless_body_is_cut_at_the_cap(site):
    t0 = time.perf_counter()
    [endless] = fetch_documents([site.url("/endless")], local(max_bytes=256 * 1024, timeout=5))
    assert reason(endless) == "too big: more than the 262,144 bytes limit (cut there)"
    assert time.perf_counter() - t0 < 2.0


def test_total_deadline_stops_the_batch(site):
    t0 = time.perf_counter()
    results = fetch_documents([site.url("/slow")] * 1 + [site.url("/trickle")], local(timeout=5, deadline=0.8))
    assert all(reason(r) == "not fetched within the 0.8 s deadline for all links" for r in results)
    assert time.perf_counter() - t0 < 2.5


# ---------------------------------------------------------------- addresses


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("224.0.0.1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "non-public"),
    ("8.8.8.8", None), ("2606:4700::1111", None)])
def test_address_kinds(address, kind):
    assert refused_kind(ipaddress.ip_address(address)) == kind


def test_private_addresses_are_refused_by_default(site):
    urls = [site.url(PAGES[0]), site.url(PAGES[0], host="localhost"), "http://10.0.0.1/", "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/"]
    seen = len(site.seen)
    results = fetch_documents(urls, FetchOptions(timeout=2))
    assert all("refused" in reason(r) for r in results)
    assert "127.0.0.1 is a loopback address" in reason(results[0])
    assert "localhost (127.0.0.1) is a loopback address" in reason(results[1]) or "(::1)" in reason(results[1])
    assert "169.254.169.254 is a link-local address" in reason(results[4])
    assert "--allow-private-urls" in reason(results[0])
    assert len(site.seen) == seen          # refused before connecting: the server saw nothing
    assert "Valdora" in read(site.url(PAGES[0]), FetchOptions(allow_private=True)).text


def test_redirect_to_a_private_address_is_refused(site):
    [result] = fetch_documents([site.url("/to-private")], local(timeout=2))
    assert "169.254.169.254 is a link-local address" in reason(result)
    assert "(redirected to http://169.254.169.254/latest/meta-data/)" in reason(result)


def test_connection_goes_to_the_checked_address(site, monkeypatch):
    """A name is resolved once per hop and the connection goes to that checked address, so an
    answer that changes afterwards (DNS rebinding) cannot send the request elsewhere."""
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host == "news.test":
            lookups.append(host)
            address = "127.0.0.1" if len(lookups) == 1 else "10.66.0.1"   # a second answer would be private
            return real(address, *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    doc = read(site.url(PAGES[1], host="news.test"), local())
    assert "Brenna" in doc.text and lookups == ["news.test"]
    assert site.seen[-1][1] == f"news.test:{site.port}"     # the Host header keeps the link's name


def test_allow_private_takes_networks_and_rejects_nonsense():
    assert FetchOptions(allow_private=["10.0.0.0/8", "127.0.0.1"]).allow_private == ("10.0.0.0/8", "127.0.0.1")
    with pytest.raises(InputError, match="allow_private"):
        FetchOptions(allow_private=["not-a-network"])
    with pytest.raises(InputError, match="timeout must be a positive number"):
        FetchOptions(timeout=0)


# ---------------------------------------------------------------- lists of links


def test_url_inputs_and_url_files(tmp_path):
    assert is_url("https://a.example/x") and is_url("ftp://a.example/x") and not is_url("notes.txt")
    assert not is_url("The summit (see https://a.example) ended.")
    assert not is_url("https://a.example reported the summit first.")   # text that starts with a link
    listing = tmp_path / "links.txt"
    listing.write_text("# reports\nhttps://a.example/1\n\n  http://b.example/2  \n", encoding="utf-8")
    assert read_url_list(listing) == ["https://a.example/1", "http://b.example/2"]
    listing.write_text("https://a.example/1\nb.example/2\n", encoding="utf-8")
    with pytest.raises(InputError, match="links.txt line 2: not a link"):
        read_url_list(listing)


def test_failed_links_are_one_warning_and_all_failing_is_an_error(site):
    docs = load_documents([site.url(PAGES[0]), site.url("/missing"), site.url("/image.png")], fetch=local())
    assert [d.name for d in docs] == [site.url(PAGES[0])]
    assert docs.warnings == [f"skipped 2 of 3 links: {site.url('/missing')} (HTTP 404 Not Found); "
                             f"{site.url('/image.png')} (not an HTML page, text or PDF (the server sent image/png))"]
    with pytest.raises(InputError, match="no report could be fetched: .*/missing: HTTP 404"):
        load_documents([site.url("/missing")], fetch=local())


# ---------------------------------------------------------------- summarized through the API and the CLI


@pytest.mark.slow
def test_api_summarizes_three_pages_while_hostile_ones_are_skipped(site, extractive):
    urls = [site.url(p) for p in PAGES]
    summary = extractive.summarize_urls(urls + [site.url("/slow"), site.url("/endless"), site.url("/missing")],
                                        max_words=60, timeout=1, max_bytes=512 * 1024, allow_private=LOCAL)
    assert [d.name for d in summary.documents] == urls
    assert all(r.doc in range(3) for s in summary.sentences for r in s.sources)
    data = json.loads(summary.to_json())
    assert [d["url"] for d in data["documents"]] == urls
    [warning] = [w for w in summary.warnings if w.startswith("skipped")]
    assert "3 of 6 links" in warning and "/slow (timed out after 1 s)" in warning
    assert "/endless (too big: more than the 524,288 bytes limit (cut there))" in warning
    assert "/missing (HTTP 404 Not Found)" in warning
    assert not any("We use cookies" in s.text for s in summary.sentences)
    with pytest.raises(InputError, match="refused: 127.0.0.1 is a loopback address"):
        extractive.summarize_urls(urls)          # the safe default


@pytest.mark.slow
def test_cli_mixes_links_files_and_a_url_file(site, tmp_path, capsys):
    from summarizer.cli import main
    [saved] = save_pages(tmp_path, PAGES[2:])
    listing = tmp_path / "links.txt"
    listing.write_text(f"{site.url(PAGES[1])}\n{site.url('/missing')}\n", encoding="utf-8")
    code = main(["summarize", site.url(PAGES[0]), str(saved), "--urls", str(listing), "--engine", "extractive",
                 "--format", "json", "--max-words", "60", "--allow-private-urls"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert [d["name"] for d in data["documents"]] == [site.url(PAGES[0]), saved.name, site.url(PAGES[1])]
    assert [d["url"] for d in data["documents"]] == [site.url(PAGES[0]), "", site.url(PAGES[1])]
    assert f"warning: skipped 1 of 3 links: {site.url('/missing')} (HTTP 404 Not Found)" in err

    assert main(["summarize", site.url(PAGES[0]), site.url(PAGES[1]), "--engine", "extractive"]) == 2
    assert "refused: 127.0.0.1 is a loopback address" in capsys.readouterr().err
    assert main(["summarize", "--engine", "extractive"]) == 2
    assert "nothing to summarize" in capsys.readouterr().err


def test_links_with_spaces_accents_and_queries_are_sent_encoded(site):
    [result] = fetch_documents([site.url("/news/nowhere é.html?q=a b&x=1")], local())
    assert reason(result) == "HTTP 404 Not Found"
    assert site.seen[-1][0] == "/news/nowhere%20%C3%A9.html?q=a%20b&x=1"
    fetch_documents([site.url("/news/already%20encoded.html")], local())
    assert site.seen[-1][0] == "/news/already%20encoded.html"      # not encoded twice


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    """The site over HTTPS with a self-signed certificate for news.test and 127.0.0.1."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test,IP:127.0.0.1"],
                   check=True, capture_output=True)
    with NewsServer(tls=(str(cert), str(key))) as s:
        s.cert = cert
        yield s


def test_https_pages_are_verified_against_the_links_name(tls_site, monkeypatch):
    [untrusted] = fetch_documents([tls_site.url(PAGES[0])], local(timeout=3))
    assert "TLS certificate not valid" in reason(untrusted)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_site.cert))      # trust the test certificate
    assert read(tls_site.url(PAGES[0]), local()).text.startswith("Flood closes")
    real = socket.getaddrinfo
    names = {"news.test", "other.test"}
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real("127.0.0.1" if host in names else host, *a, **k))
    # connected to the checked address, verified against the name in the link
    assert read(tls_site.url(PAGES[1], host="news.test"), local()).text.startswith("Brenna River")
    [wrong_name] = fetch_documents([tls_site.url(PAGES[1], host="other.test")], local(timeout=3))
    assert "TLS certificate not valid" in reason(wrong_name) and "other.test" in reason(wrong_name)
