"""`mentorlog validate` and `mentorlog init` as users run them (DESIGN section 6)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BAD_SESSION
from helpers import SECRET, SECRET_MARK, VENV_BIN, make_program, run_main
from mentorlog.output import as_github
from mentorlog.problems import Problem
from mentorlog.schemas import bundled_schema_dir

TEXT_LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): "
                       r"(?P<severity>error|warning)\[(?P<code>[a-z-]+)\]: (?P<message>.+)$")
BAD_PROBLEMS = {
    (BAD_SESSION, 4, 8, "error", "schema"),
    (BAD_SESSION, 9, 20, "warning", "completes-open-request"),
    (BAD_SESSION, 11, 9, "error", "unknown-reference"),
}


# --- exit codes ----------------------------------------------------------------------------

def test_clean_repository_exits_0(business_repo: Path) -> None:
    result = run_main(["--repo", str(business_repo), "validate"])
    assert (result.code, result.out, result.err) == (0, "11 files checked: all valid\n", "")


def test_problems_exit_1(bad_repo: Path) -> None:
    assert run_main(["--repo", str(bad_repo), "validate"]).code == 1


def test_warnings_alone_exit_0(business_repo: Path) -> None:
    session = business_repo / "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
    session.write_text(session.read_text() + "completes_request: true\n")
    result = run_main(["--repo", str(business_repo), "validate"])
    assert result.code == 0
    assert result.out.endswith("11 files checked: 0 errors, 1 warning\n")


@pytest.mark.parametrize("argv", [
    ["validate", "--format", "xml"], ["frobnicate"], [], ["validate", "--bogus"],
    ["init", "x"], ["init", "x", "--profile", "school"],
])
def test_usage_errors_exit_2(argv: list[str], business_repo: Path) -> None:
    result = run_main(argv, cwd=business_repo)
    assert result.code == 2 and result.out == "" and "usage:" in result.err


def test_no_repository_exits_2(tmp_path: Path) -> None:
    result = run_main(["validate"], cwd=tmp_path)
    assert result.code == 2 and "no mentorlog repository" in result.err
    missing = run_main(["--repo", str(tmp_path / "nope"), "validate"])
    assert missing.code == 2 and "no such directory" in missing.err


# --- output formats ------------------------------------------------------------------------

def test_text_format(bad_repo: Path) -> None:
    result = run_main(["validate", "--format", "text"], cwd=bad_repo)
    *lines, count = result.out.splitlines()
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert {(m["path"], int(m["line"]), int(m["col"]), m["severity"], m["code"])
            for m in parsed if m} == BAD_PROBLEMS
    assert count == "12 files checked: 2 errors, 1 warning"


def test_json_format(bad_repo: Path) -> None:
    result = run_main(["validate", "--format", "json"], cwd=bad_repo)
    payload = json.loads(result.out)
    assert result.code == 1 and set(payload) == {"problems", "checked"}
    assert payload["checked"] == 12
    for problem in payload["problems"]:
        assert list(problem) == ["path", "line", "column", "severity", "code", "message"]
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
    assert {(p["path"], p["line"], p["column"], p["severity"], p["code"])
            for p in payload["problems"]} == BAD_PROBLEMS


def test_json_of_a_clean_repository(business_repo: Path) -> None:
    result = run_main(["--repo", str(business_repo), "validate", "--format", "json"])
    assert json.loads(result.out) == {"problems": [], "checked": 11}


def test_github_format(bad_repo: Path) -> None:
    result = run_main(["validate", "--format", "github"], cwd=bad_repo)
    lines = result.out.splitlines()
    assert result.code == 1 and len(lines) == 4
    assert lines[0].startswith(f"::error file={BAD_SESSION},line=4,col=8,"
                               "title=mentorlog schema::`hours` must be a multiple of 0.25")
    assert lines[1].startswith(f"::warning file={BAD_SESSION},line=9,col=20,"
                               "title=mentorlog completes-open-request::")
    assert lines[3] == "::notice title=mentorlog::12 files checked: 2 errors, 1 warning"


def test_github_annotations_are_escaped() -> None:
    problem = Problem("records/a:b,c%.yaml", 3, 4, "error", "schema", "50% done:\nnext, line\r")
    first = as_github([problem], 1).splitlines()[0]
    assert first == ("::error file=records/a%3Ab%2Cc%25.yaml,line=3,col=4,"
                     "title=mentorlog schema::50%25 done:%0Anext, line%0D")


def test_whole_file_problems_have_no_line_in_github(business_repo: Path) -> None:
    (business_repo / "records/mentors/x.yml").write_text("name: X\n")
    result = run_main(["--repo", str(business_repo), "validate", "--format", "github"])
    assert result.out.splitlines()[0].startswith(
        "::error file=records/mentors/x.yml,title=mentorlog unknown-file::")
    text = run_main(["--repo", str(business_repo), "validate"])
    assert text.out.startswith("records/mentors/x.yml:0:0: error[unknown-file]: ")


# --- --repo and PATH arguments -------------------------------------------------------------

def test_repo_before_and_after_the_command(bad_repo: Path, tmp_path: Path) -> None:
    before = run_main(["--repo", str(bad_repo), "validate"], cwd=tmp_path)
    after = run_main(["validate", "--repo", str(bad_repo)], cwd=tmp_path)
    here = run_main(["validate"], cwd=bad_repo / "records" / "sessions")
    assert before == after == here and before.code == 1


def test_paths_report_only_their_files_but_rules_see_everything(bad_repo: Path) -> None:
    # the base session has a problem only in context: a duplicate of date and start
    dup = "records/sessions/2026/03/2026-03-10-dup.yaml"
    base = bad_repo / "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
    (bad_repo / dup).write_text(base.read_text())
    result = run_main(["validate", dup, "--format", "json"], cwd=bad_repo)
    payload = json.loads(result.out)
    assert payload["checked"] == 1
    assert {(p["path"], p["code"]) for p in payload["problems"]} == {(dup, "duplicate-session")}
    # a clean file whose references live elsewhere: rules resolve them, nothing to report
    clean = run_main(["validate", "records/requests/r-2026-001.yaml"], cwd=bad_repo)
    assert (clean.code, clean.out) == (0, "1 file checked: all valid\n")


def test_folder_and_relative_paths(bad_repo: Path) -> None:
    sessions = bad_repo / "records/sessions/2026"
    folder = run_main(["validate", "03", "--format", "json"], cwd=sessions)
    payload = json.loads(folder.out)
    assert payload["checked"] == 2
    assert {p["path"] for p in payload["problems"]} == {BAD_SESSION}
    other = run_main(["validate", "records/sessions/2026/01"], cwd=bad_repo)
    assert (other.code, other.out) == (0, "1 file checked: all valid\n")


def test_paths_outside_records_are_refused(bad_repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text("a: 1\n")
    outside = run_main(["validate", str(tmp_path / "elsewhere.yaml")], cwd=bad_repo)
    assert outside.code == 2 and "not inside the repository" in outside.err
    readme = bad_repo / "notes.md"
    readme.write_text("x\n")
    assert run_main(["validate", "notes.md"], cwd=bad_repo).code == 2


# --- a broken program stops everything (exit 2, naming the file) ---------------------------

BAD_SETTINGS = {
    "unknown key": "program:\n  profile: business\n  colour: blue\n",
    "bad value": "program:\n  profile: school\n",
    "bad timezone": "program:\n  timezone: Mars/Olympus\n",
    "bad rule": "deadline:\n  rule: whenever\n",
    "bad late": "deadline:\n  late: sometimes\n",
    "bad site notes": "site:\n  notes: maybe\n",
    "bad fiscal year": "program:\n  fiscal_year_start: 13\n",
    "bad yaml": "program:\n\tprofile: business\n",
    "not a mapping": "- business\n",
    "cut by a comment": "program:\n  name: Riverbend # demo\n",
}


@pytest.mark.parametrize("name", sorted(BAD_SETTINGS))
@pytest.mark.parametrize("command", [["validate"], ["validate", "--format", "json"], ["build"]])
def test_bad_settings_exit_2(name: str, command: list[str], business_repo: Path) -> None:
    (business_repo / "mentorlog.yaml").write_text(BAD_SETTINGS[name])
    result = run_main(["--repo", str(business_repo), *command])
    assert result.code == 2
    assert "mentorlog.yaml" in result.err
    assert "all valid" not in result.out + result.err
    assert not (business_repo / "site").exists()


def _schema(repo: Path, rel: str = "business/session.schema.json") -> Path:
    """Give the repo its own schema/ (a copy of the bundled one) and return one file of it."""
    target = repo / "schema"
    if not target.exists():
        shutil.copytree(bundled_schema_dir(), target)
    return target / rel


def _break_json(file: Path) -> None:
    file.write_text(file.read_text()[:-20])


def _break_schema(file: Path) -> None:
    data = json.loads(file.read_text())
    data["properties"]["hours"] = {"type": "numbr"}
    file.write_text(json.dumps(data))


def _dangle_ref(file: Path) -> None:
    data = json.loads(file.read_text())
    data["properties"]["hours"] = {"$ref": "../common.schema.json#/$defs/no_such_thing"}
    file.write_text(json.dumps(data))


def _fetch_ref(file: Path) -> None:
    data = json.loads(file.read_text())
    data["properties"]["hours"] = {"$ref": "https://example.org/hours.schema.json"}
    file.write_text(json.dumps(data))


@pytest.mark.parametrize("breaker", [_break_json, _break_schema, _dangle_ref, _fetch_ref])
def test_bad_schema_exits_2(breaker: object, business_repo: Path) -> None:
    file = _schema(business_repo)
    assert callable(breaker)
    breaker(file)
    for command in (["validate"], ["build"]):
        result = run_main(["--repo", str(business_repo), *command])
        assert result.code == 2
        assert "schema/business/session.schema.json" in result.err
        assert "all valid" not in result.out + result.err


def test_own_schema_folder_is_used(business_repo: Path) -> None:
    file = _schema(business_repo, "mentor.schema.json")
    data = json.loads(file.read_text())
    data["required"] = [*data["required"], "github"]  # this program requires a GitHub login
    file.write_text(json.dumps(data))
    result = run_main(["--repo", str(business_repo), "validate"])
    assert result.code == 1
    assert "records/mentors/lee-park.yaml:1:1: error[schema-required]" in result.out


# --- init ----------------------------------------------------------------------------------

@pytest.mark.parametrize("profile", ["business", "youth"])
def test_init_writes_a_repository_that_validates_clean(profile: str, tmp_path: Path) -> None:
    target = tmp_path / "new" / "program"
    created = run_main(["init", str(target), "--profile", profile, "--name", 'A "quoted" name'])
    assert created.code == 0 and str(target) in created.out
    for rel in ("mentorlog.yaml", "mkdocs.yml", ".pre-commit-config.yaml", ".gitignore",
                "schema/common.schema.json", f"schema/{profile}/session.schema.json"):
        assert (target / rel).is_file(), rel
    assert (target / "records").is_dir()
    result = run_main(["validate"], cwd=target)
    # clean but for the one reminder to name the coordinators (test_workflows.py)
    assert result.code == 0
    assert result.out.splitlines()[1:] == ["0 files checked: 0 errors, 1 warning"]
    assert result.out.startswith(".github/CODEOWNERS:10:25: warning[codeowners-placeholder]: ")


def test_init_youth_and_business_differ(tmp_path: Path) -> None:
    run_main(["init", str(tmp_path / "y"), "--profile", "youth"])
    assert (tmp_path / "y/records/sites").is_dir()
    assert not (tmp_path / "y/schema/business").exists()
    assert "profile: youth" in (tmp_path / "y/mentorlog.yaml").read_text()


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine\n")
    result = run_main(["init", str(target), "--profile", "business"])
    assert result.code == 2 and "not empty" in result.err
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert (target / "keep.txt").read_text() == "mine\n"


def test_init_into_an_empty_directory(tmp_path: Path) -> None:
    assert run_main(["init", str(tmp_path), "--profile", "business"]).code == 0
    assert run_main(["--repo", str(tmp_path), "validate"]).code == 0


# --- messages never repeat a note ----------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_messages_never_repeat_a_note(fmt: str, secret_repo: Path) -> None:
    result = run_main(["validate", "--format", fmt], cwd=secret_repo)
    assert result.code == 1
    assert result.out.count("\n") > 20  # the misplaced notes were all found...
    assert SECRET_MARK not in result.out + result.err  # ...and never quoted
    assert "uncle" not in result.out + result.err


def test_messages_never_repeat_a_note_with_paths(secret_repo: Path) -> None:
    result = run_main(["validate", "records/sessions", "records/requests"], cwd=secret_repo)
    assert result.code == 1 and SECRET_MARK not in result.out + result.err


def test_settings_errors_never_repeat_free_text(business_repo: Path) -> None:
    (business_repo / "mentorlog.yaml").write_text(
        f"program:\n  name: [{SECRET}]\n  profile: {SECRET}\n  timezone: {SECRET}\n")
    result = run_main(["--repo", str(business_repo), "validate"])
    assert result.code == 2 and SECRET_MARK not in result.out + result.err


# --- the real entry point, as a process ----------------------------------------------------

def _mentorlog(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "mentorlog"), *args], cwd=cwd, capture_output=True,
                          text=True, check=False)


def test_entry_point_exit_codes(business_repo: Path, bad_repo: Path, tmp_path: Path) -> None:
    clean = _mentorlog("validate", cwd=business_repo)
    bad = _mentorlog("validate", "--format", "json", cwd=bad_repo)
    (business_repo / "mentorlog.yaml").write_text("program: {profile: school}\n")
    broken = _mentorlog("validate", cwd=business_repo)
    assert (clean.returncode, clean.stdout) == (0, "11 files checked: all valid\n")
    assert bad.returncode == 1 and json.loads(bad.stdout)["checked"] == 12
    assert broken.returncode == 2 and "mentorlog.yaml" in broken.stderr
    for result in (clean, bad, broken):
        assert "Traceback" not in result.stderr


def test_entry_point_never_shows_a_traceback(tmp_path: Path) -> None:
    root = make_program(tmp_path / "p", "business", files={
        "records/mentors/deep.yaml": b"a: " + b"[" * 30_000 + b"]" * 30_000,
        "records/mentors/bytes.yaml": b"\xff\xfe\x00",
        "records/mentors/tag.yaml": b"!!python/object/apply:os.system [ls]\n",
    })
    result = _mentorlog("validate", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == ""
