"""mentorlog new session|request|client|mentor|site: write one new, valid record.

The options of `new KIND` are the fields of the program's own schema for KIND, with its
settings applied (its languages, say), so they are known only once the program is, and --repo
may come after KIND. So `new KIND` keeps its arguments as they are, and `run` reads them with
that kind's parser. Outside a program (`--help` anywhere) the bundled schemas of every profile
offer their fields. Other commands read no schema to build their options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..newrecord import FieldSpec, example_hint, field_specs, plan_record, write_record
from ..output import as_text
from ..problems import MentorlogError
from ..program import Program
from ..repo import find_repo
from ..schemas import KINDS, SchemaSet, bundled_schema_dir
from .common import add_repo_option

ALL_KINDS = tuple(dict.fromkeys(kind for kinds in KINDS.values() for kind in kinds))


class _KindArguments(argparse._SubParsersAction):  # type: ignore[type-arg]  # generic for mypy only
    """`new KIND ARGS...`: checks KIND, keeps ARGS for `run` (see the module docstring)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        kind, *rest = values if isinstance(values, list) else [values]
        if kind not in self.choices:
            super().__call__(parser, namespace, values, option_string)  # argparse's own error
        namespace.kind, namespace.kind_args = kind, rest


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "new", help="write a new record (asks for what is missing)",
        description="Write one new record from flags, asking for required fields that are "
        "missing when run in a terminal. The record is checked like any other and written "
        "only when it has no problem; an existing file is never overwritten.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True,
                                  action=_KindArguments)
    for kind in ALL_KINDS:
        kinds.add_parser(kind, help=f"a new {kind} record")
    parser.set_defaults(run=run)


def reference_parser(kind: str) -> argparse.ArgumentParser:
    """`new KIND`'s parser as `--help` shows it outside a program (the bundled schemas): what
    the command reference documents."""
    return _kind_parser(kind, _bundled_fields().get(kind, {}), None)


def _kind_parser(kind: str, fields: dict[str, str], repo: Path | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"mentorlog new {kind}")
    parser.add_argument("--id", help="the record id (default: made from its fields)")
    for name, help_text in fields.items():
        parser.add_argument(f"--{name.replace('_', '-')}", dest=f"field_{name}",
                            metavar="VALUE", help=help_text)
    if kind == "session":
        parser.add_argument("--note", help="a first note (author: the session's "
                            "mentor, time: now)")
    add_repo_option(parser, default=repo)  # after KIND too; the one before KIND is the default
    return parser


def _program_fields(program: Program, kind: str) -> dict[str, str]:
    """The fields of the program's schema for `kind` (its settings applied)."""
    return {s.name: _help(s.schema) for s in field_specs(program, kind) if s.name != "notes"}


@cache
def _bundled_fields() -> dict[str, dict[str, str]]:
    """Every field of every profile's bundled schema, by kind: the options outside a program.
    Read once per process."""
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
    program, options = _read_options(args)
    given = {k.removeprefix("field_"): v for k, v in vars(options).items()
             if k.startswith("field_") and v is not None}
    for extra in ("id", "note"):
        if getattr(options, extra, None):
            given[extra] = getattr(options, extra)
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


def _read_options(args: argparse.Namespace) -> tuple[Program, argparse.Namespace]:
    """The program, and `new KIND`'s options read with the parser its schema makes."""
    program = _program_at(_repo_option(args))
    fields = _bundled_fields().get(args.kind, {}) if program is None \
        else _program_fields(program, args.kind)
    options = _kind_parser(args.kind, fields, args.repo).parse_args(args.kind_args)
    return program or Program.open(find_repo(options.repo)), options


def _repo_option(args: argparse.Namespace) -> Path | None:
    """--repo, given before or after KIND, read before the fields are known."""
    scan = argparse.ArgumentParser(prog=f"mentorlog new {args.kind}", add_help=False)
    add_repo_option(scan, default=args.repo)
    repo: Path | None = scan.parse_known_args(args.kind_args)[0].repo
    return repo


def _program_at(repo: Path | None) -> Program | None:
    """The program at --repo (or around here); None where there is none (the bundled options
    then, and `run` says there is no program once the options are read)."""
    try:
        found = find_repo(repo)
    except MentorlogError:
        return None
    return Program.open(found)
