"""A program: its schemas and settings (`Program.open`), and every record loaded.

`validate`, `check`, `build`, `report`, `export` and `new` all start from `load_program`;
pipeline.py strings the stages together.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

from .background import FORK_FROM, can_fork, meanwhile
from .cache import Entry, RecordCache, Seen
from .index import RecordIndex
from .problems import MentorlogError, Problem, error
from .progress import Progress
from .records import (
    SYMLINK_MESSAGE,
    Record,
    attachment_entries,
    classify,
    record_entries,
    record_files,
)
from .repo import Repo, find_repo
from .schemas import KINDS, SchemaSet, schema_dir_for
from .settings import Settings, effective_schemas, load_settings


@dataclass(frozen=True)
class Program:
    repo: Repo
    schemas: SchemaSet
    settings: Settings

    @classmethod
    def open(cls, repo: Repo) -> Program:
        """Schemas and settings, or MentorlogError (exit 2) when either is broken."""
        schemas = SchemaSet.load(schema_dir_for(repo.root), display_root=repo.root)
        settings = load_settings(repo, schemas)
        schemas = effective_schemas(schemas, settings)  # settings that narrow the schemas
        for kind in KINDS[settings.profile]:
            schemas.uri_for(kind, settings.profile)  # every record type has its schema
        return cls(repo, schemas, settings)

    def schema_uri(self, kind: str) -> str:
        return self.schemas.uri_for(kind, self.settings.profile)

    def today(self) -> date:
        return datetime.now(self.settings.tz).date()


def open_program(folder: str | Path | None = None) -> Program:
    """The program in `folder` (None: the one around the current folder), opened."""
    return Program.open(find_repo(None if folder is None else Path(folder)))


@dataclass
class Loaded:
    """All records of a program, loaded; problems found on the way."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    # waits until the record cache is written (load_program's `save_meanwhile`)
    saved: Callable[[], object] = field(default=lambda: None)

    @cached_property
    def index(self) -> RecordIndex:
        """Built once, on first use: the records are complete by then (load_program returns
        them all) and nothing adds to them afterwards."""
        return RecordIndex.build(self.records)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while records pile up in memory.

    Loading allocates millions of small dicts and lists that all stay alive; each automatic
    collection walks every one of them again (measured: 3.0 s -> 1.6 s for 10k sessions).
    Records hold no reference cycles; once loaded they are frozen (moved out of the
    collector's sight), so later collections do not walk them again either.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_program(program: Program, schema_targets: set[str] | None = None,
                 cache: bool = True, seen: Seen | None = None,
                 progress: Progress | None = None, save_meanwhile: bool = False) -> Loaded:
    """Load every record; check against its schema those in `schema_targets` (None: all).
    `cache=False`: read every record afresh and write no cache (the gate, when the change
    could carry a cache of its own: see pipeline.check_program). `seen`: the lstat of every
    entry under records/ when the caller walked them already (verdicts.RunInputs).
    `progress`: told of the files looked up and read (progress.py). `save_meanwhile`: from
    background.FORK_FROM records, the record cache is written in a forked child while the
    caller goes on (0.25 s at 50,000 sessions); the caller waits for it with `Loaded.saved`."""
    with gc_paused():
        return _load_all(program, schema_targets, cache, seen or {}, progress, save_meanwhile)


def _load_all(program: Program, schema_targets: set[str] | None, use_cache: bool,
              seen: Seen, progress: Progress | None, save_meanwhile: bool) -> Loaded:
    loaded = Loaded()
    found: list[tuple[list[Problem], Record | None]] = []
    for rel, link in record_entries(program.repo):
        loaded.files += 1
        # a link could make CI read, and the site publish, a file from outside the repository
        if link:
            found.append(([error(rel, 0, 0, "symlink", SYMLINK_MESSAGE)], None))
            continue
        record, problems = classify(rel, program.settings.profile)
        found.append((problems, record))
    # every record through the cache: what it contributes, made afresh only for new bytes
    cache = RecordCache(program, enabled=use_cache)
    records = [record for _, record in found if record is not None]
    judged = [schema_targets is None or r.path in schema_targets for r in records]
    entries = iter(cache.resolve([(r.path, program.schema_uri(r.kind) if judge else None)
                                  for r, judge in zip(records, judged, strict=True)],
                                 seen, progress))
    verdicts = iter(judged)
    for problems, record in found:  # in path order, as a serial run reads them
        loaded.problems += problems
        if record is not None:
            take(program, cache, loaded, record, next(entries), next(verdicts))
    if save_meanwhile and cache.usable and cache.dirty and len(records) >= FORK_FROM \
            and can_fork():
        loaded.saved = meanwhile(cache.save)
    else:
        cache.save()
    return loaded


def take(program: Program, cache: RecordCache, loaded: Loaded, record: Record,
          entry: Entry, judge: bool) -> None:
    """One record's share of the run: its document, its load problems, and its schema
    problems when the run judges it."""
    record.doc = entry.doc
    loaded.problems += entry.load
    if entry.doc is not None and judge:
        problems = cache.judged(entry, program.schema_uri(record.kind))
        record.valid = not problems
        loaded.problems += problems
    loaded.records.append(record)


def resolve_targets(repo: Repo, paths: list[Path]) -> set[str]:
    """Repo-relative record paths named by PATH arguments (files or folders)."""
    targets: set[str] = set()
    for path in paths:
        full = (path if path.is_absolute() else Path.cwd() / path).resolve()
        if not full.is_relative_to(repo.root):
            raise MentorlogError(f"{path}: not inside the repository {repo.root}")
        if full.is_dir():
            # the root's relative path is ".": every record is inside it
            inside = "" if full == repo.root else repo.relative(full) + "/"
            targets |= {rel for rel in record_files(repo) if rel.startswith(inside)}
            # attachments too: `validate records/attachments` judges what lies there
            targets |= {rel for rel, _ in attachment_entries(repo.root) if rel.startswith(inside)}
        elif not full.exists():  # a typo must not read as "1 file checked: all valid"
            raise MentorlogError(f"{path}: no such file or folder")
        elif full.is_relative_to(repo.records):
            targets.add(repo.relative(full))
        elif full == repo.settings_file or full.is_relative_to(repo.root / "schema"):
            continue  # settings and schemas are checked on every run
        else:
            raise MentorlogError(f"{path}: not a record (records live under records/)")
    return targets
