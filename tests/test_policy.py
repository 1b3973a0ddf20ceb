"""The policy checks of `mentorlog check`, rule by rule, each with both outcomes: the base's
records and the change written as YAML text, the base commit held in memory (memoryprogram.py).
The same checks through real git, one per kind of git behaviour: test_gitdiff.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from gitprogram import LATE, LOCKED, NEW, OPEN, SECRET, codes, note, session_text
from memoryprogram import MemoryProgram

ON_TIME = "2026-03-02T23:59"  # New York time, the deadline day's last minute


@pytest.fixture
def repo(tmp_path: Path) -> MemoryProgram:
    return MemoryProgram.create(tmp_path / "program")


def with_settings(repo: MemoryProgram, late: str = "require_reason",
                  rule: str = "first_monday_next_month") -> MemoryProgram:
    repo.add_to_base({"mentorlog.yaml": "program:\n  timezone: America/New_York\n"
                      f"deadline:\n  rule: {rule}\n  late: {late}\n"})
    return repo


# --- deadline ---

def test_unchanged_branch_is_clean(repo: MemoryProgram) -> None:
    result = repo.check()
    assert (result.code, result.err) == (0, "")
    assert "all valid" in result.out


def test_session_added_on_time(repo: MemoryProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    assert repo.check(now=ON_TIME).code == 0


def test_late_reject(repo: MemoryProgram) -> None:
    repo = with_settings(repo, late="reject")
    repo.write(NEW, session_text(date="2026-02-10") + "late_reason: paper form found\n")
    assert codes(repo.check(now=LATE)) == [f"{NEW}:2:1: error[late-rejected]"]
    assert repo.check(now=ON_TIME).code == 0


def test_late_warn(repo: MemoryProgram) -> None:
    repo = with_settings(repo, late="warn")
    repo.write(NEW, session_text(date="2026-02-10"))
    result = repo.check(now=LATE)
    assert result.code == 0
    assert codes(result) == [f"{NEW}:2:1: warning[late-entry]"]
    assert codes(repo.check(now=ON_TIME)) == []


def test_rule_none_is_never_late(repo: MemoryProgram) -> None:
    repo = with_settings(repo, rule="none")
    repo.write(NEW, session_text(date="2026-02-10"))
    assert repo.check(now="2030-01-01T00:00").code == 0


def test_day_of_next_month(repo: MemoryProgram) -> None:
    repo = with_settings(repo, rule="day_of_next_month:5")
    repo.write(NEW, session_text(date="2026-02-10"))
    assert repo.check(now="2026-03-05T23:59").code == 0
    assert codes(repo.check(now="2026-03-06T00:00")) == [f"{NEW}:2:1: error[late-without-reason]"]


def test_only_added_sessions_are_judged(repo: MemoryProgram) -> None:
    """Old sessions on the base are past their deadline; the change does not touch them."""
    repo.write("records/clients/north-cycles.yaml", "name: North Cycles\n")
    assert repo.check(now="2026-10-01T12:00").code == 0


@pytest.mark.parametrize(("timezone", "on_time", "late"), [
    # the same wall-clock deadline, in the program's zone, whatever offset --now is written in
    ("America/New_York", "2026-03-03T04:59Z", "2026-03-03T05:00Z"),
    ("America/Chicago", "2026-03-03T05:59Z", "2026-03-03T06:00Z"),
    ("Pacific/Auckland", "2026-03-02T10:59Z", "2026-03-02T11:00Z"),
])
def test_deadline_in_the_program_timezone(repo: MemoryProgram, timezone: str, on_time: str,
                                          late: str) -> None:
    repo.add_to_base({"mentorlog.yaml": f"program:\n  timezone: {timezone}\n"})
    repo.write(NEW, session_text(date="2026-02-10"))
    assert repo.check(now=on_time).code == 0
    assert repo.check(now=late).code == 1


@pytest.mark.parametrize(("rule", "held", "on_time", "late"), [
    # DST starts in New York on 2026-03-08: that day ends at 04:00 UTC
    ("day_of_next_month:8", "2026-02-10", "2026-03-09T03:59Z", "2026-03-09T04:00Z"),
    # DST ends on 2026-11-01: that day ends at 05:00 UTC
    ("day_of_next_month:1", "2026-10-06", "2026-11-02T04:59Z", "2026-11-02T05:00Z"),
    # year end: a December session is due on the first Monday of January
    ("first_monday_next_month", "2026-12-15", "2027-01-04T23:59", "2027-01-05T00:00"),
    # leap day: day 31 clamps to February 29
    ("day_of_next_month:31", "2028-01-20", "2028-02-29T23:59", "2028-03-01T00:00"),
])
def test_deadline_calendar_edges(repo: MemoryProgram, rule: str, held: str, on_time: str,
                                 late: str) -> None:
    repo = with_settings(repo, rule=rule)
    path = f"records/sessions/{held[:4]}/{held[5:7]}/{held}-r-2026-001.yaml"
    repo.write(path, session_text(date=held))
    assert repo.check(now=on_time).code == 0
    assert codes(repo.check(now=late)) == [f"{path}:2:1: error[late-without-reason]"]


# --- append-only notes ---

def test_note_text_changed_by_whitespace(repo: MemoryProgram) -> None:
    repo.write(OPEN, session_text() + note(secret=SECRET + " "))
    result = repo.check("--author", "kim-gh")
    assert codes(result) == [f"{OPEN}:12:5: error[note-changed]"]
    assert "by kim-osei at 2026-03-01T15:45" in result.out
    assert "SECRET" not in result.out + result.err


def test_note_removed_or_added(repo: MemoryProgram) -> None:
    repo.write(OPEN, session_text())
    assert repo.check("--author", "kim-gh").code == 0
    repo.write(OPEN, session_text() + note() + "  - by: kim-osei\n    at: 2026-03-11T09:00\n"
               "    text: Follow-up call booked.\n")
    assert repo.check("--author", "kim-gh").code == 0


def test_note_rewritten_as_another_note_is_a_change(repo: MemoryProgram) -> None:
    """Same (by, at), other text: the identity says it is the same note."""
    repo.write(OPEN, session_text() + note(secret=" Another text."))
    assert codes(repo.check()) == [f"{OPEN}:12:5: error[note-changed]"]


# --- lock ---

def test_locked_session_changed_by_a_coordinator(repo: MemoryProgram) -> None:
    repo.write(LOCKED, session_text(date="2026-01-20").replace("hours: 1.5", "hours: 2"))
    assert repo.check("--author", "ana-gh").code == 0


def test_locked_session_note_added_by_a_mentor(repo: MemoryProgram) -> None:
    repo.write(LOCKED, session_text(date="2026-01-20") + note(date="2026-03-19"))
    assert repo.check("--author", "kim-gh").code == 0


def test_locked_session_note_removed_by_a_mentor(repo: MemoryProgram) -> None:
    assert repo.check("--author", "kim-gh", now="2026-04-07T00:00").code == 0
    repo.write(OPEN, session_text())
    assert codes(repo.check("--author", "kim-gh", now="2026-04-07T00:00")) == [
        f"{OPEN}:1:1: error[session-locked]"]
    assert repo.check("--author", "kim-gh", now="2026-04-06T23:59").code == 0


def test_unlocked_session_changed_by_its_mentor(repo: MemoryProgram) -> None:
    repo.write(OPEN, session_text().replace("hours: 1.5", "hours: 2") + note())
    assert repo.check("--author", "kim-gh").code == 0


def test_moving_a_session_into_a_locked_month(repo: MemoryProgram) -> None:
    """The lock follows either date: a change cannot unlock nor sneak into a locked month."""
    repo.write(OPEN, session_text(date="2026-01-21") + note())
    assert "error[session-locked]" in repo.check("--author", "kim-gh").out


def test_lock_without_author_is_a_warning(repo: MemoryProgram) -> None:
    repo.write(LOCKED, session_text(date="2026-01-20").replace("hours: 1.5", "hours: 2"))
    result = repo.check()
    assert result.code == 0
    assert codes(result) == [f"{LOCKED}:4:1: warning[session-locked]"]


# --- deletion and renames ---

def test_session_moved_by_a_coordinator_is_not_a_late_entry(repo: MemoryProgram) -> None:
    """Identical content under a new name: moved, not entered now."""
    moved = LOCKED.replace("2026-01-20-r-2026-001", "kim-2026-01-20")
    repo.move(LOCKED, moved)
    assert repo.check("--author", "ana-gh").code == 0
    repo.write(moved, repo.read(moved).replace("hours: 1.5", "hours: 2"))
    assert codes(repo.check("--author", "ana-gh")) == [f"{moved}:2:1: error[late-without-reason]"]


# --- who may change what ---

def test_mentor_adds_a_session_of_their_request(repo: MemoryProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    assert repo.check("--author", "kim-gh", now=ON_TIME).code == 0


def test_login_matches_case_insensitively(repo: MemoryProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10") + "mentor: lee-park\n")
    assert repo.check("--author", "lee-gh", now=ON_TIME).code == 0


def test_mentor_adds_a_session_of_another_request(repo: MemoryProgram) -> None:
    path = "records/sessions/2026/02/2026-02-10-r-2026-002.yaml"
    repo.write(path, session_text(request="r-2026-002", date="2026-02-10"))
    assert codes(repo.check("--author", "kim-gh", now=ON_TIME)) == [
        f"{path}:1:1: error[not-your-session]"]
    assert repo.check("--author", "sam-gh", now=ON_TIME).code == 0


def test_co_mentor_may_not_change_the_session(repo: MemoryProgram) -> None:
    """lee-park is a co-mentor of the session on the base and after the change: the lead
    mentor owns its fields (test_policy_attacks has the co-mentor's notes)."""
    repo.add_to_base({OPEN: session_text().replace("hours: 1.5", "hours: 2") + note()
                      + "co_mentors:\n  - mentor: lee-park\n    hours: 2\n"})
    repo.write(OPEN, repo.read(OPEN).replace("hours: 2\nattendance", "hours: 1.75\nattendance"))
    assert codes(repo.check("--author", "lee-gh")) == [f"{OPEN}:4:1: error[not-session-lead]"]
    assert repo.check("--author", "kim-gh").code == 0
    assert "error[not-your-session]" in repo.check("--author", "sam-gh").out


def test_mentor_hands_a_session_to_themselves(repo: MemoryProgram) -> None:
    """Not on the session at the base: the change cannot make it theirs."""
    repo.write(OPEN, session_text().replace("request: r-2026-001", "request: r-2026-002")
               + note())
    result = repo.check("--author", "sam-gh")
    assert "error[not-your-session]" in result.out and "on the base branch" in result.out


@pytest.mark.parametrize("path", ["records/mentors/kim-osei.yaml",
                                  "records/requests/r-2026-001.yaml",
                                  "records/clients/bright-bakery.yaml", "mentorlog.yaml",
                                  "README.md"])
def test_coordinator_only_files(repo: MemoryProgram, path: str) -> None:
    old = repo.read(path) if (repo.root / path).exists() else ""
    repo.write(path, old + "# edited\n")
    assert codes(repo.check("--author", "kim-gh")) == [f"{path}:0:0: error[coordinator-only]"]
    assert repo.check("--author", "ana-gh").code == 0


def test_unknown_login_may_change_nothing(repo: MemoryProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    assert codes(repo.check("--author", "stranger", now=ON_TIME)) == [
        f"{NEW}:0:0: error[unknown-author]"]


def test_inactive_mentor_has_no_rights(repo: MemoryProgram) -> None:
    repo.write("records/clients/bright-bakery.yaml", "name: Bright Bakery Ltd\n")
    assert "error[unknown-author]" in repo.check("--author", "old-gh").out


def test_attachments(repo: MemoryProgram) -> None:
    own = "records/attachments/r-2026-001/notes.txt"
    other = "records/attachments/r-2026-002/notes.txt"
    repo.write(own, "homework\n")  # listed by the session that brings it
    homework = "records/sessions/2026/03/2026-03-15-homework.yaml"
    repo.write(homework, session_text(
        date="2026-03-15", start="09:00", extra="mentor: lee-park\nattachments:\n"
        "  - path: attachments/r-2026-001/notes.txt\n    title: Homework\n"))
    assert repo.check("--author", "lee-gh").code == 0  # a co-mentor of the request
    repo.remove(homework)
    repo.remove(own)
    repo.write(other, "homework\n")
    assert codes(repo.check("--author", "kim-gh")) == [
        f"{other}:0:0: error[attachment-unreferenced]", f"{other}:0:0: error[not-your-request]"]
    repo.remove(other)
    repo.write("records/attachments/r-2026-001/plan.txt", "another plan\n")
    assert codes(repo.check("--author", "kim-gh")) == [
        "records/attachments/r-2026-001/plan.txt:0:0: error[coordinator-only]"]
    assert repo.check("--author", "ana-gh").code == 0


def test_without_author_who_may_change_is_skipped(repo: MemoryProgram) -> None:
    repo.write("records/clients/bright-bakery.yaml", "name: Bright Bakery Ltd\n")
    assert repo.check().code == 0


def test_validate_problems_are_reported_too(repo: MemoryProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10").replace("hours: 1.5", "hours: 1.3"))
    result = repo.check(now=ON_TIME)
    assert result.code == 1 and "error[schema]" in result.out
