"""The demo in a real browser: Debian's headless Chromium driven by Playwright.

Runs the bundled example, clicks a summary sentence and checks that its source sentences light up,
saves docs/demo.png (the README's screenshot), and checks that a hostile report stays text; on the app
built in this process and on `python demo/app.py` started as a child process."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "demo.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SUMMARY_TIMEOUT_MS = 240_000     # the first run loads the sentence model on a shared CPU


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", params=["in this process", "python demo/app.py"])
def url(request):
    """The demo built here, and the deployable app started as a user starts it: the same page either way."""
    if request.param == "python demo/app.py":
        from demo_process import served

        with served(request.param) as started:
            yield started
        return
    from summarizer.demo.app import build_app, launch

    app = build_app()
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("button", name="Summarize", exact=True).wait_for()
    return page


def test_example_summary_highlights_its_sources(browser, url):
    page = open_page(browser, url)
    page.get_by_role("button", name="Lenna River water summit").click()
    page.wait_for_function("() => [...document.querySelectorAll('textarea')]"
                           ".some(t => t.value.includes('NORTHERN LEDGER'))")
    page.get_by_role("button", name="Summarize", exact=True).click()
    page.locator(".mds-sent").first.wait_for(timeout=SUMMARY_TIMEOUT_MS)

    sentences = page.locator(".mds-sent")
    sources = [(sentences.nth(i).get_attribute("data-sources") or "").split() for i in range(sentences.count())]
    pick = max(range(len(sources)), key=lambda i: len(sources[i]))   # the best-supported sentence
    assert len(sources[pick]) >= 2
    assert page.locator(".mds-hl").count() == 0
    sentences.nth(pick).click()
    assert "mds-active" in sentences.nth(pick).get_attribute("class")
    for sid in sources[pick]:
        assert "mds-hl" in page.locator(f'[data-sid="{sid}"]').get_attribute("class")
    assert page.locator(".mds-src.mds-hl").count() == len(sources[pick])
    # removed boilerplate is shown struck through with its reason
    assert page.locator(".mds-removed del").count() >= 4
    assert page.get_by_text("stated by", exact=False).first.is_visible()
    assert page.get_by_role("button", name="Download the summary as JSON").is_visible()

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 50_000

    sentences.nth(pick).click()                       # a second click clears the highlight
    assert page.locator(".mds-hl").count() == 0
    assert page.dialogs == []
    page.close()


def test_hostile_report_is_shown_as_text_and_empty_input_as_a_message(browser, url):
    page = open_page(browser, url)
    page.get_by_role("button", name="Summarize", exact=True).click()
    page.locator(".mds-msg-error").wait_for(timeout=60_000)
    assert "Add at least one report" in page.locator(".mds-msg-error").inner_text()

    hostile = ('<img src=x onerror="window.pwned=1;alert(1)"> <script>window.pwned=2</script> '
               'The council approved the new budget on Monday. Spending on schools rises by a tenth.')
    boxes = page.locator("textarea")
    boxes.nth(0).fill(hostile)
    boxes.nth(1).fill("The council approved its budget on Monday. School spending will rise by ten percent.")
    page.get_by_role("button", name="Summarize", exact=True).click()
    page.locator(".mds-doc").first.wait_for(timeout=SUMMARY_TIMEOUT_MS)
    result = page.locator("#mds-result")
    assert result.locator("img").count() == 0 and result.locator("script").count() == 0
    assert "<img src=x onerror=" in result.inner_text()
    assert page.evaluate("() => window.pwned") is None
    assert page.dialogs == []
    page.close()


def test_links_box_is_off_and_says_why_on_a_plain_server(browser, url):
    page = open_page(browser, url)
    box = page.locator("#mds-links textarea")
    assert box.is_disabled()
    assert "mds demo --allow-fetch" in page.locator("#mds-links").inner_text()
    page.close()


@pytest.fixture(scope="module")
def fetching_url():
    """A second demo that fetches links (from this machine too: the test site is on 127.0.0.1). It
    changes the demo module's settings, so the tests that use it run after those on the plain server."""
    from summarizer.demo.app import build_app, launch

    app = build_app(allow_fetch=True, allow_private_urls=True)
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()
    build_app()     # the module's settings back to a plain server


def test_links_box_summarizes_three_local_pages(browser, fetching_url):
    from news_server import NewsServer

    with NewsServer() as site:
        urls = [site.url(f"/news/{key}.html") for key in ("ledger", "courier", "herald")] + [site.url("/missing")]
        page = open_page(browser, fetching_url)
        page.locator("#mds-links textarea").fill("\n".join(urls))
        page.get_by_role("button", name="Summarize", exact=True).click()
        page.locator(".mds-sent").first.wait_for(timeout=SUMMARY_TIMEOUT_MS)
        names = page.locator(".mds-docname").all_inner_texts()
        assert [n for n in names if n.startswith("http")] == urls[:3]
        assert "Summarized 3 reports" in page.locator("#mds-status").inner_text()
        assert f"{urls[3]} (HTTP 404 Not Found)" in page.locator("#mds-result").inner_text()
        assert page.dialogs == []
        page.close()
