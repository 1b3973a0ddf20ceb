"""Both sides of a change: the records as they are at the base commit and in the working tree.

Only the touched files (and the requests and mentors they name) are read on either side; this
is the only I/O of the policy stage. What is trusted comes from the base, never from the
change: the deadline settings, and who a `--author` login is (a pull request must not be able
to grant itself rights or move its own deadline).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .gitdiff import BaseTree, Change
from .index import request_mentors, session_lead, session_mentors, text
from .policy import PolicyContext
from .problems import MentorlogError
from .program import Program
from .records import ATTACHMENTS, ID_PATTERN, attachment_request, folder_of, is_session, record_path
from .settings import Settings
from .validate import schema_problems
from .yamlload import Document, load_bytes, load_file

MENTORS = folder_of("mentor")


@dataclass(frozen=True)
class Author:
    """Who --author is, by the mentor records on the base branch."""

    login: str
    mentor_ids: frozenset[str] = frozenset()
    coordinator: bool = False

    @property
    def known(self) -> bool:
        return bool(self.mentor_ids)


@dataclass
class Side:
    """Records as they stand on one side of the change: parsed documents by path."""

    docs: dict[str, Document] = field(default_factory=dict)

    def data(self, path: str) -> dict[str, Any] | None:
        doc = self.docs.get(path)
        return doc.data if doc is not None else None

    def request(self, request_id: str | None) -> dict[str, Any] | None:
        return self.data(record_path("request", request_id)) if request_id else None

    def lead(self, path: str) -> str | None:
        """The session's mentor: its own `mentor`, else its request's."""
        data = self.data(path) or {}
        return session_lead(data, self.request(text(data, "request")))

    def session_mentors(self, path: str) -> set[str]:
        """The session's mentor (its own, else its request's) and its co-mentors."""
        data = self.data(path) or {}
        return session_mentors(data, self.request(text(data, "request")))

    def request_mentors(self, request_id: str) -> set[str]:
        return request_mentors(self.request(request_id) or {})


def _is_yaml_record(path: str) -> bool:
    return path.startswith("records/") and path.endswith(".yaml") \
        and not path.startswith(ATTACHMENTS)


def _parse(blobs: dict[str, bytes]) -> dict[str, Document]:
    docs = {}
    for path, raw in blobs.items():
        doc, _ = load_bytes(raw, path)  # problems of the base are not this change's
        if doc is not None:
            docs[path] = doc
    return docs


def _requests_named(side: Side) -> list[str]:
    # ids only: `request: ../mentors/x` or 300 characters must not become a path to read
    return sorted({record_path("request", r) for p, d in side.docs.items() if is_session(p)
                   if (r := text(d.data, "request")) and ID_PATTERN.match(r)})


def before_side(base: BaseTree, changes: list[Change]) -> Side:
    """The base's version of the touched records, the requests they name, and attachments'
    requests: a few blobs, each batch in one git process."""
    paths = [c.path for c in changes if c.status != "added" and _is_yaml_record(c.path)]
    side = Side(_parse(base.read(paths)))
    wanted = set(_requests_named(side))
    wanted |= {record_path("request", attachment_request(c.path))
               for c in changes if c.path.startswith(ATTACHMENTS)}
    side.docs.update(_parse(base.read(sorted(wanted - side.docs.keys()))))
    return side


def after_side(program: Program, changes: list[Change]) -> Side:
    """The working tree's version of the touched records and the requests they name."""
    root = program.repo.root
    side = Side()
    for path in [c.path for c in changes if c.status != "deleted" and _is_yaml_record(c.path)]:
        doc, _ = load_file(root / path, path)  # validate reports this file's problems
        if doc is not None:
            side.docs[path] = doc
    for path in _requests_named(side):
        if path not in side.docs and (root / path).is_file():
            doc, _ = load_file(root / path, path)
            if doc is not None:
                side.docs[path] = doc
    return side


def _mentor_id(path: str) -> str:
    return path.removeprefix(MENTORS).removesuffix(".yaml")


def find_author(base: BaseTree, login: str, mentor_files: list[str]) -> Author:
    """The login's mentor records on the base branch; an unknown login has no rights."""
    mentors = _parse(base.read(mentor_files))
    ids, coordinator = set(), False
    for path, doc in mentors.items():
        github = text(doc.data, "github")
        if github and github.lower() == login.lower() and doc.data.get("active") is not False:
            ids.add(_mentor_id(path))
            coordinator |= doc.data.get("role") == "coordinator"
    return Author(login, frozenset(ids), coordinator)


def base_settings(base: BaseTree, program: Program) -> Settings:
    """mentorlog.yaml as on the base: a change cannot relax the deadline that judges it.

    A base without the file means the defaults. A base file that does not load stops check
    (exit 2) rather than falling back to the change's own settings."""
    raw = base.read(["mentorlog.yaml"]).get("mentorlog.yaml")
    if raw is None:
        return Settings()
    doc, problems = load_bytes(raw, "mentorlog.yaml")
    if doc is not None and not problems:
        problems = schema_problems("mentorlog.yaml", doc, program.schemas,
                                   program.schemas.uri_for("mentorlog"))
    if doc is None or problems:
        raise MentorlogError(f"mentorlog.yaml on the base ({base.ref}) is not valid, so the "
                             "policy has no trusted settings: fix it on the base branch first")
    return Settings.from_data(doc.data)


def read_change(program: Program, base: BaseTree, login: str | None,
                now: datetime) -> PolicyContext:
    """Both sides of the change between the merge-base of `base_ref` and the working tree,
    with what the policies judge them by (the base's settings, who the author is)."""
    touched = base.changes()
    mentor_files = base.list(MENTORS)  # also the mentor ids a message may quote
    return PolicyContext(
        changes=touched, before=before_side(base, touched),
        after=after_side(program, touched), settings=base_settings(base, program),
        now=now, author=None if login is None else find_author(base, login, mentor_files),
        field_names=program.schemas.field_names(),
        mentor_ids=frozenset(map(_mentor_id, mentor_files)))
