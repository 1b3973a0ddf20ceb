#!/usr/bin/env python3
"""git's own costs on a large program repository (docs/scaling.md).

    python benchmarks/bench_git.py --sessions 50000            # the cached synthetic program
    python benchmarks/bench_git.py --program DIR               # any generated program (copied)

Two repositories are made in a temporary folder (or `--work`) from one generated program:

* **tree**: the program as a working tree, `git add -A` and one `git commit` of everything
  (a chapter moving its records into git), then what a mentor and CI do every day: `git
  status` (default; with `core.untrackedCache`; with `-uno`), adding and committing one new
  session, `git gc`, and the size of `.git`.
* **history**: the same files as a history of one commit per day of sessions (records dated
  that day, written by `git fast-import`), the shape of a chapter that merges each day's
  work; on it `git clone` (full, `--depth 1`, and a partial clone with
  a sparse checkout of one year's sessions) over file:// (so git
  packs and sends objects as it would over the network) and `git log` of one client's files.

git's builtin fsmonitor daemon does not exist on Linux in git 2.39, so `status` is measured
with fsmonitor off (`core.fsmonitor=false`, the default) only. Wall times, best of
`--repeat`; the machine's other load adds noise.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import program_for

SPARSE_YEAR = ("records/mentors", "records/clients", "records/requests", "records/sites",
               "records/sessions/2026", "records/attachments")
DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
GIT = ("git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
       "-c", "core.fsmonitor=false", "-c", "gc.auto=0")


class Figures(dict[str, str]):
    """The figures, each printed as a table row the moment it is measured (a run at 200,000
    sessions takes long enough that a partial table is worth having)."""

    def __setitem__(self, what: str, value: str) -> None:
        print(f"| {what} | {value} |", flush=True)
        super().__setitem__(what, value)

    def update(self, *others: Any, **more: str) -> None:
        for what, value in dict(*others, **more).items():
            self[what] = value


def git(repo: Path, *args: str) -> str:
    done = subprocess.run([*GIT, "-C", str(repo), *args], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def best(repeat: int, *commands: tuple[Path, tuple[str, ...]]) -> float:
    """Best wall time of running `commands` in a row, `repeat` times."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for repo, args in commands:
            git(repo, *args)
        times.append(time.perf_counter() - started)
    return min(times)


def once(repo: Path, *args: str) -> float:
    return best(1, (repo, args))


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def tree_figures(program: Path, repeat: int) -> dict[str, str]:
    """The working-tree repository: first commit, daily status and commit, gc, size."""
    out = Figures()
    git(program, "init", "-q", "-b", "main")
    out["git add -A (every file, first time)"] = f"{once(program, 'add', '-A'):.2f} s"
    out["git commit (everything, one commit)"] = (
        f"{once(program, 'commit', '-q', '-m', 'all'):.2f} s")
    status = ("status", "--porcelain")
    out["git status, default, warm"] = f"{best(repeat, (program, status)):.2f} s"
    out["git status -uno, warm"] = f"{best(repeat, (program, (*status, '-uno'))):.2f} s"
    git(program, "config", "core.untrackedCache", "true")
    git(program, "update-index", "--untracked-cache")
    git(program, "status", "--porcelain")  # fills the untracked cache
    out["git status, core.untrackedCache=true, warm"] = (
        f"{best(repeat, (program, status)):.2f} s")
    git(program, "config", "core.untrackedCache", "false")
    git(program, "update-index", "--no-untracked-cache")
    out.update(one_session_commit(program, repeat))
    out["git gc (first, everything loose)"] = f"{once(program, 'gc', '-q'):.2f} s"
    out[".git size after gc"] = f"{folder_mb(program / '.git'):.1f} MB"
    out["working tree (records/)"] = f"{folder_mb(program / 'records'):.1f} MB"
    return out


def one_session_commit(program: Path, repeat: int) -> dict[str, str]:
    """A mentor's everyday commit: one new session file, added and committed."""
    times = []
    month = program / "records" / "sessions" / "2026" / "10"
    template = next(month.glob("*.yaml")).read_bytes()
    for number in range(repeat):
        name = f"records/sessions/2026/10/2026-10-31-r-bench-{number}.yaml"
        (program / name).write_bytes(template)
        started = time.perf_counter()
        git(program, "add", name)
        git(program, "commit", "-q", "-m", "one session")
        times.append(time.perf_counter() - started)
    return {"git add + commit of one new session": f"{min(times):.2f} s"}


def fast_import_stream(program: Path) -> Iterator[bytes]:
    """One commit for the program's undated files, then one per day of dated records."""
    by_day: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(p for p in program.rglob("*") if p.is_file() and ".git" not in p.parts):
        match = DATED.match(path.name)
        by_day[match.group(1) if match else "0000-00-00"].append(path)
    for mark, day in enumerate(sorted(by_day), start=1):
        when = 1_600_000_000 if day == "0000-00-00" else int(
            time.mktime(time.strptime(day, "%Y-%m-%d"))) + 43_200
        message = f"records of {day}\n".encode()
        yield (b"commit refs/heads/main\nmark :%d\n" % mark
                      + b"committer Bench <bench@example.org> %d +0000\n" % when
                      + b"data %d\n%s" % (len(message), message)
                      + (b"from :%d\n" % (mark - 1) if mark > 1 else b""))
        for path in by_day[day]:
            data = path.read_bytes()
            rel = path.relative_to(program).as_posix().encode()
            yield b"M 100644 inline %s\ndata %d\n%s\n" % (rel, len(data), data)


def history_figures(program: Path, work: Path, repeat: int) -> dict[str, str]:
    """The day-by-day history: build it, then clone it three ways and log one client."""
    history = work / "history.git"
    git(work, "init", "-q", "--bare", "-b", "main", str(history))
    started = time.perf_counter()
    with subprocess.Popen([*GIT, "-C", str(history), "fast-import", "--quiet"],
                          stdin=subprocess.PIPE) as importer:
        assert importer.stdin is not None
        for chunk in fast_import_stream(program):
            importer.stdin.write(chunk)
        importer.stdin.close()
    if importer.returncode != 0:
        raise SystemExit("git fast-import failed")
    out = Figures()
    out["history: commits"] = git(history, "rev-list", "--count", "main").strip()
    out["history: git fast-import (not a user step)"] = f"{time.perf_counter() - started:.1f} s"
    out["history: git gc (repack)"] = f"{once(history, 'gc', '-q'):.2f} s"
    out["history: packed size"] = f"{folder_mb(history):.1f} MB"
    git(history, "config", "uploadpack.allowFilter", "true")  # else --filter is ignored
    url = f"file://{history}"
    for label, extra in (("full", ()), ("--depth 1", ("--depth", "1")),
                         ("--filter=blob:none --sparse", ("--filter=blob:none", "--sparse"))):
        target = work / ("clone-full" if label == "full" else "clone-other")
        seconds = once(work, "clone", "-q", *extra, url, str(target))
        if "--sparse" in extra:  # then check out one year of sessions and the other records
            label += " + sparse-checkout of one year"
            seconds += once(target, "sparse-checkout", "set", *SPARSE_YEAR)
        out[f"git clone {label} (file://)"] = (
            f"{seconds:.2f} s, .git {folder_mb(target / '.git'):.1f} MB")
        if label != "full":
            shutil.rmtree(target)
    out.update(client_log(work / "clone-full", repeat))
    return out


def client_log(clone: Path, repeat: int) -> dict[str, str]:
    """`git log` of one client's files: their record, their requests, those requests' sessions
    (by file name pattern, as a coordinator would type it)."""
    request = sorted((clone / "records" / "requests").glob("*.yaml"))[len(list(
        (clone / "records" / "requests").glob("*.yaml"))) // 2]
    client = re.search(r"^client: (\S+)", request.read_text(), re.M)
    assert client is not None
    paths = (f"records/clients/{client.group(1)}.yaml", f"records/requests/{request.name}",
             f":(glob)records/sessions/*/*/*-{request.stem}.yaml")
    commits = len(git(clone, "log", "--format=%h", "--", *paths).split())
    seconds = best(repeat, (clone, ("log", "--format=%h", "--", *paths)))
    return {"git log -- one client's files": f"{seconds:.2f} s ({commits} commits found)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=50_000,
                        help="the cached synthetic program of this size (business, seed 1)")
    parser.add_argument("--program", type=Path, help="a generated program to use instead")
    parser.add_argument("--work", type=Path, help="a new folder (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    source = args.program or program_for(args.sessions, "business", 1)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-git-"))
    work.mkdir(parents=True, exist_ok=True)
    program = work / "tree"
    shutil.copytree(source, program, ignore=shutil.ignore_patterns(".git", ".mentorlog"))
    files = sum(1 for p in (program / "records").rglob("*") if p.is_file())
    print(f"{source}: {files:,} files under records/")
    history_figures(program, work, args.repeat)  # each figure is printed as it is measured
    tree_figures(program, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
