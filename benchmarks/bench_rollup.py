#!/usr/bin/env python3
"""A national roll-up, measured: N chapter repositories, each exported, landed in DuckDB.

    /work/scaling-venv/bin/python benchmarks/bench_rollup.py --chapters 100 --sessions 2000

It needs `duckdb` and `pyarrow` in the interpreter that runs it; they are not mentorlog's
dependencies (a throw-away venv: `python3 -m venv /tmp/rollup && /tmp/rollup/bin/pip install
duckdb pyarrow`, docs/scaling.md). The chapters' own work runs through the `mentorlog` command
of the repository's `.venv` (`--mentorlog`), as each chapter would run it.

For each chapter (seed = chapter number, so every chapter differs) it generates a program
(benchmarks/generate.py, not timed), then times what the chapter runs:
  1. `mentorlog export --format sqlite` (validates every record first: a cold run);
  2. `mentorlog report fiscal-year --format json`: the counts-only route;
  3. the chapter's Parquet: from the SQLite export, only the columns a national director
     needs; no names, notes, questions, locations or Part I details, and the client and
     mentor ids replaced by a keyed hash the chapter keeps (`pseudonym`), so the nation can
     count distinct clients but cannot look anyone up.
Then, at the national office: one DuckDB database loaded from every chapter's Parquet, and
the director's queries, each timed. Wall times; the machine's other load adds noise.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_program

ROOT = Path(__file__).resolve().parent.parent
FISCAL_YEAR = 2026  # the last complete fiscal year of the synthetic programs (Oct 2025 - Sep 2026)

# What leaves a chapter, per session: no free text, no names, ids only as pseudonyms.
SESSION_SQL = """
SELECT s.id, s.date, r.client, s.effective_mentor, s.hours,
       COALESCE((SELECT SUM(c.hours) FROM session_co_mentors c WHERE c.session = s.id), 0),
       COALESCE(s.prep_hours, 0), COALESCE(s.travel_hours, 0), s.attendance, s.mentoring_type,
       s.topics, s.language, s.late_reason IS NOT NULL
FROM sessions s JOIN requests r ON r.id = s.request ORDER BY s.id
"""
SESSION_SCHEMA = pa.schema([
    ("chapter", pa.string()), ("session", pa.string()), ("date", pa.date32()),
    ("client", pa.string()), ("mentor", pa.string()), ("hours", pa.float64()),
    ("co_mentor_hours", pa.float64()), ("prep_hours", pa.float64()),
    ("travel_hours", pa.float64()), ("attendance", pa.string()),
    ("mentoring_type", pa.string()), ("topics", pa.list_(pa.string())),
    ("language", pa.string()), ("late_entry", pa.bool_())])
OUTCOME_SQL = 'SELECT session, kind, "on", count, amount FROM session_outcomes ORDER BY session'
OUTCOME_SCHEMA = pa.schema([
    ("chapter", pa.string()), ("session", pa.string()), ("kind", pa.string()),
    ("on", pa.string()), ("count", pa.float64()), ("amount", pa.float64())])

# The director's questions. Business programs' fiscal year starts in October.
QUERIES = {
    "sessions and hours by chapter and month": """
        SELECT chapter, date_trunc('month', date) AS month, count(*) AS sessions,
               sum(hours + co_mentor_hours) AS contact_hours,
               sum(prep_hours + travel_hours) AS other_hours
        FROM sessions GROUP BY ALL ORDER BY ALL""",
    "national sessions, hours, attendance by month": """
        SELECT date_trunc('month', date) AS month, count(*) AS sessions,
               count(*) FILTER (WHERE attendance = 'attended') AS attended,
               sum(hours + co_mentor_hours) AS contact_hours
        FROM sessions GROUP BY ALL ORDER BY ALL""",
    "clients served by chapter and fiscal year": """
        SELECT chapter, year(date) + (month(date) >= 10)::INT AS fiscal_year,
               count(DISTINCT client) AS clients_served
        FROM sessions WHERE attendance = 'attended' GROUP BY ALL ORDER BY ALL""",
    "clients served nationally by fiscal year": """
        SELECT year(date) + (month(date) >= 10)::INT AS fiscal_year,
               count(DISTINCT (chapter, client)) AS clients_served
        FROM sessions WHERE attendance = 'attended' GROUP BY ALL ORDER BY ALL""",
    "topics nationally (sessions)": """
        SELECT topic, count(*) AS sessions FROM sessions, unnest(topics) AS t(topic)
        GROUP BY ALL ORDER BY sessions DESC""",
    "outcomes by chapter and fiscal year": """
        SELECT o.chapter, year(s.date) + (month(s.date) >= 10)::INT AS fiscal_year, o.kind,
               count(*) AS events, sum(o.count) AS count, sum(o.amount) AS amount
        FROM outcomes o JOIN sessions s USING (chapter, session) GROUP BY ALL ORDER BY ALL""",
    "late entries by chapter (share)": """
        SELECT chapter, avg(late_entry::INT) AS late_share FROM sessions
        GROUP BY ALL ORDER BY late_share DESC""",
}


def pseudonym(key: bytes, value: str | None) -> str | None:
    """A keyed hash of an id: the same client counts once nationally, but without the
    chapter's key nobody can test a guess ("is r-2024-0012's client kim-osei?")."""
    if value is None:
        return None
    return hmac.new(key, value.encode("utf-8"), hashlib.blake2b).hexdigest()[:20]


def chapter_parquet(export: Path, chapter: str, key: bytes, out: Path) -> tuple[int, int]:
    """The chapter's upload: its SQLite export reduced to SESSION_SCHEMA and OUTCOME_SCHEMA."""
    with closing(sqlite3.connect(export)) as db:
        sessions = [_session_row(chapter, key, row) for row in db.execute(SESSION_SQL)]
        outcomes = [{"chapter": chapter, "session": s, "kind": k, "on": o, "count": c,
                     "amount": a} for s, k, o, c, a in db.execute(OUTCOME_SQL)]
    pq.write_table(pa.Table.from_pylist(sessions, SESSION_SCHEMA),
                   out / f"sessions-{chapter}.parquet")
    pq.write_table(pa.Table.from_pylist(outcomes, OUTCOME_SCHEMA),
                   out / f"outcomes-{chapter}.parquet")
    return len(sessions), len(outcomes)


def _session_row(chapter: str, key: bytes, row: tuple[Any, ...]) -> dict[str, Any]:
    sid, day, client, mentor, hours, co, prep, travel, attendance, mtype, topics, lang, late = row
    return {"chapter": chapter, "session": sid, "date": date.fromisoformat(day),
            "client": pseudonym(key, client), "mentor": pseudonym(key, mentor),
            "hours": hours, "co_mentor_hours": co, "prep_hours": prep,
            "travel_hours": travel, "attendance": attendance, "mentoring_type": mtype,
            "topics": topics.split(";") if topics else [], "language": lang,
            "late_entry": bool(late)}


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def children_cpu() -> float:
    """CPU seconds of finished child processes: on a shared machine, steadier than wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cli(took: dict[str, float], step: str, action: Callable[[], bytes]) -> bytes:
    """Run a mentorlog command; record its wall time and its CPU time under `step`."""
    cpu = children_cpu()
    took[step], output = timed(action)
    took[f"{step} (CPU)"] = children_cpu() - cpu
    return output


def run_cli(mentorlog: str, repo: Path, *args: str) -> bytes:
    done = subprocess.run([mentorlog, *args, "--repo", str(repo)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"mentorlog {' '.join(args)} failed in {repo}:\n"
                         f"{done.stderr.decode(errors='replace')}")
    return done.stdout


def one_chapter(args: argparse.Namespace, work: Path, number: int) -> dict[str, float]:
    """Generate chapter `number`, then time what the chapter runs."""
    chapter = f"ch{number:03d}"
    repo = work / "chapters" / chapter
    generate_program(repo, args.sessions, seed=number)
    export = work / "exports" / f"{chapter}.sqlite"
    took: dict[str, float] = {}
    timed_cli(took, "export sqlite", lambda: run_cli(
        args.mentorlog, repo, "export", "--format", "sqlite", "-o", str(export)))
    report = timed_cli(took, "report fiscal-year json", lambda: run_cli(
        args.mentorlog, repo, "report", "fiscal-year", "--year", str(FISCAL_YEAR),
        "--format", "json"))
    (work / "reports" / f"{chapter}.json").write_bytes(report)
    key = hashlib.blake2b(f"chapter secret {number}".encode()).digest()  # kept by the chapter
    took["sqlite -> parquet"], _ = timed(
        lambda: chapter_parquet(export, chapter, key, work / "parquet"))
    if not args.keep:
        shutil.rmtree(repo)
    return took


def national(work: Path, copies: int = 1) -> dict[str, float]:
    """Load every chapter's Parquet into one DuckDB file and run QUERIES. With `copies` > 1,
    each chapter is loaded that many times under new names: a larger nation, measured
    without exporting more chapters (the same rows, so the figures are the same multiple)."""
    database = work / ("national.duckdb" if copies == 1 else f"national-x{copies}.duckdb")
    database.unlink(missing_ok=True)
    took: dict[str, float] = {}
    with closing(duckdb.connect(str(database))) as con:
        for table in ("sessions", "outcomes"):
            took[f"load {table}"], _ = timed(lambda table=table: con.execute(
                f"CREATE TABLE {table} AS SELECT * REPLACE (chapter || '-' || copy AS chapter) "
                f"FROM read_parquet('{work}/parquet/{table}-*.parquet'), "
                f"range({copies}) AS copies(copy)"))
        took["load fiscal-year reports (JSON)"], _ = timed(lambda: con.execute(
            "CREATE TABLE reports AS SELECT * FROM "
            f"read_json_auto('{work}/reports/*.json', filename=true)"))
        for name, sql in QUERIES.items():
            took[f"query: {name}"], rows = timed(lambda sql=sql: con.execute(sql).fetchall())
            print(f"  {name}: {len(rows)} rows, first {rows[:2]}")
        if copies == 1:
            took["_disagree"] = cross_check(con)
        total = con.execute("SELECT count(*), count(DISTINCT chapter) FROM sessions").fetchone()
        print(f"  national store: {total[0]:,} sessions from {total[1]} chapters")
    took["_duckdb_mb"] = database.stat().st_size / 1e6
    return took


def cross_check(con: duckdb.DuckDBPyConnection) -> float:
    """Chapters whose FY figures from the session rows differ from their own `report
    fiscal-year`: the two routes must tell the director the same thing."""
    fiscal = f"year(date) + (month(date) >= 10)::INT = {FISCAL_YEAR}"
    row = con.execute(f"""
        WITH mine AS (SELECT chapter, count(*) AS sessions,
                             count(DISTINCT client) FILTER (WHERE attendance = 'attended')
                               AS clients, sum(hours) AS hours
                      FROM sessions WHERE {fiscal} GROUP BY chapter),
             theirs AS (SELECT regexp_extract(filename, '(ch[0-9]+)[.]json', 1) || '-0'
                                 AS chapter,
                               sessions, clients_served AS clients, hours.mentor AS hours
                        FROM reports)
        SELECT count(*), count(*) FILTER (WHERE m.sessions IS DISTINCT FROM t.sessions
               OR m.clients IS DISTINCT FROM t.clients OR abs(m.hours - t.hours) > 1e-6)
        FROM theirs t LEFT JOIN mine m USING (chapter)""").fetchone()
    print(f"  cross-check FY{FISCAL_YEAR} (sessions, clients served, mentor hours): "
          f"{row[1]} of {row[0]} chapters differ from their report")
    return float(row[1])


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def report(per_chapter: list[dict[str, float]], nation: dict[str, float], work: Path) -> None:
    if per_chapter:
        print(f"\nper chapter ({len(per_chapter)} chapters): median / max seconds")
    for step in per_chapter[0] if per_chapter else ():
        values = [took[step] for took in per_chapter]
        print(f"| {step} | {statistics.median(values):.2f} | {max(values):.2f} |"
              f" total {sum(values):.1f} s |")
    print("\nnational: seconds")
    for step, seconds in nation.items():
        if not step.startswith("_"):
            print(f"| {step} | {seconds:.3f} |")
    print(f"\nsizes: SQLite exports {folder_mb(work / 'exports'):.1f} MB, Parquet "
          f"{folder_mb(work / 'parquet'):.2f} MB, reports {folder_mb(work / 'reports'):.2f} MB, "
          f"DuckDB {nation['_duckdb_mb']:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=2000, help="per chapter")
    parser.add_argument("--work", type=Path, help="a new folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the chapters' repositories")
    parser.add_argument("--copies", type=int, default=1,
                        help="also load every chapter this many times: a larger nation")
    parser.add_argument("--national-only", action="store_true",
                        help="reuse --work's exports: only the national load and queries")
    parser.add_argument("--mentorlog", default=str(ROOT / ".venv" / "bin" / "mentorlog"),
                        help="the mentorlog command the chapters run")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="rollup-"))
    per_chapter: list[dict[str, float]] = []
    if not args.national_only:
        for folder in ("chapters", "exports", "reports", "parquet"):
            (work / folder).mkdir(parents=True)
    for number in range(1, 0 if args.national_only else args.chapters + 1):
        per_chapter.append(one_chapter(args, work, number))
        rounded = {step: round(seconds, 2) for step, seconds in per_chapter[-1].items()}
        print(f"chapter {number}: {json.dumps(rounded)}", flush=True)
    report(per_chapter, national(work), work)
    if args.copies > 1:
        print(f"\nthe same chapters loaded {args.copies} times:")
        report([], national(work, args.copies), work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
