"""mentorlog new session|request|client|mentor|site: write one new, valid record."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..newrecord import FieldSpec, example_hint, plan_record, write_record
from ..output import as_text
from ..program import Program
from ..repo import find_repo
from ..schemas import KINDS, SchemaSet, bundled_schema_dir
from .common import add_repo_option


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "new", help="write a new record (asks for what is missing)",
        description="Write one new record from flags, asking for required fields that are "
        "missing when run in a terminal. The record is checked like any other and written "
        "only when it has no problem; an existing file is never overwritten.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, fields in _fields_by_kind().items():
        kind_parser = kinds.add_parser(kind, help=f"a new {kind} record")
        kind_parser.add_argument("--id", help="the record id (default: made from its fields)")
        for name, help_text in fields.items():
            kind_parser.add_argument(f"--{name.replace('_', '-')}", dest=f"field_{name}",
                                     metavar="VALUE", help=help_text)
        if kind == "session":
            kind_parser.add_argument("--note", help="a first note (author: the session's "
                                     "mentor, time: now)")
        add_repo_option(kind_parser, default=argparse.SUPPRESS)
        kind_parser.set_defaults(run=run)


def _fields_by_kind() -> dict[str, dict[str, str]]:
    """Every field of every profile's schema (bundled), for the option list."""
    schemas = SchemaSet.load(bundled_schema_dir())
    fields: dict[str, dict[str, str]] = {}
    for profile, kinds in KINDS.items():
        for kind in kinds:
            props = schemas.inlined(schemas.uri_for(kind, profile)).get("properties", {})
            for name, sub in props.items():
                if name != "notes":
                    fields.setdefault(kind, {})[name] = _help(sub)
    return fields


def _help(schema: dict[str, Any]) -> str:
    text = str(schema.get("description", "")).replace("%", "%%")
    if "enum" in schema:
        text += " One of: " + ", ".join(str(v) for v in schema["enum"]) + "."
    return text


def _ask(spec: FieldSpec, default: Any) -> str | None:
    choices = spec.schema.get("enum") or spec.schema.get("items", {}).get("enum")
    hint = f" [{', '.join(map(str, choices))}]" if choices else example_hint(spec)
    return input(f"{spec.schema.get('title', spec.name)}{hint}: ").strip() or None


def run(args: argparse.Namespace) -> int:
    program = Program.open(find_repo(args.repo))
    given = {k.removeprefix("field_"): v for k, v in vars(args).items()
             if k.startswith("field_") and v is not None}
    for extra in ("id", "note"):
        if getattr(args, extra, None):
            given[extra] = getattr(args, extra)
    ask = _ask if sys.stdin.isatty() else None
    new = plan_record(program, args.kind, given, ask)
    if new.problems:
        sys.stdout.write(as_text(new.problems, 1))
        print("nothing was written: give the missing or corrected values as options",
              file=sys.stderr)
        return 1
    path = write_record(program, new)
    print(Path(program.repo.relative(path)).as_posix())
    return 0
