"""The JSON Schemas: found, checked against the 2020-12 metaschema, and compiled once.

A program repository's own `schema/` wins; without one, the schemas bundled in the package
(the same files, copied into the wheel) are used. A schema that is not valid JSON, not a valid
JSON Schema, or has a `$ref` that does not resolve stops every command (MentorlogError, exit 2).
References resolve only among these files: nothing is ever fetched.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from zoneinfo import available_timezones

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from .problems import MentorlogError

BASE_URI = "https://mentorlog.invalid/schema/"
KINDS = {"business": ("mentor", "client", "request", "session"),
         "youth": ("mentor", "client", "site", "request", "session")}
_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$"
)


def bundled_schema_dir() -> Path:
    """The schemas shipped with the package (wheel), or schema/ beside the source (checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "schemas"
    return packaged if packaged.is_dir() else here.parent.parent / "schema"


def schema_dir_for(repo_root: Path) -> Path:
    own = repo_root / "schema"
    return own if own.is_dir() else bundled_schema_dir()


# --- format checks: our own, so results never depend on optional packages (fail closed) ---

def is_real_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return True  # the pattern keyword reports the shape
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_local_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    found = _DATETIME.match(value)
    return found is not None and is_real_date(found.group(1))


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(value: object) -> bool:
    return not isinstance(value, str) or value in _timezones()


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date")(is_real_date)
    checker.checks("local-date-time")(is_local_datetime)
    checker.checks("iana-timezone")(is_timezone)
    checker.checks("email")(is_email)
    return checker


# --- the schema set ---

@dataclass(frozen=True)
class SchemaSet:
    directory: Path
    registry: Registry[Any]
    display: dict[str, str]  # uri -> path shown to users
    _compiled: dict[str, Draft202012Validator] = field(default_factory=dict, compare=False)

    @classmethod
    def load(cls, directory: Path, display_root: Path | None = None) -> SchemaSet:
        resources: dict[str, Resource[Any]] = {}
        display: dict[str, str] = {}
        for file in sorted(directory.rglob("*.schema.json")):
            rel = file.relative_to(directory).as_posix()
            shown = _shown_path(file, display_root)
            contents = _read_schema(file, shown)
            uri = BASE_URI + rel
            resources[uri] = Resource.from_contents(
                {**contents, "$id": uri}, default_specification=DRAFT202012)
            display[uri] = shown
        registry: Registry[Any] = Registry().with_resources(resources.items())
        schema_set = cls(directory, registry, display)
        for uri in resources:
            schema_set._check_refs(uri)
        return schema_set

    def uri_for(self, kind: str, profile: str = "") -> str:
        """The schema for `kind`: the profile's own file first, then the shared one."""
        candidates = [f"{kind}.schema.json"]
        if profile:
            candidates.insert(0, f"{profile}/{kind}.schema.json")
        for rel in candidates:
            if BASE_URI + rel in self.display:
                return BASE_URI + rel
        raise MentorlogError(
            f"{self.directory}: no schema for {kind} records ({profile}/{kind}.schema.json)")

    def schema(self, uri: str) -> Any:
        return self.registry.contents(uri)

    def validator(self, uri: str) -> Draft202012Validator:
        """The compiled validator for `uri`, built once per schema set."""
        if uri not in self._compiled:
            self._compiled[uri] = Draft202012Validator(
                self.schema(uri), registry=self.registry, format_checker=format_checker())
        return self._compiled[uri]

    def _check_refs(self, uri: str) -> None:
        resolver = self.registry.resolver(base_uri=uri)
        for ref in _refs(self.schema(uri)):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                raise MentorlogError(
                    f"{self.display[uri]}: $ref {ref!r} does not resolve "
                    "(references may point only at files in the same schema folder)"
                ) from None

    def subschemas_at(self, uri: str, path: tuple[str | int, ...]) -> list[dict[str, Any]]:
        """Every subschema that can apply at `path` (following $ref, allOf, if/then/else)."""
        current = list(self._expand(uri, self.schema(uri)))
        for step in path:
            following: list[tuple[str, dict[str, Any]]] = []
            for base, schema in current:
                child = _child_schema(schema, step)
                if isinstance(child, dict):
                    following.extend(self._expand(base, child))
            current = following
        return [schema for _, schema in current]

    def is_free_text(self, uri: str, path: tuple[str | int, ...]) -> bool:
        """A string the author writes freely: no enum, const, pattern or format constrains it."""
        schemas = self.subschemas_at(uri, path)
        constrained = {"enum", "const", "pattern", "format"}
        return any(s.get("type") == "string" for s in schemas) and not any(
            constrained & s.keys() for s in schemas)

    def _expand(self, base: str, schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        yield base, schema
        if "$ref" in schema:
            resolved = self.registry.resolver(base_uri=base).lookup(schema["$ref"])
            # relative refs inside the target resolve against the target's own file
            target_base = urljoin(base, schema["$ref"]).partition("#")[0] or base
            if isinstance(resolved.contents, dict):
                yield from self._expand(target_base, resolved.contents)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key, []):
                if isinstance(sub, dict):
                    yield from self._expand(base, sub)
        for key in ("then", "else"):
            if isinstance(schema.get(key), dict):
                yield from self._expand(base, schema[key])


def _child_schema(schema: dict[str, Any], step: str | int) -> Any:
    if isinstance(step, int):
        return schema.get("items")
    return schema.get("properties", {}).get(step)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _shown_path(file: Path, display_root: Path | None) -> str:
    if display_root is not None and file.is_relative_to(display_root):
        return file.relative_to(display_root).as_posix()
    return str(file)


def _read_schema(file: Path, shown: str) -> dict[str, Any]:
    try:
        contents = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MentorlogError(f"{shown}: cannot read schema: {exc}") from None
    except json.JSONDecodeError as exc:
        raise MentorlogError(
            f"{shown}:{exc.lineno}:{exc.colno}: schema is not valid JSON: {exc.msg}") from None
    if not isinstance(contents, dict):
        raise MentorlogError(f"{shown}: a schema must be a JSON object")
    try:
        Draft202012Validator.check_schema(contents)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise MentorlogError(
            f"{shown}: not a valid JSON Schema (2020-12) at {where}: {exc.message}") from None
    return contents
