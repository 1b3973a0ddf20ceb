"""`mentorlog from-issue`: issue bodies rendered exactly as GitHub renders the generated form
(`issuebodies.render` plays GitHub), for both profiles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from helpers import SECRET, SECRET_MARK, run_main, tree_digest
from issuebodies import render

NOW = "2026-03-12T09:00"  # the March sessions below are on time; February's deadline passed
BUSINESS = {"request": "r-2026-001", "date": "2026-03-11", "start": "14:00", "end": "15:30",
            "hours": "1.5", "attendance": "attended", "mentoring_type": "online",
            "online_type": "video", "topics": ["financing", "cash_flow"], "language": "Spanish",
            "prep_hours": "0.5", "travel_hours": "0", "completes_request": "No",
            "note": "Reviewed the cash-flow worksheet.\n\nNext: the loan application."}
YOUTH = {"request": "m-sam-r-2025", "date": "2026-03-09", "start": "11:30", "end": "12:00",
         "hours": "0.5", "attendance": "attended", "type": "mentoring_hours",
         "interaction": "in_person", "safety_concern": "Yes",
         "safety_report-reported_to": "The site contact", "safety_report-reported_at":
         "2026-03-09T12:10", "resource_needs": ["clothing"], "note": "We read together."}


def from_issue(repo: Path, body: str, author: str, *extra: str) -> Any:
    (repo / "issue.md").write_text(body, encoding="utf-8")
    return run_main(["--repo", str(repo), "from-issue", "--author", author, "--now", NOW,
                     *extra, str(repo / "issue.md")])


def test_every_field_filled_becomes_the_record(business_repo: Path) -> None:
    # GitHub logins ignore case
    result = from_issue(business_repo, render(business_repo, BUSINESS), "Kim-Osei")
    assert (result.code, result.err) == (0, "")
    rel = "records/sessions/2026/03/2026-03-11-r-2026-001.yaml"
    assert result.out == rel + "\n"
    header, text = (business_repo / rel).read_text(encoding="utf-8").split("\n", 1)
    assert header.startswith("# yaml-language-server: $schema=")  # the bundled schema here
    assert text == """\
request: r-2026-001
date: 2026-03-11
start: 14:00
end: 15:30
hours: 1.5
attendance: attended
mentoring_type: online
online_type: video
topics: [financing, cash_flow]
language: Spanish
prep_hours: 0.5
travel_hours: 0
completes_request: false
notes:
  - by: kim-osei
    at: 2026-03-12T09:00
    text: |-
      Reviewed the cash-flow worksheet.

      Next: the loan application.
"""
    assert run_main(["--repo", str(business_repo), "validate"]).code == 0
    # never overwritten
    again = from_issue(business_repo, render(business_repo, BUSINESS), "kim-osei")
    assert (again.code, again.out) == (1, "Start: error[duplicate-session]: `r-2026-001` has "
                                          f"another session on `2026-03-11` at `14:00`: {rel}\n")


def test_empty_optional_fields_are_left_out(business_repo: Path) -> None:
    answers = {k: v for k, v in BUSINESS.items() if k in (
        "request", "date", "start", "hours", "attendance", "topics", "language")}
    answers["mentoring_type"] = "telephone"
    result = from_issue(business_repo, render(business_repo, answers), "kim-osei")
    assert result.code == 0, result.out
    text = (business_repo / result.out.strip()).read_text(encoding="utf-8")
    assert "mentor:" not in text and "end:" not in text and "notes:" not in text
    assert "mentoring_type: telephone\ntopics: [financing, cash_flow]\n" in text


def test_a_co_mentor_logs_as_themself(business_repo: Path) -> None:
    (business_repo / "records/mentors/lee-park.yaml").write_text(
        "name: Lee Park\nemail: lee.park@example.org\ngithub: lee-gh\nrole: mentor\n")
    result = from_issue(business_repo, render(business_repo, BUSINESS), "lee-gh")
    assert result.code == 0, result.out
    text = (business_repo / result.out.strip()).read_text(encoding="utf-8")
    assert "request: r-2026-001\nmentor: lee-park\n" in text and "  - by: lee-park\n" in text


@pytest.mark.parametrize("reason, code", [(None, 1), ("Was travelling.", 0)])
def test_a_late_session_needs_its_reason(business_repo: Path, reason: str | None,
                                         code: int) -> None:
    answers = {**BUSINESS, "date": "2026-02-03", "late_reason": reason}
    result = from_issue(business_repo, render(business_repo, answers), "kim-osei",
                        "--format", "markdown")
    assert result.code == code, result.out
    if code:
        assert "- :x: **Date**: entered after its deadline\\, the end of 2026\\-03\\-02 " \
            in result.out
        assert "(`late-without-reason`)" in result.out
        # the form's words: its "Late reason" field, not the record's `late_reason:`
        assert 'add \\"Late reason\\" saying in words' in result.out
        assert "late\\_reason" not in result.out
        assert not (business_repo / "records/sessions/2026/02/2026-02-03-r-2026-001.yaml").exists()
    else:
        assert "late_reason: Was travelling." in (business_repo / result.out.strip()).read_text()


def test_typos_point_at_their_field_and_write_nothing(business_repo: Path) -> None:
    """A mentor who edits the issue's Markdown can write anything: each mistake is a problem
    at its field's label, and the value is never repeated."""
    before = tree_digest(business_repo)
    body = render(business_repo, {**BUSINESS, "request": "r-2026-999", "hours": "1.3"})
    body = body.replace("- [X] financing", "- [X] financin")
    result = from_issue(business_repo, body, "kim-osei")
    assert result.code == 1
    assert result.out.splitlines() == [
        "Hours: error[issue-form]: is not one of the form's options: choose one of them",
        "Topics: error[issue-form]: has a line that is not one of the form's checkboxes: edit "
        "the issue so only the form's options remain"]
    fixed = render(business_repo, {**BUSINESS, "request": "r-2026-999", "date": "2026-03-41"})
    result = from_issue(business_repo, fixed, "kim-osei", "--format", "markdown")
    assert result.code == 1
    assert "- :x: **Request**: " in result.out and "r\\-2026\\-999" not in result.out
    assert "- :x: **Date**: " in result.out and "41" not in result.out
    after = tree_digest(business_repo)
    assert after == before | {"issue.md": after["issue.md"]}


def test_a_missing_required_answer_and_a_repeated_heading(business_repo: Path) -> None:
    body = render(business_repo, {**BUSINESS, "attendance": None})
    result = from_issue(business_repo, body + "\n\n### Hours\n\n2", "kim-osei")
    assert result.code == 1
    assert result.out.splitlines() == [
        "Hours: error[issue-form]: the heading of this field appears more than once: edit the "
        "issue so each field of the form appears once",
        "Attendance: error[issue-form]: this field is required"]


def test_a_login_that_is_no_mentor_writes_nothing(business_repo: Path) -> None:
    before = tree_digest(business_repo)
    result = from_issue(business_repo, render(business_repo, BUSINESS), "someone-else")
    assert result.code == 1
    assert result.out == ("the form as a whole: error[unknown-author]: the issue's author is "
                          "not the GitHub login of any active mentor: a coordinator adds it as "
                          "`github:` to your mentor record\n")
    assert tree_digest(business_repo).keys() == before.keys() | {"issue.md"}


HOSTILE = (f"<img src=x onerror=alert(1)> [click](https://evil.example) ${{{{ github.token }}}} "
           f"@everyone **{SECRET}** `rm -rf /` <!-- -->")


def test_a_hostile_body_is_data_never_markup(business_repo: Path) -> None:
    answers = {**BUSINESS, "note": HOSTILE + "\n### Not a field\nstill the note"}
    result = from_issue(business_repo, render(business_repo, answers), "kim-osei")
    assert result.code == 0, result.out  # the note is the mentor's text: kept as written
    text = (business_repo / result.out.strip()).read_text(encoding="utf-8")
    assert HOSTILE in text and "### Not a field" in text
    # a line that is one of the form's headings cannot smuggle in another answer
    answers["note"] = "fine\n\n### Hours\n\n24"
    result = from_issue(business_repo, render(business_repo, {**answers, "date": "2026-03-10"}),
                        "kim-osei")
    assert result.out.startswith("Hours: error[issue-form]: the heading of this field appears "
                                 "more than once"), result.out
    broken = render(business_repo, {**BUSINESS, "request": HOSTILE, "location": HOSTILE,
                               "date": "2026-03-12", "other_language": SECRET})
    result = from_issue(business_repo, broken, "kim-osei", "--format", "markdown")
    assert result.code == 1
    assert SECRET_MARK not in result.out and "${{" not in result.out
    assert not re.search(r"(?<!\\)[<>\[\]`*_]", result.out.replace("(`", "").replace("`)", "")
                         .replace("**", "").replace("- :x:", ""))  # every bracket escaped
    assert "evil" not in result.out and "@everyone" not in result.out
    assert "**Request**" in result.out


def test_youth_safety_report_fills_the_nested_fields(youth_repo: Path) -> None:
    result = from_issue(youth_repo, render(youth_repo, YOUTH), "ida-cole")
    assert result.code == 0, result.out
    text = (youth_repo / result.out.strip()).read_text(encoding="utf-8")
    assert ("safety_concern: true\nsafety_report:\n  reported_to: The site contact\n"
            "  reported_at: 2026-03-09T12:10\nresource_needs: [clothing]\n") in text
    assert "notes:\n  - by: ida-cole\n    at: 2026-03-12T09:00\n    text: We read together.\n" \
        in text


def test_youth_needs_the_report_and_the_note(youth_repo: Path) -> None:
    answers = {k: v for k, v in YOUTH.items() if not k.startswith("safety_report")}
    result = from_issue(youth_repo, render(youth_repo, {**answers, "note": None}), "ida-cole")
    assert result.out.splitlines() == ["Note: error[issue-form]: this field is required"]
    result = from_issue(youth_repo, render(youth_repo, answers), "ida-cole", "--format", "markdown")
    assert result.code == 1
    assert "**the form as a whole**: a safety concern needs safety\\_report" in result.out


def test_standard_input_and_windows_line_breaks(business_repo: Path) -> None:
    import io
    import sys
    body = render(business_repo, BUSINESS).replace("\n", "\r\n").encode()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(body))
    try:
        result = run_main(["--repo", str(business_repo), "from-issue", "--author", "kim-osei",
                           "--now", NOW, "-"])
    finally:
        sys.stdin = stdin
    assert result.code == 0, result.out
    assert "\r" not in (business_repo / result.out.strip()).read_text(encoding="utf-8")


@pytest.mark.parametrize("char", ["\x07", "\u2028", "\x1b"])
def test_a_control_character_is_a_problem_at_its_field(business_repo: Path, char: str) -> None:
    """A record cannot hold one (the loader refuses it): said at the field, not exit 2."""
    body = render(business_repo, {**BUSINESS, "note": f"bell{char}here"})
    result = from_issue(business_repo, body, "kim-osei")
    assert (result.code, result.out) == (1, "Note: error[issue-form]: holds a control "
                                            "character, which a record cannot hold: remove it\n")
