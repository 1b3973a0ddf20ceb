"""mentorlog new session|request|client|mentor|site: write one new, valid record.

The options of `new KIND` are the fields of the program's own schema for KIND, with its
settings applied (its languages, say), so they are known only once the program is, and --repo
may come after KIND. So `new KIND` keeps its arguments as they are, and `run` reads them with
that kind's parser (newfields.options_of: an object's parts and a list of objects have flags
of their own, never JSON). Outside a program (`--help` anywhere) the bundled schemas of every
profile offer their fields, each profile's own words marked. Other commands read no schema to
build their options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from ..newfields import Option, options_of, specs_of
from ..newrecord import field_specs, plan_record, write_record
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
    return _kind_parser(kind, _bundled_options().get(kind, []), None)


def _kind_parser(kind: str, options: list[Option], repo: Path | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"mentorlog new {kind}")
    parser.add_argument("--id", help="the record id (default: made from its fields)")
    for option in options:
        parser.add_argument(option.flag, dest=f"field_{option.key}", metavar=option.metavar,
                            action="append" if option.repeat else "store",
                            help=_help(option))
    if kind == "session":
        parser.add_argument("--note", help="a first note (author: the session's "
                            "mentor, time: now)")
    add_repo_option(parser, default=repo)  # after KIND too; the one before KIND is the default
    return parser


@cache
def _bundled_options() -> dict[str, list[Option]]:
    """Every flag of every profile's bundled schema, by kind: the options outside a program,
    each description marked with the profiles it is for where they differ. Read once."""
    schemas = SchemaSet.load(bundled_schema_dir())
    found: dict[str, dict[str, tuple[Option, dict[str, str]]]] = {}
    for profile, kinds in KINDS.items():
        for kind in kinds:
            for option in options_of(specs_of(schemas.inlined(schemas.uri_for(kind, profile)))):
                _, texts = found.setdefault(kind, {}).setdefault(option.flag, (option, {}))
                texts[profile] = str(option.schema.get("description", ""))
    return {kind: [_described(option, texts) for option, texts in flags.values()]
            for kind, flags in found.items()}


def _described(option: Option, texts: dict[str, str]) -> Option:
    """One text where every profile says the same, else each profile's own, marked."""
    if len(texts) == len(KINDS) and len(set(texts.values())) == 1:
        return option
    profiles: dict[str, list[str]] = {}
    for profile, text in texts.items():
        profiles.setdefault(text, []).append(profile)
    marked = " ".join(f"({' and '.join(names)} programs) {text}"
                      for text, names in profiles.items())
    return replace(option, schema={**option.schema, "description": marked})


def _help(option: Option) -> str:
    schema = option.schema
    text = str(schema.get("description", "")).replace("%", "%%")
    choices = schema.get("enum") or schema.get("items", {}).get("enum")
    if choices:
        text += " One of: " + ", ".join(str(v) for v in choices) + "."
    if option.repeat:
        text += " Repeat the flag for each."
        if "[:" in option.metavar:
            text += " A part in [ ] left off is the record's own (a co-mentor's hours: the " \
                "session's)."
    elif schema.get("type") == "array":
        text += " Several: separated by commas."
    return text


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:  # the terminal closed (Ctrl-D): nothing is written
        raise MentorlogError("no answer (input ended); nothing was written") from None


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
    known = _bundled_options().get(args.kind, []) if program is None \
        else options_of(field_specs(program, args.kind))
    options = _kind_parser(args.kind, known, args.repo).parse_args(args.kind_args)
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
