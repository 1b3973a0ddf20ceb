"""The record cache: what each record file contributes, kept between runs.

Per record file: its load problems, its schema verdict (None until a run judged it) and its
data. An entry is used only for the exact bytes it was made from:
content decides (a BLAKE2b hash). Re-hashing is skipped only when the file's size, mtime,
ctime and inode are those the entry was made under AND the entry says its stat can be
trusted, which it does only when the file had not been touched for RACY_NS before it was read
(as git's "racy" index entries: a write in the same clock tick cannot pass for no change).

The folder `.mentorlog/cache/<key>/` is named by everything else that can change a verdict
(`cache_key`): mentorlog's version, the effective schemas (after settings), `mentorlog.yaml`,
and the YAML parser path. One pack file per records folder (`records/sessions/2026/03` ->
`records-sessions-2026-03.jsonl`), its records in path order: the first line names the format
and key; the second sums the folder up for a partial run (`summary_line`: names, stats, trust
and the facts the record index needs, `index.Facts`); the third holds the heads of all its
records (path, stat, trusted, hash, facts); then one line per record, in the same order: the
body (load problems, schema problems, data, the paths of commented and of non-finite values).
A partial run (partial.py) reads the summary of every pack, and the heads of a folder that
changed, never the bodies.
Positions are not stored: a problem's line and column come from parsing
that one file again (`StoredDocument`). JSON, never pickle: a restored CI cache or a checkout could
carry a hostile file, which is then data, checked for shape; a pack that is not exactly what
this module writes is ignored whole and rebuilt. Packs are written whole through
fileio.write_atomically, so two runs racing each leave a valid pack (the last one wins).
The cache is trusted as the checkout is: a pack committed to the repository (forced past the
`.gitignore` of `*` this module writes) would be read; `check` reports such a change as
touching files outside records/ (coordinator-only), and a link in place of the folder turns
the cache off (`own_folder`).

Cache misses are computed by `make_entry` (read, hash, load, schema), in a process pool when
there are many (`run_jobs`); results come back as the same JSON lines a pack holds and are
decoded by the same `decode`, in path order, so a cold run and a warm run report from
identical entries. A full run's stat of each file comes from the walk verdicts.py makes
(`Seen`), so a file is stat-ed once a run.

Above the entries sits the verdict of the last full run (verdicts.py, `verdict.json` in the
same folder): a full run on nothing changed returns it without reading a pack.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any

from . import __version__, yamlload
from .background import can_fork
from .fileio import content_digest, file_digest, write_atomically
from .index import facts_of
from .problems import Problem
from .progress import CACHE_STEP, READ_STEP, Progress, counted
from .records import is_session
from .repo import WORK_DIR
from .validate import schema_problems
from .yamlload import Document, Path_, PlacedOnDemand, load_file

if TYPE_CHECKING:
    from .program import Program

CACHE_DIR = Path(WORK_DIR) / "cache"
FORMAT = 4  # of the pack files; part of the key
MAGIC = "mentorlog-record-cache"
RACY_NS = 2_000_000_000  # a file touched this recently is re-hashed on the next run
# below this many files to read, a process pool costs more than it saves: measured on 2
# cores, the pool breaks even between 600 and 1,200 files (start-up ~0.1 s)
PARALLEL_FROM = 1000
# json.dumps with separators makes a new encoder at every call: 3-4 us of a record's 14, twice
# a record on a cold run
_compact = json.JSONEncoder(separators=(",", ":")).encode

Stat = list[int]  # size, mtime_ns, ctime_ns, inode
# full path -> (mode, size, mtime_ns, ctime_ns, inode) of its lstat, by the run's walk
# (verdicts.py)
Seen = dict[str, tuple[int, int, int, int, int]]
# (path, kind's schema URI when the run judges it, else None, hash of the cached bytes or "")
Job = tuple[str, str | None, str]
# ("new", head, body) or ("same", head)
Made = tuple[str, ...]


def cache_key(program: Program, parser: str) -> str:
    """A hash of everything but the record itself that a verdict depends on."""
    schemas = program.schemas
    parts = {
        "format": FORMAT, "version": __version__, "parser": parser,
        "schemas": {uri: [schemas.display[uri], schemas.schema(uri)] for uri in schemas.display},
        "settings": file_digest(program.repo.settings_file),
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


class StoredDocument(PlacedOnDemand):
    """A Document read back from the cache: its data, and where each value stands only when
    asked (a problem to report). Then the file is parsed again: storing every position cost
    more (32 us a file to write, twice the cache to read) than parsing the few files with a
    problem again (about 200 us each). The entry's bytes were checked this run, so the file
    parsed is the one the entry was made from."""

    def __init__(self, data: dict[str, Any], marks: list[list[Path_]], root: str, rel: str,
                 parser: str) -> None:
        super().__init__(data, *marks)
        self._source = (root, rel, parser)  # strings: a Path per record costs measurably

    def placed(self) -> Document | None:
        root, rel, parser = self._source
        return load_file(Path(root, rel), rel, parser)[0]


def _marks(rows: Any) -> list[list[Path_]]:
    """The paths of commented and of non-finite values, as stored (lists of lists)."""
    if rows == [[], []]:  # most records: nothing to convert
        return [[], []]
    commented, non_finite = rows
    marks = [[tuple(path) for path in commented], [tuple(path) for path in non_finite]]
    if not all(isinstance(part, (str, int)) for paths in marks for path in paths
               for part in path):
        raise ValueError("not a path")
    return marks


@dataclass
class Entry:
    rel: str
    stat: Stat
    trusted: bool
    digest: str
    load: list[Problem]
    schema: list[Problem] | None  # None: not judged yet
    doc: Document | None
    # the body line as made or read, kept while it still says what the entry holds: writing
    # a pack then costs no JSON encoding (0.6 s of a cold run at 50,000 sessions)
    line: str | None = None
    # the head line likewise, while it says this stat and trust (0.2 s of writing the packs
    # of a cold run at 50,000 sessions was encoding heads the workers had encoded already)
    top: str | None = None
    # the record's index.Facts as its head says them (a list), else worked out from the data
    given: list[Any] | None = None

    def head(self) -> str:
        """Its row in the pack's head line (what a partial run needs without the body): path,
        stat, trust, hash and the record's `index.Facts`."""
        if self.top is not None:
            return self.top
        return _compact([self.rel, self.stat, self.trusted, self.digest, self.facts()])

    def facts(self) -> list[Any]:
        if self.given is None:
            data = None if self.doc is None else self.doc.data
            loaded, request, attachments = facts_of(is_session(self.rel), data)
            self.given = [loaded, request, list(attachments)]
        return self.given

    def body(self) -> str:
        if self.line is not None:
            return self.line
        doc = self.doc
        return _compact([[problem_row(p) for p in self.load],
                         None if self.schema is None else [problem_row(p) for p in self.schema],
                         None if doc is None else doc.data,
                         [[], []] if doc is None else [doc.commented, doc.non_finite]])


def problem_row(problem: Problem) -> list[Any]:
    return [problem.path, problem.line, problem.column, problem.severity, problem.code,
            problem.message]


def problem_from_row(row: Any) -> Problem:
    path, line, column, severity, code, message = row
    if not (isinstance(path, str) and type(line) is int and type(column) is int
            and severity in ("error", "warning") and isinstance(code, str)
            and isinstance(message, str)):
        raise ValueError("not a problem")
    return Problem(path, line, column, severity, code, message)  # unknown code: ValueError


_RAW_DECODE = json.JSONDecoder().raw_decode


def _json_line(line: str) -> Any:
    """json.loads of one line without its per-call wrapper (two calls a record, 120,000 at
    50,000 sessions); a line with anything after its value is not one this module wrote."""
    value, end = _RAW_DECODE(line)
    if end != len(line):
        raise ValueError("more than one value")
    return value


def head_fields(head: Any) -> tuple[str, Stat, bool, str]:
    """Path, stat, trusted and hash of a head (a pack's row, or what make_entry sends); ValueError
    when it is not one."""
    rel, stat, trusted, digest = head[:4]
    if not (isinstance(rel, str) and isinstance(stat, list) and len(stat) == 4
            and all(type(n) is int for n in stat) and isinstance(trusted, bool)
            and isinstance(digest, str)):
        raise ValueError("not a head")
    return rel, stat, trusted, digest


def decode(head: Any, body: str, root: str, parser: str) -> Entry:
    """One entry from its head and its body line; ValueError (or TypeError) when it is not
    one."""
    rel, stat, trusted, digest = head_fields(head)
    load, schema, data, marks = _json_line(body)
    if not (isinstance(load, list)
            and (schema is None or isinstance(schema, list))
            and (data is None or isinstance(data, dict))):
        raise ValueError("not an entry")
    doc = None if data is None else StoredDocument(data, _marks(marks), root, rel, parser)
    given = head[4] if len(head) == 5 and type(head[4]) is list and len(head[4]) == 3 else None
    return Entry(rel, stat, trusted, digest, [problem_from_row(p) for p in load],
                 None if schema is None else [problem_from_row(p) for p in schema], doc, body,
                 given=given)


def stat_of(path: str, seen: Seen | None = None) -> Stat | None:
    """The file's stat: from the run's walk when it saw the path as a file, else asked now."""
    known = seen.get(path) if seen else None
    if known is not None and S_ISREG(known[0]):
        return list(known[1:])
    try:
        return _stat_row(os.stat(path))
    except OSError:
        return None


def _stat_row(st: os.stat_result) -> Stat:
    """What an entry keeps of a stat: enough to tell a changed file (size, times, inode)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def make_entry(program: Program, parser: str, job: Job) -> Made:
    """Read, hash, load and (when asked) judge one record file: a cache miss."""
    rel, uri, old_digest = job
    full = f"{program.repo.root}/{rel}"  # a string: with a Path, a miss took about 15 us more
    now = time.time_ns()  # before the stat: a write after it shows as a newer ctime
    try:
        st: os.stat_result | None = os.stat(full)
    except OSError:  # read_record says why
        st = None
    stat = [0, 0, 0, 0] if st is None else _stat_row(st)
    trusted = max(stat[1], stat[2]) < now - RACY_NS
    raw, load = yamlload.read_record(full, rel, st)  # the same stat: one a file
    digest = "" if raw is None else content_digest(raw)
    trusted = trusted and raw is not None
    if raw is not None and digest == old_digest:
        return ("same", json.dumps([rel, stat, trusted, digest]))
    doc, load = (None, load) if raw is None else \
        yamlload.load_bytes(raw, rel, parser, positions=False)
    schema = None if doc is None or uri is None else \
        schema_problems(rel, doc, program.schemas, uri)
    entry = Entry(rel, stat, trusted, digest, load, schema, doc)
    return ("new", entry.head(), entry.body())


def summary_line(entries: list[Entry]) -> str:
    """A pack's folder summed up for a partial run (partial.py), its records in path order:
    their file names; their stats, packed (four 64-bit integers each, as hex); whether every
    stat may be trusted; the positions of the records that did not load; the request each
    names (sessions) and the attachments the sessions that list any list, by position."""
    names, unloaded, requests, attachments = [], [], [], {}
    for i, entry in enumerate(entries):
        names.append(entry.rel.rsplit("/", 1)[1])
        loaded, request, listed = entry.facts()
        if not loaded:
            unloaded.append(i)
        requests.append(request)
        if listed:
            attachments[str(i)] = listed
    trusted = all(entry.trusted for entry in entries)
    stats = packed_stats(entry.stat for entry in entries)
    return _compact([names, stats, trusted, unloaded, requests, attachments])


def packed_stats(stats: Iterable[Iterable[int]]) -> str | None:
    """Stats as one hex string of 64-bit integers (compared whole by partial.py); None when
    one does not fit (an inode number above 2**63 on some file systems): no summary then."""
    packed = array("q")
    try:
        for stat in stats:
            packed.extend(stat)
    except OverflowError:
        return None
    return packed.tobytes().hex()


_WORKER: list[Any] = []  # (program, parser) in a pool's worker, inherited by fork


def _init_worker(program: Program, parser: str) -> None:
    _WORKER[:] = [program, parser]


def _work(job: Job) -> Made:
    return make_entry(_WORKER[0], _WORKER[1], job)


def run_jobs(program: Program, parser: str, jobs: list[Job]) -> Iterator[Made]:
    """make_entry for every job, in job order; in a process pool when there are many.

    The pool forks, so the workers start with the program already open (its compiled
    schemas cannot be pickled). Results stream back in order, to keep memory flat."""
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < PARALLEL_FROM or workers < 2 or not can_fork():
        yield from (make_entry(program, parser, job) for job in jobs)
        return
    chunk = max(16, min(256, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init_worker, initargs=(program, parser)) as pool:
        yield from pool.map(_work, jobs, chunksize=chunk)


def pack_name(rel: str) -> str:
    return rel.rsplit("/", 1)[0].replace("/", "-") + ".jsonl"


class RecordCache:
    """The cache of one program, for one run: `resolve` the records, then `save`."""

    def __init__(self, program: Program, enabled: bool = True) -> None:
        self.program = program
        self.parser = yamlload.DEFAULT_PARSER  # looked up now: tests switch it
        self.key = cache_key(program, self.parser)
        self.folder = program.repo.root / CACHE_DIR / self.key
        self.usable = enabled and own_folder(program.repo.root)
        self.packs: dict[str, dict[str, Entry]] = {}
        self.dirty: set[str] = set()
        self.complete = True  # the run resolved every record: packs not read are of no folder

    def resolve(self, wanted: list[tuple[str, str | None]],
                seen: Seen | None = None, progress: Progress | None = None,
                present: set[str] | None = None) -> list[Entry]:
        """The entry of every (path, schema URI or None), in the order given: cached when
        the bytes are the same, made afresh otherwise. `seen`: the stats of the run's walk;
        each step told to `progress`. `present`: every record path of the tree, when
        `wanted` is not all of them (a partial run, partial.py, asks for a few); entries of
        other paths are dropped from the packs read."""
        found: list[Entry | None] = []
        jobs: list[Job] = []
        root = str(self.program.repo.root)
        for rel, uri in counted(wanted, CACHE_STEP, len(wanted), progress):
            old = self._pack(rel).get(rel)
            if old is not None and old.trusted and old.stat == stat_of(f"{root}/{rel}", seen):
                found.append(old)  # not judged yet: `judged` does it from the cached doc
                continue
            found.append(None)
            jobs.append((rel, uri, "" if old is None else old.digest))
        made = counted(run_jobs(self.program, self.parser, jobs), READ_STEP, len(jobs), progress)
        entries = [entry or self._take(next(made)) for entry in found]
        self.complete = present is None
        self._forget_others(present if present is not None else {rel for rel, _ in wanted})
        for name in self.packs.keys() - self.dirty:  # not written: their lines are dead weight
            for entry in self.packs[name].values():
                entry.line = entry.top = None
        return entries

    def _take(self, made: Made) -> Entry:
        if made[0] == "same":
            rel, stat, trusted, _ = head_fields(_json_line(made[1]))
            entry = self.packs[pack_name(rel)][rel]
            # the worker did not load it: the facts of its head are the entry's own
            entry.stat, entry.trusted, entry.top = stat, trusted, None
        else:
            entry = decode(_json_line(made[1]), made[2], str(self.program.repo.root), self.parser)
            entry.top = made[1]
        name = pack_name(entry.rel)  # once: a miss per file on a cold run
        self.packs[name][entry.rel] = entry
        self.dirty.add(name)
        return entry

    def judged(self, entry: Entry, uri: str) -> list[Problem]:
        """The schema verdict of an entry made when no run judged it (site, reports)."""
        if entry.schema is None:
            assert entry.doc is not None
            entry.schema = schema_problems(entry.rel, entry.doc, self.program.schemas, uri)
            entry.line = None  # the stored line lacks the verdict
            self.dirty.add(pack_name(entry.rel))
        return entry.schema

    def _forget_others(self, wanted: set[str]) -> None:
        """Entries of files that are gone (or no longer records) are dropped."""
        for name, pack in self.packs.items():
            for rel in [rel for rel in pack if rel not in wanted]:
                del pack[rel]
                self.dirty.add(name)

    def _pack(self, rel: str) -> dict[str, Entry]:
        name = pack_name(rel)
        if name not in self.packs:
            self.packs[name] = self._read(self.folder / name)
        return self.packs[name]

    def _read(self, file: Path) -> dict[str, Entry]:
        """A pack, or nothing when it is missing or not exactly what `save` writes."""
        if not self.usable:
            return {}
        try:
            lines = file.read_text(encoding="utf-8").split("\n")
            heads = self._heads(lines[:3])
            if heads is None or len(heads) != len(lines) - 3:
                return {}
            root = str(self.program.repo.root)
            entries = (decode(head, body, root, self.parser)
                       for head, body in zip(heads, lines[3:], strict=True))
            pack = {entry.rel: entry for entry in entries}
        except (OSError, ValueError, TypeError, RecursionError):
            return {}
        # an entry filed in the wrong pack would never be looked up
        return pack if all(pack_name(rel) == file.name for rel in pack) else {}

    def save(self) -> None:
        """Write the packs that changed, whole; drop the packs of folders that are gone."""
        if not self.usable:
            return
        with contextlib.suppress(OSError):  # a read-only checkout: the cache is optional
            for name in sorted(self.dirty):
                write_atomically(self.folder / name, self._filler(name), replace=True)
            if self.complete and self.folder.is_dir():
                for stale in set(os.listdir(self.folder)) - set(self.packs):
                    if stale.endswith(".jsonl"):
                        (self.folder / stale).unlink(missing_ok=True)
            if self.dirty:
                self._prune()
                _ignored_by_git(self.folder.parent)

    def _prune(self) -> None:
        """Caches made under other keys (an older mentorlog or schema, the summary cache
        this one replaced) are dead weight, carried on by CI's restore-keys otherwise."""
        for other in self.folder.parent.iterdir():
            if other.name not in (self.key, ".gitignore"):
                if other.is_dir() and not other.is_symlink():
                    shutil.rmtree(other, ignore_errors=True)
                else:
                    other.unlink(missing_ok=True)

    def _filler(self, name: str) -> Callable[[Path], object]:
        text = "\n".join(self._lines(self.packs[name].values()))
        return lambda tmp: tmp.write_text(text, encoding="utf-8")

    def _lines(self, entries: Iterable[Entry]) -> Iterator[str]:
        entries = sorted(entries, key=lambda entry: entry.rel)
        yield json.dumps([MAGIC, FORMAT, self.key])
        yield summary_line(entries)
        yield "[" + ",".join(entry.head() for entry in entries) + "]"
        yield from (entry.body() for entry in entries)

    def _heads(self, lines: list[str]) -> list[Any] | None:
        """The head rows of a pack from its first three lines, or None when the pack is not
        one of this key and format."""
        if len(lines) != 3 or not self._ours(lines[0]):
            return None
        heads = _json_line(lines[2])
        return heads if isinstance(heads, list) else None

    def heads(self, name: str) -> list[Any] | None:
        """The head rows of one pack (partial.py), read without its bodies: None when there is
        no usable pack. Rows are checked for shape by their reader."""
        heads: list[Any] | None = self._opening(name, 3, self._heads)
        return heads

    def summary(self, name: str) -> Any:
        """The summary line of one pack (partial.py), parsed (checked for shape by its reader),
        or None when there is no usable pack."""
        return self._opening(name, 2,
                             lambda lines: _json_line(lines[1]) if self._ours(lines[0]) else None)

    def _ours(self, first: str) -> bool:
        """Whether a pack's first line names this format and key."""
        return bool(_json_line(first) == [MAGIC, FORMAT, self.key])

    def _opening(self, name: str, count: int, read: Callable[[list[str]], Any]) -> Any:
        if not self.usable:
            return None
        try:
            with open(self.folder / name, encoding="utf-8") as pack:
                return read([pack.readline().rstrip("\n") for _ in range(count)])
        except (OSError, ValueError, RecursionError):
            return None


def _ignored_by_git(folder: Path) -> None:
    """A `.gitignore` of `*` in the cache folder: git never shows the cache, even in a
    repository whose own .gitignore lacks `/.mentorlog/` (else `check` would see it as an
    untracked change, and someone might commit it)."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomically(ignore, lambda tmp: tmp.write_text(
            "# the record cache of mentorlog: never committed\n*\n", encoding="utf-8"),
            replace=True)


def own_folder(root: Path) -> bool:
    """Whether .mentorlog/cache/ is a real folder of this repository (or not there yet).

    A checkout can carry `.mentorlog` as a link (a pull request may add one): the cache would
    then be written, and other caches pruned, wherever it points, records/ included. Then
    there is no cache: every record is read, nothing is written."""
    here = root
    for part in CACHE_DIR.parts:
        here = here / part
        if os.path.islink(here) or (here.exists() and not here.is_dir()):
            return False
    return True
