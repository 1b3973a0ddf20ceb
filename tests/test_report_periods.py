"""`report fiscal-year` and `report quarter` (periods.py), and the keys `report monthly` now
shares with them, on a small business program whose figures are computed by hand below.

The fixture adds fiscal year 2027 (Oct 2026 - Sep 2027) to tests/cases/base-business, whose
own sessions are all in FY2026. Today is 2027-01-20.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from goldenfiles import matches_golden
from helpers import REPO_ROOT, YOUTH, make_program, run_main
from mentorlog.dates import fiscal_quarter_range, months_between
from mentorlog.periods import (
    BREAKDOWNS,
    default_quarter,
    fiscal_year_report,
    matches_report,
    quarter_report,
)
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.reports import flatten, monthly_report, render

TODAY = date(2027, 1, 20)
SECRET = "Secret sourdough starter SECRET-91"


def session(name: str, text: str) -> tuple[str, str]:
    return f"records/sessions/{name[:4]}/{name[5:7]}/{name}.yaml", text


FILES: dict[str, str | bytes] = dict([
    ("records/clients/cora-cafe.yaml",
     "name: Cora Cole\nbusiness: Cora's Cafe\ngender: undisclosed\nrace: [undisclosed]\n"
     "ethnicity: hispanic\ndisability: yes\n"),  # veteran: not recorded
    ("records/requests/r-2026-020.yaml",
     "client: cora-cafe\nmentor: kim-osei\nco_mentors: [lee-park]\nopened: 2026-09-28\n"
     "status: open\n"),  # opened in FY2026
    ("records/requests/r-2026-021.yaml",
     "client: north-cycles\nmentor: lee-park\nopened: 2026-10-01\nstatus: withdrawn\n"
     "closed: 2026-11-20\n"),
    # the first day of the fiscal year: co-mentor hours, an outcome reported ...
    session("2026-10-01-r-2026-020",
            "request: r-2026-020\ndate: 2026-10-01\nstart: 10:00\nhours: 1.5\n"
            "attendance: attended\nmentoring_type: face_to_face\ntopics: [startup, financing]\n"
            "language: Spanish\nprep_hours: 0.5\nco_mentors:\n  - mentor: lee-park\n"
            "    hours: 1.25\noutcomes:\n  - kind: business_started\n    on: 2026-09-15\n"
            "  - kind: jobs_created\n    count: 2\n"),
    session("2026-10-15-r-2026-021",
            "request: r-2026-021\ndate: 2026-10-15\nstart: 09:00\nhours: 0\n"
            "attendance: no_show\nmentoring_type: telephone\ntopics: [marketing_sales]\n"
            "language: English\nnotes:\n  - by: lee-park\n    at: 2026-10-15T09:30\n"
            "    text: No answer.\n"),
    # ... and reported again: business_started counts the client once, jobs both times
    session("2026-11-03-r-2026-020",
            "request: r-2026-020\ndate: 2026-11-03\nstart: 10:00\nhours: 1\n"
            "attendance: attended\nmentoring_type: online\nonline_type: video\n"
            f"topics: [other]\nother_topic: {SECRET}\nlanguage: other\n"
            "other_language: Amharic\noutcomes:\n  - kind: business_started\n"
            "    on: 2026-09-15\n  - kind: jobs_created\n    count: 3\n"
            "  - kind: loan\n    amount: 25000\n"),
    session("2026-12-10-r-2026-001",
            "request: r-2026-001\ndate: 2026-12-10\nstart: 10:00\nhours: 0.75\n"
            "attendance: attended\nmentoring_type: telephone\ntopics: [financing]\n"
            "language: English\nlate_reason: Was travelling\noutcomes:\n  - kind: grant\n"
            "    amount: 5000\n"),
    session("2027-01-05-r-2026-020",
            "request: r-2026-020\ndate: 2027-01-05\nstart: 10:00\nhours: 2\n"
            "attendance: attended\nmentoring_type: face_to_face\ntopics: [financing]\n"
            "language: English\ntravel_hours: 0.5\noutcomes:\n  - kind: equity\n"
            "    amount: 10000\n  - kind: contract_won\n    amount: 7000\n"
            "  - kind: revenue_increase\n    amount: 3000\n  - kind: jobs_retained\n"
            "    count: 4\n"),
])


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Program:
    root = make_program(tmp_path_factory.mktemp("fy") / "p", "business", files=FILES)
    return Program.open(Repo(root))


@pytest.fixture(scope="module")
def fy2027(program: Program) -> dict[str, Any]:
    return fiscal_year_report(program, "2027", TODAY)


def test_fiscal_year_2027_ends_in_2027(fy2027: dict[str, Any]) -> None:
    assert (fy2027["fiscal_year"], fy2027["first_day"], fy2027["last_day"], fy2027["as_of"]) \
        == (2027, "2026-10-01", "2027-09-30", "2027-01-20")


def test_fiscal_year_sessions_clients_hours(fy2027: dict[str, Any]) -> None:
    # five sessions; the no-show's client (north-cycles) is not served; bright-bakery was
    # first served in March 2026, so only cora-cafe is new
    assert {k: fy2027[k] for k in ("sessions", "attended", "no_shows", "late_entries",
                                   "clients_served", "new_clients")} \
        == {"sessions": 5, "attended": 4, "no_shows": 1, "late_entries": 1,
            "clients_served": 2, "new_clients": 1}
    assert fy2027["attendance"] == {"attended": 4, "no_show": 1}
    assert fy2027["hours"] == {"mentor": 5.25, "co-mentor": 1.25, "prep": 0.5, "travel": 0.5}
    # r-2026-020 opened in FY2026; r-2026-021 opened and was withdrawn in FY2027
    assert fy2027["requests"] == {"opened": 1, "completed": 0, "withdrawn": 1}


def test_fiscal_year_breakdowns_carry_no_typed_word(fy2027: dict[str, Any]) -> None:
    assert fy2027["topics"] == {"financing": 3, "marketing_sales": 1, "other": 1, "startup": 1}
    assert fy2027["languages"] == {"English": 3, "Spanish": 1, "other": 1}
    assert fy2027["mentoring_types"] == {"face_to_face": 2, "online": 1, "telephone": 2}
    assert fy2027["online_types"] == {"video": 1}
    assert "Amharic" not in json.dumps(fy2027) and SECRET not in json.dumps(fy2027)


def test_outcomes_reported_twice(fy2027: dict[str, Any]) -> None:
    assert fy2027["outcomes"] == {
        "businesses_started": 1, "jobs_created": 5, "jobs_retained": 4,
        "capital": {"loan": 25000, "equity": 10000, "grant": 5000, "total": 40000},
        "revenue_increase": 3000, "contract_won": 7000, "clients_with_outcomes": 2,
        "events": {"business_started": 2, "jobs_created": 2, "jobs_retained": 1, "loan": 1,
                   "equity": 1, "grant": 1, "revenue_increase": 1, "contract_won": 1}}


def test_part_one_counts_the_clients_served(fy2027: dict[str, Any]) -> None:
    # cora-cafe (undisclosed, [undisclosed], hispanic, no veteran field, yes) and
    # bright-bakery (female, [black, white], not_hispanic, undisclosed, no): a client counts
    # once per race listed, every allowed value is listed, zeros too
    details = fy2027["client_details"]
    assert details["gender"] == {"female": 1, "male": 0, "nonbinary": 0, "not_recorded": 0,
                                 "undisclosed": 1}
    assert details["race"] == {"american_indian_alaska_native": 0, "asian": 0, "black": 1,
                               "native_hawaiian_pacific_islander": 0, "not_recorded": 0,
                               "undisclosed": 1, "white": 1}
    assert details["ethnicity"] == {"hispanic": 1, "not_hispanic": 1, "not_recorded": 0,
                                    "undisclosed": 0}
    assert details["veteran"]["undisclosed"] == details["veteran"]["not_recorded"] == 1
    assert sum(details["veteran"].values()) == 2
    assert details["disability"] == {"no": 1, "not_recorded": 0, "undisclosed": 0, "yes": 1}


def test_quarters_split_the_year(program: Program) -> None:
    q1 = quarter_report(program, "2027-Q1", TODAY)
    q2 = quarter_report(program, "2027-Q2", TODAY)
    assert (q1["first_day"], q1["last_day"]) == ("2026-10-01", "2026-12-31")
    assert (q1["sessions"], q1["hours"]["mentor"], q1["new_clients"]) == (4, 3.25, 1)
    assert q1["outcomes"]["capital"] == {"loan": 25000, "equity": 0, "grant": 5000,
                                         "total": 30000}
    assert (q2["sessions"], q2["clients_served"], q2["new_clients"]) == (1, 1, 0)
    assert q2["outcomes"]["jobs_retained"] == 4


def test_default_periods(program: Program) -> None:
    assert default_quarter(program, TODAY) == "2027-Q1"  # Q2 is not complete yet
    assert default_quarter(program, date(2026, 11, 2)) == "2026-Q4"
    assert fiscal_year_report(program, None, TODAY)["fiscal_year"] == 2027
    assert fiscal_year_report(program, None, date(2026, 9, 30))["fiscal_year"] == 2026


def test_quarter_and_month_arithmetic() -> None:
    assert fiscal_quarter_range(2027, 4, 10) == (date(2027, 7, 1), date(2027, 9, 30))
    assert fiscal_quarter_range(2026, 1, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert fiscal_quarter_range(2027, 1, 7) == (date(2026, 7, 1), date(2026, 9, 30))
    assert months_between(date(2025, 10, 1), date(2026, 9, 30)) == 11
    assert months_between(date(2025, 10, 1), date(2026, 10, 1)) == 12
    assert months_between(date(2026, 3, 4), date(2026, 3, 4)) == 0


def test_the_month_a_fiscal_year_starts(program: Program) -> None:
    month = monthly_report(program, "2026-10", TODAY)
    assert (month["sessions"], month["new_clients"], month["no_shows"]) == (2, 1, 1)
    assert month["hours"] == {"mentor": 1.5, "co-mentor": 1.25, "prep": 0.5, "travel": 0.0}
    assert month["outcomes"]["businesses_started"] == 1
    assert month["requests"]["opened"] == 1


def test_months_add_up_to_the_year(program: Program, fy2027: dict[str, Any]) -> None:
    additive = ["sessions", "attended", "no_shows", "late_entries", "new_clients",
                "hours.mentor", "hours.co-mentor", "hours.prep", "hours.travel",
                "requests.opened", "requests.withdrawn", "outcomes.jobs_created",
                "outcomes.capital.total", "outcomes.contract_won", "outcomes.events.loan"]
    months = [dict(flatten(monthly_report(program, f"{y}-{m:02d}", TODAY)))
              for y, m in [(2026, 10), (2026, 11), (2026, 12), (2027, 1)]]
    year = dict(flatten(fy2027))
    assert {k: sum(m[k] for m in months) for k in additive} == {k: year[k] for k in additive}


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_golden_reports(program: Program, fmt: str) -> None:
    reports = {"fiscal-year": fiscal_year_report(program, "2027", TODAY),
               "quarter": quarter_report(program, "2027-Q1", TODAY),
               "monthly": monthly_report(program, "2026-10", TODAY)}
    for name, report in reports.items():
        out = render(report, fmt)
        assert matches_golden(f"business-{name}.{fmt}", out), f"{name} {fmt}"
        assert "Cora" not in out and SECRET not in out


@pytest.mark.parametrize(("argv", "wanted"), [
    (["fiscal-year", "--year", "27"], "--year"),
    (["fiscal-year", "--year", "0000"], "--year"),
    (["quarter", "--quarter", "2027-Q5"], "--quarter"),
    (["quarter", "--quarter", "2027Q1"], "--quarter"),
    (["matches"], "youth"),
])
def test_bad_arguments_exit_2(program: Program, argv: list[str], wanted: str) -> None:
    result = run_main(["--repo", str(program.repo.root), "report", *argv])
    assert result.code == 2 and wanted in result.err and "Traceback" not in result.err
    assert "2027-Q5" not in result.err  # what was typed is not repeated


def test_the_cli_prints_the_library_report(program: Program) -> None:
    result = run_main(["--repo", str(program.repo.root), "report", "fiscal-year", "--year",
                       "2027", "--format", "json"])
    assert result.code == 0
    report = json.loads(result.out)
    assert report["outcomes"] == fiscal_year_report(program, "2027", TODAY)["outcomes"]


# --- docs/reports.md lists exactly the keys the reports produce ---

def documented_keys() -> set[str]:
    text = (REPO_ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE))


def general(name: str) -> str:
    """`topics.financing` -> `topics.*`: a breakdown's keys are values, documented once."""
    for prefix in BREAKDOWNS:
        if name.startswith(prefix + "."):
            return prefix + ".*"
    return name


def produced_keys(repo: Path) -> set[str]:
    program = Program.open(Repo(repo))
    today = program.today()
    reports = [fiscal_year_report(program, None, today), quarter_report(program, None, today),
               monthly_report(program, "2026-03", today)]
    if program.settings.profile == "youth":
        reports.append(matches_report(program, today))
    return {general(name) for report in reports for name, _ in flatten(report)}


def test_the_documented_keys_are_the_keys_produced() -> None:
    produced = produced_keys(REPO_ROOT) | produced_keys(YOUTH)
    assert documented_keys() == produced
