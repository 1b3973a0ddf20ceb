"""The purge of docs/privacy.md, done for real: the business demo in a git repository with a
history that touches the person (commits, a branch, a tag, a file only history still has),
pushed to a bare "GitHub"; `mentorlog forget`, commit, push; then, in a fresh mirror clone,
real git-filter-repo with the files `forget` wrote, and a force-push. Every object of the
rewritten repository, and of a fresh clone of the remote, is scanned: the person is gone."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers import REPO_ROOT, VENV_BIN, copy_demo, git_env, run_main
from mentorlog.forget import FORGET_DIR

CLIENT, REQUESTS = "rosa-delgado", ("r-2025-031", "r-2026-014")
CLIENT_TRACES = (b"rosa delgado", b"rosa.delgado@example.com", b"(413) 555-0142",
                 b"rosa-delgado", b"she said: fine")
MENTOR = "kim-osei"
MENTOR_TRACES = (b"kim osei", b"kim.osei@example.org", b"kimosei")
# a file that only history holds: added, then deleted before anyone forgets the client
OLD_ATTACHMENT = f"records/attachments/{REQUESTS[0]}/old-notes.txt"
# a session of the client's filed under a wrong date, then re-filed: its old path is elsewhere
REFILED = f"records/sessions/2026/02/2026-02-25-{REQUESTS[1]}.yaml"


def git(repo: Path, *args: str, env: dict[str, str]) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return done.stdout.decode("utf-8", "replace")


def commit(repo: Path, message: str, env: dict[str, str], **author: str) -> None:
    git(repo, "add", "-A", env=env)
    who = {f"GIT_AUTHOR_{k.upper()}": v for k, v in author.items()}
    git(repo, "commit", "-q", "-m", message, env={**env, **who})


@pytest.fixture
def setting(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(working clone, bare remote, env): a history touching the client and the mentor."""
    env = git_env(tmp_path / "home")
    work = copy_demo(REPO_ROOT, tmp_path / "work").resolve()
    (work / ".gitignore").write_text("/.mentorlog/\n")
    attachment = work / OLD_ATTACHMENT
    git(work, "init", "-q", "-b", "main", env=env)
    commit(work, "The demo program, first client Rosa Delgado", env)  # a commit that stays
    attachment.write_text("Rosa Delgado, (413) 555-0142: first ideas\n")
    (work / REFILED).write_text(f"request: '{REQUESTS[1]}'\nnotes: [she said: fine]\n")
    commit(work, "Notes from Rosa Delgado's first visit", env)
    (work / REFILED).unlink()
    git(work, "tag", "v1", env=env)
    attachment.unlink()
    client = work / "records" / "clients" / f"{CLIENT}.yaml"
    client.write_text(client.read_text().replace("Food service", "Bakery"))
    commit(work, "rosa-delgado: industry", env, name="Kim Osei", email="kim.osei@example.org")
    git(work, "switch", "-q", "-c", "draft", env=env)
    mentor = work / "records" / "mentors" / f"{MENTOR}.yaml"
    mentor.write_text(mentor.read_text().replace("[English, Twi]", "[English]"))
    commit(work, "Kim Osei (kimosei) languages", env)
    git(work, "switch", "-q", "main", env=env)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote), env=env)
    git(work, "remote", "add", "origin", str(remote), env=env)
    git(work, "push", "-q", "origin", "--all", env=env)
    git(work, "push", "-q", "origin", "--tags", env=env)
    return work, remote, env


def forget_and_push(work: Path, kind: str, record_id: str, env: dict[str, str]) -> None:
    result = run_main(["--repo", str(work), "forget", kind, record_id])
    assert result.code == 0, result.err
    commit(work, f"Forget a {kind}", env)
    git(work, "push", "-q", "origin", "main", env=env)


def purge(remote: Path, tmp: Path, options: list[str], env: dict[str, str]) -> Path:
    """docs/privacy.md's steps: a fresh mirror clone, filter-repo, force-push branches and
    tags back."""
    mirror = tmp / "purge.git"
    git(tmp, "clone", "-q", "--mirror", "--no-local", str(remote), str(mirror), env=env)
    done = subprocess.run([str(VENV_BIN / "git-filter-repo"), *options], cwd=mirror, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    git(mirror, "remote", "add", "origin", str(remote), env=env)
    git(mirror, "push", "-q", "--force", "--all", "origin", env=env)
    git(mirror, "push", "-q", "--force", "--tags", "origin", env=env)
    return mirror


def every_object(repo: Path, env: dict[str, str]) -> bytes:
    """The content of every object in the repository (blobs, trees, commits, tags),
    reachable or not, lower-cased: what a search of every blob sees."""
    done = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=repo,
                          env=env, check=True, capture_output=True)
    return done.stdout.lower()


def paths_in_history(repo: Path, env: dict[str, str]) -> list[str]:
    return git(repo, "log", "--all", "--format=", "--name-only", env=env).split()


def fresh_clone(remote: Path, tmp: Path, env: dict[str, str]) -> Path:
    clone = tmp / "check"
    git(tmp, "clone", "-q", "--no-local", str(remote), str(clone), env=env)
    git(clone, "fetch", "-q", "origin", "+refs/tags/*:refs/tags/*", "+refs/heads/*:refs/heads/*",
        "--update-head-ok", env=env)
    return clone


def test_a_client_purged_from_every_object(setting: tuple[Path, Path, dict[str, str]],
                                           tmp_path: Path) -> None:
    work, remote, env = setting
    assert b"rosa delgado" in every_object(remote, env)  # the scan finds what is there
    assert {OLD_ATTACHMENT, REFILED} <= set(paths_in_history(work, env))
    forget_and_push(work, "client", CLIENT, env)
    paths = work / FORGET_DIR / f"client-{CLIENT}.paths"
    expressions = work / FORGET_DIR / f"client-{CLIENT}.replace"
    listed = paths.read_text().splitlines()
    assert REFILED in listed  # found in history
    mirror = purge(remote, tmp_path, ["--invert-paths", "--paths-from-file", str(paths),
                                      "--replace-text", str(expressions),
                                      "--replace-message", str(expressions)], env)
    clone = fresh_clone(remote, tmp_path, env)
    for repo in (mirror, clone):
        content = every_object(repo, env)
        assert [t for t in CLIENT_TRACES if t in content] == []
        for path in listed:
            assert git(repo, "log", "--all", "--format=%H", "--", path, env=env) == ""
        assert not any(p.startswith(tuple(listed)) for p in paths_in_history(repo, env))
    assert {"draft", "main"} <= set(git(clone, "branch", "--format=%(refname:short)",
                                        env=env).split())
    assert git(clone, "tag", env=env).split() == ["v1"]
    assert run_main(["--repo", str(clone), "validate"]).code == 0


def test_a_mentor_purged_from_every_object(setting: tuple[Path, Path, dict[str, str]],
                                           tmp_path: Path) -> None:
    work, remote, env = setting
    before = every_object(remote, env)
    assert all(trace in before for trace in MENTOR_TRACES)
    forget_and_push(work, "mentor", MENTOR, env)
    expressions = work / FORGET_DIR / f"mentor-{MENTOR}.replace"
    mailmap = work / FORGET_DIR / f"mentor-{MENTOR}.mailmap"
    mirror = purge(remote, tmp_path, ["--replace-text", str(expressions), "--replace-message",
                                      str(expressions), "--mailmap", str(mailmap)], env)
    clone = fresh_clone(remote, tmp_path, env)
    for repo in (mirror, clone):
        content = every_object(repo, env)
        assert [t for t in MENTOR_TRACES if t in content] == []
        assert b"former mentor" in content and MENTOR.encode() in content  # the id stays
    assert (clone / "records" / "mentors" / f"{MENTOR}.yaml").read_text().startswith(
        "name: Former mentor\n")
    assert run_main(["--repo", str(clone), "validate"]).code == 0
