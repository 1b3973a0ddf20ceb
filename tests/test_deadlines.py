"""Deadline days and instants: rules, month and year ends, leap days, DST change days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentorlog.deadlines import deadline, deadline_day, describe, end_of_day, is_late, parse_now
from mentorlog.problems import MentorlogError

NY = ZoneInfo("America/New_York")
CHICAGO = ZoneInfo("America/Chicago")


@pytest.mark.parametrize(("held", "rule", "due"), [
    # first Monday of the next month
    (date(2026, 3, 10), "first_monday_next_month", date(2026, 4, 6)),
    (date(2026, 5, 31), "first_monday_next_month", date(2026, 6, 1)),  # the 1st is a Monday
    (date(2026, 8, 3), "first_monday_next_month", date(2026, 9, 7)),
    (date(2026, 12, 31), "first_monday_next_month", date(2027, 1, 4)),  # year end
    (date(2026, 12, 1), "first_monday_next_month", date(2027, 1, 4)),
    # day N of the next month, clamped to the month's last day
    (date(2026, 3, 10), "day_of_next_month:5", date(2026, 4, 5)),
    (date(2026, 12, 15), "day_of_next_month:5", date(2027, 1, 5)),  # year end
    (date(2028, 1, 31), "day_of_next_month:31", date(2028, 2, 29)),  # leap year
    (date(2027, 1, 31), "day_of_next_month:30", date(2027, 2, 28)),  # common year
    (date(2028, 1, 2), "day_of_next_month:29", date(2028, 2, 29)),
    (date(2028, 2, 29), "day_of_next_month:31", date(2028, 3, 31)),  # held on a leap day
    (date(2026, 3, 1), "day_of_next_month:31", date(2026, 4, 30)),
    (date(2026, 3, 1), "day_of_next_month:1", date(2026, 4, 1)),
])
def test_deadline_day(held: date, rule: str, due: date) -> None:
    assert deadline_day(held, rule) == due


def test_rule_none_never_late() -> None:
    assert deadline_day(date(2020, 1, 1), "none") is None
    assert deadline(date(2020, 1, 1), "none", NY) is None
    assert not is_late(date(2020, 1, 1), "none", NY, datetime(2030, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("rule", ["day_of_next_month:0", "day_of_next_month:32", "monthly"])
def test_unknown_rule_is_a_usage_error(rule: str) -> None:
    with pytest.raises(MentorlogError):
        deadline_day(date(2026, 1, 1), rule)


def test_end_of_day_is_next_local_midnight() -> None:
    assert end_of_day(date(2026, 4, 6), NY) == datetime(2026, 4, 7, 4, tzinfo=UTC)  # EDT
    assert end_of_day(date(2026, 1, 4), NY) == datetime(2026, 1, 5, 5, tzinfo=UTC)  # EST
    assert end_of_day(date(2026, 1, 4), CHICAGO) == datetime(2026, 1, 5, 6, tzinfo=UTC)


def test_spring_forward_day() -> None:
    """2026-03-08 is 23 hours long in New York: its end is at 04:00 UTC, not 05:00."""
    due = deadline(date(2026, 2, 10), "day_of_next_month:8", NY)
    assert due == datetime(2026, 3, 9, 4, tzinfo=UTC)
    assert not is_late(date(2026, 2, 10), "day_of_next_month:8", NY,
                       datetime(2026, 3, 9, 3, 59, tzinfo=UTC))  # 23:59 EDT on the 8th
    assert is_late(date(2026, 2, 10), "day_of_next_month:8", NY,
                   datetime(2026, 3, 9, 4, 30, tzinfo=UTC))  # 00:30 EDT on the 9th


def test_day_before_spring_forward() -> None:
    """2026-03-07 ends at midnight EST (05:00 UTC): the change happens later, at 2 am."""
    assert deadline(date(2026, 2, 10), "day_of_next_month:7", NY) == datetime(
        2026, 3, 8, 5, tzinfo=UTC)


def test_fall_back_day() -> None:
    """2026-11-01 is 25 hours long in New York: its end is at 05:00 UTC, not 04:00."""
    held = date(2026, 10, 3)
    assert deadline(held, "day_of_next_month:1", NY) == datetime(2026, 11, 2, 5, tzinfo=UTC)
    assert not is_late(held, "day_of_next_month:1", NY, datetime(2026, 11, 2, 4, 30, tzinfo=UTC))
    assert is_late(held, "day_of_next_month:1", NY, datetime(2026, 11, 2, 5, tzinfo=UTC))


def test_midnight_skipped_by_dst() -> None:
    """Santiago jumps from 00:00 to 01:00 on 2026-09-06: the 5th ends at that jump."""
    santiago = ZoneInfo("America/Santiago")
    end = end_of_day(date(2026, 9, 5), santiago)
    assert end == datetime(2026, 9, 6, 4, tzinfo=UTC)
    assert (end - timedelta(seconds=1)).astimezone(santiago).date() == date(2026, 9, 5)
    assert end.astimezone(santiago).date() == date(2026, 9, 6)


def test_same_instant_wherever_the_machine_is() -> None:
    """A deadline is an instant: --now given in any offset compares the same."""
    due = deadline(date(2026, 3, 10), "first_monday_next_month", NY)
    assert due is not None
    in_tokyo = due.astimezone(ZoneInfo("Asia/Tokyo"))
    assert in_tokyo == due and describe(due, NY) == "end of 2026-04-06 (America/New_York)"


def test_parse_now() -> None:
    assert parse_now("2026-04-06T23:30", NY) == datetime(2026, 4, 7, 3, 30, tzinfo=UTC)
    assert parse_now("2026-04-07T03:30Z", NY) == datetime(2026, 4, 7, 3, 30, tzinfo=UTC)
    assert parse_now("2026-04-06T23:30-04:00", CHICAGO) == datetime(2026, 4, 7, 3, 30,
                                                                     tzinfo=UTC)
    assert parse_now(None, NY).tzinfo is not None
    with pytest.raises(MentorlogError, match="ISO-8601"):
        parse_now("next tuesday", NY)
