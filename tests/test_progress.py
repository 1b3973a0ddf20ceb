"""Progress on long work (progress.py): the real command line under a real pseudo-terminal.

Each command runs as a child process with its stderr on the slave side of a pty (a terminal,
as far as it can tell) and its stdout on a pipe, so what a person would see and what a script
would capture are compared from the same run. The display delay is set to 0 where a test is
about what progress shows (a run on this machine may take less than the default second); the
small-run test keeps the default.
"""

from __future__ import annotations

import fcntl
import importlib.util
import io
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from gitprogram import GitProgram, git_environment, note
from mentorlog.cache import RACY_NS
from mentorlog.progress import (
    CACHE_STEP,
    CAPTURING_VARIABLES,
    CONVERT_STEP,
    DELAY_ENV,
    READ_STEP,
    RENDER_STEP,
    Bars,
    captured,
    counted,
    delay,
    reporter,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 1200  # about 1,500 record files: more than the cache's process-pool threshold
ELAPSED = re.compile(r"mentorlog (\w+): done in \d+\.\d s")


def _generator():  # type: ignore[no-untyped-def]
    """benchmarks/generate.py's generate_program (benchmarks/ is no package)."""
    if "generate" not in sys.modules:
        spec = importlib.util.spec_from_file_location("generate", REPO_ROOT / "benchmarks" /
                                                      "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["generate"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["generate"].generate_program


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress") / "big"
    _generator()(root, SESSIONS)
    # files changed (ctime) within RACY_NS of a run are never trusted by their stat alone,
    # so a warm run right after would read them again: wait that long, as after a checkout
    time.sleep(RACY_NS / 1e9 + 0.1)
    return root


@dataclass(frozen=True)
class Run:
    code: int
    stdout: bytes
    terminal: str  # what the pty (stderr) showed, or stderr itself when it was a pipe


def environment(**extra: str) -> dict[str, str]:
    """The test's environment without CI's or pre-commit's variables (CI sets CI=true for the
    whole suite)."""
    env = {k: v for k, v in os.environ.items() if k not in CAPTURING_VARIABLES and k != DELAY_ENV}
    return {**env, "TERM": "xterm", "MENTORLOG_TODAY": "2026-11-20", **extra}


def mentorlog(args: list[str], env: dict[str, str], tty: bool = True,
              cwd: Path | None = None) -> Run:
    """`python -m mentorlog ARGS`: stderr on a pty (or a pipe), stdout on a pipe."""
    argv = [sys.executable, "-m", "mentorlog", *args]
    if not tty:
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, timeout=300)
        return Run(done.returncode, done.stdout, done.stderr.decode())
    master, slave = pty.openpty()
    # a terminal of 100 columns: a pty starts at 0x0, which no bar fits
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=slave) as proc:
        os.close(slave)
        shown = bytearray()
        reader = threading.Thread(target=_drain, args=(master, shown))
        reader.start()  # the pty's buffer is small: read it while the command runs
        stdout, _ = proc.communicate(timeout=300)
        reader.join(timeout=60)
    os.close(master)
    return Run(proc.returncode, stdout, shown.decode(errors="replace"))


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal's last writer
            return
        if not chunk:
            return
        into += chunk


def cold(repo: Path) -> Path:
    """No record cache: every file is read again (the step a large first run spends on)."""
    shutil.rmtree(repo / ".mentorlog" / "cache", ignore_errors=True)
    return repo


def record_files(repo: Path) -> int:
    return sum(1 for _ in (repo / "records").rglob("*.yaml")
               if "attachments" not in _.relative_to(repo / "records").parts[:1])


def step_done(terminal: str, step: str) -> tuple[int, int] | None:
    """The last `done/total` the bar of `step` showed."""
    found = re.findall(re.escape(step) + r": (\d+)/(\d+)", terminal)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


FAST = {DELAY_ENV: "0"}


def test_validate_shows_files_read_and_the_elapsed_time(big: Path) -> None:
    run = mentorlog(["--repo", str(cold(big)), "validate"], environment(**FAST))
    files = record_files(big)
    assert step_done(run.terminal, READ_STEP) == (files, files)
    assert step_done(run.terminal, CACHE_STEP) == (files, files)
    assert "100%" in run.terminal
    assert re.search(r"\[\d\d:\d\d<", run.terminal)  # the step's own elapsed time
    assert ELAPSED.search(run.terminal).group(1) == "validate"  # type: ignore[union-attr]
    assert b"files checked" in run.stdout and b"\x1b" not in run.stdout and b"\r" not in \
        run.stdout


def test_a_warm_run_reads_no_file(big: Path) -> None:
    mentorlog(["--repo", str(big), "validate", "--no-progress"], environment())
    run = mentorlog(["--repo", str(big), "validate"], environment(**FAST))
    # every file looked up in the cache, or none when the stored result answered (verdicts.py)
    if CACHE_STEP in run.terminal:
        files = record_files(big)
        assert step_done(run.terminal, CACHE_STEP) == (files, files)
    assert READ_STEP not in run.terminal
    assert ELAPSED.search(run.terminal)


def test_stdout_is_the_same_with_and_without_progress(big: Path) -> None:
    env = environment(**FAST)
    shown = mentorlog(["--repo", str(cold(big)), "validate"], env)
    piped = mentorlog(["--repo", str(cold(big)), "validate"], env, tty=False)
    quiet = mentorlog(["--repo", str(cold(big)), "validate", "--no-progress"], env)
    assert READ_STEP in shown.terminal
    assert shown.stdout == piped.stdout == quiet.stdout
    assert shown.code == piped.code == quiet.code
    assert piped.terminal == "" and quiet.terminal == ""


@pytest.mark.parametrize(("args", "env", "why"), [
    ([], {"CI": "true"}, "CI"),
    ([], {"GITHUB_ACTIONS": "true"}, "GitHub Actions"),
    ([], {"PRE_COMMIT": "1"}, "a pre-commit hook"),
    ([], {"TERM": "dumb"}, "a terminal that cannot redraw a line"),
    (["--format", "json"], {}, "JSON output"),
    (["--format", "github"], {}, "GitHub annotations"),
    (["--no-progress"], {}, "--no-progress"),
])
def test_no_progress(big: Path, args: list[str], env: dict[str, str], why: str) -> None:
    run = mentorlog(["--repo", str(cold(big)), "validate", *args], environment(**FAST, **env))
    assert run.terminal == "", why
    assert run.stdout


def test_the_same_json_with_and_without_a_terminal(big: Path) -> None:
    args = ["--repo", str(big), "validate", "--format", "json"]
    on_terminal = mentorlog(args, environment(**FAST))
    assert on_terminal.stdout == mentorlog(args, environment(**FAST), tty=False).stdout


def test_a_short_run_shows_nothing(tmp_path: Path) -> None:
    """The default delay: a run shorter than a second prints no bar and no elapsed time."""
    small = tmp_path / "small"
    _generator()(small, 20)
    run = mentorlog(["--repo", str(small), "validate"], environment())
    assert run.terminal == ""
    assert b"files checked" in run.stdout


def test_export_shows_files_read(big: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.sqlite"
    run = mentorlog(["--repo", str(cold(big)), "export", "--format", "sqlite", "-o",
                     str(target)], environment(**FAST))
    assert run.code == 0 and target.is_file()
    assert run.stdout == f"{target}\n".encode()
    files = record_files(big)
    assert step_done(run.terminal, READ_STEP) == (files, files)
    assert ELAPSED.search(run.terminal).group(1) == "export"  # type: ignore[union-attr]


def test_export_to_a_pipe_shows_nothing(big: Path, tmp_path: Path) -> None:
    run = mentorlog(["--repo", str(cold(big)), "export", "--format", "json", "-o",
                     str(tmp_path / "all.json")], environment(**FAST), tty=False)
    assert run.code == 0 and run.terminal == ""


@pytest.fixture
def git_home(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = git_environment(tmp_path / "home")
    with pytest.MonkeyPatch.context() as patch:  # for GitProgram's own git commands
        for key, value in env.items():
            patch.setenv(key, value)
        yield env


def test_check_shows_files_read(tmp_path: Path, git_home: dict[str, str]) -> None:
    program = GitProgram.create(tmp_path / "repo")
    program.write("records/sessions/2026/03/2026-03-01-r-2026-001.yaml",
                  program.read("records/sessions/2026/03/2026-03-01-r-2026-001.yaml")
                  + note(date="2026-03-02", secret="").replace("notes:\n", ""))
    args = ["check", "--base", "main", "--now", "2026-03-02T12:00"]
    env = environment(**FAST, **git_home)
    shown = mentorlog(args, env, cwd=program.root)
    cold(program.root)
    piped = mentorlog(args, env, tty=False, cwd=program.root)
    files = record_files(program.root)
    assert step_done(shown.terminal, READ_STEP) == (files, files)
    assert ELAPSED.search(shown.terminal).group(1) == "check"  # type: ignore[union-attr]
    assert shown.stdout == piped.stdout and shown.code == piped.code
    assert piped.terminal == ""


def test_build_shows_pages_converted_and_rendered(tmp_path: Path) -> None:
    repo = tmp_path / "site-program"
    _generator()(repo, 60)
    run = mentorlog(["--repo", str(repo), "build"], environment(**FAST))
    assert run.code == 0, run.terminal
    files = record_files(repo)
    assert step_done(run.terminal, READ_STEP) == (files, files)
    converted, rendered = step_done(run.terminal, CONVERT_STEP), step_done(run.terminal,
                                                                          RENDER_STEP)
    assert converted is not None and converted[0] == converted[1] > 20
    assert rendered == converted
    assert ELAPSED.search(run.terminal).group(1) == "build"  # type: ignore[union-attr]
    assert b"site built:" in run.stdout and b"\r" not in run.stdout


def test_counted_reports_every_item_and_the_last() -> None:
    seen: list[tuple[str, int, int]] = []
    items = list(counted(iter("abc"), "letters", 3, lambda *call: seen.append(call)))
    assert items == ["a", "b", "c"]
    assert seen == [("letters", n, 3) for n in range(4)]


def test_counted_reports_a_long_loop_a_thousand_times_and_its_end() -> None:
    seen: list[int] = []
    total = 10_007
    assert sum(1 for _ in counted(range(total), "n", total, lambda _, done, __: seen.append(
        done))) == total
    assert len(seen) <= 1002 and seen[0] == 0 and seen[-1] == total
    assert seen == sorted(seen) and max(b - a for a, b in pairwise(seen)) <= 11


def test_counted_without_progress_is_the_loop_itself() -> None:
    assert list(counted([1, 2], "step", 2, None)) == [1, 2]
    assert list(counted([], "step", 0, lambda *_: pytest.fail("nothing to count"))) == []


@pytest.mark.parametrize(("env", "expected"), [
    ({}, False), ({"CI": "true"}, True), ({"CI": "1"}, True), ({"CI": "false"}, False),
    ({"CI": "0"}, False), ({"GITHUB_ACTIONS": "true"}, True), ({"JENKINS_URL": "http://j"}, True),
    ({"PRE_COMMIT": "1"}, True),
])
def test_captured(env: dict[str, str], expected: bool) -> None:
    assert captured(env) is expected


@pytest.mark.parametrize(("value", "seconds"), [
    (None, 1.0), ("0", 0.0), ("2.5", 2.5), ("soon", 1.0), ("-1", 1.0), ("inf", 1.0),
    ("nan", 1.0),
])
def test_delay(value: str | None, seconds: float) -> None:
    assert delay({} if value is None else {DELAY_ENV: value}) == seconds


def test_a_step_run_again_gets_a_bar_of_its_own() -> None:
    shown = io.StringIO()
    bars = Bars(shown, 0.0)
    for done in (0, 2, 0, 1):
        bars("step", done, 2)
    bars.finish("validate")
    assert "step: 2/2" in shown.getvalue() and "step: 1/2" in shown.getvalue()
    assert ELAPSED.search(shown.getvalue())


def test_a_failed_command_closes_its_bars_without_an_elapsed_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DELAY_ENV, "0")
    shown = io.StringIO()
    with pytest.raises(KeyError), reporter("build", True, shown) as progress:
        assert progress is not None
        progress("step", 1, 3)
        raise KeyError("stop")
    assert shown.getvalue().endswith("\n") and "step: 1/3" in shown.getvalue()
    assert not ELAPSED.search(shown.getvalue())
