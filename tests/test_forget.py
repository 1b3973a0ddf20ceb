"""`mentorlog forget client|mentor ID` on both demos: what goes, what stays, every refusal
(nothing changed then), and `validate` clean afterwards."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from helpers import (
    REPO_ROOT,
    SECRET,
    SECRET_MARK,
    YOUTH,
    copy_demo,
    raw_records,
    run_main,
    tree_digest,
)
from mentorlog import forget as forget_module
from mentorlog.forget import FORGET_DIR, PLACEHOLDER_EMAIL, PLACEHOLDER_NAME
from mentorlog.program import Program
from mentorlog.repo import Repo

# a business client with two requests, sessions and attachment folders
CLIENT, CLIENT_REQUESTS = "rosa-delgado", ("r-2025-031", "r-2026-014")
YOUTH_CLIENT, YOUTH_REQUEST = "diego-c", "m-diego-c-2025"


@pytest.fixture
def business(tmp_path: Path) -> Path:
    return copy_demo(REPO_ROOT, tmp_path / "business").resolve()


@pytest.fixture
def youth(tmp_path: Path) -> Path:
    return copy_demo(YOUTH, tmp_path / "youth").resolve()


def forget(repo: Path, kind: str, record_id: str) -> tuple[int, str, str]:
    result = run_main(["--repo", str(repo), "forget", kind, record_id])
    return result.code, result.out, result.err


def assert_valid(repo: Path) -> None:
    result = run_main(["--repo", str(repo), "validate"])
    assert result.code == 0 and result.out.rstrip().endswith("all valid"), result.out


def request_ids_of(repo: Path, client: str) -> list[str]:
    return sorted(p.stem for p in (repo / "records" / "requests").glob("*.yaml")
                  if f"client: {client}\n" in p.read_text(encoding="utf-8"))


def sessions_of(repo: Path, requests: tuple[str, ...] | list[str]) -> list[str]:
    found = []
    for path in sorted((repo / "records" / "sessions").rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("request: ") and line.removeprefix("request: ") in requests:
                found.append(path.relative_to(repo).as_posix())
    return found


# --- forget client ---

def test_business_client_goes_with_everything_only_theirs(business: Path) -> None:
    assert request_ids_of(business, CLIENT) == list(CLIENT_REQUESTS)
    sessions = sessions_of(business, CLIENT_REQUESTS)
    assert len(sessions) > 10
    before = tree_digest(business / "records")
    code, out, err = forget(business, "client", CLIENT)
    assert (code, err) == (0, "")
    gone = {f"clients/{CLIENT}.yaml", *(f"requests/{r}.yaml" for r in CLIENT_REQUESTS),
            *(s.removeprefix("records/") for s in sessions)}
    after = tree_digest(business / "records")
    removed = set(before) - set(after)
    assert gone <= removed
    # besides those files, only the two attachment folders (and emptied month folders) went
    assert all(r in gone or r.startswith(tuple(f"attachments/{q}" for q in CLIENT_REQUESTS))
               or before[r] == "dir" for r in removed)
    assert after == {k: before[k] for k in after}  # the rest as it was
    assert request_ids_of(business, CLIENT) == [] and sessions_of(business, CLIENT_REQUESTS) == []
    assert f"removed records/clients/{CLIENT}.yaml" in out
    assert_valid(business)


def test_the_paths_file_lists_each_removed_path_for_filter_repo(business: Path) -> None:
    sessions = sessions_of(business, CLIENT_REQUESTS)
    forget(business, "client", CLIENT)
    listed = (business / FORGET_DIR / f"client-{CLIENT}.paths").read_text().splitlines()
    assert set(listed) == {f"records/clients/{CLIENT}.yaml", *sessions,
                           *(f"records/requests/{r}.yaml" for r in CLIENT_REQUESTS),
                           *(f"records/attachments/{r}/" for r in CLIENT_REQUESTS)}
    assert not any((business / path).exists() for path in listed)
    expressions = (business / FORGET_DIR / f"client-{CLIENT}.replace").read_text().splitlines()
    assert expressions == [r"regex:(?i)(?<!\w)Rosa\ Delgado(?!\w)==>[removed]",
                           r"regex:(?i)(?<!\w)rosa\.delgado@example\.com(?!\w)==>[removed]",
                           r"regex:(?i)(?<!\w)\(413\)\ 555\-0142(?!\w)==>[removed]",
                           r"regex:(?i)(?<!\w)rosa\-delgado(?!\w)==>[removed]"]


def test_youth_client_goes_and_the_program_stays_valid(youth: Path) -> None:
    sessions = sessions_of(youth, [YOUTH_REQUEST])
    assert sessions and request_ids_of(youth, YOUTH_CLIENT) == [YOUTH_REQUEST]
    sites_before = tree_digest(youth / "records" / "sites")
    code, _, err = forget(youth, "client", YOUTH_CLIENT)
    assert (code, err) == (0, "")
    assert not (youth / "records" / "clients" / f"{YOUTH_CLIENT}.yaml").exists()
    assert not any((youth / s).exists() for s in sessions)
    assert tree_digest(youth / "records" / "sites") == sites_before  # shared: stays
    assert_valid(youth)


def test_records_that_still_name_the_person_are_listed_not_changed(business: Path) -> None:
    other = business / "records" / "requests" / "r-2025-034.yaml"  # another client's
    assert "Rosa" not in other.read_text()
    other.write_text(other.read_text() + "  - Buying from ROSA DELGADO's bakery?\n")
    before = other.read_text()
    code, out, _ = forget(business, "client", CLIENT)
    assert code == 0 and other.read_text() == before
    listed = out.split("still hold their name")[1].splitlines()[1:-1]
    assert listed == ["  records/requests/r-2025-034.yaml"]
    assert_valid(business)


def test_a_failure_midway_puts_every_file_back(business: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree_digest(business / "records")
    real_rename, calls = os.rename, []

    def failing_rename(src: Path, dst: Path) -> None:
        calls.append(src)
        if len(calls) == 6:  # after five files were moved away
            raise PermissionError(13, "Permission denied")
        real_rename(src, dst)

    monkeypatch.setattr(forget_module.os, "rename", failing_rename)
    code, out, err = forget(business, "client", CLIENT)
    assert code == 2 and "nothing changed" in err and out == ""
    assert len(calls) > 6  # the five moved ones were moved back
    assert tree_digest(business / "records") == before
    assert list((business / FORGET_DIR).iterdir()) == []  # the purge files went too


# --- forget mentor ---

def test_business_mentor_is_blanked_in_place_and_sessions_stay(business: Path) -> None:
    before = tree_digest(business / "records")
    code, out, err = forget(business, "mentor", "kim-osei")
    assert (code, err) == (0, "")
    after = tree_digest(business / "records")
    assert [k for k in before if before[k] != after.get(k)] == ["mentors/kim-osei.yaml"]
    mentor = (business / "records" / "mentors" / "kim-osei.yaml").read_text()
    assert mentor == (f"name: {PLACEHOLDER_NAME}\nemail: {PLACEHOLDER_EMAIL}\nrole: mentor\n"
                      "active: false\n")
    assert "blanked records/mentors/kim-osei.yaml" in out
    assert any(s.get("mentor") == "kim-osei" or any(n.get("by") == "kim-osei"
                                                    for n in s.get("notes", []))
               for s in raw_records(business, "sessions"))  # references kept, and resolve
    assert_valid(business)


def test_the_mentor_purge_files_rewrite_name_email_and_login(business: Path) -> None:
    forget(business, "mentor", "kim-osei")
    work = business / FORGET_DIR
    assert (work / "mentor-kim-osei.replace").read_text().splitlines() == [
        r"regex:(?i)(?<!\w)Kim\ Osei(?!\w)==>Former mentor",
        r"regex:(?i)(?<!\w)kim\.osei@example\.org(?!\w)==>former-mentor@example.invalid",
        r"regex:(?i)(?<!\w)kimosei(?!\w)==>former-mentor"]
    assert (work / "mentor-kim-osei.mailmap").read_text() == (
        "Former mentor <former-mentor@example.invalid> <kim.osei@example.org>\n")


def test_youth_mentor_after_their_open_match_went(youth: Path) -> None:
    assert forget(youth, "mentor", "marcus-bell")[0] == 1  # diego-c's match is open
    assert forget(youth, "client", YOUTH_CLIENT)[0] == 0
    code, _, err = forget(youth, "mentor", "marcus-bell")
    assert (code, err) == (0, "")
    text = (youth / "records" / "mentors" / "marcus-bell.yaml").read_text()
    assert "Marcus" not in text and "active: false" in text and "github" not in text
    assert_valid(youth)


def test_the_editor_schema_line_stays(business: Path) -> None:
    path = business / "records" / "mentors" / "kim-osei.yaml"
    hint = "# yaml-language-server: $schema=../../schema/mentor.schema.json\n"
    path.write_text(hint + "# Kim's second phone: 555-0100\n" + path.read_text())
    assert forget(business, "mentor", "kim-osei")[0] == 0
    assert path.read_text().startswith(hint + f"name: {PLACEHOLDER_NAME}\n")
    assert "555-0100" not in path.read_text()


def test_forgetting_twice_changes_nothing(business: Path) -> None:
    forget(business, "mentor", "kim-osei")
    before = tree_digest(business)
    code, out, _ = forget(business, "mentor", "kim-osei")
    assert code == 0 and "already" in out and tree_digest(business) == before


def test_a_coordinator_goes_while_another_remains(business: Path) -> None:
    make_coordinator(business, "kim-osei")
    assert forget(business, "mentor", "kim-osei")[0] == 0
    assert "role: coordinator" in (business / "records/mentors/kim-osei.yaml").read_text()
    assert_valid(business)


def make_coordinator(repo: Path, mentor: str) -> None:
    path = repo / "records" / "mentors" / f"{mentor}.yaml"
    path.write_text(path.read_text().replace("role: mentor", "role: coordinator"))


# --- refusals: nothing changed ---

def refused(repo: Path, kind: str, record_id: str, code: int) -> str:
    before = tree_digest(repo)
    result = forget(repo, kind, record_id)
    assert result[0] == code, result
    assert result[1] == "" and tree_digest(repo) == before
    assert "nothing changed" in result[2]
    return result[2]


@pytest.mark.parametrize("demo", ["business", "youth"])
@pytest.mark.parametrize("kind", ["client", "mentor"])
def test_an_unknown_id_is_refused_without_quoting_it(demo: str, kind: str,
                                                     request: pytest.FixtureRequest) -> None:
    repo = request.getfixturevalue(demo)
    err = refused(repo, kind, "secret-7f3a9c", 2)
    assert "secret-7f3a9c" not in err.lower() and f"records/{kind}s/" in err


def test_a_mentor_on_open_requests_is_refused_naming_them(business: Path) -> None:
    err = refused(business, "mentor", "amara-diallo", 1)
    assert "r-2025-047, r-2025-063, r-2026-022, r-2026-040" in err


def test_the_last_coordinator_is_refused(business: Path) -> None:
    make_coordinator(business, "kim-osei")  # who has no open request
    coordinator = business / "records" / "mentors" / "marisol-vega.yaml"
    coordinator.write_text(coordinator.read_text().replace("role: coordinator", "role: mentor"))
    assert_valid(business)
    err = refused(business, "mentor", "kim-osei", 1)
    assert "last active coordinator" in err and "open request" not in err


def test_the_youth_coordinator_is_refused(youth: Path) -> None:
    assert "last active coordinator" in refused(youth, "mentor", "renee-alvarez", 1)


@pytest.mark.parametrize("kind,record_id", [("client", CLIENT), ("mentor", "kim-osei")])
def test_records_that_do_not_validate_are_refused(business: Path, kind: str,
                                                  record_id: str) -> None:
    broken = business / "records" / "sessions" / "2026" / "03" / "2026-03-31-x.yaml"
    broken.write_text(f"request: [\nnotes: {SECRET}\n")  # unreadable: whose is it?
    err = refused(business, kind, record_id, 1)
    assert "do not validate" in err and SECRET_MARK not in err


def test_a_placeholder_the_program_schema_rejects_is_refused(business: Path) -> None:
    schema = business / "schema" / "mentor.schema.json"
    # every mentor lists languages; the blanked record has none
    required = schema.read_text().replace('"email"\n  ]', '"email",\n    "languages"\n  ]')
    schema.write_text(required)
    assert '"languages"\n  ]' in schema.read_text()
    assert_valid(business)
    assert "mentor schema" in refused(business, "mentor", "kim-osei", 1)


def test_an_interrupted_forget_is_refused_until_looked_at(business: Path) -> None:
    (business / FORGET_DIR / "removing-abc" / "records").mkdir(parents=True)
    assert "stopped midway" in refused(business, "client", CLIENT, 2)


def test_library_refuses_like_the_command(business: Path) -> None:
    program = Program.open(Repo(business))
    with pytest.raises(forget_module.ForgetRefused):
        forget_module.forget_mentor(program, "amara-diallo")


def test_an_expression_rewrites_the_whole_name_in_any_case_never_part_of_a_word() -> None:
    line = forget_module._expression("Sam", "[removed]")
    pattern, replacement = line.removeprefix("regex:").rsplit("==>", 1)
    compiled = re.compile(pattern.encode())  # as git-filter-repo reads it: bytes
    assert compiled.sub(replacement.encode(), b"SAM said: samples, Sam.") == (
        b"[removed] said: samples, [removed].")
    odd = forget_module._expression("A==>B", "x")
    assert odd.rsplit("==>", 1)[1] == "x"
    assert re.compile(odd.removeprefix("regex:").rsplit("==>", 1)[0]).search("a==>b")
