"""`mentorlog forget client|mentor ID`: erase a person from the working tree, and write what
`git filter-repo` needs to erase them from history (docs/privacy.md, "Forgetting a person").

A client goes with everything that is only theirs: the client record, their requests, those
requests' sessions and attachment folders. A mentor's sessions belong to clients, so a mentor
stays as an id (every reference still resolves) with the person blanked: a placeholder name
and email, no GitHub login, inactive.

Both are planned whole before anything changes. The records must validate first (a file that
cannot be read might belong to the person), and the change must leave them valid. A client's
files are moved into .mentorlog/forget/ (git-ignored, on the same file system, so each move is
one rename) and only then deleted: a failure midway puts every moved file back.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .fileio import write_new
from .gitdiff import Git
from .index import ClientRecords, RecordIndex, request_mentors, text
from .output import summary
from .pipeline import validate_program
from .problems import MentorlogError, has_errors
from .program import Program
from .records import ATTACHMENTS, Record, folder_of, is_session, record_files
from .repo import WORK_DIR
from .rules import RuleContext, run_rules
from .validate import schema_problems
from .yamlload import load_bytes
from .yamlwrite import dump_record

FORGET_DIR = Path(WORK_DIR) / "forget"  # git-ignored (`init`'s .gitignore)
PLACEHOLDER_NAME = "Former mentor"
# .invalid is reserved (RFC 2606): the address passes the schema and can never be delivered
PLACEHOLDER_EMAIL = "former-mentor@example.invalid"
PLACEHOLDER_LOGIN = "former-mentor"  # only in rewritten history; the record has no github
REMOVED = "[removed]"  # what a client's name, email and phone become in rewritten history
_SCHEMA_HINT = "# yaml-language-server:"


class ForgetRefused(Exception):
    """The records make forgetting unsafe now (exit 1); nothing was changed."""


@dataclass(frozen=True)
class Forgotten:
    """What `forget` did: repo-relative paths."""

    kind: str
    id: str
    removed: tuple[str, ...] = ()  # files, and attachment folders (ending in /)
    edited: tuple[str, ...] = ()
    purge_files: tuple[str, ...] = ()  # for git filter-repo, under .mentorlog/forget/
    mentions: tuple[str, ...] = ()  # records left that still hold the person's full name


# --- shared: the state before, and after ---

def _checked(program: Program, kind: str, record_id: str,
             today: date | None) -> tuple[RecordIndex, Record]:
    """The valid program's index and the record to forget, or a refusal."""
    result = validate_program(program, today=today)
    if has_errors(result.problems):
        raise ForgetRefused(
            f"the records do not validate ({summary(result.problems, result.checked)}): a file "
            f"that cannot be read may belong to this {kind}; fix them first (`mentorlog "
            "validate`); nothing changed")
    record = result.index.get(kind, record_id)
    if record is None:  # the id is not quoted: it matches no record
        raise MentorlogError(f"no {kind} with that id in {folder_of(kind)}; nothing changed")
    return result.index, record


def _refuse_breakage(program: Program, records: list[Record], today: date | None,
                     gone: tuple[str, ...], kind: str) -> None:
    """Run the cross-record rules over the records as they would be; any error outside the
    removed paths is a reference the change would break."""
    context = RuleContext(RecordIndex.build(records), program.settings, program.repo.records,
                          today or program.today())
    left = [p for p in run_rules(context)
            if p.severity == "error" and not p.path.startswith(gone)]
    if left:
        codes = ", ".join(sorted({p.code for p in left}))
        where = ", ".join(sorted({p.path for p in left if not p.path.startswith(ATTACHMENTS)}))
        raise ForgetRefused(f"forgetting this {kind} would leave {len(left)} problem(s) "
                            f"({codes}) in: {where or 'attachments'}; nothing changed")


def _every_record(index: RecordIndex) -> list[Record]:
    return [record for kind in list(index.by_kind) for record in index.all(kind)]


def _write_purge_file(program: Program, name: str, lines: list[str]) -> str:
    rel = (FORGET_DIR / name).as_posix()
    write_new(program.repo.root / rel, "".join(f"{line}\n" for line in lines), replace=True)
    return rel


def _expression(value: str, replacement: str) -> str:
    """A `git filter-repo --replace-text` line replacing `value` in any letter case, never
    inside a longer word (a client named "Sam" must not rewrite "samples"). `=` is escaped so
    that a `==>` inside a value cannot split the line."""
    escaped = re.escape(value).replace("=", r"\=")
    return rf"regex:(?i)(?<!\w){escaped}(?!\w)==>{replacement}"


# --- a client ---

def client_paths(index: RecordIndex, client: Record) -> tuple[list[str], list[str]]:
    """(record files, attachment folders) that are only `client`'s: their requests, and each
    request's sessions and attachments (sessions and attachments belong to one request)."""
    found = ClientRecords.of(index, client)
    files = [client.path, *(r.path for r in found.requests), *(s.path for s in found.sessions)]
    return files, [f"{ATTACHMENTS}{r.id}/" for r in found.requests]


def forget_client(program: Program, client_id: str, today: date | None = None) -> Forgotten:
    """Remove the client and everything only theirs; write the paths (and the name, email and
    phone) for `git filter-repo` to purge from history."""
    index, client = _checked(program, "client", client_id, today)
    files, folders = client_paths(index, client)
    gone = (*files, *folders)
    _refuse_breakage(program, [r for r in _every_record(index) if r.path not in files],
                     today, gone, "client")
    root = program.repo.root
    existing = [*files, *(f for f in folders if (root / f).is_dir())]
    _refuse_unfinished(root)
    purge = _client_purge_files(program, client, files, folders)
    try:
        remove_all(root, existing)
    except MentorlogError:
        for rel in purge:  # nothing changed: not even these
            (root / rel).unlink(missing_ok=True)
        raise
    return Forgotten("client", client.id, removed=tuple(existing), purge_files=purge,
                     mentions=mentions(program, text(client.data, "name")))


def _client_purge_files(program: Program, client: Record, files: list[str],
                        folders: list[str]) -> tuple[str, str]:
    """The paths (those of now, and the client's session files only history holds) and the
    expressions for `git filter-repo`."""
    requests = [f.removeprefix(folder_of("request")).removesuffix(".yaml") for f in files
                if f.startswith(folder_of("request"))]
    history = history_paths(program.repo.root, requests)
    return (_write_purge_file(program, f"client-{client.id}.paths",
                              [*files, *folders, *history]),
            _write_purge_file(program, f"client-{client.id}.replace",
                              _client_expressions(client)))


def history_paths(root: Path, requests: list[str]) -> list[str]:
    """Session files of `requests` that only history still holds (a session re-filed when
    its date was corrected, or deleted): every path where a commit added or removed a
    `request:` line naming one of them. A path that exists now is left out: the file there
    is another session now (or one already planned). Outside git: none."""
    if not requests or shutil.which("git") is None:
        return []
    names = "|".join(re.escape(request) for request in requests)
    code, out = Git(root).run("log", "--all", "--format=", "--name-only", "--no-renames",
                              "--relative", "--extended-regexp",
                              f"-G^request: *[\"']?({names})[\"']? *$", "--",
                              folder_of("session"))
    paths = out.decode("utf-8", "surrogateescape").splitlines() if code == 0 else []
    return sorted({path for path in paths if path and not (root / path).exists()})


def _client_expressions(client: Record) -> list[str]:
    """The name, email, phone and id (often the name again), wherever history still holds
    them outside the purged paths: commit messages, other records."""
    values = [*(text(client.data, key) for key in ("name", "email", "phone")), client.id]
    return [_expression(value, REMOVED) for value in values if value and value.strip()]


def mentions(program: Program, name: str | None) -> tuple[str, ...]:
    """The records left that still hold `name` (any letter case), in a note about someone
    else perhaps: `forget` never edits those, a coordinator decides."""
    wanted = (name or "").strip().casefold()
    if not wanted:
        return ()
    root = program.repo.root
    return tuple(rel for rel in record_files(program.repo) if rel.endswith(".yaml")
                 and wanted in (root / rel).read_text("utf-8", "replace").casefold())


def _refuse_unfinished(root: Path) -> None:
    """A `removing-*` folder left by a forget that was killed midway holds moved records:
    removing more before someone looks at it would make the state ambiguous."""
    work = root / FORGET_DIR
    if work.is_dir() and any(p.name.startswith("removing-") for p in work.iterdir()):
        raise MentorlogError(f"an earlier `forget` stopped midway: {FORGET_DIR.as_posix()}/"
                             "removing-* holds the files it moved (restore them with `git "
                             "checkout -- records`, then delete that folder); nothing changed")


def remove_all(root: Path, rels: list[str]) -> None:
    """Delete every path or none: each is moved (one rename) into a fresh folder under
    .mentorlog/forget/, which is deleted once all are there. A failed move puts back every
    moved path and raises MentorlogError."""
    (root / FORGET_DIR).mkdir(parents=True, exist_ok=True)
    trash = Path(tempfile.mkdtemp(dir=root / FORGET_DIR, prefix="removing-"))
    moved: list[str] = []
    try:
        for rel in rels:
            (trash / rel).parent.mkdir(parents=True, exist_ok=True)
            os.rename(root / rel, trash / rel)
            moved.append(rel)
    except OSError as exc:
        for rel in reversed(moved):
            os.rename(trash / rel, root / rel)
        shutil.rmtree(trash)
        raise MentorlogError(f"could not remove {rel} ({exc.strerror}); nothing changed") from None
    shutil.rmtree(trash)
    _prune_month_folders(root, rels)


def _prune_month_folders(root: Path, rels: list[str]) -> None:
    """Session folders (YYYY/MM, then YYYY) left empty: git does not keep them either."""
    for rel in rels:
        if is_session(rel):
            for folder in ((root / rel).parent, (root / rel).parent.parent):
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()


# --- a mentor ---

def blanked(data: dict[str, Any]) -> dict[str, Any]:
    """The mentor record with the person gone: placeholders, no login, inactive; the role
    stays (it says what the notes they signed were)."""
    role = {"role": data["role"]} if "role" in data else {}
    return {"name": PLACEHOLDER_NAME, "email": PLACEHOLDER_EMAIL, **role, "active": False}


def forget_mentor(program: Program, mentor_id: str, today: date | None = None) -> Forgotten:
    """Blank the mentor in place (the id stays); write the old name, email and login as
    `git filter-repo` expressions and a mailmap, to rewrite them in history."""
    index, mentor = _checked(program, "mentor", mentor_id, today)
    blank = blanked(mentor.data)
    if mentor.data == blank:
        return Forgotten("mentor", mentor.id)  # forgotten already: nothing to do
    _refuse_mentor(index, mentor)
    path = program.repo.root / mentor.path
    content = dump_record(blank, header=_schema_hint(path))
    new = _blank_record(program, mentor, content)
    others = [r for r in _every_record(index) if r.path != mentor.path]
    _refuse_breakage(program, [*others, new], today, (), "mentor")
    purge = (_write_purge_file(program, f"mentor-{mentor.id}.replace",
                               _mentor_expressions(mentor.data)),
             _write_purge_file(program, f"mentor-{mentor.id}.mailmap",
                               _mailmap(mentor.data)))
    write_new(path, content, replace=True)
    return Forgotten("mentor", mentor.id, edited=(mentor.path,), purge_files=purge,
                     mentions=mentions(program, text(mentor.data, "name")))


def _refuse_mentor(index: RecordIndex, mentor: Record) -> None:
    """Open requests would point at someone who can never log a session again; the last
    coordinator with a login would leave nobody who may approve a change to the records."""
    reasons = []
    open_ids = sorted(r.id for r in index.all("request")
                      if mentor.id in request_mentors(r.data)
                      and text(r.data, "status") in (None, "open"))
    if open_ids:
        reasons.append(f"they are on open request(s) {', '.join(open_ids)}: give those "
                       "another mentor or close them first")
    if _is_last_coordinator(index, mentor):
        reasons.append("they are the last active coordinator with a GitHub login: make "
                       "someone else a coordinator first")
    if reasons:
        raise ForgetRefused("; ".join(reasons) + "; nothing changed")


def _is_last_coordinator(index: RecordIndex, mentor: Record) -> bool:
    def acting(data: dict[str, Any]) -> bool:
        return (data.get("role") == "coordinator" and data.get("active") is not False
                and bool(text(data, "github")))
    return acting(mentor.data) and not any(
        acting(m.data) for m in index.all("mentor") if m.id != mentor.id)


def _schema_hint(path: Path) -> str:
    """The editor's schema line, kept; every other comment goes (it may name the person)."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return f"{first}\n" if first.startswith(_SCHEMA_HINT) else ""


def _blank_record(program: Program, mentor: Record, content: str) -> Record:
    """The new mentor record, read back and checked against the program's own schema (a
    program may have changed it so that the placeholders do not fit)."""
    new = Record(mentor.path, "mentor", mentor.id)
    new.doc, problems = load_bytes(content.encode("utf-8"), mentor.path)
    if new.doc is not None:
        problems += schema_problems(mentor.path, new.doc, program.schemas,
                                    program.schema_uri("mentor"))
    if new.doc is None or problems:
        raise ForgetRefused("the program's mentor schema does not accept the placeholder "
                            "record; nothing changed")
    new.valid = True
    return new


def _mentor_expressions(data: dict[str, Any]) -> list[str]:
    lines = [_expression(value, placeholder)
             for value, placeholder in ((text(data, "name"), PLACEHOLDER_NAME),
                                        (text(data, "email"), PLACEHOLDER_EMAIL))
             if value and value.strip()]
    login = text(data, "github")
    if login:
        lines.append(_expression(login, PLACEHOLDER_LOGIN))
    return lines


def _mailmap(data: dict[str, Any]) -> list[str]:
    """Commits the mentor made under their record's address, renamed (`--mailmap`)."""
    email = text(data, "email")
    return [f"{PLACEHOLDER_NAME} <{PLACEHOLDER_EMAIL}> <{email}>"] if email else []
