"""When a session is due (the program's `deadline.rule`), as an instant in time, and how a
message names it. Every deadline the tool computes or describes comes from here.

A deadline *day* is a calendar day in the program's timezone; the deadline *instant* is the
end of that day, i.e. the moment the next day starts there (local midnight). Instants are
timezone-aware, so comparing them with "now" is right on DST change days, whatever zone the
CI machine runs in.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta
from typing import TypeGuard
from zoneinfo import ZoneInfo

from .dates import add_months
from .problems import MentorlogError
from .schemas import is_local_datetime
from .settings import Settings

_DAY_OF_NEXT_MONTH = re.compile(r"^day_of_next_month:([1-9][0-9]?)$")
MONDAY = 0


def deadline_day(session_day: date, rule: str) -> date | None:
    """The last day a session held on `session_day` may be entered; None for rule `none`."""
    if rule == "none" or session_day.year == MAXYEAR:
        # a session dated in 9999 has no deadline the calendar can hold (and is already a
        # future-session error); a deadline of 9999-12-31 could not even end
        return None
    first = add_months(session_day, 1)
    if rule == "first_monday_next_month":
        return first + timedelta(days=(MONDAY - first.weekday()) % 7)
    found = _DAY_OF_NEXT_MONTH.match(rule)
    if found and 1 <= int(found.group(1)) <= 31:
        last = calendar.monthrange(first.year, first.month)[1]
        return first.replace(day=min(int(found.group(1)), last))  # 31 in February: the 28th/29th
    raise MentorlogError(f"unknown deadline.rule {rule!r}: first_monday_next_month, "
                         "day_of_next_month:N (1 to 31) or none")


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The instant `day` ends in `tz`: the next local midnight, as an aware UTC datetime.

    Where midnight itself is skipped by a DST change (e.g. America/Santiago), fold=0 maps the
    missing 00:00 onto the instant the clocks jumped, which is still when the new day begins.
    """
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)


def deadline(session_day: date, rule: str, tz: ZoneInfo) -> datetime | None:
    """The instant after which a session held on `session_day` is late; None: never late."""
    day = deadline_day(session_day, rule)
    return None if day is None else end_of_day(day, tz)


def is_late(session_day: date, rule: str, tz: ZoneInfo, now: datetime) -> bool:
    due = deadline(session_day, rule, tz)
    return due is not None and now >= due


def describe_deadline(day: date, settings: Settings) -> str:
    """The deadline of a session held on `day` as messages name it (`describe`), or `none`
    when the program's rule sets none."""
    due = deadline(day, settings.deadline_rule, settings.tz)
    return "none" if due is None else describe(due, settings.tz)


def passed_deadline(day: date | None, settings: Settings, now: datetime) -> str | None:
    """`describe_deadline` for a session held on `day` once it is late at `now`; None while it
    is not (or when the session has no date to judge it by)."""
    if day is None or not is_late(day, settings.deadline_rule, settings.tz, now):
        return None
    return describe_deadline(day, settings)


def parse_now(value: str | None, tz: ZoneInfo) -> datetime:
    """--now: ISO-8601; without a UTC offset it is in the program's timezone. Default: now."""
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise MentorlogError(f"--now {value!r}: not an ISO-8601 date-time such as "
                             "2026-04-06T23:30 or 2026-04-07T03:30Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 has no UTC instant
        raise MentorlogError(f"--now {value!r}: out of the calendar's range") from None


def describe(due: datetime, tz: ZoneInfo) -> str:
    """`end of 2026-04-06 (America/New_York)` for messages: the deadline day people know."""
    last_day = (due.astimezone(tz) - timedelta(microseconds=1)).date()
    return f"end of {last_day.isoformat()} ({tz.key})"


def instant(value: str, tz: ZoneInfo) -> datetime | None:
    """The instant a record's date-time names (program timezone when it has no UTC offset), as
    an aware UTC datetime; None when it is no date-time (the schema reports that)."""
    if not is_local_datetime(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).astimezone(UTC)
    except (ValueError, OverflowError):  # no such shape, or 0001-01-01T00:00+05:00
        return None


# Hangul fillers are letters to Unicode (category Lo) but print as nothing
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def has_visible_words(value: object) -> TypeGuard[str]:
    """At least one letter or digit: a `late_reason` of spaces, zero-width or other format
    characters (Unicode Zs, Cc, Cf, Zl, Zp...) or Hangul fillers says nothing."""
    return isinstance(value, str) and any(
        unicodedata.category(c)[0] in "LN" and c not in _BLANK_LETTERS for c in value)


def next_deadline(today: date, rule: str) -> tuple[str, date] | None:
    """(month it closes, deadline) of the first logging deadline on or after today."""
    for back in (1, 0):  # last month's deadline may still be ahead, else this month's
        first = add_months(today.replace(day=1), -back)
        due = deadline_day(first, rule)
        if due is not None and due >= today:
            return first.strftime("%Y-%m"), due
    return None
