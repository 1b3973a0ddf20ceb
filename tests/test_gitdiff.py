"""`mentorlog check` and real git: what counts as the change, bases, shallow clones, usage
errors; and the policy end to end, one test per kind of git behaviour (a file added, modified,
deleted, renamed; commit dates; the author's login and the settings read from the base). The
policy rule by rule, on a base held in memory: test_policy.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gitprogram import LATE, LOCKED, NEW, OPEN, GitProgram, codes, session_text
from helpers import run_main

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

LATE_NEW = f"{NEW}:2:1: error[late-without-reason]"


@pytest.fixture
def repo(tmp_path: Path) -> GitProgram:
    return GitProgram.create(tmp_path / "program")


def test_untracked_file_is_judged(repo: GitProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    assert codes(repo.check(now=LATE)) == [LATE_NEW]


def test_staged_file_is_judged(repo: GitProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    repo.git("add", NEW)
    assert codes(repo.check(now=LATE)) == [LATE_NEW]


def test_ignored_record_is_still_judged(repo: GitProgram) -> None:
    """validate reads every file under records/: so does the policy."""
    repo.write(".gitignore", "records/sessions/2026/02/\n")
    repo.write(NEW, session_text(date="2026-02-10"))
    assert LATE_NEW in codes(repo.check(now=LATE))


def test_uncommitted_change_on_top_of_commits(repo: GitProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10") + "late_reason: paper form\n")
    repo.commit("late, with a reason")
    assert repo.check(now=LATE).code == 0
    repo.write(NEW, session_text(date="2026-02-10"))  # the reason removed, not committed
    assert codes(repo.check(now=LATE)) == [LATE_NEW]


def test_change_measured_from_the_merge_base(repo: GitProgram) -> None:
    """Sessions added on main after the branch point are not this change's."""
    repo.git("checkout", "-q", "main")
    repo.write(NEW, session_text(date="2026-02-10") + "late_reason: paper form\n")
    repo.commit("on main")
    repo.git("checkout", "-q", "change")
    repo.write("records/clients/north-cycles.yaml", "name: North Cycles\n")
    repo.commit("a client")
    assert repo.check("--base", "main", now=LATE).code == 0


def test_default_base_prefers_origin_main(tmp_path: Path, repo: GitProgram) -> None:
    clone = GitProgram(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone.root)], check=True)
    clone.git("checkout", "-q", "-b", "mine")
    clone.write(NEW, session_text(date="2026-02-10"))
    clone.commit("mine")
    clone.git("branch", "-f", "main", "mine")  # a local main that already has the change
    assert codes(clone.check(now=LATE)) == [LATE_NEW]  # measured from origin/main
    assert clone.check("--base", "main", now=LATE).code == 0


def test_default_base_main_without_origin(repo: GitProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    assert codes(repo.check(now=LATE)) == [LATE_NEW]


def test_unknown_base_is_a_usage_error(repo: GitProgram) -> None:
    result = repo.check("--base", "origin/nope")
    assert result.code == 2
    assert "--base origin/nope does not exist" in result.err and result.out == ""


def test_no_default_base(tmp_path: Path) -> None:
    repo = GitProgram.create(tmp_path / "p")
    repo.git("branch", "-m", "main", "trunk")
    result = repo.check()
    assert result.code == 2 and "use --base REF" in result.err


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    result = run_main(["--repo", str(tmp_path), "check"])
    assert result.code == 2 and "not in a git working tree" in result.err


@pytest.mark.parametrize("branch_flags", [["--single-branch"], ["--no-single-branch"]])
def test_shallow_clone_fails_loudly(tmp_path: Path, repo: GitProgram,
                                    branch_flags: list[str]) -> None:
    """Without the base commit, check never passes: exit 2 and how to fetch the history."""
    repo.write(NEW, session_text(date="2026-02-10"))
    repo.commit("change", when="2026-03-02T12:00:00+00:00")
    repo.git("checkout", "-q", "main")
    repo.write("records/clients/north-cycles.yaml", "name: North Cycles\n")
    repo.commit("main moves on", when="2026-03-02T13:00:00+00:00")
    clone = GitProgram(tmp_path / "shallow")
    subprocess.run(["git", "clone", "-q", "--depth", "1", *branch_flags, "--branch", "change",
                    f"file://{repo.root}", str(clone.root)], check=True)
    result = clone.check("--base", "origin/main", "--author", "kim-gh", now=LATE)
    assert result.code == 2
    assert "git fetch --unshallow" in result.err and result.out == ""
    clone.git("fetch", "-q", "--unshallow", "origin", "+refs/heads/*:refs/remotes/origin/*")
    assert codes(clone.check("--base", "origin/main", now=LATE)) == [LATE_NEW]


def test_program_in_a_subfolder_of_the_git_repository(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    GitProgram.create(outer / "program")
    # move the repository up one level: the program is now in outer/program
    (outer / "program" / ".git").rename(outer / ".git")
    top = GitProgram(outer)
    top.git("reset", "-q", "--soft", "main")
    top.git("checkout", "-q", "-B", "main")
    top.commit("program in a folder")
    top.git("checkout", "-q", "-b", "change2")
    top.write("README.md", "outside the program\n")
    top.write(f"program/{NEW}", session_text(date="2026-02-10"))
    result = GitProgram(outer / "program").check("--base", "main", now=LATE)
    assert codes(result) == [LATE_NEW]


def test_check_in_a_program_made_by_init(tmp_path: Path) -> None:
    """`mentorlog init`, commit, then a first change: the gate works from day one."""
    root = tmp_path / "new"
    assert run_main(["init", str(root), "--profile", "business"]).code == 0
    repo = GitProgram(root)
    repo.git("-c", "init.defaultBranch=main", "init", "-q")
    repo.commit("mentorlog init")
    repo.git("checkout", "-q", "-b", "first-records")
    repo.write("records/mentors/kim-osei.yaml", "name: Kim Osei\nemail: kim@example.org\n")
    result = repo.check()
    assert (result.code, result.err) == (0, "")
    assert codes(repo.check("--author", "kim-gh")) == [
        ".github/CODEOWNERS:10:25: warning[codeowners-placeholder]",  # coordinators not named
        "records/mentors/kim-osei.yaml:0:0: error[unknown-author]"]


# --- the policy through real git ---

def test_session_added_late_needs_a_reason(repo: GitProgram) -> None:
    repo.write(NEW, session_text(date="2026-02-10"))
    result = repo.check(now=LATE)
    assert result.code == 1
    assert codes(result) == [f"{NEW}:2:1: error[late-without-reason]"]
    assert "end of 2026-03-02 (America/New_York)" in result.out
    repo.write(NEW, session_text(date="2026-02-10") + "late_reason: paper form found\n")
    assert repo.check(now=LATE).code == 0


def test_backdated_commit_is_still_late(repo: GitProgram) -> None:
    """Commit dates can be forged: the session is judged as entered at --now."""
    repo.write(NEW, session_text(date="2026-02-10"))
    repo.commit("backdated", when="2026-02-10T20:00:00+00:00")
    assert codes(repo.check(now=LATE)) == [f"{NEW}:2:1: error[late-without-reason]"]


def test_change_cannot_relax_its_own_deadline(repo: GitProgram) -> None:
    repo.write("mentorlog.yaml", "deadline:\n  rule: none\n")
    repo.write(NEW, session_text(date="2026-02-10"))
    assert codes(repo.check(now=LATE)) == [f"{NEW}:2:1: error[late-without-reason]"]


def test_locked_session_changed_by_a_mentor(repo: GitProgram) -> None:
    repo.write(LOCKED, session_text(date="2026-01-20").replace("hours: 1.5", "hours: 2"))
    result = repo.check("--author", "kim-gh")
    assert codes(result) == [f"{LOCKED}:4:1: error[session-locked]"]
    assert "changed: hours" in result.out and "end of 2026-02-02" in result.out


def test_session_deleted_by_a_mentor(repo: GitProgram) -> None:
    repo.remove(OPEN)
    result = repo.check("--author", "kim-gh")
    assert codes(result) == [f"{OPEN}:0:0: error[session-deleted]"]
    assert repo.check("--author", "ana-gh").code == 0


def test_session_renamed_by_a_mentor(repo: GitProgram) -> None:
    moved = OPEN.replace("2026-03-01-r-2026-001", "kim-2026-03-01")
    repo.git("mv", OPEN, moved)
    repo.commit("rename")
    assert codes(repo.check("--author", "kim-gh")) == [f"{OPEN}:0:0: error[session-deleted]"]


def test_a_change_cannot_grant_itself_rights(repo: GitProgram) -> None:
    """The login is looked up on the base branch, not in the change."""
    repo.write("records/mentors/eve.yaml", "name: Eve\nemail: eve@example.org\n"
               "github: eve-gh\nrole: coordinator\n")
    repo.write("records/mentors/kim-osei.yaml",
               repo.read("records/mentors/kim-osei.yaml").replace("role: mentor",
                                                                  "role: coordinator"))
    assert {c.split(" ")[-1] for c in codes(repo.check("--author", "eve-gh"))} == {
        "error[unknown-author]"}
    assert "error[coordinator-only]" in repo.check("--author", "kim-gh").out
