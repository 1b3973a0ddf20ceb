"""A session replaced by a submodule entry (gitlink) or a link is a deletion `check` sees.

In CI the checkout shows a gitlink as an empty folder (or nothing), so a check that only looks
at the working tree saw no change at all; `check` reads git's own entries (their modes).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gitprogram import GitProgram, codes

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git

SESSION = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"
DELETED = f"{SESSION}:0:0: error[session-deleted]"
GITLINK = f"{SESSION}:0:0: error[gitlink]"


@pytest.fixture
def repo(tmp_path: Path) -> GitProgram:
    return GitProgram.create(tmp_path / "program")


def replace_by_gitlink(repo: GitProgram, path: str = SESSION) -> None:
    """What the attack does: the file out of the index, a commit id in its place."""
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.remove(path)
    repo.git("update-index", "--remove", path)
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},{path}")
    repo.git("commit", "-q", "-m", "replace a session")


def test_a_session_replaced_by_a_gitlink_is_deleted(repo: GitProgram) -> None:
    replace_by_gitlink(repo)
    assert not (repo.root / SESSION).exists()  # the working tree shows nothing
    result = repo.check("--base", "main", "--author", "kim-gh")
    assert result.code == 1
    assert codes(result) == [GITLINK, DELETED]


def test_an_empty_folder_in_its_place_changes_nothing(repo: GitProgram) -> None:
    replace_by_gitlink(repo)
    (repo.root / SESSION).mkdir()  # what a checkout of an uninitialised submodule leaves
    assert codes(repo.check("--base", "main", "--author", "kim-gh")) == [GITLINK, DELETED]


def test_a_fresh_clone_as_in_ci_sees_it(tmp_path: Path, repo: GitProgram) -> None:
    replace_by_gitlink(repo)
    clone = GitProgram(tmp_path / "ci")
    subprocess.run(["git", "clone", "-q", "--branch", "change", str(repo.root),
                    str(clone.root)], check=True)
    result = clone.check("--base", "origin/main", "--author", "kim-gh", "--format", "json")
    assert result.code == 1
    assert '"code": "gitlink"' in result.out and '"code": "session-deleted"' in result.out


def test_a_coordinator_may_delete_but_not_leave_a_gitlink(repo: GitProgram) -> None:
    replace_by_gitlink(repo)
    assert codes(repo.check("--base", "main", "--author", "ana-gh")) == [GITLINK]


def test_a_gitlink_added_anywhere_under_records(repo: GitProgram) -> None:
    added = "records/attachments/r-2026-001/vendor"
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},{added}")
    repo.git("commit", "-q", "-m", "a submodule")
    assert f"{added}:0:0: error[gitlink]" in codes(repo.check("--base", "main"))


def test_a_session_replaced_by_a_link_is_deleted(tmp_path: Path, repo: GitProgram) -> None:
    """file -> link: the link is reported, and the session counts as deleted."""
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(repo.read(SESSION), encoding="utf-8")
    repo.remove(SESSION)
    os.symlink(outside, repo.root / SESSION)
    repo.commit("a session becomes a link")
    found = codes(repo.check("--base", "main", "--author", "kim-gh"))
    assert DELETED in found and f"{SESSION}:0:0: error[symlink]" in found


def test_a_link_checked_out_as_a_plain_file_is_still_a_link(tmp_path: Path,
                                                             repo: GitProgram) -> None:
    """With core.symlinks=false (Windows) a link is checked out as a file holding its
    target: only git's mode shows what it is."""
    repo.remove(SESSION)
    os.symlink("../../../../mentorlog.yaml", repo.root / SESSION)
    repo.commit("a session becomes a link")
    clone = GitProgram(tmp_path / "windows")
    subprocess.run(["git", "clone", "-q", "-c", "core.symlinks=false", "--branch", "change",
                    str(repo.root), str(clone.root)], check=True)
    assert not (clone.root / SESSION).is_symlink()
    found = codes(clone.check("--base", "origin/main", "--author", "kim-gh"))
    assert DELETED in found and f"{SESSION}:0:0: error[symlink]" in found
