"""`mentorlog export --client ID --format json`: everything held about one client, for a
coordinator to hand over when the client (or a youth client's parent) asks what the program
holds (docs/privacy.md describes the document).

What a client's records are follows the references: the client record, the requests naming
the client, and every session of those requests with its notes (safety concerns included).
Attachments are listed, not copied: every file a session lists and every file in the folders
of the client's requests (records/attachments/<request>/), with its size. The mentors named
are given by id and name only: their own records are about them, not about the client.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .export import json_bytes, program_document, record_document, write_export
from .index import ClientRecords, RecordIndex, mappings, request_mentors, session_mentors, text
from .problems import MentorlogError
from .program import Program
from .records import ATTACHMENTS, attachment_entries, attachment_request, entry_kind
from .repo import RECORDS_DIR


def find_client(index: RecordIndex, client_id: str) -> ClientRecords:
    client = index.get("client", client_id)
    if client is None:  # the id is not repeated: it matches no record (problems.quote)
        raise MentorlogError("--client: no client record has this id; the ids are the "
                             "file names in records/clients/")
    return ClientRecords.of(index, client)


def client_document(program: Program, index: RecordIndex, client_id: str) -> dict[str, Any]:
    """The access request's answer as one JSON-ready document."""
    found = find_client(index, client_id)
    return {**program_document(program),
            "client": record_document(found.client),
            "requests": [record_document(r) for r in found.requests],
            "sessions": [record_document(s) for s in found.sessions],
            "attachments": attachments(program.repo.root, found),
            "mentors": mentors_named(index, found)}


def attachments(root: Path, found: ClientRecords) -> list[dict[str, Any]]:
    """Every attachment a session lists and every file in the requests' folders: path
    (repo-relative), title (None when no session lists it), size in bytes (None unless it is
    a regular file inside its request's folder), the sessions that list it."""
    listed: dict[str, dict[str, Any]] = {}
    for session in found.sessions:
        for _, item in mappings(session.data, "attachments"):
            path = f"{RECORDS_DIR}/{text(item, 'path') or ''}"
            entry = listed.setdefault(path, {"path": path, "title": text(item, "title"),
                                             "sessions": []})
            entry["sessions"].append(session.id)
    requests = {r.id for r in found.requests}
    for path, _ in attachment_entries(root):
        if attachment_request(path) in requests:
            listed.setdefault(path, {"path": path, "title": None, "sessions": []})
    return [{**entry, "size": _size(root, entry["path"], requests)}
            for _, entry in sorted(listed.items())]


def _size(root: Path, path: str, requests: set[str]) -> int | None:
    file = root / path
    inside = path.startswith(ATTACHMENTS) and attachment_request(path) in requests \
        and ".." not in Path(path).parts
    return file.stat().st_size if inside and entry_kind(file) == "file" else None


def mentors_named(index: RecordIndex, found: ClientRecords) -> list[dict[str, Any]]:
    """The mentors the client's records name (leads, co-mentors, note writers): id and name."""
    ids: set[str] = set().union(*(request_mentors(r.data) for r in found.requests))
    for session in found.sessions:
        request = index.get("request", text(session.data, "request") or "")
        ids |= session_mentors(session.data, request.data if request else None)
        ids.update(by for _, note in mappings(session.data, "notes") if (by := text(note, "by")))
    return [{"id": mentor_id, "name": _mentor_name(index, mentor_id)}
            for mentor_id in sorted(ids)]


def _mentor_name(index: RecordIndex, mentor_id: str) -> str | None:
    mentor = index.get("mentor", mentor_id)
    return text(mentor.data, "name") if mentor is not None else None


def export_client(program: Program, index: RecordIndex, client_id: str, target: Path,
                  force: bool) -> None:
    """Write the client's document to `target`, refused where every export is refused."""
    document = client_document(program, index, client_id)  # an unknown id: before any file
    data = json_bytes(document)
    write_export(program, target, force, lambda tmp: tmp.write_bytes(data))
