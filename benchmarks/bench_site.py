#!/usr/bin/env python3
"""What `mentorlog build` costs on a large program (targets: 2,000 clients / 20,000 sessions
in <= 45 s, site <= 150 MB, search/search_index.json <= 10 MB, and a rebuild after one changed
record rewrites only the affected staging files).

    python benchmarks/bench_site.py                   # 20,000 sessions, 2,000 clients
    python benchmarks/bench_site.py --sessions 2000   # a quick look

The synthetic program (generate.py, cached in benchmarks/out/) is copied to a temporary
folder, built once from scratch (timed, as a subprocess), then one session gets a new note and
it is built again: the second build reports how many staging files it rewrote.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bench_validate import Run, child_env, measure, mentorlog_command, program_for

HERE = Path(__file__).resolve().parent
BUILD_DAY = "2026-11-20"
TARGETS = {"seconds": 45.0, "site_mb": 150.0, "index_mb": 10.0}


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def build(repo: Path, site: Path, env: dict[str, str] | None = None) -> Run:
    run = measure([*mentorlog_command(), "--repo", str(repo), "build", "--today", BUILD_DAY,
                   "--site-dir", str(site)], env or child_env(None))
    if run.returncode != 0:
        sys.exit(f"mentorlog build failed:\n{run.output}")
    return run


def touch_one_session(repo: Path) -> Path:
    session = sorted((repo / "records" / "sessions").rglob("*.yaml"))[-1]
    text = session.read_text(encoding="utf-8")
    if "notes:" not in text:
        text += "notes:\n"
    session.write_text(text + "  - by: " + mentor_of(repo, text) + "\n    at: 2026-11-19T12:00"
                       "\n    text: One more note, added for the benchmark.\n", encoding="utf-8")
    return session


def mentor_of(repo: Path, session_text: str) -> str:
    found = re.search(r"^mentor: (\S+)", session_text, re.M)
    if found:
        return found.group(1)
    request = re.search(r"^request: (\S+)", session_text, re.M)
    assert request is not None
    lead = re.search(r"^mentor: (\S+)", (repo / "records" / "requests" /
                                        f"{request.group(1)}.yaml").read_text(), re.M)
    assert lead is not None
    return lead.group(1)


def staged(output: str) -> str:
    found = re.search(r"staging: (\d+) written, (\d+) unchanged, (\d+) removed", output)
    return found.group(0) if found else "?"


def build_rows(repo: Path, sessions: int, parse_seconds: float,
               env: dict[str, str]) -> list[str]:
    """bench_validate's table rows for `build`, once each (a full build takes minutes): the
    first build into a new folder, then the build after one session got a new note."""
    site = repo.parent / "site"
    full = build(repo, site, env)
    touch_one_session(repo)
    again = build(repo, site, env)
    return [f"| {sessions:,} | build, {rendered(run.output)} | {run.seconds:.2f} | "
            f"{run.seconds / parse_seconds:.2f}x | {run.max_rss_mib:.0f} |"
            for run in (full, again)]


def rendered(output: str) -> str:
    found = re.search(r"MkDocs rendered (\d+) pages \((.*)\)", output)
    return f"{found.group(2)}: {found.group(1)} pages rendered" if found else "?"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    source = program_for(args.sessions, "business", args.seed)
    with tempfile.TemporaryDirectory(prefix="mentorlog-bench-site-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(source, repo)
        first = build(repo, Path(tmp) / "site")
        site_mb = folder_mb(Path(tmp) / "site")
        index_mb = (Path(tmp) / "site" / "search" / "search_index.json").stat().st_size / 1e6
        pages = len(list((Path(tmp) / "site").rglob("*.html")))
        changed = touch_one_session(repo)
        second = build(repo, Path(tmp) / "site")
    report(args.sessions, pages, first, second, site_mb, index_mb, changed.name)
    ok = first.seconds <= TARGETS["seconds"] and site_mb <= TARGETS["site_mb"] \
        and index_mb <= TARGETS["index_mb"]
    return 0 if ok else 1


def report(sessions: int, pages: int, first: Run, second: Run, site_mb: float,
           index_mb: float, changed: str) -> None:
    print(f"sessions: {sessions:,}   clients: {sessions // 10:,}   HTML pages: {pages:,}")
    print(f"full build:   {first.seconds:6.1f} s (target <= {TARGETS['seconds']:.0f}), "
          f"peak RSS {first.max_rss_mib:.0f} MiB; {staged(first.output)}")
    print(f"site:         {site_mb:6.1f} MB (target <= {TARGETS['site_mb']:.0f})")
    print(f"search index: {index_mb:6.2f} MB (target <= {TARGETS['index_mb']:.0f})")
    print(f"rebuild after a new note in {changed}: {second.seconds:.1f} s; "
          f"{staged(second.output)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
