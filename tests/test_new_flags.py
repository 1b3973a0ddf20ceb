"""`mentorlog new` from flags alone (no terminal): nothing guessed, nothing asked as JSON.

The request decides who (its mentor); how a session was held is the mentor's to say. Each
structured field has flags of its own, and a missing required field is a usage error that
names its flags.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from helpers import run_main
from mentorlog.cli.new import reference_parser
from mentorlog.scaffold import planned_files

BUSINESS_TODAY = datetime.now(ZoneInfo("America/New_York")).date().isoformat()
YOUTH_TODAY = datetime.now(ZoneInfo("America/Chicago")).date().isoformat()
# r-2026-001's latest session was online (video), in English, on financing and other.
SESSION = ["new", "session", "--request", "r-2026-001", "--date", BUSINESS_TODAY,
           "--start", "10:00", "--hours", "1", "--attendance", "attended"]
# m-sam-r-2025: lead ida-cole, co-mentor ben-ruiz.
YOUTH_SESSION = ["new", "session", "--request", "m-sam-r-2025", "--date", YOUTH_TODAY,
                 "--start", "11:30", "--hours", "0.5", "--attendance", "attended",
                 "--type", "mentoring_hours", "--interaction", "in_person"]


def written(repo: Path, out: str) -> dict[str, object]:
    data = yaml.safe_load((repo / out.strip()).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_how_a_session_was_held_is_never_copied(business_repo: Path) -> None:
    result = run_main(SESSION, cwd=business_repo)
    assert result.code == 2
    assert "missing: --mentoring-type, --topics, --language" in result.err
    assert not (business_repo / "records" / "sessions" / BUSINESS_TODAY[:4] /
                BUSINESS_TODAY[5:7]).exists()


def test_a_telephone_session_carries_no_online_type(business_repo: Path) -> None:
    result = run_main([*SESSION, "--mentoring-type", "telephone", "--online-type", "",
                       "--topics", "tax", "--language", "English"], cwd=business_repo)
    assert result.code == 0, result.err
    data = written(business_repo, result.out)
    assert data["mentoring_type"] == "telephone"
    assert "online_type" not in data and "location" not in data
    assert data["topics"] == ["tax"] and "other_topic" not in data


def test_an_online_session_needs_its_online_type(business_repo: Path) -> None:
    result = run_main([*SESSION, "--mentoring-type", "online", "--topics", "other",
                       "--language", "English"], cwd=business_repo)
    assert result.code == 2
    assert "missing: --online-type, --other-topic" in result.err


def test_co_mentors_are_flags_and_hours_default_to_the_session(business_repo: Path) -> None:
    result = run_main([*SESSION, "--mentoring-type", "face_to_face", "--topics", "tax",
                       "--language", "English", "--co-mentor", "lee-park",
                       "--co-mentor", "ana-diaz:0.5", "--note", "Priced the menu."],
                      cwd=business_repo)
    assert result.code == 1  # ana-diaz is not on the request: checked like any record
    assert "ana-diaz" in result.out
    result = run_main([*SESSION, "--mentoring-type", "face_to_face", "--topics", "tax",
                       "--language", "English", "--co-mentor", "lee-park:0.75"],
                      cwd=business_repo)
    assert result.code == 0, result.out + result.err
    assert written(business_repo, result.out)["co_mentors"] == [
        {"mentor": "lee-park", "hours": 0.75}]


def test_a_co_mentor_without_hours_has_the_sessions(business_repo: Path) -> None:
    result = run_main([*SESSION, "--mentoring-type", "telephone", "--topics", "tax",
                       "--language", "English", "--co-mentor", "lee-park"], cwd=business_repo)
    assert result.code == 0, result.out + result.err
    assert written(business_repo, result.out)["co_mentors"] == [{"mentor": "lee-park",
                                                                 "hours": 1}]


@pytest.mark.parametrize(("mentor", "signed"), [(None, "ida-cole"), ("ben-ruiz", "ben-ruiz")])
def test_the_first_note_is_the_sessions_mentors(youth_repo: Path, mentor: str | None,
                                                signed: str) -> None:
    extra = ["--mentor", mentor] if mentor else []
    result = run_main([*YOUTH_SESSION, *extra, "--safety-concern", "no",
                       "--note", "We read together."], cwd=youth_repo)
    assert result.code == 0, result.out + result.err
    notes = written(youth_repo, result.out)["notes"]
    assert isinstance(notes, list) and notes[0]["by"] == signed


def test_a_youth_session_needs_its_note(youth_repo: Path) -> None:
    result = run_main([*YOUTH_SESSION, "--safety-concern", "no"], cwd=youth_repo)
    assert result.code == 2 and "missing: --note" in result.err


def test_a_safety_concern_needs_its_report_as_flags(youth_repo: Path) -> None:
    args = [*YOUTH_SESSION, "--safety-concern", "yes", "--note", "Reported a concern."]
    result = run_main(args, cwd=youth_repo)
    assert result.code == 2
    assert "missing: --safety-reported-to, --safety-reported-at" in result.err
    result = run_main([*args, "--safety-reported-to", "Dana Whitfield (site contact)",
                       "--safety-reported-at", f"{YOUTH_TODAY}T12:10"], cwd=youth_repo)
    assert result.code == 0, result.out + result.err
    assert written(youth_repo, result.out)["safety_report"] == {
        "reported_to": "Dana Whitfield (site contact)", "reported_at": f"{YOUTH_TODAY}T12:10"}


@pytest.mark.parametrize(("grade", "value"), [("4", 4), ("12", 12), ("K", "K"), ("PK", "PK")])
def test_every_grade_is_accepted(youth_repo: Path, grade: str, value: object) -> None:
    result = run_main(["new", "client", "--name", "Ana B.", "--site", "lincoln-elementary",
                       "--grade", grade], cwd=youth_repo)
    assert result.code == 0, result.out + result.err
    assert written(youth_repo, result.out)["grade"] == value


def test_a_grade_out_of_range_is_a_problem(youth_repo: Path) -> None:
    result = run_main(["new", "client", "--name", "Ana B.", "--site", "lincoln-elementary",
                       "--grade", "13"], cwd=youth_repo)
    assert result.code == 1 and "PK, K or a grade from 1 to 12" in result.out


def test_a_site_contact_is_asked_for_field_by_field(youth_repo: Path) -> None:
    args = ["new", "site", "--name", "Oak School", "--contact-name", "Dana Whitfield",
            "--contact-email", "dana@example.org"]
    result = run_main(args, cwd=youth_repo)
    assert result.code == 2 and "missing: --contact-phone" in result.err
    result = run_main([*args, "--contact-phone", "555-0100"], cwd=youth_repo)
    assert result.code == 0, result.out + result.err
    assert written(youth_repo, result.out)["contact"] == {
        "name": "Dana Whitfield", "email": "dana@example.org", "phone": "555-0100"}


def test_no_flag_takes_json(business_repo: Path, youth_repo: Path) -> None:
    for repo, kinds in ((business_repo, ("session", "request", "client", "mentor")),
                        (youth_repo, ("session", "request", "client", "mentor", "site"))):
        for kind in kinds:
            result = run_main(["new", kind, "--help"], cwd=repo)
            assert result.code == 0
            assert "JSON" not in result.out, (repo.name, kind)
            for structured in ("--safety-report ", "--contact ", "--attachments "):
                assert structured not in result.out, (kind, structured)
    assert "--co-mentor MENTOR[:HOURS]" in run_main(["new", "session", "--help"],
                                                    cwd=business_repo).out


def test_business_help_speaks_business(business_repo: Path) -> None:
    client = run_main(["new", "client", "--help"], cwd=business_repo).out
    assert "child" not in client and "--site" not in client and "--grade" not in client
    for kind in ("request", "session"):
        text = run_main(["new", kind, "--help"], cwd=business_repo).out.lower()
        assert "mentee" not in text and "match" not in text, kind


def test_the_reference_help_marks_each_profiles_own_words() -> None:
    text = " ".join(reference_parser("client").format_help().split())
    assert "(youth programs) First name and last initial" in text
    assert "(business programs) The client's name." in text
    assert "(youth programs) School grade" in text


def test_the_youth_settings_do_not_speak_of_the_sba() -> None:
    youth = planned_files("youth", "A youth program")["mentorlog.yaml"]
    business = planned_files("business", "A chapter")["mentorlog.yaml"]
    assert isinstance(youth, str) and isinstance(business, str)
    assert "SBA" not in youth and "(SBA: October)" in business
    assert yaml.safe_load(youth)["program"]["fiscal_year_start"] == 10


def test_a_co_mentors_unreadable_hours_name_the_flag(business_repo: Path) -> None:
    result = run_main([*SESSION, "--mentoring-type", "telephone", "--topics", "tax",
                       "--language", "English", "--co-mentor", "lee-park:lots"],
                      cwd=business_repo)
    assert result.code == 2
    assert "--co-mentor: the hours part is no number (e.g. 1.5)" in result.err
    assert "lots" not in result.err
