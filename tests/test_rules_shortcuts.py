"""The rules' shortcuts for large programs report exactly what the plain loops did.

duplicate_notes keys only the notes of a writer who signs two or more; session_mentors skips
the sessions that name no mentor of their own and works out a request's mentors once;
session_dates reads a request's dates once; session_times and
sessions_completing_open_requests test the cheap condition first. Each case below is one
those shortcuts could get wrong: every problem is still reported, once, where it was.
"""

from __future__ import annotations

from pathlib import Path

from mentorlog import rules
from test_rules import OPEN_REQUEST, REQUEST, S1, S2, judge, session

DUPLICATE = "error[duplicate-note]: another note has the same `by` and `at`: they name a note"


def notes(*pairs: tuple[str | None, str | None]) -> str:
    """A `notes:` list of (by, at) pairs, either left out when None, one text line each."""
    lines = ["notes:"]
    for by, at in pairs:
        lines.append("  - text: words")
        lines += [f"    by: {by}"] * (by is not None) + [f"    at: {at}"] * (at is not None)
    return "\n".join(lines) + "\n"


def test_duplicate_notes_every_spelling_of_one_instant(tmp_path: Path) -> None:
    """Three spellings of 16:25 in New York by kim, among notes by others and unsigned ones:
    the second and third are reported at their `at`, nothing else."""
    text = session(extra=notes(("kim", "2026-03-10T16:25"), ("lee", "2026-03-10T16:25"),
                               (None, "2026-03-10T16:25"), ("kim", "2026-03-10T16:25:00"),
                               ("lee", "2026-03-10T17:00"), ("kim", "2026-03-10T20:25Z")))
    # `notes:` on line 5, three lines a note (two for the unsigned one), `at` last
    assert judge(rules.duplicate_notes, {S1: text}, tmp_path) == [
        f"{S1}:16:9: {DUPLICATE}", f"{S1}:22:9: {DUPLICATE}"]


def test_duplicate_notes_need_one_writer_and_both_fields(tmp_path: Path) -> None:
    one_each = notes(("kim", "2026-03-10T16:25"), ("lee", "2026-03-10T16:25"))
    no_at = notes(("kim", "2026-03-10T16:25"), ("kim", None), ("kim", None))
    later = notes(("kim", "2026-03-10T16:25"), ("kim", "2026-03-10T16:26"))
    unsigned = notes((None, "2026-03-10T16:25"), (None, "2026-03-10T16:25"))
    for extra in (one_each, no_at, later, unsigned):
        assert judge(rules.duplicate_notes, {S1: session(extra=extra)}, tmp_path) == []


def test_duplicate_notes_not_a_date_time_compares_as_written(tmp_path: Path) -> None:
    """An `at` that is no date-time (the schema reports it) is its own key, as written."""
    text = session(extra=notes(("kim", "soon"), ("kim", "later"), ("kim", "soon")))
    assert judge(rules.duplicate_notes, {S1: text}, tmp_path) == [f"{S1}:14:9: {DUPLICATE}"]


def test_session_mentors_on_two_sessions_of_one_request(tmp_path: Path) -> None:
    """The request's mentors are worked out once and serve both sessions; a session that
    names nobody is never judged; the lead may come from the request."""
    stranger = session(extra="co_mentors:\n  - mentor: ana\n")
    lead = session(extra="co_mentors:\n  - mentor: kim\n", start="14:00")
    third = "records/sessions/2026/03/2026-03-10-s3.yaml"
    found = judge(rules.session_mentors, {REQUEST: OPEN_REQUEST, S1: stranger, S2: lead,
                                          third: session(start="16:00")}, tmp_path)
    assert found == [
        f"{S1}:6:13: error[session-mentor]: `ana` is not on `r-1`: add them to its co_mentors",
        f"{S2}:6:13: error[session-mentor]: `kim` is this session's mentor, not a co-mentor"]


def test_session_mentors_without_their_request(tmp_path: Path) -> None:
    text = session(extra="mentor: ana\n").replace("r-1", "r-9")
    assert judge(rules.session_mentors, {REQUEST: OPEN_REQUEST, S1: text}, tmp_path) == []


def test_session_dates_of_two_sessions_of_one_request(tmp_path: Path) -> None:
    closed = OPEN_REQUEST + "status: completed\nclosed: 2026-03-20\n"
    found = judge(rules.session_dates, {REQUEST: closed, S1: session("2026-03-25"),
                                        S2: session("2026-03-26"),
                                        "records/sessions/2026/03/s3.yaml": session("soon")},
                  tmp_path)
    assert found == [
        f"{S1}:2:7: error[session-after-closed]: dated after `r-1` was closed (2026-03-20)",
        f"{S2}:2:7: error[session-after-closed]: dated after `r-1` was closed (2026-03-20)"]


def test_session_times_out_of_order_but_not_times(tmp_path: Path) -> None:
    """`09:00` sorts before `ten`, but `ten` is no time: the schema reports it, not this."""
    found = judge(rules.session_times, {S1: session(start="ten", extra="end: 09:00\n"),
                                        S2: session(start="10:00", extra="end: 9:30\n")},
                  tmp_path)
    assert found == []


def test_completing_sessions_only_with_true(tmp_path: Path) -> None:
    text = session(extra="completes_request: yes\n")
    assert judge(rules.sessions_completing_open_requests, {REQUEST: OPEN_REQUEST, S1: text},
                 tmp_path) == []
    orphan = session(extra="completes_request: true\n").replace("r-1", "r-9")
    assert judge(rules.sessions_completing_open_requests, {REQUEST: OPEN_REQUEST, S1: orphan},
                 tmp_path) == []
