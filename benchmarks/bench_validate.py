#!/usr/bin/env python3
"""How much full validation costs over merely reading the YAML (target: <= 2x at 10k sessions).

    python benchmarks/bench_validate.py              # 1,000 and 10,000 sessions
    python benchmarks/bench_validate.py --full       # and 50,000
    python benchmarks/bench_validate.py --sizes 2000,20000 --repeat 5
    python benchmarks/bench_validate.py --profile    # cProfile of validate at 10,000

For each size, a synthetic program (generate.py; cached in benchmarks/out/, regenerated when
generate.py changes) is timed twice, in the same run, each as a subprocess of this
interpreter, best of --repeat: `mentorlog --repo R validate` and bare_parse.py, which only
loads every record file with libyaml. Peak RSS comes from os.wait4 on each child.
"""

from __future__ import annotations

import argparse
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generate import PROFILES, generate_program

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TARGET_RATIO = 2.0
TARGET_SESSIONS = 10_000


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    output: str


@dataclass(frozen=True)
class Row:
    sessions: int
    files: int
    validate: Run
    parse: Run

    @property
    def ratio(self) -> float:
        return self.validate.seconds / self.parse.seconds


def measure(cmd: Sequence[str | Path], env: dict[str, str]) -> Run:
    """Wall time and peak RSS of one child process (os.wait4 reports the child's own peak)."""
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


def bench_size(sessions: int, args: argparse.Namespace) -> Row:
    repo = program_for(sessions, args.program, args.seed)
    env = child_env(args.tools)
    validate_cmd = [*mentorlog_command(), "--repo", str(repo), "validate"]
    parse_cmd = [sys.executable, str(HERE / "bare_parse.py"), str(repo / "records")]
    warm = measure(parse_cmd, env)  # untimed: both sides then read from the page cache
    validates, parses = [], []
    for _ in range(args.repeat):  # interleaved, so drift in the machine hits both alike
        validates.append(measure(validate_cmd, env))
        parses.append(measure(parse_cmd, env))
    for run, what in ((validates[0], "validate"), (warm, "bare parse")):
        if run.returncode != 0:
            raise SystemExit(f"{what} failed on {repo} (exit {run.returncode}):\n"
                             f"{run.output[-3000:]}")
    row = Row(sessions, int(warm.output.split()[0]), best_of(validates), best_of(parses))
    print(f"  {sessions:>7,} sessions: validate {row.validate.seconds:.2f}s, "
          f"parse {row.parse.seconds:.2f}s", flush=True)
    return row


def table(rows: list[Row]) -> str:
    lines = ["| sessions | files | validate (s) | bare parse (s) | validate / parse "
             "| validate peak RSS (MiB) | parse peak RSS (MiB) |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.sessions:,} | {r.files:,} | {r.validate.seconds:.2f} | "
              f"{r.parse.seconds:.2f} | {r.ratio:.1f}x | {r.validate.max_rss_mib:.0f} | "
              f"{r.parse.max_rss_mib:.0f} |" for r in rows]
    return "\n".join(lines)


def verdict(rows: list[Row]) -> str:
    at_target = [r for r in rows if r.sessions == TARGET_SESSIONS]
    if not at_target:
        return f"(target: validate <= {TARGET_RATIO:g}x bare parse at {TARGET_SESSIONS:,} " \
               "sessions; not measured in this run)"
    ratio = at_target[0].ratio
    met = "MET" if ratio <= TARGET_RATIO else "NOT MET"
    return f"target validate <= {TARGET_RATIO:g}x bare parse at {TARGET_SESSIONS:,} " \
           f"sessions: {met} ({ratio:.1f}x)"


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
    parser.add_argument("--profile", action="store_true",
                        help="instead of the table: cProfile validate at --profile-size")
    parser.add_argument("--profile-size", type=int, default=TARGET_SESSIONS)
    parser.add_argument("--tools", type=Path, default=None,
                        help="run mentorlog from this source folder (e.g. a git worktree's "
                        "tools/) instead of the installed one, to compare versions")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = [1000, 10_000, 50_000] if args.full else [1000, 10_000]
    if args.tools is not None:
        args.tools = args.tools.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.profile:
        profile_validate(args)
        return 0
    print(describe_machine(args), flush=True)
    rows = [bench_size(sessions, args) for sessions in args.sizes]
    print()
    print(table(rows))
    print()
    print(verdict(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
