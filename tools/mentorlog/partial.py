"""Partial runs (`validate PATH...`, what the pre-commit hook runs) without reading every record.

The rules report only on the files asked about, but they look at other records: that an id
exists, a session's request, the other sessions of that request, the attachments sessions list.
A full load reads (or decodes from the cache) every record for that: about 35 us each, 2.5 s a
commit at 50,000 sessions. Most of it is not needed: the record cache's packs already hold, per
record, its stat and the facts the index needs (`index.Facts`: did it load, which request does
a session name, which attachments does it list), summed up per folder on one line.

So a partial run
- walks records/ as record_files does, with one lstat per entry (`records.record_folders`): any
  file may have changed since it was cached, and only its stat can tell;
- takes a folder whose record files all have the stats its pack's summary was made under (all
  trusted, as the cache's own rule) from that summary (`cache.summary_line`), and in a folder
  that changed, each record whose stat is its head's from its head, without reading them;
- reads through the cache only the records asked about (judged against their schema) and those
  whose stat changed (not judged), and writes their entries back;
- runs the rules over a `SparseIndex`: a record it did not read is created when a rule looks it
  up, and its document is read from its file when a rule looks inside (`UnreadDocument`). A rule
  that looks at more records than it needs is slower, never wrong.
With no cache folder (a fresh clone, an upgrade), a cache it may not use, or more changed records
than a serial read should take, it returns None and the caller loads everything (which fills
the cache).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from .cache import PARALLEL_FROM, RecordCache, pack_name, packed_stats
from .index import Facts, facts_of, listed_attachment
from .problems import Problem, error
from .program import Loaded, Program, take
from .records import SYMLINK_MESSAGE, Folder, Record, classify, record_folders
from .yamlload import Document, load_file

Known = tuple[str, str, Facts]  # kind, id, facts of a record taken from its head


@dataclass
class PartialLoad:
    """What a partial run loaded: the problems of the files asked about, and the index."""

    problems: list[Problem]
    index: SparseIndex


@dataclass
class _Walk:
    """The records of the tree, in record_files' order, as the walk sorts them out."""

    order: list[str] = field(default_factory=list)  # every record path
    known: dict[str, Known] = field(default_factory=dict)  # unchanged since cached
    changed: list[Record] = field(default_factory=list)  # to read
    problems: list[Problem] = field(default_factory=list)  # of the paths asked about


def load_partial(program: Program, targets: set[str]) -> PartialLoad | None:
    """The problems of `targets` that loading finds, and the index the rules need; None when
    the cache cannot answer (see the module's docstring)."""
    cache = RecordCache(program)
    if not (cache.usable and cache.folder.is_dir()):
        return None
    walk = _Walk()
    for folder in record_folders(program.repo):
        _sort_folder(program, cache, folder, targets, walk)
        if len(walk.changed) > PARALLEL_FROM:  # the full load reads them on both cores
            return None
    read = _read(program, cache, walk, targets)
    cache.save()
    index = SparseIndex(str(program.repo.root), cache.parser, walk.order, walk.known, read)
    return PartialLoad(walk.problems, index)


def _sort_folder(program: Program, cache: RecordCache, folder: Folder, targets: set[str],
                 walk: _Walk) -> None:
    """Each listed path of one folder: known from its head, to read, or no record."""
    if folder.listed and targets.isdisjoint(folder.listed) \
            and _take_whole(program, cache, folder, walk):
        return
    heads = _heads(cache, folder)
    held = next((rel for rel in folder.listed if rel in heads), None)
    kind = _kind(held, program.settings.profile) if held else ""
    start = len(folder.rel) + 1
    for rel in folder.listed:
        lstat = folder.stats[rel[start:]]
        head = heads.get(rel) if kind else None
        if head is not None and head[1] == [*lstat[1:]] and S_ISREG(lstat[0]) \
                and rel not in targets and _plausible(head):
            loaded, request, attachments = head[4]
            walk.known[rel] = (kind, rel[start:-len(".yaml")],
                               Facts(loaded, request, tuple(attachments)))
            walk.order.append(rel)
            continue
        record = _record(rel, lstat, program.settings.profile, targets, walk.problems)
        if record is not None:
            walk.changed.append(record)
            walk.order.append(rel)


def _take_whole(program: Program, cache: RecordCache, folder: Folder, walk: _Walk) -> bool:
    """Take every record of a folder from its pack's summary when nothing in it changed: the
    same record files (no link among them), each with the stat it was cached under, all
    trusted. The usual case, and one comparison a folder instead of one a record."""
    summary = cache.summary(pack_name(folder.listed[0]))
    start = len(folder.rel) + 1
    names = [rel[start:] for rel in folder.listed
             if rel.endswith(".yaml") and not rel[start:].startswith(".")]
    if not (_summary_shape(summary) and summary[0] == names and summary[2] is True):
        return False
    if not all(S_ISREG(folder.stats[name][0]) for name in names) or \
            packed_stats(folder.stats[name][1:] for name in names) != summary[1]:
        return False
    if not names:
        return True
    kind = _kind(f"{folder.rel}/{names[0]}", program.settings.profile)
    if not kind:  # a record of no kind here: the cache was not made under these settings
        return False
    unloaded, (requests, attachments) = set(summary[3]), summary[4:]
    for i, name in enumerate(names):
        rel = f"{folder.rel}/{name}"
        facts = Facts(i not in unloaded, requests[i], tuple(attachments.get(str(i), ())))
        walk.known[rel] = (kind, name[:-len(".yaml")], facts)
        walk.order.append(rel)
    return True


def _summary_shape(summary: Any) -> bool:
    """Whether a pack's summary is of the shape cache.summary_line writes."""
    if not (type(summary) is list and len(summary) == 6):
        return False
    names, stats, trusted, unloaded, requests, attachments = summary
    return type(names) is list and type(stats) is str and type(trusted) is bool \
        and type(unloaded) is list and type(requests) is list and len(requests) == len(names) \
        and all(r is None or type(r) is str for r in requests) and type(attachments) is dict \
        and all(type(v) is list and all(type(a) is str for a in v)
                for v in attachments.values())


def _heads(cache: RecordCache, folder: Folder) -> dict[str, list[Any]]:
    """The trusted heads of the folder's pack by path (their facts are checked for shape when
    used: `_plausible`)."""
    rows = cache.heads(pack_name(folder.listed[0])) if folder.listed else None
    try:
        return {row[0]: row for row in rows or () if len(row) == 5 and row[2] is True}
    except (TypeError, KeyError):  # not a list of lists: not what the cache writes
        return {}


def _kind(rel: str, profile: str) -> str:
    """The kind of the records the cache holds in the folder of `rel`, one of them ("": not a
    record). A folder holds records of one kind, each named `<id>.yaml` (records.classify), so
    one path tells."""
    record, _ = classify(rel, profile)
    return "" if record is None else record.kind


def _plausible(head: list[Any]) -> bool:
    """Whether a head's facts are of the types the cache writes (else the record is read):
    a loaded flag, the request a session names or None, the attachments it lists."""
    rel, facts = head[0], head[4]
    if not (type(facts) is list and len(facts) == 3 and rel.endswith(".yaml")
            and "/." not in rel):
        return False
    loaded, request, attachments = facts
    return type(loaded) is bool and (request is None or type(request) is str) \
        and type(attachments) is list and all(type(a) is str for a in attachments)


def _record(rel: str, lstat: tuple[int, ...], profile: str, targets: set[str],
            problems: list[Problem]) -> Record | None:
    """The record at a path not known from the cache (its problems kept when asked about)."""
    if S_ISLNK(lstat[0]):
        found, found_problems = None, [error(rel, 0, 0, "symlink", SYMLINK_MESSAGE)]
    else:
        found, found_problems = classify(rel, profile)
    if rel in targets:
        problems += found_problems
    return found


def _read(program: Program, cache: RecordCache, walk: _Walk,
          targets: set[str]) -> dict[str, Record]:
    """Read (through the cache) the records asked about, judged, and the changed ones."""
    records = walk.changed
    judged = [r.path in targets for r in records]
    entries = cache.resolve([(r.path, program.schema_uri(r.kind) if judge else None)
                             for r, judge in zip(records, judged, strict=True)],
                            present=set(walk.order))
    loaded = Loaded()
    for record, entry, judge in zip(records, entries, judged, strict=True):
        take(program, cache, loaded, record, entry, judge)
    walk.problems += [p for p in loaded.problems if p.path in targets]
    return {r.path: r for r in loaded.records}


class UnreadDocument(Document):
    """The document of a record a partial run took from the cache's heads: read from its file
    when a rule first looks inside (its stat is the one it was cached under, so it loads)."""

    def __init__(self, root: str, rel: str, parser: str) -> None:
        self._source = (root, rel, parser)

    def __getattr__(self, name: str) -> Any:
        if name not in ("data", "values", "keys", "commented", "non_finite"):
            raise AttributeError(name)
        root, rel, parser = self._source
        doc = load_file(Path(root, rel), rel, parser)[0] or Document({})
        self.data, self.values, self.keys = doc.data, doc.values, doc.keys
        self.commented, self.non_finite = doc.commented, doc.non_finite
        return self.__dict__[name]

    @property
    def was_read(self) -> bool:
        return "data" in self.__dict__


class SparseIndex:
    """index.Lookup over every record of the tree, from the records read and the facts of the
    others; a record is created on first lookup (see the module's docstring)."""

    def __init__(self, root: str, parser: str, order: list[str], known: dict[str, Known],
                 read: dict[str, Record]) -> None:
        self._source = (root, parser)
        self._known, self._read, self._made = known, read, dict(read)
        self._ids: dict[str, dict[str, str]] = defaultdict(dict)  # kind -> id -> first path
        self._seconds: list[tuple[str, str]] = []
        self._by_request: dict[str, list[str]] = defaultdict(list)
        for rel in order:
            kind, record_id, facts = known[rel] if rel in known else self._of(read[rel])
            first = self._ids[kind].setdefault(record_id, rel)
            if first != rel:
                self._seconds.append((first, rel))
            elif facts.request:
                self._by_request[facts.request].append(rel)

    @staticmethod
    def _of(record: Record) -> Known:
        data = None if record.doc is None else record.doc.data
        return record.kind, record.id, facts_of(record.kind == "session", data)

    def record(self, rel: str) -> Record:
        """The record at `rel` (one of the tree's), created on first use."""
        if rel not in self._made:
            kind, record_id, facts = self._known[rel]
            root, parser = self._source
            doc = UnreadDocument(root, rel, parser) if facts.loaded else None
            self._made[rel] = Record(rel, kind, record_id, doc)
        return self._made[rel]

    @property
    def duplicates(self) -> list[tuple[Record, Record]]:
        return [(self.record(first), self.record(second)) for first, second in self._seconds]

    def get(self, kind: str, record_id: str) -> Record | None:
        rel = self._ids[kind].get(record_id)
        return None if rel is None else self.record(rel)

    def all(self, kind: str) -> list[Record]:
        return [self.record(rel) for rel in self._ids[kind].values()]

    def at_paths(self, kind: str, paths: Container[str]) -> list[Record]:
        return [r for rel, r in self._read.items()
                if rel in paths and r.kind == kind and self._ids[kind].get(r.id) == rel]

    def ids(self, kind: str) -> Container[str]:
        return self._ids[kind]

    def sessions_of(self, request_id: str) -> list[Record]:
        return [self.record(rel) for rel in self._by_request.get(request_id, [])]

    def requests_with_sessions(self) -> Iterable[tuple[str, list[Record]]]:
        return [(request, self.sessions_of(request)) for request in self._by_request]

    def listed_attachments(self) -> set[str]:
        every = [*self._known.values(), *(self._of(r) for r in self._read.values())]
        return {listed_attachment(path) for kind, _, facts in every if kind == "session"
                for path in facts.attachments}

    def read_on_demand(self) -> list[str]:
        """The records whose document a rule read from its file (tests: what the run cost)."""
        return sorted(rel for rel, r in self._made.items()
                      if isinstance(r.doc, UnreadDocument) and r.doc.was_read)
