"""Calendar arithmetic: the date a record holds, months and fiscal years.

Plain dates only (no time of day, no timezone): when a session is due is an instant, and
deadlines.py computes that.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any


def parse_date(value: Any) -> date | None:
    """A record's YYYY-MM-DD as a date; None for anything else (the schema reports that)."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def month_range(month: str) -> tuple[date, date]:
    """First and last day of YYYY-MM."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, when negative) `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year(day: date, start_month: int) -> int:
    """The fiscal year `day` falls in, named by the calendar year it ends in (FY2026 = Oct
    2025 - Sep 2026 when it starts in October)."""
    return day.year + 1 if start_month > 1 and day.month >= start_month else day.year


def fiscal_range(year: int, start_month: int) -> tuple[date, date]:
    """First and last day of fiscal year `year` (named as fiscal_year names it)."""
    first = date(year - 1 if start_month > 1 else year, start_month, 1)
    return first, add_months(first, 12) - timedelta(days=1)


def months_back(today: date, count: int) -> list[str]:
    """The `count` months up to and including today's, oldest first, as YYYY-MM."""
    first = today.replace(day=1)
    return [add_months(first, -i).strftime("%Y-%m") for i in range(count - 1, -1, -1)]


def months_between(first: date, last: date) -> int:
    """Whole months from `first` to `last` (0 when `last` is not a month later): how long a
    youth match ran, measured against matches.minimum_months (Oct 8 - Oct 7 is 11 months)."""
    months = (last.year - first.year) * 12 + last.month - first.month
    return max(0, months - (last.day < first.day))


def fiscal_quarter_range(year: int, quarter: int, start_month: int) -> tuple[date, date]:
    """First and last day of quarter 1-4 of fiscal year `year` (Q1: the year's first three
    months)."""
    first = add_months(fiscal_range(year, start_month)[0], 3 * (quarter - 1))
    return first, add_months(first, 3) - timedelta(days=1)
