"""Stage 6, export: every record as tables (SQLite) or documents (JSON), and two CSV files for
coordinators: the sessions (`sessioncsv`) and SBA Form 641's counselor record (`sba641`).

SQLite columns come from the program's schemas (one source of truth): each top-level field is
a column, a mapping field becomes `field.sub` columns, a list of scalars one `a;b` column, and
a list of mappings (notes, co-mentors, attachments) a child table `<kind>_<field>` keyed by the
record id. Session rows also carry the effective mentor (the request's, when not given).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fileio import write_atomically
from .index import RecordIndex
from .problems import MentorlogError
from .program import Program
from .records import Record
from .sba641 import as_csv as sba641_csv
from .sba641 import require_business
from .schemas import KINDS
from .sessioncsv import as_csv as sessions_csv

EXPORT_FORMATS = ("csv", "json", "sqlite", "sba641")


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]]


def _schema_props(program: Program, kind: str) -> dict[str, dict[str, Any]]:
    props = program.schemas.inlined(program.schema_uri(kind)).get("properties", {})
    return {k: v for k, v in props.items() if isinstance(v, dict)}


def _is_object_list(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "array" and schema.get("items", {}).get("type") == "object"


def _columns(props: dict[str, dict[str, Any]]) -> list[str]:
    columns = []
    for name, schema in props.items():
        if _is_object_list(schema):
            continue
        if schema.get("type") == "object":
            columns += [f"{name}.{sub}" for sub in schema.get("properties", {})]
        else:
            columns.append(name)
    return columns


def _cell(data: dict[str, Any], column: str) -> Any:
    head, _, sub = column.partition(".")
    value = data.get(head)
    if sub:
        value = value.get(sub) if isinstance(value, dict) else None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def tables(program: Program, index: RecordIndex) -> Iterator[Table]:
    for kind in KINDS[program.settings.profile]:
        props = _schema_props(program, kind)
        columns = _columns(props)
        records = sorted(index.all(kind), key=lambda r: r.id)
        extra = ["effective_mentor"] if kind == "session" else []
        rows = [[r.id, *(_cell(r.data, c) for c in columns),
                 *([index.session_mentor(r)] if extra else [])] for r in records]
        yield Table(f"{kind}s", ["id", *columns, *extra], rows)
        for field, schema in props.items():
            if _is_object_list(schema):
                yield _child_table(kind, field, schema, records)


def _child_table(kind: str, field: str, schema: dict[str, Any], records: list[Any]) -> Table:
    sub_columns = list(schema["items"].get("properties", {}))
    rows = [[r.id, *(_cell(item, c) for c in sub_columns)]
            for r in records for item in r.data.get(field, []) if isinstance(item, dict)]
    return Table(f"{kind}_{field}", [kind, *sub_columns], rows)


# --- writers ---

def program_document(program: Program) -> dict[str, Any]:
    """What every JSON export starts with: which program it comes from."""
    return {"program": {"name": program.settings.name, "profile": program.settings.profile}}


def record_document(record: Record) -> dict[str, Any]:
    """A record in a JSON export: its id and path, then its fields."""
    return {"id": record.id, "path": record.path, **record.data}


def json_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def as_json(program: Program, index: RecordIndex) -> bytes:
    document = program_document(program)
    for kind in KINDS[program.settings.profile]:
        document[f"{kind}s"] = [record_document(r)
                                for r in sorted(index.all(kind), key=lambda r: r.id)]
    return json_bytes(document)


WRITERS = {"json": as_json, "csv": sessions_csv, "sba641": sba641_csv}  # sqlite: a database


def check_format(program: Program, fmt: str) -> None:
    """Refuse, before any work, a format this program cannot have (sba641 for youth)."""
    if fmt == "sba641":
        require_business(program)


def write_sqlite(program: Program, index: RecordIndex, path: Path) -> None:
    with closing(sqlite3.connect(path)) as db, db:  # closed, and committed
        for table in tables(program, index):
            columns = ", ".join(_quote(c) for c in table.columns)
            db.execute(f"CREATE TABLE {_quote(table.name)} ({columns})")
            marks = ", ".join("?" for _ in table.columns)
            db.executemany(f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                           [[_sql_value(v) for v in row] for row in table.rows])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_value(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float) else str(value)


def export(program: Program, index: RecordIndex, fmt: str, target: Path, force: bool) -> None:
    """Write the export to `target`: never into records/, schema/ or .git; never over a file
    unless `force`; always whole (written beside the target, then moved into place)."""
    check_format(program, fmt)
    def fill(tmp: Path) -> None:
        if fmt == "sqlite":
            write_sqlite(program, index, tmp)  # mkstemp's empty file is an empty database
        else:
            tmp.write_bytes(WRITERS[fmt](program, index))

    write_export(program, target, force, fill)


def write_export(program: Program, target: Path, force: bool,
                 fill: Callable[[Path], object]) -> None:
    """`fill` written to `target` whole, where check_target allows (every export, the access
    request's too)."""
    check_target(program, target, force)
    write_atomically(target, fill, replace=force)


def check_target(program: Program, target: Path, force: bool) -> None:
    """Refuse a target inside records/, schema/, .git or mentorlog.yaml, in no folder, or
    an existing file unless `force` (every export, the access request's too)."""
    _refuse_inside_repo_data(program, target)
    if target.exists() and not force:
        raise MentorlogError(f"{target}: already exists (use --force to replace it)")


def _refuse_inside_repo_data(program: Program, target: Path) -> None:
    resolved = target.resolve()
    for guarded in (program.repo.records, program.repo.root / ".git",
                    program.repo.root / "schema", program.repo.settings_file):
        if resolved.is_relative_to(guarded.resolve()):
            raise MentorlogError(f"-o {target}: inside {guarded}; write the export elsewhere")
    if not resolved.parent.is_dir():
        raise MentorlogError(f"-o {target}: no folder {resolved.parent}")
