"""The record index: every loaded record by kind and id, and sessions by request.

Shared by the cross-record rules, the site and the reports. Field accessors are defensive:
rules also run over records whose schema was not checked in this run (validate PATH...), so a
wrong type reads as "absent" here and is reported by the schema stage, never a crash.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from .records import Record


class Lookup(Protocol):
    """What the cross-record rules ask of the records (rules.py): RecordIndex answers from
    every record loaded, partial.SparseIndex from the cache's facts and the few records a
    partial run reads."""

    @property
    def duplicates(self) -> list[tuple[Record, Record]]: ...

    def get(self, kind: str, record_id: str) -> Record | None: ...
    def all(self, kind: str) -> list[Record]: ...
    def at_paths(self, kind: str, paths: Container[str]) -> list[Record]: ...
    def ids(self, kind: str) -> Container[str]: ...
    def sessions_of(self, request_id: str) -> list[Record]: ...
    def requests_with_sessions(self) -> Iterable[tuple[str, list[Record]]]: ...
    def listed_attachments(self) -> set[str]: ...


class Facts(NamedTuple):
    """What the index needs of a record besides its path: whether it loaded, the request a
    session names, the attachments a session lists. The record cache keeps them in its pack
    heads, so that a partial run (partial.py) knows them without reading the record."""

    loaded: bool
    request: str | None
    attachments: tuple[str, ...]


def facts_of(session: bool, data: dict[str, Any] | None) -> Facts:
    """The facts of a record's data (None: it did not load); `session`: whether it is one."""
    if data is None or not session:
        return Facts(data is not None, None, ())
    return Facts(True, text(data, "request"),
                 tuple(path for _, item in mappings(data, "attachments")
                       if (path := text(item, "path"))))


def listed_attachment(path: str) -> str:
    """The repository path of an attachment as a session lists it (under records/)."""
    return f"records/{path}"


@dataclass
class RecordIndex:
    by_kind: dict[str, dict[str, Record]] = field(default_factory=lambda: defaultdict(dict))
    duplicates: list[tuple[Record, Record]] = field(default_factory=list)
    sessions_by_request: dict[str, list[Record]] = field(
        default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, records: Iterable[Record]) -> RecordIndex:
        index = cls()
        for record in records:
            same_kind = index.by_kind[record.kind]
            if record.id in same_kind:
                index.duplicates.append((same_kind[record.id], record))
                continue
            same_kind[record.id] = record
            request = text(record.data, "request") if record.kind == "session" else None
            if request:
                index.sessions_by_request[request].append(record)
        return index

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.by_kind[kind].get(record_id)

    def all(self, kind: str) -> list[Record]:
        return list(self.by_kind[kind].values())

    def at_paths(self, kind: str, paths: Container[str]) -> list[Record]:
        """The records of `kind` at these paths (a duplicate id's second file is not one)."""
        return [r for r in self.by_kind[kind].values() if r.path in paths]

    def ids(self, kind: str) -> Container[str]:
        """The ids of the records of `kind` that exist (the only ids a message may quote)."""
        return self.by_kind[kind]

    def sessions_of(self, request_id: str) -> list[Record]:
        return self.sessions_by_request.get(request_id, [])

    def requests_with_sessions(self) -> Iterable[tuple[str, list[Record]]]:
        return self.sessions_by_request.items()

    def listed_attachments(self) -> set[str]:
        """The repository path of every attachment any session lists (a duplicate's too),
        whether or not the listing is valid: a bad one is reported there."""
        sessions = [*self.all("session"),
                    *(r for pair in self.duplicates for r in pair if r.kind == "session")]
        return {listed_attachment(path) for s in sessions
                if s.doc is not None and s.doc.data.get("attachments")  # most list none
                for path in facts_of(True, s.doc.data).attachments}

    def session_mentor(self, session: Record) -> str | None:
        """The session's mentor: its own `mentor`, else its request's."""
        return self.mentor_of(session.data)

    def mentor_of(self, session_data: dict[str, Any]) -> str | None:
        """The mentor of session data (its own `mentor`, else its request's)."""
        request = self.get("request", text(session_data, "request") or "")
        return session_lead(session_data, request.data if request else None)


@dataclass
class ClientRecords:
    """One client's records, by following the references: the client, the requests naming
    them, those requests' sessions. What an access request hands over and what forgetting a
    client erases (sessions and attachments belong to one request, so all of it is theirs)."""

    client: Record
    requests: list[Record]
    sessions: list[Record]

    @classmethod
    def of(cls, index: RecordIndex, client: Record) -> ClientRecords:
        requests = sorted((r for r in index.all("request")
                           if text(r.data, "client") == client.id), key=lambda r: r.id)
        sessions = sorted((s for r in requests for s in index.sessions_by_request.get(r.id, [])),
                          key=lambda s: (str(s.data.get("date", "")), s.id))
        return cls(client, requests, sessions)


# Who is on a session or request, from the records' data: the index above and the policy's
# two sides of a change (changeset.Side) both ask these.

def request_mentors(request: dict[str, Any]) -> set[str]:
    """A request's lead mentor and co-mentors."""
    return {m for m in [text(request, "mentor"), *texts(request, "co_mentors")] if m}


def session_lead(session: dict[str, Any], request: dict[str, Any] | None) -> str | None:
    """A session's mentor: its own `mentor`, else its request's."""
    return text(session, "mentor") or (text(request, "mentor") if request else None)


def session_mentors(session: dict[str, Any], request: dict[str, Any] | None) -> set[str]:
    """A session's mentor (its own, else its request's) and its co-mentors."""
    co = {text(c, "mentor") for _, c in mappings(session, "co_mentors")}
    return {m for m in {session_lead(session, request), *co} if m}


def text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def texts(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def mappings(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """(position in the list, item) for each mapping item of a list field."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]
