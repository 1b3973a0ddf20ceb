"""Retention: `retention.years_after_closed` read from mentorlog.yaml, `report retention`
listing the clients due (ids only, with the day each became due), and the dashboard's count.

Every date below is worked out by hand from the setting (7 years) and the closing dates.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from helpers import SECRET, SECRET_MARK, YOUTH, copy_demo, make_program, run_main
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.retention import anniversary, retention_report
from mentorlog.site.generate import generate

RETENTION = "retention:\n  years_after_closed: 7\n"


def _request(client: str, status: str, closed: str | None, opened: str = "2009-01-05") -> str:
    text = f"client: {client}\nmentor: lee-park\nopened: {opened}\nstatus: {status}\n"
    return text + (f"closed: {closed}\n" if closed else "")


# the base program's two clients: north-cycles (completed 2026-02-20), bright-bakery (open)
CLIENTS = {
    # closed on a leap day: the 7th anniversary is 2023-02-28, due from 2023-03-01
    "leap-day": [("r-2016-001", "completed", "2016-02-29")],
    # closed 2019-03-10: exactly 7 years on 2026-03-10 (not yet due), due from 2026-03-11
    "exact-seven": [("r-2019-001", "withdrawn", "2019-03-10")],
    # the last of two closings counts: 2018-06-30 -> due from 2025-07-01
    "two-closed": [("r-2012-001", "completed", "2012-05-01"),
                   ("r-2018-001", "completed", "2018-06-30")],
    # one request open: still served, never due however old the other is
    "one-open": [("r-2010-001", "completed", "2010-01-01"), ("r-2026-050", "open", None)],
    # completed but no closing date (validate reports it): a missing date makes nobody due
    "no-closed-date": [("r-2010-002", "completed", None)],
    # no request at all: no date to count from, listed apart
    "no-request": [],
}


def _files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for client, requests in CLIENTS.items():
        files[f"records/clients/{client}.yaml"] = "name: Someone Invented\n"
        for request_id, status, closed in requests:
            opened = f"{request_id[2:6]}-01-05"
            files[f"records/requests/{request_id}.yaml"] = _request(client, status, closed,
                                                                    opened)
    return files


def _program(tmp_path: Path, settings_tail: str = RETENTION) -> Program:
    root = make_program(tmp_path / "p", "business", files=_files())
    settings = root / "mentorlog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + settings_tail, encoding="utf-8")
    return Program.open(Repo(root))


def _due(program: Program, today: date) -> dict[str, str]:
    return {d["client"]: d["due_since"] for d in retention_report(program, today)["due"]}


# --- the calendar -------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "years", "expected"), [
    (date(2016, 2, 29), 7, date(2023, 2, 28)),  # no Feb 29 in 2023
    (date(2016, 2, 29), 4, date(2020, 2, 29)),  # a leap year again
    (date(2019, 3, 10), 7, date(2026, 3, 10)),
    (date(2019, 12, 31), 1, date(2020, 12, 31)),
])
def test_anniversary(day: date, years: int, expected: date) -> None:
    assert anniversary(day, years) == expected


# --- report retention ---------------------------------------------------------------------

def test_the_clients_due_on_a_day_and_since_when(tmp_path: Path) -> None:
    assert _due(_program(tmp_path), date(2026, 3, 11)) == {
        "exact-seven": "2026-03-11", "leap-day": "2023-03-01", "two-closed": "2025-07-01"}


def test_exactly_n_years_after_the_closing_is_not_yet_due(tmp_path: Path) -> None:
    assert "exact-seven" not in _due(_program(tmp_path), date(2026, 3, 10))


def test_a_leap_day_closing_is_due_the_day_after_feb_28(tmp_path: Path) -> None:
    program = _program(tmp_path)
    assert "leap-day" not in _due(program, date(2023, 2, 28))
    assert _due(program, date(2023, 3, 1))["leap-day"] == "2023-03-01"


def test_open_undated_and_requestless_clients_are_never_due(tmp_path: Path) -> None:
    report = retention_report(_program(tmp_path), date(2099, 1, 1))
    due = {d["client"] for d in report["due"]}
    assert due == {"leap-day", "exact-seven", "two-closed", "north-cycles"}
    assert {"one-open", "no-closed-date", "no-request", "bright-bakery"}.isdisjoint(due)
    assert report["without_requests"] == ["no-request"]


def test_without_the_setting_nothing_is_due(tmp_path: Path) -> None:
    program = _program(tmp_path, settings_tail="")
    assert program.settings.retention_years is None
    report = retention_report(program, date(2099, 1, 1))
    assert report["years_after_closed"] is None and report["due"] == []
    result = run_main(["--repo", str(program.repo.root), "report", "retention"])
    assert result.code == 0 and "kept forever" in result.out


def test_the_command_in_each_format(tmp_path: Path) -> None:
    repo = str(_program(tmp_path).repo.root)
    args = ["--repo", repo, "report", "retention", "--today", "2026-03-11", "--format"]
    text = run_main([*args, "text"])
    assert text.code == 0
    assert text.out.splitlines()[:4] == [
        "Clients due on 2026-03-11 (their last request closed more than 7 years before): 3",
        "- exact-seven (due since 2026-03-11)", "- leap-day (due since 2023-03-01)",
        "- two-closed (due since 2025-07-01)"]
    assert text.out.splitlines()[-1] == "- no-request"
    document = json.loads(run_main([*args, "json"]).out)
    assert document["years_after_closed"] == 7 and document["as_of"] == "2026-03-11"
    rows = list(csv.reader(io.StringIO(run_main([*args, "csv"]).out)))
    assert rows == [["client", "status", "due_since"], ["exact-seven", "due", "2026-03-11"],
                    ["leap-day", "due", "2023-03-01"], ["two-closed", "due", "2025-07-01"],
                    ["no-request", "without_requests", ""]]


def test_the_list_names_no_one(tmp_path: Path) -> None:
    result = run_main(["--repo", str(_program(tmp_path).repo.root), "report", "retention",
                       "--today", "2099-01-01", "--format", "json"])
    assert "Someone Invented" not in result.out and "North" not in result.out


def test_on_the_youth_demo(tmp_path: Path) -> None:
    # the demo's closed matches: noah-k closed 2026-02-13, so with one year he is due from
    # 2027-02-14; every other closed match closed later; open matches are never due
    root = copy_demo(YOUTH, tmp_path / "youth")
    (root / "mentorlog.yaml").write_text(
        (root / "mentorlog.yaml").read_text(encoding="utf-8")
        + "retention:\n  years_after_closed: 1\n", encoding="utf-8")
    program = Program.open(Repo(root))
    assert _due(program, date(2027, 2, 13)) == {}
    assert _due(program, date(2027, 2, 14)) == {"noah-k": "2027-02-14"}


# --- the setting --------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["0", "-3", "2.5", "seven", "[7]", f'"{SECRET}"'])
def test_a_bad_setting_stops_every_command(tmp_path: Path, value: str) -> None:
    program_root = make_program(tmp_path / "p", "business")
    settings = program_root / "mentorlog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + f"retention:\n  years_after_closed: {value}\n", encoding="utf-8")
    result = run_main(["--repo", str(program_root), "report", "retention"])
    assert result.code == 2
    assert "years_after_closed" in result.err and SECRET_MARK not in result.err


def test_a_whole_number_written_as_a_decimal_counts_as_that_number(tmp_path: Path) -> None:
    program = _program(tmp_path, settings_tail="retention:\n  years_after_closed: 7.0\n")
    assert program.settings.retention_years == 7
    assert _due(program, date(2026, 3, 11))["exact-seven"] == "2026-03-11"


def test_an_empty_retention_section_is_refused(tmp_path: Path) -> None:
    program_root = make_program(tmp_path / "p", "business")
    settings = program_root / "mentorlog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "retention: {}\n",
                        encoding="utf-8")
    result = run_main(["--repo", str(program_root), "validate"])
    assert result.code == 2 and "years_after_closed" in result.err


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_init_documents_the_setting_and_keeps_forever(profile: str, tmp_path: Path) -> None:
    assert run_main(["init", str(tmp_path / "new"), "--profile", profile]).code == 0
    settings = tmp_path / "new" / "mentorlog.yaml"
    text = settings.read_text(encoding="utf-8")
    assert Program.open(Repo(tmp_path / "new")).settings.retention_years is None
    # the commented example, uncommented, is a valid setting
    assert re.search(r"^# retention: +# none by default", text, re.MULTILINE)
    settings.write_text(re.sub(r"^# (retention:|  years_after_closed: 7)", r"\1", text,
                               flags=re.MULTILINE), encoding="utf-8")
    assert Program.open(Repo(tmp_path / "new")).settings.retention_years == 7


# --- the dashboard ------------------------------------------------------------------------

def _dashboard(program: Program, public: bool, today: date) -> str:
    return generate(program, public, today).files["index.md"].decode("utf-8")


def test_the_dashboard_counts_the_clients_due(tmp_path: Path) -> None:
    page = html.unescape(_dashboard(_program(tmp_path), False, date(2026, 3, 11)))
    assert "\n## Retention\n\n3 clients due for erasure (every request closed more than 7 " \
        "years ago): <code>mentorlog report retention</code> lists them.\n" in page


def test_the_dashboard_says_nothing_without_the_setting_or_in_public(tmp_path: Path) -> None:
    assert "Retention" not in _dashboard(_program(tmp_path / "a", ""), False, date(2099, 1, 1))
    assert "Retention" not in _dashboard(_program(tmp_path / "b"), True, date(2099, 1, 1))
