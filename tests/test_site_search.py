"""Search where coordinators open the site (docs/coordinators.md), in headless Chromium: the
CI artifact downloaded and unzipped, then either served with `mentorlog serve --site-dir DIR`
(Material's own search; the server needs no records and no rebuild: it runs in an empty
folder) or opened as files, where the browser refuses Material's search worker and the site's
own assets/mentorlog/filesearch.js answers the search box instead."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Browser
from helpers import run_main
from mentorlog.program import Program
from mentorlog.repo import Repo
from sitehelpers import HOSTILE_NAME, build, hostile_demo

SHOTS = os.environ.get("MENTORLOG_SCREENSHOTS")  # DIR: keep the screenshot to look at


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's coordinators' site as a coordinator has it: zipped like a workflow artifact
    (files at the zip's root), then unzipped into a folder of its own."""
    base = tmp_path_factory.mktemp("artifact")
    repo = hostile_demo(base / "repo")
    built = build(Program.open(Repo(repo)), base / "built").site
    archive = shutil.make_archive(str(base / "coordinators-site"), "zip", built)
    unzipped = base / "Downloads" / "coordinators-site"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unzipped)
    shutil.rmtree(repo)  # nothing of the program is left: the folder alone is served
    return unzipped


@pytest.fixture(scope="module")
def served(artifact: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mentorlog serve --site-dir DIR` as documented; the address is the one it prints."""
    elsewhere = tmp_path_factory.mktemp("no-repo-here")
    server = subprocess.Popen(
        [sys.executable, "-m", "mentorlog", "serve", "--site-dir", str(artifact),
         "--dev-addr", "127.0.0.1:0"], cwd=elsewhere, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    assert server.stdout is not None
    first = server.stdout.readline()
    try:
        assert first.startswith(f"Serving {artifact} at http://127.0.0.1:"), first
        yield first.split(" at ", 1)[1].strip()
    finally:
        server.terminate()
        server.wait(timeout=30)


RESULTS = "[...document.querySelectorAll('.md-search-result__item a')]"


def search(browser: Browser, page: str, words: str) -> None:
    browser.open(page)
    browser.wait_for("!!document.querySelector('.md-search__input')")
    browser.evaluate("document.querySelector('.md-search__input').focus()")
    browser.call("Input.insertText", text=words)


def test_served_artifact_finds_a_client_by_name(browser: Browser, served: str) -> None:
    search(browser, served, "Rosa Delgado")
    found = browser.wait_for(
        f"{RESULTS}.map(a => a.href).find(h => h.includes('/clients/rosa-delgado.html'))")
    shot(browser, "search-served")
    assert found.startswith(served)
    assert browser.evaluate("window.__mentorlogSearchIndex === undefined")  # Material's own
    browser.open(found)
    heading = browser.wait_for("document.querySelector('article h1')?.textContent")
    assert heading.strip() == "Rosa Delgado"


def test_opened_as_files_finds_a_client_by_name(browser: Browser, artifact: Path) -> None:
    search(browser, (artifact / "months" / "2026-03.html").as_uri(), "Rosa Delgado")
    found = browser.wait_for(f"{RESULTS}.map(a => a.href)")
    shot(browser, "search-files")
    assert found[0] == (artifact / "clients" / "rosa-delgado.html").as_uri()
    assert browser.evaluate("document.querySelector('.md-search-result__meta').textContent") \
        == f"{len(found)} matching documents"
    browser.open(found[0])
    heading = browser.wait_for("document.querySelector('article h1')?.textContent")
    assert heading.strip() == "Rosa Delgado"


def test_opened_as_files_results_are_text(browser: Browser, artifact: Path) -> None:
    """A hostile name found by the file search shows as text: no element, no script."""
    browser.events.clear()
    search(browser, (artifact / "index.html").as_uri(), "Pipe config")
    title = browser.wait_for(f"{RESULTS}.map(a => a.innerText).find(t => t.startsWith('Zed'))")
    assert title == HOSTILE_NAME  # exactly as typed
    markup = ".md-search-result__list b, .md-search-result__list script, img[src=x]"
    assert browser.evaluate(f"document.querySelectorAll('{markup}').length") == 0
    dialogs = [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert dialogs == []


def shot(browser: Browser, name: str) -> None:
    if SHOTS:  # once the result panel has faded in
        browser.wait_for("getComputedStyle(document.querySelector('.md-search__output'))"
                         ".opacity === '1'")
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        browser.screenshot(Path(SHOTS) / f"{name}.png")


def test_served_artifact_has_no_folder_listing(browser: Browser, served: str) -> None:
    browser.open(served + "clients/")
    assert "rosa-delgado" not in browser.evaluate("document.body.innerText")


# Start the site's own search worker, as Material's script does, from the page's config.
START_WORKER = """(() => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  try { new Worker(new URL(config.search, document.baseURI)); return 'started'; }
  catch (error) { return error.name; }
})()"""


def test_search_worker_starts_served_not_as_files(browser: Browser, served: str,
                                                  artifact: Path) -> None:
    """Why the command exists: opened as files, the browser refuses the search worker, so the
    search box never answers; served, the same folder's worker starts."""
    browser.open(served)
    assert browser.evaluate(START_WORKER) == "started"
    browser.open((artifact / "index.html").as_uri())
    assert browser.evaluate(START_WORKER) == "SecurityError"


def test_site_dir_must_be_a_built_site(tmp_path: Path) -> None:
    (tmp_path / "site.zip").write_bytes(b"PK")
    zipped = run_main(["serve", "--site-dir", str(tmp_path / "site.zip")], cwd=tmp_path)
    empty = run_main(["serve", "--site-dir", str(tmp_path)], cwd=tmp_path)
    assert (zipped.code, empty.code) == (2, 2)
    assert "unzip it" in zipped.err and "no index.html" in empty.err
    assert "Traceback" not in zipped.err + empty.err


def test_site_dir_refuses_public_and_a_bad_address(artifact: Path, tmp_path: Path) -> None:
    public = run_main(["serve", "--site-dir", str(artifact), "--public"], cwd=tmp_path)
    address = run_main(["serve", "--site-dir", str(artifact), "--dev-addr", "8000"],
                       cwd=tmp_path)
    assert (public.code, address.code) == (2, 2)
    assert "mentorlog build --public" in public.err and "HOST:PORT" in address.err


def test_serving_a_folder_needs_no_site_generator() -> None:
    """`pip install mentorlog` without [site] is enough to look at a downloaded site."""
    code = ("import sys; import mentorlog.cli.serve, mentorlog.localsite; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
