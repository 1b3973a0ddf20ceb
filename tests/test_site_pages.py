"""The site: pages, escaping of hostile record text, notes/attachments settings, staging."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentorlog.site import Built
from sitehelpers import (
    HOSTILE,
    HOSTILE_MENTOR,
    HOSTILE_NAME,
    Dom,
    build,
    dom,
    hostile_program,
    html_files,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    base = tmp_path_factory.mktemp("site")
    program = hostile_program(base / "repo")
    return program.repo.root, build(program, base / "site")


def live_markup(page: Dom) -> list[str]:
    """Anything in a page that could run or load something a record put there."""
    found = []
    for tag, attrs in page.tags:
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        if href.startswith("javascript:"):
            found.append(f"{tag} href={href}")
        if tag == "img" and attrs.get("src") == "x":
            found.append("img src=x")
        if tag in ("b", "i", "iframe", "object", "embed"):
            found.append(tag)
    found += [s for s in page.scripts if "alert" in s]
    return found


def text_of(page: Dom) -> str:
    return re.sub(r"\s+", " ", "".join(page.text))


def test_no_record_text_becomes_markup(built: tuple[Path, Built]) -> None:
    site = built[1].site
    for file in html_files(site):
        assert live_markup(dom(file)) == [], file


def test_hostile_text_is_shown_faithfully(built: tuple[Path, Built]) -> None:
    page = dom(built[1].site / "clients" / "zed-hostile.html")
    shown = text_of(page)
    assert HOSTILE in shown  # note, question, business, late reason, other topic
    assert shown.count(HOSTILE) >= 6  # + the attachment's title and a second note
    assert HOSTILE_NAME in shown and HOSTILE_MENTOR in shown
    assert "second paragraph" in shown


def test_title_and_nav_hold_the_name_as_text(built: tuple[Path, Built]) -> None:
    html = (built[1].site / "clients" / "zed-hostile.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title.group(1) and "\u2039b\u203a" in title.group(1)
    listing = text_of(dom(built[1].site / "clients.html"))
    assert HOSTILE_NAME in listing


def test_note_keeps_its_line_breaks(built: tuple[Path, Built]) -> None:
    html = (built[1].site / "clients" / "zed-hostile.html").read_text(encoding="utf-8")
    assert "&#10;&#10;second paragraph" in html


def test_no_template_or_snippet_was_expanded(built: tuple[Path, Built]) -> None:
    for file in html_files(built[1].site):
        text = text_of(dom(file))
        assert "root:x:" not in text  # --8<-- "/etc/passwd" stayed text
        assert "MkDocsConfig" not in text and "site_name" not in text


def test_search_index_holds_names_not_notes(built: tuple[Path, Built]) -> None:
    index = (built[1].site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Bea Bright" in index
    assert "microloan application" not in index  # a note's words
    assert "second paragraph" not in index


def test_pages_exist(built: tuple[Path, Built]) -> None:
    site = built[1].site
    for rel in ("index.html", "requests/open.html", "requests/closed.html", "clients.html",
                "clients/bright-bakery.html", "mentors.html", "mentors/kim-osei.html",
                "months.html", "months/2026-03.html", "years.html", "years/fy2026.html",
                "reference.html", "assets/mentorlog/tablesort.js"):
        assert (site / rel).is_file(), rel
    reference = text_of(dom(site / "reference.html"))
    assert "Mentoring type" in reference and "face_to_face" in reference


def test_client_history_in_date_order(built: tuple[Path, Built]) -> None:
    html = (built[1].site / "clients" / "bright-bakery.html").read_text(encoding="utf-8")
    days = re.findall(r"<h3>(\d{4})&#45;(\d\d)&#45;(\d\d) ", html)
    assert days == sorted(days) and len(days) == 2
    assert "Walked through the microloan application" in text_of(dom(
        built[1].site / "clients" / "bright-bakery.html"))


def test_attachments_are_copied_and_md_is_not_a_page(built: tuple[Path, Built]) -> None:
    site = built[1].site
    assert (site / "attachments" / "r-2026-001" / "cash-flow.csv").is_file()
    html = (site / "clients" / "bright-bakery.html").read_text(encoding="utf-8")
    assert "cash&#45;flow.csv" in html
    assert not (site / "attachments" / "r-2026-666" / "readme.html").exists()
    assert (site / "attachments" / "r-2026-666" / "readme.md.txt").is_file()


def test_dashboard_numbers(built: tuple[Path, Built]) -> None:
    text = text_of(dom(built[1].site / "index.html"))
    assert "As of 2026-03-20." in text
    assert "sessions of 2026-03 by Monday 2026-04-06, 17 days left" in text
    assert "<svg" in (built[1].site / "index.html").read_text(encoding="utf-8")
