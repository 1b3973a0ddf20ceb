"""Month pages list the month's sessions for coordinators (DESIGN v2 section 7): date, client,
mentor, request, hours, attendance, in date order; names link to their pages; every cell is
record text made inert. The public site shows no such list. The table sorts in Chromium with
the site's own script, in the site opened as files (as a downloaded artifact is)."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest

from cdp import Browser
from mentorlog.site.generate import generate
from sitehelpers import BUILD_DAY, HOSTILE_NAME, build, hostile_program

MONTH = "2026-02"
# Two more sessions on one day, their files in the opposite order of their start times.
LATER, EARLIER = (
    f"records/sessions/2026/02/2026-02-20-{suffix}.yaml" for suffix in ("a", "b"))
EXTRA = {
    LATER: "request: r-2026-001\ndate: 2026-02-20\nstart: 15:00\nhours: 2\n"
           "attendance: attended\nmentoring_type: online\nonline_type: video\n"
           "topics: [financing]\nlanguage: English\n",
    EARLIER: "request: r-2026-001\ndate: 2026-02-20\nstart: 09:00\nhours: 0.5\n"
             "attendance: no_show\nmentoring_type: telephone\ntopics: [financing]\n"
             "language: English\n",
}
# date, client, mentor, request, hours, attendance, late (as the rows must read, in order)
EXPECTED = [
    ("2026-02-03", "zed-hostile", "kim-osei", "r-2026-666", "1", "attended", "late"),
    ("2026-02-12", "north-cycles", "lee-park", "r-2025-010", "1", "attended", ""),
    ("2026-02-20", "bright-bakery", "kim-osei", "r-2026-001", "0.5", "no show", ""),
    ("2026-02-20", "bright-bakery", "kim-osei", "r-2026-001", "2", "attended", ""),
]
SHOTS = os.environ.get("MENTORLOG_SCREENSHOTS")  # DIR: keep the screenshot to look at


@pytest.fixture(scope="module")
def program_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("months") / "program"


@pytest.fixture(scope="module")
def month_pages(program_dir: Path) -> dict[bool, str]:
    """The month's Markdown, coordinators' (False) and public (True)."""
    program = hostile_program(program_dir, EXTRA)
    return {public: generate(program, public, BUILD_DAY).files[f"months/{MONTH}.md"].decode()
            for public in (False, True)}


def sessions_table(markdown: str) -> str:
    """The table under the heading "Sessions (N)", as HTML."""
    return markdown.split("## Sessions &#40;", 1)[1].split("</table>", 1)[0]


def session_rows(markdown: str) -> list[list[str]]:
    """The cells of the sessions table, as HTML."""
    body = sessions_table(markdown).split("<tbody>", 1)[1]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>.*?</tr>", body)]


def test_sessions_listed_in_date_then_start_order(month_pages: dict[bool, str]) -> None:
    text = month_pages[False]
    assert "## Sessions &#40;4&#41;" in text
    rows = session_rows(text)
    assert len(rows) == len(EXPECTED)
    for row, (day, client, mentor, request, *rest) in zip(rows, EXPECTED, strict=True):
        date_, client_, mentor_, request_, *rest_ = (unescape(cell) for cell in row)
        assert (date_, request_, rest_) == (day, request, rest)
        assert f'href="../clients/{client}.html"' in client_
        assert f'href="../mentors/{mentor}.html"' in mentor_


def test_headers_and_sortable(month_pages: dict[bool, str]) -> None:
    table = sessions_table(month_pages[False]).split("</thead>", 1)[0]
    assert re.findall(r"<th(?: [^>]*)?>(.*?)</th>", table) == [
        "Date", "Client", "Mentor", "Request", "Hours", "Attendance", "Late"]
    assert "<table data-sortable data-search-exclude>" in table  # notes and names stay out


def test_record_text_is_inert(month_pages: dict[bool, str]) -> None:
    text = month_pages[False]
    assert HOSTILE_NAME not in text and "<b>" not in text and "<script>" not in text
    assert "Zed &#60;b&#62;Bold" in session_rows(text)[0][1]


def test_public_month_page_lists_no_session(month_pages: dict[bool, str]) -> None:
    public = month_pages[True]
    assert "## Sessions" not in public
    for _day, client, mentor, request, *_ in EXPECTED:
        for value in (client, mentor, request, request.replace("-", "&#45;")):
            assert value not in public
    assert "Zed" not in public and "Bright" not in public


# --- in the browser ---

@pytest.fixture(scope="module")
def built_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = build(hostile_program(tmp_path_factory.mktemp("built") / "p", EXTRA),
                 tmp_path_factory.mktemp("site") / "site").site
    return site / "months" / f"{MONTH}.html"


SESSIONS_TABLE = "[...document.querySelectorAll('article table')].find(t => " \
    "t.tHead?.rows[0].cells[3]?.textContent.startsWith('Request'))"


def test_month_sessions_sort_in_the_browser(browser: Browser, built_month: Path) -> None:
    """Opened as a file (a downloaded artifact): the local tablesort.js still sorts."""
    browser.open(built_month.as_uri())
    browser.wait_for(f"!!{SESSIONS_TABLE}?.querySelector('th.ml-sortable')")
    hours = f"[...{SESSIONS_TABLE}.tBodies[0].rows].map(r => r.cells[4].textContent)"
    assert browser.evaluate(hours)[2:] == ["0.5", "2"]
    browser.evaluate(f"{SESSIONS_TABLE}.tHead.rows[0].cells[4].click()")
    browser.evaluate(f"{SESSIONS_TABLE}.tHead.rows[0].cells[4].click()")  # descending
    after = browser.evaluate(hours)
    assert after == sorted(after, key=float, reverse=True) and after[0] == "2"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        browser.evaluate("document.getElementById('sessions-4').scrollIntoView(); "
                         "window.scrollBy(0, -70)")
        browser.screenshot(Path(SHOTS) / "month.png")
    first = browser.evaluate(f"{SESSIONS_TABLE}.tBodies[0].rows[0].cells[1].innerText")
    assert first == "Bea Bright"  # the rows moved whole: the 2-hour session's client
    hostile = browser.evaluate(f"[...{SESSIONS_TABLE}.tBodies[0].rows].map(r => "
                               "r.cells[1].innerText).find(t => t.startsWith('Zed'))")
    assert hostile == HOSTILE_NAME  # shown as typed, not as markup
