"""Stage 6, report: the monthly summary a program sends its funder (docs/architecture.md).

Aggregates only (counts and hours, no names, no notes), computed by the same `stats` the site
uses, so the report and the site's month page can never disagree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from .dates import add_months, month_range
from .periods import period_figures
from .problems import MentorlogError
from .program import Program
from .view import load_data

REPORT_FORMATS = ("text", "json", "csv")


def default_month(today: date) -> str:
    """The last complete month: the one a program reports on."""
    return add_months(today.replace(day=1), -1).strftime("%Y-%m")


def monthly_report(program: Program, month: str, today: date | None = None) -> dict[str, Any]:
    # [0-9], not \d (which takes any script's digits); year 0000 is no calendar year
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month) or month.startswith("0000"):
        raise MentorlogError(f"--month {month!r}: write it as YYYY-MM")
    today = today or program.today()
    first, last = month_range(month)
    return {"program": program.settings.name, "profile": program.settings.profile,
            "month": month, **period_figures(program, load_data(program, today), first, last)}


def flatten(report: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted name, value) rows: `hours.mentor`, `topics.financing`..."""
    rows: list[tuple[str, Any]] = []
    for key, value in report.items():
        if isinstance(value, dict):
            rows += flatten(value, f"{prefix}{key}.")
        else:
            rows.append((f"{prefix}{key}", value))
    return rows


def _number(value: Any) -> str:
    # None: a figure with nothing to measure (the median length of no matches)
    return f"{value:g}" if isinstance(value, float) else "-" if value is None else str(value)


def as_text(report: dict[str, Any]) -> str:
    rows = [(name, _number(value)) for name, value in flatten(report)]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows) + "\n"


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: record text starting with = + - @ (or a
    tab / CR) would otherwise run as a formula when a coordinator opens the file."""
    if value is None:
        return ""
    cell = _number(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else str(value).lower() if isinstance(value, bool) else str(value)
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def csv_text(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV for spreadsheets: a header, then rows with every cell defused (`csv_cell`). Every
    CSV mentorlog writes (the reports, the exports) is made here."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def as_csv(report: dict[str, Any]) -> str:
    return csv_text(["figure", "value"], flatten(report))


Renderer = Callable[[dict[str, Any]], str]


def render(report: dict[str, Any], fmt: str, text: Renderer = as_text,
           table: Renderer = as_csv) -> str:
    """A report in one of REPORT_FORMATS: JSON as it is, `text` for people, `table` (CSV)
    for spreadsheets. The reminder and retention reports pass their own text and table."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return table(report) if fmt == "csv" else text(report)
