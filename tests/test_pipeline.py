"""The two pipelines (pipeline.py) and the one homes they lean on: the records/ layout,
who is on a session, a session's deadline, and `new`'s options from the program's schemas."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import BAD_SESSION, BAD_SESSION_TEXT
from gitprogram import GitProgram, session_text
from helpers import TODAY, make_program, run_main
from mentorlog.changeset import Side
from mentorlog.deadlines import passed_deadline
from mentorlog.index import RecordIndex, request_mentors
from mentorlog.pipeline import check_program, validate_program
from mentorlog.problems import MentorlogError
from mentorlog.program import Program, load_program
from mentorlog.records import (
    Record,
    attachment_request,
    classify,
    is_session,
    profile_folders,
    record_path,
)
from mentorlog.repo import Repo
from mentorlog.schemas import KINDS
from mentorlog.settings import Settings
from mentorlog.yamlload import Document

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

NY = ZoneInfo("America/New_York")
LATE_SESSION = "records/sessions/2026/02/2026-02-10-r-2026-001.yaml"  # due: end of 2026-03-02


def open_program(root: Path) -> Program:
    return Program.open(Repo(root.resolve()))


# --- the pipelines ---

def test_validate_program_reports_the_bad_session(tmp_path: Path) -> None:
    root = make_program(tmp_path / "bad", "business", files={BAD_SESSION: BAD_SESSION_TEXT})
    result = validate_program(open_program(root), today=TODAY)
    assert [(p.path, p.line, p.column, p.severity, p.code) for p in result.problems] == [
        (BAD_SESSION, 4, 8, "error", "schema"),
        (BAD_SESSION, 9, 20, "warning", "completes-open-request"),
        (BAD_SESSION, 11, 9, "error", "unknown-reference"),
    ]
    assert result.checked == 12


def test_check_program_is_validate_plus_the_policy(tmp_path: Path) -> None:
    repo = GitProgram.create(tmp_path / "program")
    repo.write(LATE_SESSION, session_text(date="2026-02-10"))  # late, and no late_reason
    repo.write("records/clients/bright-bakery.yaml", "name: 7\n")  # a schema error
    program, now = open_program(repo.root), datetime(2026, 3, 3, 5, tzinfo=UTC)
    validated = validate_program(program, today=date(2026, 3, 3))
    checked = check_program(program, now=now)
    assert set(validated.problems) < set(checked.problems)
    assert [p.code for p in validated.problems] == ["schema"]
    added = [(p.path, p.code) for p in set(checked.problems) - set(validated.problems)]
    assert added == [(LATE_SESSION, "late-without-reason")]
    assert checked.checked == validated.checked


def test_loaded_index_is_built_once(business_repo: Path) -> None:
    loaded = load_program(open_program(business_repo))
    assert loaded.index is loaded.index
    assert loaded.index.all("session")  # built from the records loaded


# --- the records/ layout ---

@pytest.mark.parametrize("profile", sorted(KINDS))
def test_record_path_is_where_classify_finds_the_record(profile: str) -> None:
    for kind in KINDS[profile]:
        rel = record_path(kind, "some-id", "2026-03-17")
        record, problems = classify(rel, profile)
        assert problems == [] and record is not None
        assert (record.kind, record.id) == (kind, "some-id")
        assert is_session(rel) == (kind == "session")


def test_a_session_path_needs_a_day() -> None:
    with pytest.raises(MentorlogError, match="--date YYYY-MM-DD"):
        record_path("session", "some-id", "17 March")
    assert record_path("session", "x1", "2026-03-17") == "records/sessions/2026/03/x1.yaml"


def test_attachment_request_and_profile_folders() -> None:
    assert attachment_request("records/attachments/r-2026-001/plan.txt") == "r-2026-001"
    assert profile_folders("business") == ("mentors", "clients", "requests", "sessions",
                                           "attachments")
    assert profile_folders("youth") == ("mentors", "clients", "sites", "requests", "sessions")


# --- who is on a session: the index and the policy's sides ask the same functions ---

def record(kind: str, record_id: str, data: dict[str, object], day: str = "") -> Record:
    return Record(record_path(kind, record_id, day), kind, record_id, Document(data))


@pytest.mark.parametrize(("session", "lead", "everyone"), [
    ({"request": "r1", "co_mentors": [{"mentor": "lee"}]}, "kim", {"kim", "lee"}),
    ({"request": "r1", "mentor": "sam"}, "sam", {"sam"}),
    ({"request": "nowhere"}, None, set()),
])
def test_index_and_sides_agree_on_a_sessions_mentors(session: dict[str, object],
                                                     lead: str | None,
                                                     everyone: set[str]) -> None:
    request = record("request", "r1", {"mentor": "kim", "co_mentors": ["lee"]})
    found = record("session", "s1", session, "2026-03-17")
    index = RecordIndex.build([request, found])
    side = Side({r.path: r.doc for r in (request, found) if r.doc is not None})
    assert index.session_mentor(found) == side.lead(found.path) == lead
    assert side.session_mentors(found.path) == everyone
    assert request_mentors(request.data) == side.request_mentors("r1") == {"kim", "lee"}


# --- a session's deadline ---

@pytest.mark.parametrize(("rule", "now", "said"), [
    ("first_monday_next_month", datetime(2026, 3, 2, 23, 59, tzinfo=NY), None),
    ("first_monday_next_month", datetime(2026, 3, 3, 0, 0, tzinfo=NY),
     "end of 2026-03-02 (America/New_York)"),
    ("none", datetime(2030, 1, 1, tzinfo=NY), None),
])
def test_passed_deadline(rule: str, now: datetime, said: str | None) -> None:
    settings = Settings(deadline_rule=rule)
    assert passed_deadline(date(2026, 2, 10), settings, now) == said
    assert passed_deadline(None, settings, now) is None  # no readable date: nothing to judge


# --- `new KIND`: the options of the program's own schemas ---

def options(*argv: str, cwd: Path | None = None) -> set[str]:
    result = run_main(list(argv), cwd=cwd)
    assert result.code == 0, result.err
    return {word.rstrip(",") for word in result.out.split() if word.startswith("--")}


def test_new_offers_the_programs_own_fields(youth_repo: Path, business_repo: Path,
                                           tmp_path: Path) -> None:
    youth = options("--repo", str(youth_repo), "new", "session", "--help")
    assert "--safety-concern" in youth and "--language" not in youth
    business = options("new", "session", "--repo", str(business_repo), "--help")
    assert "--language" in business and "--safety-concern" not in business
    assert options("new", "session", "--help", cwd=tmp_path) >= youth | business  # no program


def test_new_offers_the_settings_applied(business_repo: Path) -> None:
    settings = business_repo / "mentorlog.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  fiscal_year_start: 10\n", "  fiscal_year_start: 10\n  languages: [English, Somali]\n"),
        encoding="utf-8")
    result = run_main(["--repo", str(business_repo), "new", "session", "--help"])
    assert "One of: English, Somali, other." in " ".join(result.out.split())


def test_the_package_is_a_library(business_repo: Path) -> None:
    """The public face: open a program, run a pipeline, print the result, all from
    `import mentorlog` (what the package's docstring shows)."""
    import mentorlog

    assert all(hasattr(mentorlog, name) for name in mentorlog.__all__)
    program = mentorlog.open_program(business_repo)
    result = mentorlog.validate_program(program, today=TODAY)
    assert mentorlog.as_text(result.problems, result.checked).endswith(
        f"{result.checked} files checked: all valid\n")
    with pytest.raises(mentorlog.MentorlogError):
        mentorlog.open_program(business_repo / "records")  # records/ is no program
