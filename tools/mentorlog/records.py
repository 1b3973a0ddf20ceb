"""The records/ layout, and which files under records/ are which records.

A record's identity is its path: `records/<kind>s/<id>.yaml`, sessions under `YYYY/MM/`;
an attachment lies in `records/attachments/<request id>/`. This module is the one place that
knows it (reading, writing, policy and `init` ask here).
Files that fit no record type of the program are problems, not silently skipped: a session
saved as `.yml` or in `sessions/2026/3/` would otherwise never be validated.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gitdiff import Change
from .problems import MentorlogError, Problem, error
from .repo import RECORDS_DIR as RECORDS
from .repo import Repo
from .schemas import KINDS
from .yamlload import Document

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
FOLDERS = {"mentors": "mentor", "clients": "client", "sites": "site", "requests": "request",
           "sessions": "session"}
KIND_FOLDERS = {kind: folder for folder, kind in FOLDERS.items()}
ATTACHMENTS = f"{RECORDS}/attachments/"
_SESSION_PARTS = re.compile(r"^sessions/(\d{4})/(\d{2})/([^/]+)\.yaml$")
_FLAT_PARTS = re.compile(r"^(mentors|clients|sites|requests)/([^/]+)\.yaml$")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def folder_of(kind: str) -> str:
    """`records/<kind>s/`: where records of `kind` are filed (sessions below, by month)."""
    return f"{RECORDS}/{KIND_FOLDERS[kind]}/"


def record_path(kind: str, record_id: str, day: str = "") -> str:
    """Where the record `kind`/`record_id` is filed; a session by its `day` (YYYY-MM-DD)."""
    if kind != "session":
        return f"{folder_of(kind)}{record_id}.yaml"
    if not _DAY.fullmatch(day):
        raise MentorlogError("a session needs --date YYYY-MM-DD to know its folder")
    return f"{folder_of(kind)}{day[:4]}/{day[5:7]}/{record_id}.yaml"


def is_session(path: str) -> bool:
    """A session file (by its place; `classify` says whether it is filed right)."""
    return path.startswith(folder_of("session")) and path.endswith(".yaml")


def attachment_request(path: str) -> str:
    """The request an attachment belongs to: the folder it lies in under attachments/."""
    return path.removeprefix(ATTACHMENTS).split("/", 1)[0]


def profile_folders(profile: str) -> tuple[str, ...]:
    """The folders of records/ a program of `profile` uses: one per record kind, and
    attachments/ where sessions list attachments (business sessions only)."""
    folders = tuple(KIND_FOLDERS[kind] for kind in KINDS[profile])
    return (*folders, "attachments") if profile == "business" else folders


@dataclass
class Record:
    path: str  # repo-relative POSIX path, e.g. records/sessions/2026/03/x.yaml
    kind: str  # mentor | client | site | request | session
    id: str
    doc: Document | None = None  # None when the file could not be loaded
    valid: bool = False  # loaded and matches its schema

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data if self.doc is not None else {}

    @property
    def folder_month(self) -> str | None:
        """For sessions: the YYYY-MM of the folder the file is filed under."""
        found = _SESSION_PARTS.match(self.path.removeprefix("records/"))
        return f"{found.group(1)}-{found.group(2)}" if found else None


SYMLINK_MESSAGE = "a symbolic link: records/ holds only real files and folders"


def record_files(repo: Repo) -> Iterator[str]:
    """Repo-relative POSIX paths of every file under records/, in path order, except the
    files in attachments/ (the attachment rules judge those). Hidden files and folders are
    listed wherever they are (attachments/ too), and not entered: `classify` reports them (a
    `.gitattributes` with `eol=crlf` would change how git checks out other mentors' records).
    An empty `.gitkeep` (`init` writes them) is no problem.
    Links to folders are listed too (os.walk does not enter them), so that they are reported,
    not silently skipped. (String work only: this runs for every file of a repo.)"""
    return (rel for rel, _ in record_entries(repo))


def record_entries(repo: Repo) -> Iterator[tuple[str, bool]]:
    """record_files, each path with whether it is a symbolic link: from the folder listing
    (os.scandir's entry type), no stat per file."""
    for folder in _walk(repo, lstat=False):
        start = len(folder.rel) + 1
        yield from ((rel, folder.entries[rel[start:]].is_symlink()) for rel in folder.listed)


def record_folders(repo: Repo) -> Iterator[Folder]:
    """record_files folder by folder (same folders, order and paths), with one lstat per entry
    from os.scandir: what a partial run (partial.py) compares with the record cache."""
    return _walk(repo, lstat=True)


LStat = tuple[int, int, int, int, int]  # mode, size, mtime_ns, ctime_ns, inode (not followed)


@dataclass(frozen=True)
class Folder:
    """One folder of record_files' walk, its entries, and (`lstat`) the lstat of each."""

    rel: str  # repo-relative POSIX path, e.g. records/sessions/2026/03
    entries: dict[str, os.DirEntry[str]]  # by name
    stats: dict[str, LStat]  # by entry name; empty unless asked for
    listed: list[str]  # what record_files lists here, in its order


def _walk(repo: Repo, lstat: bool) -> Iterator[Folder]:
    """The folders record_files lists from, in os.walk's order (depth first, names sorted,
    links and hidden folders not entered); a folder that cannot be listed is skipped, as
    os.walk does."""
    root, pending = str(repo.root), [str(repo.records)]
    while pending:
        dirpath = pending.pop()
        try:
            with os.scandir(dirpath) as found:
                entries = {entry.name: entry for entry in found}
            stats = {name: _lstat(entry) for name, entry in entries.items()} if lstat else {}
        except OSError:
            continue
        dirnames, filenames = _split(entries)
        rel_dir = dirpath[len(root) + 1:].replace(os.sep, "/")
        listed = _listed(rel_dir, dirnames, filenames,
                         lambda name: entries[name].is_symlink(),  # noqa: B023 (used now)
                         lambda name: _is_empty(entries[name]))  # noqa: B023
        yield Folder(rel_dir, entries, stats, listed)
        pending += [os.path.join(dirpath, d) for d in reversed(dirnames)
                    if not entries[d].is_symlink()]


def _lstat(entry: os.DirEntry[str]) -> LStat:
    st = entry.stat(follow_symlinks=False)
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _is_empty(entry: os.DirEntry[str]) -> bool:
    """A regular file of no bytes (the entry keeps its lstat: one syscall at most)."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == 0


def _split(entries: dict[str, os.DirEntry[str]]) -> tuple[list[str], list[str]]:
    """Folder names and other names, as os.walk tells them apart (a link to a folder is a
    folder)."""
    dirnames: list[str] = []
    filenames: list[str] = []
    for name, entry in entries.items():
        (dirnames if _is_dir(entry) else filenames).append(name)
    return dirnames, filenames


def _listed(rel_dir: str, dirnames: list[str], filenames: list[str],
            is_link: Callable[[str], bool], is_empty: Callable[[str], bool]) -> list[str]:
    """What record_files lists of one folder of os.walk; leaves in `dirnames` (sorted) the
    folders to enter."""
    attachments = f"{RECORDS}/attachments"
    hidden = [d for d in dirnames if d.startswith(".")]
    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    linked = [d for d in dirnames if is_link(d)]
    in_attachments = rel_dir == attachments or rel_dir.startswith(f"{attachments}/")
    return [f"{rel_dir}/{name}" for name in sorted([*filenames, *linked, *hidden])
            # an empty `.gitkeep` is what `init` writes to keep an empty folder: it holds nothing
            if not (name == ".gitkeep" and is_empty(name))
            and (name.startswith(".") or not in_attachments)]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def attachment_entries(root: Path) -> Iterator[tuple[str, str]]:
    """(repo-relative path, entry_kind) of everything under records/attachments/ that a
    session could list: files, links (to files or folders: never entered) and other non-folder
    entries. Hidden names are skipped: record_files lists those (`hidden-file`)."""
    top = root / RECORDS / "attachments"
    for dirpath, dirnames, filenames in os.walk(top):
        rel_dir = f"{RECORDS}/attachments" + dirpath[len(str(top)):].replace(os.sep, "/")
        linked = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in linked)
        for name in sorted([*filenames, *linked]):
            if not name.startswith("."):
                yield f"{rel_dir}/{name}", entry_kind(os.path.join(dirpath, name))


def entry_kind(path: str | Path) -> str:
    """file | link | folder | other (a pipe, socket or device) | missing, without following
    a link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    for test, kind in ((stat.S_ISLNK, "link"), (stat.S_ISREG, "file"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return kind
    return "other"


def entry_problems(root: Path, changes: Iterable[Change]) -> list[Problem]:
    """What git holds under records/ that a checkout may not show (`check`): a submodule entry
    (an empty folder, or nothing), a link (a plain file where links are off)."""
    problems = []
    for change in changes:
        if not change.path.startswith(f"{RECORDS}/"):
            continue
        if change.entry == "gitlink":
            problems.append(error(change.path, 0, 0, "gitlink",
                                  "a submodule entry (gitlink): records/ holds only files; "
                                  "remove it (`git rm --cached PATH`) and commit the file"))
        elif change.entry == "symlink" and not os.path.islink(root / change.path):
            problems.append(error(change.path, 0, 0, "symlink",
                                  "a symbolic link in git (a plain file in this checkout): "
                                  "records/ holds only real files and folders"))
    return problems


def is_hidden(rel: str) -> bool:
    """A dot-file, or anything in a dot-folder: never a record nor an attachment."""
    return any(part.startswith(".") for part in rel.split("/"))


def classify(rel: str, profile: str) -> tuple[Record | None, list[Problem]]:
    """The record a repo-relative path names, or a problem saying why it names none."""
    inner = rel.removeprefix("records/")
    if is_hidden(inner):
        return None, [error(rel, 0, 0, "hidden-file", "a hidden file or folder: records/ holds "
                            "only records and attachments (remove it)")]
    found = _SESSION_PARTS.match(inner) or _FLAT_PARTS.match(inner)
    if not found:
        return None, [error(rel, 0, 0, "unknown-file", _unknown_hint(inner))]
    kind = FOLDERS[inner.split("/", 1)[0]]
    if kind == "site" and profile != "youth":
        return None, [error(rel, 0, 0, "unknown-file",
                            "sites/ is for youth programs only (program.profile is business)")]
    record_id = found.group(found.lastindex or 0)
    problems = []
    if not ID_PATTERN.match(record_id):
        problems.append(error(rel, 0, 0, "bad-id", "the file name must be an id: lower-case "
                              "letters, digits and '-', 2 to 64 characters, then .yaml"))
    return Record(rel, kind, record_id), problems


def _unknown_hint(inner: str) -> str:
    if inner.endswith(".yml"):
        return "record files end in .yaml, not .yml"
    if inner.startswith("sessions/"):
        return "sessions are filed as records/sessions/YYYY/MM/<id>.yaml"
    top = inner.split("/", 1)[0]
    if top in FOLDERS:
        return f"records in {top}/ are filed as records/{top}/<id>.yaml"
    return "not a record: records/ holds mentors/, clients/, sites/, requests/, sessions/" \
        " and attachments/"
