"""Calendar arithmetic (mentorlog.dates): a record's date, months, fiscal years."""

from __future__ import annotations

from datetime import date

import pytest

from mentorlog.dates import (
    add_months,
    fiscal_range,
    fiscal_year,
    month_range,
    months_back,
    parse_date,
)


@pytest.mark.parametrize(("value", "day"), [
    ("2026-03-10", date(2026, 3, 10)),
    ("2024-02-29", date(2024, 2, 29)),
    ("2026-02-29", None),  # no such day
    ("2026-3-10", None),  # not YYYY-MM-DD
    ("20260310", None),  # fromisoformat reads it, a record may not hold it
    ("2026-03-10T10:00", None),
    (date(2026, 3, 10), None),  # not text: the schema reports it
    (20260310, None),
    (None, None),
])
def test_parse_date(value: object, day: date | None) -> None:
    assert parse_date(value) == day


def test_month_range() -> None:
    assert month_range("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert month_range("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))


@pytest.mark.parametrize(("day", "months", "first"), [
    (date(2026, 3, 17), 0, date(2026, 3, 1)),
    (date(2026, 11, 30), 2, date(2027, 1, 1)),
    (date(2026, 1, 31), -1, date(2025, 12, 1)),
    (date(2026, 5, 1), -25, date(2024, 4, 1)),
])
def test_add_months_gives_the_first_of_the_month(day: date, months: int, first: date) -> None:
    assert add_months(day, months) == first


def test_months_back_counts_this_month_and_crosses_years() -> None:
    assert months_back(date(2026, 2, 14), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_back(date(2026, 2, 14), 1) == ["2026-02"]


def test_a_fiscal_year_starting_in_january_is_the_calendar_year() -> None:
    assert fiscal_year(date(2026, 1, 1), 1) == fiscal_year(date(2026, 12, 31), 1) == 2026
    assert fiscal_year(date(2026, 6, 30), 7) == 2026 and fiscal_year(date(2026, 7, 1), 7) == 2027
    assert fiscal_range(2027, 7) == (date(2026, 7, 1), date(2027, 6, 30))
