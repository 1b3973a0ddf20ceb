"""The pull-request gate against a hostile mentor: forged notes, session takeover, empty late
reasons. Each attack is judged as CI judges a pull request, by the real in-process
`mentorlog check --base main --author`: the base records in memory (memoryprogram.py), the
attacker's records in the working tree. test_gitdiff.py has the same gate on real git.

kim-osei (kim-gh) leads request r-2026-001, lee-park (Lee-GH) is its co-mentor, sam-cho
(sam-gh) mentors another request, ana-diaz (ana-gh) is a coordinator (tests/gitprogram.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from gitprogram import codes, session_text
from helpers import CliResult, run_main
from memoryprogram import MemoryProgram
from mentorlog.deadlines import has_visible_words, instant

SHARED = "records/sessions/2026/03/2026-03-05-r-2026-001.yaml"  # due: end of 2026-04-06
LOCKED = "records/sessions/2026/01/2026-01-27-r-2026-001.yaml"  # due: end of 2026-02-02
NEW = "records/sessions/2026/03/2026-03-12-r-2026-001.yaml"
LEAD_SECRET, CO_SECRET = "SECRET-lead-detail", "SECRET-co-detail"
CO_MENTORS = "mentor: kim-osei\nco_mentors:\n  - mentor: lee-park\n    hours: 1.5\n"
NOTE = "  - by: {by}\n    at: {at}\n    text: {text}\n"
# line numbers in SHARED and LOCKED: session_text() has 8 lines, CO_MENTORS 4, then `notes:`
NOTES_LINE, LEAD_NOTE_LINE, CO_NOTE_LINE, ADDED_NOTE_LINE = 13, 14, 17, 20


def note(by: str, at: str, text: str) -> str:
    return NOTE.format(by=by, at=at, text=text)


def shared_session(date: str = "2026-03-05", notes: list[str] | None = None,
                   hours: str = "1.5", head: str = CO_MENTORS) -> str:
    """A session led by kim-osei with lee-park as co-mentor, each with a note."""
    if notes is None:
        notes = [note("kim-osei", f"{date}T16:25", f"Lead's note. {LEAD_SECRET}"),
                 note("lee-park", f"{date}T17:00", f"Co-mentor's note. {CO_SECRET}")]
    body = session_text(date=date).replace("hours: 1.5", f"hours: {hours}") + head
    return body + ("notes:\n" + "".join(notes) if notes else "")


@pytest.fixture
def repo(tmp_path: Path) -> MemoryProgram:
    program = MemoryProgram.create(tmp_path / "program")
    program.add_to_base({SHARED: shared_session(),
                         LOCKED: shared_session(date="2026-01-27")})
    return program


def attack(repo: MemoryProgram, path: str, content: str, author: str | None,
           now: str = "2026-03-20T12:00") -> CliResult:
    """The attacker's records over the base, judged as CI judges a pull request."""
    repo.write(path, content)
    args = ("--base", "main") + (("--author", author) if author else ())
    result = repo.check(*args, now=now)
    assert LEAD_SECRET not in result.out + result.err and CO_SECRET not in result.out
    return result


def lead_note(date: str = "2026-03-05", at: str = "T16:25", text: str = "") -> str:
    return note("kim-osei", f"{date}{at}", text or f"Lead's note. {LEAD_SECRET}")


def co_note(date: str = "2026-03-05") -> str:
    return note("lee-park", f"{date}T17:00", f"Co-mentor's note. {CO_SECRET}")


# --- forged notes: removal ---

@pytest.mark.parametrize("path", [SHARED, LOCKED])
def test_co_mentor_deletes_the_leads_note(repo: MemoryProgram, path: str) -> None:
    date = path.split("/")[-1][:10]
    result = attack(repo, path, shared_session(date, [co_note(date)]), "lee-gh")
    problems = [f"{path}:{NOTES_LINE}:1: error[note-removed]"]
    if path == LOCKED:
        problems.append(f"{path}:{NOTES_LINE}:1: error[session-locked]")
    assert codes(result) == problems
    assert f"by kim-osei at {date}T16:25" in result.out or "note 1" in result.out


def test_writer_removes_own_note_and_coordinator_any(repo: MemoryProgram) -> None:
    assert attack(repo, SHARED, shared_session(notes=[lead_note()]), "lee-gh").code == 0
    assert attack(repo, SHARED, shared_session(notes=[co_note()]), "kim-gh").code == 0
    repo.branch_from_base()
    assert attack(repo, LOCKED, shared_session("2026-01-27", []), "ana-gh").code == 0


def test_lead_may_not_delete_the_co_mentors_note(repo: MemoryProgram) -> None:
    result = attack(repo, SHARED, shared_session(notes=[lead_note()]), "kim-gh")
    assert codes(result) == [f"{SHARED}:{NOTES_LINE}:1: error[note-removed]"]


# --- forged notes: edits that re-spell `at` ---

@pytest.mark.parametrize("at", ["T16:25:00", "T16:25-05:00", "T21:25Z", "T21:25:00+00:00"])
@pytest.mark.parametrize("author", ["lee-gh", "kim-gh", "ana-gh", None])
def test_respelt_at_is_the_same_note(repo: MemoryProgram, at: str, author: str | None) -> None:
    """The same instant in New York (EST in early March): an edit, whoever makes it."""
    edited = lead_note(at=at, text="Nothing to worry about.")
    result = attack(repo, SHARED, shared_session(notes=[edited, co_note()]), author)
    assert codes(result) == [f"{SHARED}:{LEAD_NOTE_LINE + 2}:5: error[note-changed]"]


def test_respelling_alone_is_an_edit(repo: MemoryProgram) -> None:
    respelt = lead_note(at="T16:25:00")
    result = attack(repo, SHARED, shared_session(notes=[respelt, co_note()]), "kim-gh")
    assert codes(result) == [f"{SHARED}:{LEAD_NOTE_LINE + 1}:5: error[note-changed]"]


def test_another_instant_is_another_note(repo: MemoryProgram) -> None:
    """T16:26 is a new note: so the co-mentor removed the lead's, forged a new one, and put it
    before an older one."""
    forged = lead_note(at="T16:26", text="Nothing to worry about.")
    result = attack(repo, SHARED, shared_session(notes=[forged, co_note()]), "lee-gh")
    assert codes(result) == [f"{SHARED}:{NOTES_LINE}:1: error[note-removed]",
                             f"{SHARED}:{LEAD_NOTE_LINE}:5: error[note-not-yours]",
                             f"{SHARED}:{CO_NOTE_LINE}:5: error[note-order]"]


# --- forged notes: a new note signed by someone else ---

@pytest.mark.parametrize("path", [SHARED, LOCKED])
@pytest.mark.parametrize("author", ["lee-gh", "ana-gh"])
def test_new_note_by_someone_else(repo: MemoryProgram, path: str, author: str) -> None:
    """Even a coordinator signs only their own notes, on open and locked sessions alike."""
    date = path.split("/")[-1][:10]
    forged = note("kim-osei", f"{date}T20:00", "All fine at home.")
    result = attack(repo, path, shared_session(date, [lead_note(date), co_note(date), forged]),
                    author)
    assert codes(result) == [f"{path}:{ADDED_NOTE_LINE}:5: error[note-not-yours]"]
    assert "not your mentor id" in result.out


@pytest.mark.parametrize("path", [SHARED, LOCKED])
def test_own_new_note_at_the_end(repo: MemoryProgram, path: str) -> None:
    date = path.split("/")[-1][:10]
    own = note("lee-park", f"{date}T20:00", "Follow-up booked.")
    notes = [lead_note(date), co_note(date), own]
    assert attack(repo, path, shared_session(date, notes), "lee-gh").code == 0


def test_new_session_with_a_note_by_someone_else(repo: MemoryProgram) -> None:
    forged = note("kim-osei", "2026-03-12T18:00", "Signed by the lead, written by lee.")
    content = shared_session("2026-03-12", [forged])
    assert codes(attack(repo, NEW, content, "lee-gh")) == [
        f"{NEW}:{LEAD_NOTE_LINE}:5: error[note-not-yours]"]
    assert attack(repo, NEW, content, "kim-gh").code == 0


def test_new_note_author_is_not_judged_without_author(repo: MemoryProgram) -> None:
    """Local use: nobody is known, so whose note it is cannot be judged (CI gives --author)."""
    forged = note("kim-osei", "2026-03-05T20:00", "All fine.")
    assert attack(repo, SHARED, shared_session(notes=[lead_note(), co_note(), forged]),
                  None).code == 0


# --- forged notes: order ---

@pytest.mark.parametrize("author", ["kim-gh", "ana-gh", None])
def test_reordered_notes_are_refused_on_any_session(repo: MemoryProgram,
                                                    author: str | None) -> None:
    result = attack(repo, SHARED, shared_session(notes=[co_note(), lead_note()]), author)
    assert codes(result) == [f"{SHARED}:{CO_NOTE_LINE}:5: error[note-order]"]


def test_reordered_locked_notes(repo: MemoryProgram) -> None:
    """A mentor hits the lock too; a coordinator passes the lock but not the note order."""
    content = shared_session("2026-01-27", [co_note("2026-01-27"), lead_note("2026-01-27")])
    assert codes(attack(repo, LOCKED, content, "lee-gh")) == [
        f"{LOCKED}:{NOTES_LINE}:1: error[session-locked]",
        f"{LOCKED}:{CO_NOTE_LINE}:5: error[note-order]"]
    assert codes(attack(repo, LOCKED, content, "ana-gh")) == [
        f"{LOCKED}:{CO_NOTE_LINE}:5: error[note-order]"]


def test_new_note_slipped_before_an_older_one(repo: MemoryProgram) -> None:
    own = note("kim-osei", "2026-03-05T20:00", "Follow-up booked.")
    result = attack(repo, SHARED, shared_session(notes=[lead_note(), own, co_note()]), "kim-gh")
    assert codes(result) == [f"{SHARED}:{ADDED_NOTE_LINE}:5: error[note-order]"]


def test_locked_note_edit_by_a_coordinator_passes_the_lock_not_the_note_rule(
        repo: MemoryProgram) -> None:
    edited = lead_note("2026-01-27", text="Rewritten by a coordinator.")
    content = shared_session("2026-01-27", [edited, co_note("2026-01-27")])
    assert codes(attack(repo, LOCKED, content, "lee-gh")) == [
        f"{LOCKED}:{NOTES_LINE}:1: error[session-locked]",
        f"{LOCKED}:{LEAD_NOTE_LINE + 2}:5: error[note-changed]"]
    assert codes(attack(repo, LOCKED, content, "ana-gh")) == [
        f"{LOCKED}:{LEAD_NOTE_LINE + 2}:5: error[note-changed]"]


# --- session takeover ---

def test_co_mentor_takes_the_session_over(repo: MemoryProgram) -> None:
    """The reported attack: no lead any more, 1.5 hours become 6, the notes are gone."""
    takeover = shared_session(hours="6", notes=[],
                              head="co_mentors:\n  - mentor: lee-park\n    hours: 6\n")
    result = attack(repo, SHARED, takeover, "lee-gh")
    assert codes(result) == [f"{SHARED}:1:1: error[note-removed]",
                             f"{SHARED}:9:1: error[not-session-lead]"]
    assert "changed: co_mentors, hours, mentor, notes" not in result.out
    assert "changed: co_mentors, hours, mentor" in result.out


def test_co_mentor_names_themselves_lead(repo: MemoryProgram) -> None:
    takeover = shared_session(head="mentor: lee-park\n")
    result = attack(repo, SHARED, takeover, "lee-gh")
    assert codes(result) == [f"{SHARED}:9:1: error[not-session-lead]"]


def test_lead_and_coordinator_may_change_the_fields(repo: MemoryProgram) -> None:
    changed = shared_session(hours="2", head=CO_MENTORS.replace("1.5", "2"))
    assert attack(repo, SHARED, changed, "kim-gh").code == 0
    assert attack(repo, SHARED, changed.replace("hours: 2\n", "hours: 2.5\n", 1),
                  "ana-gh").code == 0


def test_lead_from_the_request_owns_the_session(repo: MemoryProgram) -> None:
    """A session without `mentor:` is led by its request's mentor (kim-osei)."""
    head = "co_mentors:\n  - mentor: lee-park\n    hours: 1.5\n"
    repo.add_to_base({SHARED: shared_session(head=head)})
    assert codes(attack(repo, SHARED, shared_session(hours="3", head=head), "lee-gh")) == [
        f"{SHARED}:4:1: error[not-session-lead]"]
    assert attack(repo, SHARED, shared_session(hours="2.5", head=head), "kim-gh").code == 0


def test_co_mentor_may_log_a_new_session_naming_the_lead(repo: MemoryProgram) -> None:
    """DESIGN: a mentor may add sessions they are the mentor or a co-mentor of."""
    own = note("lee-park", "2026-03-12T18:00", "Covered pricing.")
    assert attack(repo, NEW, shared_session("2026-03-12", [own]), "lee-gh").code == 0


# --- late_reason must hold visible words ---

INVISIBLE = ["\\u200b", "   ", "\\t", "\\u3164", "\\u115f\\u1160", "\\uffa0", "\\u00a0\\u2003",
             "\\u2060\\u2061", "\\u200e\\u202e", "\\u00ad", "\\U000e0041"]


@pytest.fixture
def plain(tmp_path: Path) -> MemoryProgram:
    """The base program alone: nothing on it is dated after the late clock."""
    return MemoryProgram.create(tmp_path / "plain")


@pytest.mark.parametrize("reason", INVISIBLE)
def test_invisible_late_reason(plain: MemoryProgram, reason: str) -> None:
    content = shared_session("2026-02-10", []) + f'late_reason: "{reason}"\n'
    path = "records/sessions/2026/02/2026-02-10-r-2026-001.yaml"
    result = attack(plain, path, content, "kim-gh", now="2026-03-03T00:00")
    assert codes(result) == [f"{path}:13:1: error[late-without-reason]"]
    assert "in words" in result.out


@pytest.mark.parametrize("reason", ["\\u200bpaper form", "٣", "日本出張", "Was ill"])
def test_visible_late_reason(plain: MemoryProgram, reason: str) -> None:
    content = shared_session("2026-02-10", []) + f'late_reason: "{reason}"\n'
    path = "records/sessions/2026/02/2026-02-10-r-2026-001.yaml"
    assert attack(plain, path, content, "kim-gh", now="2026-03-03T00:00").code == 0


@pytest.mark.parametrize(("reason", "code"), [("\u200b", 2), ("   ", 2), ("\u3164", 2),
                                              ("Paper notes typed up late", 0)])
def test_new_asks_for_a_visible_late_reason(repo: MemoryProgram, reason: str, code: int) -> None:
    """`mentorlog new` uses the same test as `check` (the session is long past its deadline)."""
    args = ["--repo", str(repo.root), "new", "session", "--request", "r-2026-001",
            "--date", "2026-02-10", "--start", "10:00", "--hours", "1",
            "--attendance", "attended", "--topics", "financing", "--language", "English",
            "--mentoring-type", "face_to_face", "--late-reason", reason]
    result = run_main(args)
    assert result.code == code, result.err
    assert ("--late-reason" in result.err) == (code == 2)


# --- the two helpers, directly ---

@pytest.mark.parametrize(("value", "visible"), [
    ("\u200b", False), ("\u3164\u115f\u1160\uffa0", False), ("\u2028\u2029\x85", False),
    ("\u061c\u180e", False), ("", False), (None, False), (3, False), ("a", True),
    ("\u200b7", True), ("é", True), ("\u0661", True),
])
def test_has_visible_words(value: object, visible: bool) -> None:
    assert has_visible_words(value) is visible


@pytest.mark.parametrize("value", ["2026-03-05T16:25", "2026-03-05T16:25:00",
                                   "2026-03-05T16:25-05:00", "2026-03-05T21:25Z"])
def test_instant_of_a_note_time(value: str) -> None:
    assert instant(value, ZoneInfo("America/New_York")) == datetime(2026, 3, 5, 21, 25,
                                                                     tzinfo=UTC)


@pytest.mark.parametrize("value", ["2026-03-05", "2026-02-30T10:00", "soon",
                                   "0001-01-01T00:00+05:00"])
def test_no_instant(value: str) -> None:
    assert instant(value, ZoneInfo("America/New_York")) is None
