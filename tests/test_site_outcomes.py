"""The site's numeric pages and the reports agree: both demos' coordinators' sites are built
once (MkDocs) and their fiscal-year, month, matches and client pages read back as tables,
then compared figure by figure with `report fiscal-year`, `report monthly` and `report
matches` for the same day. The public site is read from the generated pages."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO_ROOT, YOUTH, copy_demo, raw_records
from mentorlog.dates import add_months, fiscal_range, fiscal_year
from mentorlog.periods import fiscal_year_report, matches_report
from mentorlog.program import Program
from mentorlog.repo import Repo
from mentorlog.reports import flatten, monthly_report
from mentorlog.site import build_site
from mentorlog.site.generate import generate
from mentorlog.site.pages.impact import TOTALS
from mentorlog.view import PART_I_FIELDS

TODAY = date(2026, 11, 30)
Table = tuple[list[str], list[list[str]]]  # headers, rows of cell texts


class Tables(HTMLParser):
    """Every <table> of a page as its header and cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._cell: list[str] | None = None
        self._row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self.tables:
            headers, rows = self.tables[-1]
            if headers:
                rows.append(self._row)
            else:
                headers.extend(self._row)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(file: Path) -> dict[str, dict[str, str]]:
    """A page's two-column tables by their first header: {first cell: second cell}."""
    parser = Tables()
    parser.feed(file.read_text(encoding="utf-8"))
    return {headers[0]: {row[0]: row[1] for row in rows if len(row) > 1}
            for headers, rows in parser.tables if len(headers) == 2}


def all_rows(file: Path, wanted: list[str]) -> list[list[str]]:
    """The rows of the page's tables with exactly these headers."""
    parser = Tables()
    parser.feed(file.read_text(encoding="utf-8"))
    return [row for headers, rows in parser.tables if headers == wanted for row in rows]


def built_demo(source: Path, base: Path) -> tuple[Program, Path]:
    program = Program.open(Repo(copy_demo(source, base / "repo")))
    return program, build_site(program, base / "site", public=False, strict=True,
                               today=TODAY).site


@pytest.fixture(scope="module")
def business(tmp_path_factory: pytest.TempPathFactory) -> tuple[Program, Path]:
    return built_demo(REPO_ROOT, tmp_path_factory.mktemp("business"))


@pytest.fixture(scope="module")
def youth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Program, Path]:
    return built_demo(YOUTH, tmp_path_factory.mktemp("youth"))


@pytest.fixture(params=["business", "youth"])
def demo(request: pytest.FixtureRequest) -> tuple[Program, Path]:
    built: tuple[Program, Path] = request.getfixturevalue(request.param)
    return built


def facts_of(program: Program, report: dict[str, Any]) -> dict[str, float]:
    """The report's figures under the labels of the site's facts table."""
    clients = "Mentees" if program.settings.profile == "youth" else "Clients"
    requests = "matches" if program.settings.profile == "youth" else "requests"
    figures = {"Sessions": report["sessions"], "Attended": report["attended"],
               f"{clients} served": report["clients_served"], "No-shows": report["no_shows"],
               "Late entries": report["late_entries"],
               f"New {requests}": report["requests"]["opened"],
               f"Completed {requests}": report["requests"]["completed"],
               f"Withdrawn {requests}": report["requests"]["withdrawn"]}
    figures.update({f"{kind.capitalize()} hours": hours
                    for kind, hours in report["hours"].items() if hours})
    if "safety_concerns" in report:
        figures["Safety concerns"] = report["safety_concerns"]
    return figures


def as_numbers(table: dict[str, str], keys: list[str]) -> dict[str, float]:
    return {key: float(table[key]) for key in keys}


def fiscal_months(program: Program, year: int) -> list[str]:
    first, _ = fiscal_range(year, program.settings.fiscal_year_start)
    return [add_months(first, i).strftime("%Y-%m") for i in range(12)]


def this_year(program: Program) -> int:
    return fiscal_year(TODAY, program.settings.fiscal_year_start)


def test_fiscal_year_page_shows_the_report_figures(demo: tuple[Program, Path]) -> None:
    program, site = demo
    for year in (this_year(program) - 1, this_year(program)):
        report = fiscal_year_report(program, str(year), TODAY)
        page = tables(site / "years" / f"fy{year}.html")
        expected = facts_of(program, report)
        assert as_numbers(page["Figure"], list(expected)) == expected, year
        assert report["sessions"] > 0


def test_fiscal_year_page_shows_the_outcomes(business: tuple[Program, Path]) -> None:
    program, site = business
    year = this_year(program) - 1
    report = fiscal_year_report(program, str(year), TODAY)
    page = tables(site / "years" / f"fy{year}.html")
    outcomes = report["outcomes"]
    figures = {**outcomes, **outcomes["capital"]}
    assert as_numbers(page["Outcome"], [label for _, label, _ in TOTALS]) \
        == {label: figures[key] for key, label, _ in TOTALS}
    assert outcomes["capital"]["total"] > 0 and outcomes["clients_with_outcomes"] > 1
    # every event is listed, and only there: each outcome entry of the year's sessions
    first, last = fiscal_range(year, program.settings.fiscal_year_start)
    entries = [o for s in raw_records(program.repo.root, "sessions")
               if first <= date.fromisoformat(str(s["date"])) <= last
               for o in s.get("outcomes", [])]  # type: ignore[attr-defined]
    events = all_rows(site / "years" / f"fy{year}.html", ["Date", "Client", "Outcome", "Value"])
    assert len(events) == len(entries) > 0
    for field in PART_I_FIELDS:
        shown = {k: int(v) for k, v in page[field.capitalize()].items()}
        counted = {k.replace("_", " "): v for k, v in
                   report["client_details"][field].items() if v}
        assert shown == counted, field


BREAKDOWNS = {"business": [("Mentoring type", "mentoring_types"), ("Online type", "online_types"),
                          ("Topics", "topics"), ("Languages", "languages")],
              "youth": [("Session type", "types"), ("Interaction", "interactions"),
                        ("Resource needs", "resource_needs")]}


def test_fiscal_year_breakdowns_match_the_report(demo: tuple[Program, Path]) -> None:
    """The coordinators' site shows "other: <what was typed>"; the report counts it as
    "other", so the site's rows are merged the same way before comparing."""
    program, site = demo
    year = this_year(program) - 1
    report = fiscal_year_report(program, str(year), TODAY)
    page = tables(site / "years" / f"fy{year}.html")
    for label, key in BREAKDOWNS[program.settings.profile]:
        shown: dict[str, int] = {}
        for name, value in page[label].items():
            merged = "other" if name.startswith("other") else name
            shown[merged] = shown.get(merged, 0) + int(value)
        assert shown == {k.replace("_", " "): v for k, v in report[key].items()}, key


def test_month_pages_show_the_monthly_report(demo: tuple[Program, Path]) -> None:
    program, site = demo
    checked = 0
    for month in fiscal_months(program, this_year(program) - 1):
        page = site / "months" / f"{month}.html"
        if page.exists():
            expected = facts_of(program, monthly_report(program, month, TODAY))
            assert as_numbers(tables(page)["Figure"], list(expected)) == expected, month
            checked += 1
    assert checked >= 6


def test_the_months_of_a_year_add_up_to_it(demo: tuple[Program, Path]) -> None:
    program, _ = demo
    year = this_year(program) - 1
    report = dict(flatten(fiscal_year_report(program, str(year), TODAY)))
    months = [dict(flatten(monthly_report(program, month, TODAY)))
              for month in fiscal_months(program, year)]
    additive = [k for k, v in report.items() if isinstance(v, int | float)
                and not isinstance(v, bool) and k.split(".")[0] in {
                    "sessions", "attended", "no_shows", "late_entries", "new_clients",
                    "hours", "requests", "safety_concerns", "topics", "outcomes"}
                and not k.startswith(("outcomes.businesses_started",
                                      "outcomes.clients_with_outcomes"))]
    assert len(additive) > 8
    assert {k: sum(m.get(k, 0) for m in months) for k in additive} \
        == pytest.approx({k: report[k] for k in additive})


def test_matches_page_shows_the_matches_report(youth: tuple[Program, Path]) -> None:
    program, site = youth
    m = matches_report(program, TODAY)["matches"]
    page = tables(site / "youth" / "matches.html")
    assert as_numbers(page["Figure"], ["Active matches", "Closed matches",
                                       "Closed after 12 months or more",
                                       "Median length (months)"]) == {
        "Active matches": m["active"], "Closed matches": m["closed"],
        "Closed after 12 months or more": m["reached_minimum"],
        "Median length (months)": m["median_months"]}
    assert page["Figure"]["Share of closed matches reaching the commitment"] \
        == f"{m['share_reaching_minimum']:.0%}"
    assert {k: int(v) for k, v in page["Months"].items()} \
        == {k.replace("_", " "): v for k, v in m["length_months"].items()}
    assert {k: int(v) for k, v in page["Reason"].items()} \
        == {k.replace("_", " "): v for k, v in m["closures"].items() if v}
    assert m["closed"] >= 3 and len([v for v in m["closures"].values() if v]) >= 3
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="youth/matches.html"' in nav or "youth/matches/" in nav


def test_client_page_lists_their_outcomes_and_details(business: tuple[Program, Path]) -> None:
    program, site = business
    requests = {r.stem: r for r in (program.repo.root / "records" / "requests").glob("*.yaml")}
    by_client: dict[str, int] = {}
    for s in raw_records(program.repo.root, "sessions"):
        client = str(raw_records_client(requests[str(s["request"])]))
        by_client[client] = by_client.get(client, 0) + len(s.get("outcomes", []))  # type: ignore[arg-type]
    client, count = max(by_client.items(), key=lambda kv: kv[1])
    page = site / "clients" / f"{client}.html"
    assert len(all_rows(page, ["Reported", "Outcome", "Value"])) == count >= 2
    details = {row[0]: row[1] for row in all_rows(page, ["Detail", "As the client said"])}
    assert list(details) == ["Gender", "Race", "Ethnicity", "Veteran", "Disability"]
    # only on the client's own page: the clients index and mentor pages have no details
    index = (site / "clients.html").read_text(encoding="utf-8")
    assert "As the client said" not in index


def raw_records_client(request_file: Path) -> str:
    for line in request_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("client:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(request_file)


def test_public_pages_show_part_one_only_as_suppressed_counts(
        business: tuple[Program, Path]) -> None:
    program, _ = business
    year = this_year(program) - 1
    pages = generate(program, True, TODAY).files
    text = pages[f"years/fy{year}.md"].decode("utf-8")
    assert "As the client said" not in text and not any(p.startswith("clients/") for p in pages)
    parser = Tables()
    parser.feed(text)
    part_one = [rows for headers, rows in parser.tables
                if headers in (["Gender", "Clients"], ["Race", "Clients"])]
    shown = [row[1] for rows in part_one for row in rows]
    assert shown and all(v == "<5" or int(v) >= 5 for v in shown)
    assert "<5" in shown
    outcomes = {row[0]: row[1] for headers, rows in parser.tables
                if headers == ["Outcome", "Total"] for row in rows}
    assert outcomes["Businesses started (clients)"] in ("0", "<5") or \
        int(outcomes["Businesses started (clients)"]) >= 5
    assert ["Date", "Client", "Outcome", "Value"] not in [h for h, _ in parser.tables]


def test_public_matches_page_shows_suppressed_counts_only(youth: tuple[Program, Path]) -> None:
    program, _ = youth
    text = generate(program, True, TODAY).files["youth/matches.md"].decode("utf-8")
    parser = Tables()
    parser.feed(text)
    counts = [row[1] for headers, rows in parser.tables
              if headers in (["Months", "Matches"], ["Reason", "Matches"]) for row in rows]
    assert counts and "<5" in counts
    assert all(v in ("0", "<5") or int(v) >= 5 for v in counts)
    coordinators = generate(program, False, TODAY).files["youth/matches.md"].decode("utf-8")
    assert "## Every match" in coordinators and "## Every match" not in text
    assert "Mentee" not in text
    names = [str(c["name"]) for c in raw_records(program.repo.root, "clients")]
    assert not [name for name in names if name in text]
