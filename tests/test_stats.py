"""The site's numbers: deadlines, fiscal years, summaries, a mentor's own hours."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from helpers import make_program
from mentorlog.dates import fiscal_range, fiscal_year, month_range
from mentorlog.deadlines import deadline_day, next_deadline
from mentorlog.program import Program, load_program
from mentorlog.repo import Repo
from mentorlog.site.markdown import inert
from mentorlog.site.pages.people import own_hours
from mentorlog.stats import summarize
from mentorlog.view import Data, read


@pytest.mark.parametrize(("month", "rule", "deadline"), [
    (date(2026, 10, 1), "first_monday_next_month", date(2026, 11, 2)),
    (date(2026, 5, 1), "first_monday_next_month", date(2026, 6, 1)),  # June 1st is a Monday
    (date(2026, 12, 1), "first_monday_next_month", date(2027, 1, 4)),
    (date(2026, 1, 1), "day_of_next_month:31", date(2026, 2, 28)),
    (date(2026, 3, 1), "none", None),
])
def test_deadlines(month: date, rule: str, deadline: date | None) -> None:
    assert deadline_day(month, rule) == deadline


def test_next_deadline_is_last_months_until_it_passes() -> None:
    assert next_deadline(date(2026, 11, 2), "first_monday_next_month") == \
        ("2026-10", date(2026, 11, 2))
    assert next_deadline(date(2026, 11, 3), "first_monday_next_month") == \
        ("2026-11", date(2026, 12, 7))


def test_fiscal_years() -> None:
    assert fiscal_year(date(2025, 10, 1), 10) == 2026
    assert fiscal_year(date(2026, 9, 30), 10) == 2026
    assert fiscal_range(2026, 10) == (date(2025, 10, 1), date(2026, 9, 30))
    assert fiscal_range(2026, 1) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    root = make_program(tmp_path_factory.mktemp("stats") / "repo", "business")
    program = Program.open(Repo(root))
    return read(load_program(program, set()).index, program.settings, date(2026, 3, 20))


def test_summary_of_a_month(data: Data) -> None:
    march = summarize(data, *month_range("2026-03"))
    assert march.sessions == 1 and march.attended == 1
    assert dict(march.hours) == {"mentor": 1.5, "co-mentor": 1.5, "prep": 0.5}
    assert march.clients == {"bright-bakery"}


def test_own_hours_of_lead_and_co_mentor(data: Data) -> None:
    session = next(s for s in data.sessions if s.day == date(2026, 3, 10))
    assert own_hours(session, "kim-osei") == 2.0  # mentor 1.5 + prep 0.5
    assert own_hours(session, "lee-park") == 1.5
    assert own_hours(session, "ana-diaz") == 0


def test_inert_keeps_text_and_kills_syntax() -> None:
    assert inert("a | b\nc") == "a &#124; b c"
    assert inert("x\n\ny", multiline=True) == "x&#10;&#10;y"
    assert "<" not in inert("<script>") and "{" not in inert("{{ x }}")
    assert inert("caf\u00e9 \U0001F600") == "caf\u00e9 \U0001F600"


@pytest.mark.parametrize(("reason", "counted"), [
    ("Was ill; logged on return", 1), ("\u200b", 0), ("   ", 0), ("\u3164", 0)])
def test_a_late_entry_counts_only_with_a_visible_reason(
        tmp_path: Path, reason: str, counted: int) -> None:
    """The site's late-entry figures count what `check` accepts as a reason, nothing less."""
    session = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"
    root = make_program(tmp_path / "repo", "business")
    text = (root / session).read_text(encoding="utf-8")
    (root / session).write_text(text + f"late_reason: {json.dumps(reason)}\n", encoding="utf-8")
    program = Program.open(Repo(root))
    data = read(load_program(program, set()).index, program.settings, date(2026, 3, 20))
    assert summarize(data, *month_range("2026-01")).late == counted
