#!/usr/bin/env python3
"""Validation against merely reading the YAML, cold and warm (issue #10 targets).

    python benchmarks/bench_validate.py              # 10,000 sessions
    python benchmarks/bench_validate.py --full       # and 50,000
    python benchmarks/bench_validate.py --sizes 2000,20000 --repeat 5 --peer 0
    python benchmarks/bench_validate.py --profile    # cProfile of validate at 10,000

For each size, a synthetic program (generate.py; cached in benchmarks/out/, regenerated when
generate.py changes) is timed in one run, every scenario a subprocess of this interpreter,
interleaved, best of --repeat: bare_parse.py (libyaml loads every record file, nothing else),
`validate` cold (no record cache) and warm (nothing changed), `validate ONE-FILE` after an
edit with the cache warm and on a fresh clone (no cache), `check` of a 3-file change (a git
copy, bench_check.py's change) warm and cold, `build` into a new folder and again after one
session got a note (once each), and check-jsonschema on a sample of the session files,
scaled. Ratios are to the bare parse of the same run; peak RSS from os.wait4.
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import hashlib
import io
import os
import platform
import pstats
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generate import PROFILES, generate_program
from mentorlog.cache import CACHE_DIR
from mentorlog.schemas import schema_dir_for

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TARGET_SESSIONS = 10_000  # of --profile


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    output: str


def measure(cmd: Sequence[str | Path], env: dict[str, str], *setup: object) -> Run:
    """Wall time and peak RSS of one child process (os.wait4: the largest of the child and
    its own children, such as the cache's process pool). `setup`: what the caller did to
    the program first (evaluated before the clock starts)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss / 1024, child.returncode, output)  # Linux: KiB


def best_of(runs: list[Run]) -> Run:
    """The fastest run, with the highest peak RSS seen in any of them."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.max_rss_mib for r in runs), fastest.returncode,
               fastest.output)


def program_for(sessions: int, profile: str, seed: int) -> Path:
    """The cached synthetic program of this size, generated when missing or stale."""
    folder = OUT / f"{profile}-{sessions}-seed{seed}"
    OUT.mkdir(exist_ok=True)
    # benchmarks may run side by side: one generates, the other waits for it
    with open(OUT / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _cached_program(folder, sessions, profile, seed)


def _cached_program(folder: Path, sessions: int, profile: str, seed: int) -> Path:
    key = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]
    stamp = OUT / f"{folder.name}.stamp"
    if folder.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return folder
    for stale in (folder, folder.with_suffix(".tmp")):
        if stale.exists():
            shutil.rmtree(stale)
    started = time.perf_counter()
    summary = generate_program(folder.with_suffix(".tmp"), sessions, None, profile, seed)
    folder.with_suffix(".tmp").rename(folder)
    stamp.write_text(key)
    print(f"generated {folder.relative_to(HERE.parent)}: {summary.record_files} record files "
          f"in {time.perf_counter() - started:.1f}s", flush=True)
    return folder


def child_env(tools: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if tools is not None:  # a PYTHONPATH entry wins over the editable install
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tools), env.get("PYTHONPATH")]))
    return env


def mentorlog_command() -> list[str]:
    script = Path(sys.executable).parent / "mentorlog"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mentorlog"]


def cold(repo: Path) -> Path:
    """No record cache: a fresh clone, or the first run after an upgrade."""
    shutil.rmtree(repo / CACHE_DIR, ignore_errors=True)
    return repo


def edit(file: Path, n: int) -> Path:
    """One more note on a session, by its mentor: new bytes every time, so the cache must
    read them."""
    text = file.read_text(encoding="utf-8")
    request = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                   if line.startswith("request:"))
    records = file.parents[3]
    mentor = next(line.split(":", 1)[1].strip() for line in (
        records / "requests" / f"{request}.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("mentor:"))
    file.write_text(text + ("" if "notes:" in text else "notes:\n")
                    + f"  - by: {mentor}\n    at: 2026-10-0{n % 9 + 1}T09:{n % 60:02}\n"
                    "    text: Follow-up call.\n", encoding="utf-8")
    return file


def scenarios(repo: Path, args: argparse.Namespace) -> dict[str, Callable[[int], Run]]:
    """What one run measures at one size, each a function of the repeat number."""
    env = child_env(args.tools)
    validate = [*mentorlog_command(), "--repo", str(repo), "validate"]
    one = sorted((repo / "records/sessions").rglob("*.yaml"))[-1]
    one_cmd = [*validate, "--format", "json", str(one)]  # a changed file may now have problems
    return {
        "bare libyaml parse": lambda n: measure(
            [sys.executable, str(HERE / "bare_parse.py"), str(repo / "records")], env),
        "validate, cold (no cache)": lambda n: measure(validate, env, cold(repo)),
        "validate, warm (nothing changed)": lambda n: measure(validate, env),
        "validate ONE changed file, warm cache": lambda n: measure(one_cmd, env, edit(one, n)),
        "validate ONE changed file, fresh clone": lambda n: measure(
            one_cmd, env, edit(one, n + 30), cold(repo)),
    }


def check_scenarios(repo: Path, args: argparse.Namespace) -> dict[str, Callable[[int], Run]]:
    """`mentorlog check` of a mentor's 3-file change, in a git copy of the program."""
    from bench_check import GIT_ENV, NOW, change_three_files, make_repo
    root = Path(tempfile.mkdtemp(prefix="bench-validate-")) / "program"
    make_repo(repo, root)
    login = change_three_files(root)
    cmd = [*mentorlog_command(), "--repo", str(root), "check", "--base", "main", "--author",
           login, "--now", NOW]
    env = {**child_env(args.tools), **GIT_ENV}
    return {"check, 3-file change, warm cache": lambda n: measure(cmd, env),
            "check, 3-file change, fresh clone": lambda n: measure(cmd, env, cold(root))}


def peer(repo: Path, sample: int) -> tuple[float, int, int]:
    """check-jsonschema (session schema only) on `sample` session files, spread over the
    program, scaled to all of them: seconds, files timed, files in all."""
    sessions = sorted((repo / "records/sessions").rglob("*.yaml"))
    chosen = sessions[:: max(1, len(sessions) // sample)][:sample]
    cmd = [str(Path(sys.executable).with_name("check-jsonschema")), "--schemafile",
           str(schema_dir_for(repo) / "business" / "session.schema.json"), *map(str, chosen)]
    run = measure(cmd, dict(os.environ))
    if run.returncode != 0:
        raise SystemExit(f"check-jsonschema failed:\n{run.output[-2000:]}")
    return run.seconds * len(sessions) / len(chosen), len(chosen), len(sessions)


def bench_size(sessions: int, args: argparse.Namespace) -> list[str]:
    """The table rows of one size: every scenario, best of --repeat, interleaved."""
    repo = Path(tempfile.mkdtemp(prefix="bench-validate-")) / "program"
    shutil.copytree(program_for(sessions, args.program, args.seed), repo)  # edited below
    todo = {**scenarios(repo, args), **check_scenarios(repo, args)}
    env = child_env(args.tools)
    measure([sys.executable, str(HERE / "bare_parse.py"), str(repo / "records")], env)
    runs: dict[str, list[Run]] = {name: [] for name in todo}
    for n in range(args.repeat):  # interleaved, so drift in the machine hits all alike
        for name, run in todo.items():
            runs[name].append(run(n))
    for name, found in runs.items():
        if found[0].returncode not in (0, 1) or "Traceback" in found[0].output:
            raise SystemExit(f"{name} failed (exit {found[0].returncode}):\n"
                             f"{found[0].output[-3000:]}")
    best = {name: best_of(found) for name, found in runs.items()}
    parse = best["bare libyaml parse"].seconds
    rows = [f"| {sessions:,} | {name} | {r.seconds:.2f} | {r.seconds / parse:.2f}x | "
            f"{r.max_rss_mib:.0f} |" for name, r in best.items()]
    if args.build:
        from bench_site import build_rows
        rows += build_rows(repo, sessions, parse, env)
    if args.peer:
        seconds, timed, total = peer(repo, args.peer)
        rows.append(f"| {sessions:,} | check-jsonschema, session schema only (timed on {timed:,} "
                    f"of {total:,} files, scaled) | {seconds:.1f} | {seconds / parse:.1f}x | |")
    print("\n".join(rows), flush=True)
    return rows


TABLE_HEAD = ["| sessions | what | seconds | x bare parse | peak RSS (MiB) |",
              "|---:|---|---:|---:|---:|"]


def git_state(tools: Path | None) -> str:
    where = tools.parent if tools is not None else HERE.parent
    commit = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(where), "status", "--porcelain", "--", "tools",
                            "schema"], capture_output=True, text=True, check=False).stdout
    if not commit:
        return f"{where} (not a git checkout)"
    return f"{where} at {commit}{' (tools/ or schema/ modified)' if dirty else ''}"


def describe_machine(args: argparse.Namespace) -> str:
    libyaml = "with libyaml" if getattr(yaml, "__with_libyaml__", False) else "NO libyaml"
    return (f"Python {platform.python_version()}, PyYAML {yaml.__version__} {libyaml}, "
            f"{os.cpu_count()} cores (load {os.getloadavg()[0]:.1f}), {args.program} profile, "
            f"seed {args.seed}, best of {args.repeat}; mentorlog from {git_state(args.tools)}")


def profile_validate(args: argparse.Namespace) -> None:
    """cProfile of one `mentorlog validate` at --profile-size: top 25 by cumulative and own time."""
    repo = program_for(args.profile_size, args.program, args.seed)
    stats_file = OUT / f"validate-{args.program}-{args.profile_size}.prof"
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "mentorlog",
           "--repo", str(repo), "validate"]
    run = measure(cmd, child_env(args.tools))
    if run.returncode != 0:
        raise SystemExit(f"validate failed under cProfile (exit {run.returncode}):\n"
                         f"{run.output[-3000:]}")
    report = io.StringIO()
    print(f"cProfile of mentorlog validate, {args.profile_size:,} sessions "
          f"({run.seconds:.1f}s with profiling overhead); {describe_machine(args)}", file=report)
    for order in ("cumulative", "tottime"):
        print(f"\n=== top 25 by {order} ===", file=report)
        pstats.Stats(str(stats_file), stream=report).sort_stats(order).print_stats(25)
    text = shorten_paths(report.getvalue(), args.tools or HERE.parent / "tools")
    (OUT / f"profile-{args.program}-{args.profile_size}.txt").write_text(text)
    print(text)


def shorten_paths(text: str, tools: Path) -> str:
    """`mentorlog/cli/validate.py`, `jsonschema/validators.py`: short, yet never ambiguous
    (pstats' strip_dirs would make cli/validate.py and validate.py the same file)."""
    prefixes = [str(tools), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
                sysconfig.get_paths()["stdlib"]]
    for prefix in sorted(set(prefixes), key=len, reverse=True):
        text = text.replace(prefix.rstrip(os.sep) + os.sep, "")
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(n) for n in s.split(",")],
                        help="sessions per program, comma-separated (default 1000,10000; "
                        "with --full also 50000)")
    parser.add_argument("--full", action="store_true", help="add the 50,000-session program")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the best counts")
    parser.add_argument("--program", choices=PROFILES, default="business",
                        help="program profile of the synthetic records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer", type=int, default=1000, metavar="N",
                        help="time check-jsonschema on N session files, scaled (0: skip)")
    parser.add_argument("--no-build", dest="build", action="store_false",
                        help="leave out `build` (full, then after one changed session; once "
                        "each: a full build takes minutes)")
    parser.add_argument("--profile", action="store_true",
                        help="instead of the table: cProfile validate at --profile-size")
    parser.add_argument("--profile-size", type=int, default=TARGET_SESSIONS)
    parser.add_argument("--tools", type=Path, default=None,
                        help="run mentorlog from this source folder (e.g. a git worktree's "
                        "tools/) instead of the installed one, to compare versions")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = [10_000, 50_000] if args.full else [10_000]
    if args.tools is not None:
        args.tools = args.tools.resolve()
    return args


def byte_compile(tools: Path | None) -> None:
    """Compile mentorlog's modules first, as pip does when it installs the package: an editable
    checkout (or PYTHONDONTWRITEBYTECODE) would make every timed run compile them again (about
    0.12 s, a tenth of a one-file run at 50,000 sessions)."""
    package = (tools or Path(__file__).resolve().parents[1] / "tools") / "mentorlog"
    compileall.compile_dir(str(package), quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.profile:
        profile_validate(args)
        return 0
    byte_compile(args.tools)
    print(describe_machine(args), flush=True)
    print("\n".join(TABLE_HEAD), flush=True)
    rows = [row for sessions in args.sizes for row in bench_size(sessions, args)]
    print("\nTargets (issue #10, 50,000 sessions): cold <= 1.0x, warm <= 0.1x, one changed "
          "file <= 0.1x warm and <= 1.0x on a fresh clone, peak <= 600 MiB; build <= 3 min, "
          "<= 15 s after one change.\n")
    print("\n".join([*TABLE_HEAD, *rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
