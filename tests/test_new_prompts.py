"""`mentorlog new` at a terminal: a mentor played through each prompt flow of both profiles.

The real console script of this checkout runs on a pseudo-terminal (so `isatty()` is true);
each test gives the prompts it expects, in order, with the answers a mentor types, and checks
both the prompts shown and the record written.
"""

from __future__ import annotations

import os
import select
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from helpers import VENV_BIN, make_program

BUSINESS_TODAY = datetime.now(ZoneInfo("America/New_York")).date().isoformat()
YOUTH_TODAY = datetime.now(ZoneInfo("America/Chicago")).date().isoformat()
CTRL_D = b"\x04"  # end of input, sent when a prompt comes that the test did not expect


def play(args: list[str], repo: Path,
         script: list[tuple[str, str]]) -> tuple[list[str], str, int]:
    """Run `mentorlog ARGS` in `repo` on a pty; answer the n-th prompt with the n-th answer.
    Returns the prompt lines shown, everything printed, and the exit code."""
    controller, terminal = os.openpty()
    process = subprocess.Popen([str(VENV_BIN / "mentorlog"), *args], cwd=repo,
                               stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    answers = [answer for _, answer in script]
    prompts: list[str] = []
    transcript = pending = ""
    while chunk := _read(controller):
        transcript, pending = transcript + chunk, pending + chunk
        if pending.endswith(": "):
            prompts.append(pending.splitlines()[-1])
            reply = (answers.pop(0) + "\n").encode() if answers else CTRL_D
            os.write(controller, reply)
            pending = ""
    os.close(controller)
    return prompts, transcript.replace("\r\n", "\n"), process.wait(timeout=60)


def _read(controller: int) -> str:
    """The next output; empty once the program has ended and closed the terminal."""
    select.select([controller], [], [])
    try:
        return os.read(controller, 4096).decode()
    except OSError:  # EIO: the other end closed
        return ""


def check_prompts(prompts: list[str], script: list[tuple[str, str]]) -> None:
    assert len(prompts) == len(script), prompts
    for shown, (expected, _) in zip(prompts, script, strict=True):
        assert shown.startswith(expected), (shown, expected)


def record(repo: Path, transcript: str) -> dict[str, object]:
    path = transcript.strip().splitlines()[-1]
    data = yaml.safe_load((repo / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_business_session_offers_last_time_and_never_keeps_online(business_repo: Path) -> None:
    script = [("Date (e.g. 2026-03-10): ", BUSINESS_TODAY),
              ("Start (e.g. 14:00): ", "25:99"),  # a typo: that answer alone is asked again
              ("Start (e.g. 14:00): ", "10:00"),
              ("Hours (e.g. 1.5): ", "1"),
              ("Attendance [attended, no_show, mentor_absent, cancelled]: ", "attended"),
              ("Mentoring type [face_to_face, online, telephone] (Enter keeps: online): ",
               "face_to_face"),
              ("Topics [business_plan", "tax"),
              ("Language [", ""),
              ("Note (what happened; Enter to skip): ", "Priced the menu.")]
    prompts, transcript, code = play(["new", "session", "--request", "r-2026-001"],
                                     business_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert "(Enter keeps: financing, other)" in prompts[6]
    assert "(Enter keeps: English)" in prompts[7]
    assert "`Start`" in transcript  # what was wrong with the typo, said before asking again
    data = record(business_repo, transcript)
    assert data["mentoring_type"] == "face_to_face" and "online_type" not in data
    assert data["topics"] == ["tax"] and data["language"] == "English"
    assert data["notes"] == [{"by": "kim-osei", "at": data["notes"][0]["at"],  # type: ignore[index]
                              "text": "Priced the menu."}]


def test_business_session_held_as_last_time_confirms_each_default(business_repo: Path) -> None:
    script = [("Date", BUSINESS_TODAY), ("Start", "09:00"), ("Hours", "0.75"),
              ("Attendance", "attended"), ("Mentoring type", ""),
              ("Online type [email, video, chat] (Enter keeps: video): ", ""),
              ("Topics", ""), ("Other topic (e.g. ", "Grant paperwork"), ("Language", ""),
              ("Note", "")]
    prompts, transcript, code = play(["new", "session", "--request", "r-2026-001"],
                                     business_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    data = record(business_repo, transcript)
    assert (data["mentoring_type"], data["online_type"]) == ("online", "video")
    assert data["topics"] == ["financing", "other"] and data["other_topic"] == "Grant paperwork"
    assert "notes" not in data


def test_youth_session_asks_a_yes_no_question_and_for_the_report(youth_repo: Path) -> None:
    script = [("Date", YOUTH_TODAY), ("Start", "11:30"), ("Hours", "0.5"),
              ("Attendance", "attended"),
              ("Type of mentoring [mentoring_hours, group_activity] (Enter keeps: "
               "mentoring_hours): ", ""),
              ("Interaction [in_person, virtual] (Enter keeps: in_person): ", "virtual"),
              ("Safety concern [yes/no]: ", "maybe"),
              ("Safety concern [yes/no]: ", "yes"),
              ("Safety report: Reported to (e.g. ", "Dana Whitfield (site contact)"),
              ("Safety report: Reported at (e.g. ", f"{YOUTH_TODAY}T12:10"),
              ("Note (what happened): ", "Reported what Sam said to the site contact.")]
    prompts, transcript, code = play(["new", "session", "--request", "m-sam-r-2025"],
                                     youth_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert "e.g. False" not in transcript and "Enter to skip" not in transcript
    data = record(youth_repo, transcript)
    assert data["safety_concern"] is True and data["interaction"] == "virtual"
    assert data["safety_report"] == {"reported_to": "Dana Whitfield (site contact)",
                                     "reported_at": f"{YOUTH_TODAY}T12:10"}


def test_youth_session_without_its_note_writes_nothing(youth_repo: Path) -> None:
    script = [("Date", YOUTH_TODAY), ("Start", "11:30"), ("Hours", "0.5"),
              ("Attendance", "no_show"), ("Type of mentoring", ""), ("Interaction", ""),
              ("Safety concern", "no"), ("Note (what happened): ", "")]
    before = sorted((youth_repo / "records").rglob("*"))
    prompts, transcript, code = play(["new", "session", "--request", "m-sam-r-2025"],
                                     youth_repo, script)
    check_prompts(prompts, script)
    assert code == 2 and "missing: --note" in transcript
    assert sorted((youth_repo / "records").rglob("*")) == before


def test_youth_site_asks_the_contact_field_by_field(youth_repo: Path) -> None:
    script = [("Name (e.g. Lincoln Elementary): ", "Oak School"),
              ("Site contact: Name (e.g. Dana Whitfield): ", "Dana Whitfield"),
              ("Site contact: Email (e.g. ", "dana@"),  # a typo: only the email is asked again
              ("Site contact: Email (e.g. ", "dana@example.org"),
              ("Site contact: Phone (e.g. 555-0100): ", "555-0100")]
    prompts, transcript, code = play(["new", "site"], youth_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert transcript.count("`Email` must be an email address") == 1
    assert record(youth_repo, transcript) == {
        "name": "Oak School",
        "contact": {"name": "Dana Whitfield", "email": "dana@example.org", "phone": "555-0100"}}


def test_youth_client_match_and_mentor(youth_repo: Path) -> None:
    script = [("Name (e.g. Sam R.): ", "Ana B."), ("School site (e.g. ", "lincoln-elementary")]
    prompts, transcript, code = play(["new", "client", "--grade", "4"], youth_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert record(youth_repo, transcript) == {"name": "Ana B.", "site": "lincoln-elementary",
                                              "grade": 4}
    script = [("Mentee (e.g. ", "ana-b"), ("Mentor (e.g. ", "mo-grant"),
              ("Opened (e.g. ", YOUTH_TODAY)]
    prompts, transcript, code = play(["new", "request"], youth_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert record(youth_repo, transcript)["client"] == "ana-b"
    script = [("Name (e.g. Kim Osei): ", "Ida Moss"),
              ("Email (e.g. kim.osei@example.org): ", "ida.moss@example.org")]
    prompts, transcript, code = play(["new", "mentor", "--github", "idamoss"], youth_repo,
                                     script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    assert record(youth_repo, transcript) == {"name": "Ida Moss", "github": "idamoss",
                                              "email": "ida.moss@example.org"}


def test_business_client_request_and_mentor(business_repo: Path) -> None:
    flows: list[tuple[list[str], list[tuple[str, str]], dict[str, object]]] = [
        (["new", "client"], [("Name (e.g. Rosa Delgado): ", "Rosa Delgado")],
         {"name": "Rosa Delgado"}),
        (["new", "request"], [("Client (e.g. rosa-delgado): ", "rosa-delgado"),
                              ("Mentor (e.g. kim-osei): ", "ana-diaz"),
                              ("Opened (e.g. 2026-01-15): ", "2026-11-02")],
         {"client": "rosa-delgado", "mentor": "ana-diaz", "opened": "2026-11-02"}),
        (["new", "mentor"], [("Name (e.g. Kim Osei): ", "Joe Ng"),
                             ("Email (e.g. kim.osei@example.org): ", "joe at example"),
                             ("Email (e.g. kim.osei@example.org): ", "joe@example.org")],
         {"name": "Joe Ng", "email": "joe@example.org"}),
    ]
    for args, script, expected in flows:
        prompts, transcript, code = play(args, business_repo, script)
        assert code == 0, transcript
        check_prompts(prompts, script)
        data = record(business_repo, transcript)
        assert {k: str(v) for k, v in data.items()} == expected, args


def test_a_request_asked_for_brings_its_defaults(business_repo: Path) -> None:
    script = [("Request (e.g. r-2026-014): ", "r-2026-001"), ("Date", BUSINESS_TODAY),
              ("Start", "09:00"), ("Hours", "1"), ("Attendance", "attended"),
              ("Mentoring type [face_to_face, online, telephone] (Enter keeps: online): ",
               "telephone"),
              ("Topics [business_plan", "tax"), ("Language [", ""), ("Note", "")]
    prompts, transcript, code = play(["new", "session"], business_repo, script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    data = record(business_repo, transcript)
    assert (data["request"], data["mentoring_type"]) == ("r-2026-001", "telephone")
    assert "online_type" not in data


FACE_TO_FACE = {"records/sessions/2026/03/2026-03-24-r-2026-001.yaml": """\
request: r-2026-001
date: 2026-03-24
start: 10:00
hours: 1
attendance: attended
mentoring_type: face_to_face
location: Chapter office, Room 2
topics: [tax]
language: English
"""}


def test_where_is_offered_only_for_a_session_held_the_same_way(tmp_path: Path) -> None:
    repo = make_program(tmp_path / "business", "business", files=FACE_TO_FACE)
    held = [("Date", BUSINESS_TODAY), ("Start", "09:00"), ("Hours", "1"),
            ("Attendance", "attended")]
    script = [*held, ("Mentoring type [face_to_face, online, telephone] (Enter keeps: "
                      "face_to_face): ", ""), ("Topics", "marketing_sales"), ("Language", ""),
              ("Location (e.g. Chapter office, Room 2) (Enter keeps: Chapter office, Room 2): ",
               ""), ("Note", "")]
    prompts, transcript, code = play(["new", "session", "--request", "r-2026-001"], repo,
                                     script)
    assert code == 0, transcript
    check_prompts(prompts, script)
    data = record(repo, transcript)
    assert (data["location"], data["topics"]) == ("Chapter office, Room 2", ["marketing_sales"])
    script = [*held, ("Mentoring type", "telephone"), ("Topics", ""), ("Language", ""),
              ("Note", "")]
    prompts, transcript, code = play(["new", "session", "--request", "r-2026-001",
                                      "--start", "16:00"], repo, script[:1] + script[2:])
    assert code == 0, transcript
    check_prompts(prompts, script[:1] + script[2:])
    assert "location" not in record(repo, transcript)
