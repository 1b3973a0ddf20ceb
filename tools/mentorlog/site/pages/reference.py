"""The field reference, generated from the schemas' titles, descriptions and examples."""

from __future__ import annotations

import json
from typing import Any

from ...schemas import KINDS, SchemaSet
from ..markdown import heading, inert, page, table, title
from . import Ctx


def pages(ctx: Ctx, schemas: SchemaSet) -> dict[str, str]:
    if ctx.public:
        return {}  # schema examples may name people; the public site has no reference
    profile = ctx.data.settings.profile
    blocks = [title("Field reference"),
              inert(f"Every field of every record type of a {profile} program, from the "
                    "JSON Schemas the records are validated against.")]
    for kind in KINDS[profile]:
        uri = schemas.uri_for(kind, profile)
        schema = schemas.schema(uri)
        blocks += [heading(2, str(schema.get("title", kind))),
                   inert(schema.get("description", "")), fields_table(schemas, uri, schema)]
    return {"reference.md": page(*blocks)}


def fields_table(schemas: SchemaSet, uri: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", []))
    rows = []
    for name in schema.get("properties", {}):
        merged = merge(schemas.subschemas_at(uri, (name,)))
        items = merge(schemas.subschemas_at(uri, (name, 0)))
        rows.append([f'<code>{inert(name)}</code><br>{inert(merged.get("title", ""))}',
                     "yes" if name in required else "",
                     inert(kind_of(merged, items)), inert(merged.get("description", "")),
                     inert(example(merged))])
    return table(["Field", "Required", "Type", "Description", "Example"], rows,
                 searchable=True)


def merge(subschemas: list[dict[str, Any]]) -> dict[str, Any]:
    """The first value of each keyword, the property's own keywords first."""
    merged: dict[str, Any] = {}
    for sub in subschemas:
        for key, value in sub.items():
            merged.setdefault(key, value)
    return merged


def kind_of(schema: dict[str, Any], items: dict[str, Any]) -> str:
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "")
    if kind == "array":
        inner = ", ".join(str(v) for v in items.get("enum", [])) or items.get("type", "")
        return f"list of {inner}".strip()
    return str(kind)


def example(schema: dict[str, Any]) -> str:
    examples = schema.get("examples") or []
    if not examples:
        return ""
    value = examples[0]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
