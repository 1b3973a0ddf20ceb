"""The jsonschema-rs validity gate never hides an error that jsonschema reports.

schemas.CheckedValidator lets jsonschema-rs answer "valid?" first and walks a record with
jsonschema only when the gate says no. These tests run every record we have (demo, youth
example, every test case) against every schema of its kind, both profiles, and demand the two
agree on validity.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import YOUTH, copy_demo
from mentorlog.records import classify
from mentorlog.schemas import KINDS, CheckedValidator, SchemaSet, bundled_schema_dir
from mentorlog.yamlload import load_file

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "records", ROOT / "examples" / "youth" / "records", ROOT / "tests" / "cases"]


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet.load(bundled_schema_dir())


def record_data() -> list[tuple[str, str, Any]]:
    """(kind, path, data) of every loadable record file we have."""
    found = []
    for source in SOURCES:
        for file in sorted(source.rglob("*.yaml")):
            rel = "records/" + file.as_posix().split("/records/", 1)[-1]
            record, _ = classify(rel, "youth")
            doc, _ = load_file(file, rel)
            if record is not None and doc is not None:
                found.append((record.kind, rel, doc.data))
    return found


def both_verdicts(schemas: SchemaSet, uri: str, data: Any) -> tuple[bool, bool]:
    gated = schemas.validator(uri)
    assert gated.fast is not None, "jsonschema-rs is a dependency: the gate must be on"
    reference = CheckedValidator.for_schema(schemas.inlined(uri), accelerate=False)
    return (not any(True for _ in gated.iter_errors(data)),
            not any(True for _ in reference.iter_errors(data)))


def test_gate_agrees_with_jsonschema_on_every_record(schemas: SchemaSet) -> None:
    records = record_data()
    assert len(records) > 300  # demo + youth example + cases
    compared = valid = 0
    for kind, rel, data in records:
        for profile in KINDS:
            if kind not in KINDS[profile]:
                continue
            fast_valid, reference_valid = both_verdicts(schemas, schemas.uri_for(kind, profile),
                                                        data)
            assert fast_valid == reference_valid, f"{rel} against {profile}/{kind}"
            compared += 1
            valid += reference_valid
    assert 0 < valid < compared  # both outcomes were exercised


@pytest.mark.parametrize("hours", [0.1, 0.3, 1.3, 24.25, -0.25, 10**30, True, "1.5"])
def test_gate_rejects_what_jsonschema_rejects(schemas: SchemaSet, hours: Any) -> None:
    session = {"request": "r-1", "date": "2026-03-10", "start": "10:00", "hours": hours,
               "attendance": "attended", "mentoring_type": "telephone",
               "topics": ["tax"], "language": "English"}
    fast_valid, reference_valid = both_verdicts(
        schemas, schemas.uri_for("session", "business"), session)
    assert fast_valid is reference_valid is False


@pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf"])
def test_non_finite_numbers_are_problems_not_crashes(schemas: SchemaSet, value: str) -> None:
    from mentorlog.validate import schema_problems
    from mentorlog.yamlload import load_bytes

    raw = f"request: r-1\ndate: 2026-03-10\nstart: '10:00'\nhours: {value}\n".encode()
    doc, problems = load_bytes(raw, "x.yaml")
    assert doc is not None and not problems
    found = schema_problems("x.yaml", doc, schemas, schemas.uri_for("session", "business"))
    assert [(p.line, p.column, p.code) for p in found] == [(4, 8, "schema")]
    assert "finite" in found[0].message


IMPORTED = ("import sys; from mentorlog.cli import main; code = main(sys.argv[1:]); "
            "print(code, 'jsonschema' in sys.modules)")


@pytest.mark.parametrize("hours, expected", [("1", "0 False"), ("x", "1 True")],
                         ids=["valid", "rejected"])
def test_jsonschema_is_imported_for_a_record_the_gate_rejects(tmp_path: Path, hours: str,
                                                               expected: str) -> None:
    """jsonschema writes the messages, so it is imported only when a record needs them (about
    40 ms of every run otherwise, the pre-commit hook's too); a rejected record still gets its
    message."""
    root = copy_demo(YOUTH, tmp_path / "p")
    session = sorted((root / "records" / "sessions").rglob("*.yaml"))[0]
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace("\nhours: ", f"\nhours: {hours} # ", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", IMPORTED, "--repo", str(root), "validate"],
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == expected
    assert ("`hours` must be" in run.stdout) == (hours == "x")
