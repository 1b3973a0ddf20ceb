"""The schemas document themselves: every field has a title, a description and examples, and
every example is valid against the field it illustrates (they feed editor hovers and the site's
field reference, so a wrong example would teach mentors a mistake)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from mentorlog.fileio import content_digest
from mentorlog.problems import MentorlogError
from mentorlog.schemas import PROVEN_TEXTS, SchemaSet, bundled_schema_dir, format_checker

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet.load(SCHEMA_DIR)


def fields(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(dotted path, schema) of every property, at every depth (items of lists included)."""
    for name, sub in schema.get("properties", {}).items():
        if isinstance(sub, dict) and sub != {"not": {}}:
            yield f"{path}{name}", sub
            yield from fields(sub, f"{path}{name}.")
            items = sub.get("items")
            if isinstance(items, dict):
                yield from fields(items, f"{path}{name}[].")


def record_schemas(schemas: SchemaSet) -> list[str]:
    return [uri for uri in schemas.display if not uri.endswith("common.schema.json")]


def test_bundled_schemas_are_the_repository_schemas() -> None:
    assert bundled_schema_dir().resolve() == SCHEMA_DIR.resolve()


def test_the_texts_taken_as_proven_are_the_bundled_schemas_and_valid() -> None:
    """PROVEN_TEXTS skips the metaschema proof at run time: it must name exactly the schema
    files shipped, each of which is proven here."""
    texts = [f.read_text(encoding="utf-8") for f in sorted(SCHEMA_DIR.rglob("*.schema.json"))]
    for text in texts:
        Draft202012Validator.check_schema(json.loads(text))
    digests = {content_digest(text.encode("utf-8")) for text in texts}
    assert digests == PROVEN_TEXTS, f"set schemas.PROVEN_TEXTS to {sorted(digests)}"


def test_a_text_not_shipped_is_proven(tmp_path: Path) -> None:
    for file in SCHEMA_DIR.rglob("*.schema.json"):
        target = tmp_path / file.relative_to(SCHEMA_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    mentor = tmp_path / "mentor.schema.json"
    mentor.write_text(mentor.read_text(encoding="utf-8").replace(
        '"type": "object"', '"type": 5', 1), encoding="utf-8")
    with pytest.raises(MentorlogError, match="not a valid JSON Schema"):
        SchemaSet.load(tmp_path)


def test_every_field_has_title_description_and_examples(schemas: SchemaSet) -> None:
    missing = []
    for uri in record_schemas(schemas):
        schema = schemas.inlined(uri)
        for where in ("title", "description", "examples"):
            if where not in schema:
                missing.append(f"{uri}: {where}")
        for path, sub in fields(schema):
            missing += [f"{uri} {path}: {key}" for key in ("title", "description", "examples")
                        if not sub.get(key)]
    assert missing == []


def test_every_example_is_valid_for_its_field(schemas: SchemaSet) -> None:
    wrong = []
    checked = 0
    for uri in record_schemas(schemas):
        schema = schemas.inlined(uri)
        for path, sub in [("(record)", schema), *fields(schema)]:
            validator = Draft202012Validator(sub, format_checker=format_checker())
            for example in sub.get("examples", []):
                checked += 1
                if not validator.is_valid(example):
                    wrong.append(f"{uri} {path}: {example!r}")
    assert wrong == []
    assert checked > 100


def test_objects_are_closed(schemas: SchemaSet) -> None:
    """A typo is an error: every object in every record schema forbids unknown fields."""
    open_objects = []
    for uri in record_schemas(schemas):
        schema = schemas.inlined(uri)
        for path, sub in [("(record)", schema), *fields(schema)]:
            targets = [sub, sub.get("items") or {}]
            open_objects += [f"{uri} {path}" for t in targets
                             if t.get("type") == "object" and t.get("additionalProperties")
                             is not False]
    assert open_objects == []
