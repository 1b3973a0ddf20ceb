"""The demo site in a real browser: headless Chromium over the DevTools protocol, the site
served on loopback. The dashboard renders, a client page shows its history, search finds a
client by name, tables sort, and a hostile record executes nothing."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cdp import Browser
from mentorlog.program import Program
from mentorlog.repo import Repo
from sitehelpers import build, hostile_demo

# Set MENTORLOG_SCREENSHOTS=DIR to keep the screenshots and look at them.
SHOTS = os.environ.get("MENTORLOG_SCREENSHOTS")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("browser")
    repo = hostile_demo(base / "repo")
    build(Program.open(Repo(repo)), base / "site")
    handler = functools.partial(Quiet, directory=str(base / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def shot(browser: Browser, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        browser.screenshot(Path(SHOTS) / f"{name}.png")


def test_dashboard_renders(browser: Browser, site: str) -> None:
    browser.open(site + "index.html")
    heading = browser.wait_for("document.querySelector('article h1')?.textContent")
    assert heading.strip() == "Riverbend SCORE Chapter (demo)"
    assert browser.evaluate("document.querySelectorAll('.ml-chart svg rect').length") >= 12
    assert browser.evaluate("document.querySelectorAll('th.ml-sortable').length") > 0
    shot(browser, "dashboard")


def test_client_page_shows_history(browser: Browser, site: str) -> None:
    browser.open(site + "clients.html")
    first = browser.wait_for("document.querySelector('article td a')?.getAttribute('href')")
    browser.open(site + first)
    sessions = browser.wait_for("document.querySelectorAll('section.ml-session').length")
    assert sessions >= 1
    days = browser.evaluate("[...document.querySelectorAll('section.ml-session h3')]"
                            ".map(h => h.textContent.slice(0, 10))")
    assert days == sorted(days)
    assert browser.evaluate("document.querySelectorAll('.ml-note').length") >= 1
    shot(browser, "client")


def test_search_finds_a_client_by_name(browser: Browser, site: str) -> None:
    browser.open(site + "index.html")
    browser.wait_for("!!document.querySelector('.md-search__input')")
    browser.evaluate("document.querySelector('.md-search__input').focus()")
    browser.call("Input.insertText", text="Rosa Delgado")
    found = browser.wait_for(
        "[...document.querySelectorAll('.md-search-result__item a')]"
        ".map(a => a.getAttribute('href')).find(h => h.includes('clients/rosa-delgado'))")
    assert found
    shot(browser, "search")


def test_tables_sort_by_header(browser: Browser, site: str) -> None:
    browser.open(site + "clients.html")
    browser.wait_for("document.querySelectorAll('th.ml-sortable').length > 0")
    names = "[...document.querySelectorAll('article tbody tr')].map(r => r.cells[0].textContent)"
    before = browser.evaluate(names)
    browser.evaluate("document.querySelector('th.ml-sortable').click()")
    browser.evaluate("document.querySelector('th.ml-sortable').click()")  # descending
    assert browser.evaluate(names) == sorted(before, key=str.casefold, reverse=True)


def test_hostile_record_executes_nothing(browser: Browser, site: str) -> None:
    browser.events.clear()
    browser.open(site + "clients/zed-hostile.html")
    note = browser.wait_for("document.querySelector('.ml-note')?.innerText")
    assert "<script>alert(1)</script>" in note and "second paragraph" in note
    assert browser.evaluate("document.querySelectorAll('img[src=\"x\"], article b').length") == 0
    assert browser.evaluate("[...document.querySelectorAll('*')].filter(e => "
                            "[...e.attributes].some(a => a.name.startsWith('on'))).length") == 0
    assert "<" not in browser.evaluate("document.title")
    dialogs = [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert dialogs == []
    shot(browser, "hostile")
