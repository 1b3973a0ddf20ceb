"""The "log a session" issue form: valid for GitHub, and made from the program's schema.

Validated offline against GitHub's issue-forms schema as vendored by check-jsonschema
(`vendor.github-issue-forms`), by the real check-jsonschema command.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO_ROOT, run_main
from mentorlog.issueform import FORM_PATH, LABEL, SAFETY_REMINDER, form_fields, form_text
from mentorlog.program import open_program
from mentorlog.yamlload import load_bytes


def check_forms(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-issue-forms", *map(str, files)],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("forms")
    for profile in ("business", "youth"):
        assert run_main(["init", str(root / profile), "--profile", profile]).code == 0
    return {profile: root / profile for profile in ("business", "youth")}


def body(program: Path) -> list[dict[str, Any]]:
    doc, problems = load_bytes((program / FORM_PATH).read_bytes(), FORM_PATH)
    assert doc is not None and not problems
    assert doc.data["labels"] == [LABEL]
    elements: list[dict[str, Any]] = doc.data["body"]
    return elements


def by_id(program: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in body(program) if "id" in e}


def test_init_writes_forms_valid_for_github(programs: dict[str, Path]) -> None:
    done = check_forms(*(p / FORM_PATH for p in programs.values()))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_check_catches_a_broken_form(programs: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (programs["business"] / FORM_PATH).read_text(encoding="utf-8")
    broken.write_text(text.replace("type: dropdown", "type: select", 1), encoding="utf-8")
    assert check_forms(broken).returncode == 1


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_each_id_is_the_record_field_it_fills(programs: dict[str, Path], profile: str) -> None:
    """Every schema field a mentor gives is on the form under its own name (nested ones as
    `outer-inner`), with the schema's title and description; every enum is offered whole."""
    program = programs[profile]
    schema = json.loads((program / f"schema/{profile}/session.schema.json").read_text())
    props = schema["properties"]
    elements = by_id(program)
    asked = {name for name, sub in props.items() if name not in ("notes", "mentor")
             and sub.get("items", {}).get("type") != "object"}
    nested = {f"{name}-{inner}" for name, sub in props.items() if sub.get("type") == "object"
              for inner in sub["properties"]}
    flat = {name for name in asked if props[name].get("type") != "object"}
    assert set(elements) == flat | nested | {"note"}
    for name in flat:
        attributes = elements[name]["attributes"]
        assert attributes["label"] == props[name]["title"]
        assert attributes["description"] == props[name]["description"]
        required = elements[name].get("validations", {}).get("required", False)
        assert required == (name in schema["required"] and elements[name]["type"] != "checkboxes")
        enum = props[name].get("enum") or props[name].get("items", {}).get("enum")
        if enum:
            options = attributes["options"]
            assert [o["label"] if isinstance(o, dict) else o for o in options] == enum, name
    assert elements["request"]["type"] == "input"
    assert elements["note"]["type"] == "textarea"
    assert elements["date"]["attributes"]["placeholder"] == "2026-03-10"
    assert elements["start"]["attributes"]["placeholder"] == "14:00"
    hours = elements["hours"]["attributes"]["options"]
    assert (hours[:3], hours[-1], len(hours)) == (["0", "0.25", "0.5"], "24", 97)


def test_business_form_speaks_the_programs_languages(programs: dict[str, Path]) -> None:
    elements = by_id(programs["business"])
    assert elements["topics"]["type"] == "checkboxes"
    assert "financing" in [o["label"] for o in elements["topics"]["attributes"]["options"]]
    settings = open_program(programs["business"]).settings
    assert elements["language"]["attributes"]["options"] == [*settings.languages, "other"]
    assert elements["mentoring_type"]["validations"] == {"required": True}
    assert "validations" not in elements["online_type"]


def test_youth_form_asks_the_safety_question_with_its_reminder(
        programs: dict[str, Path]) -> None:
    elements = body(programs["youth"])
    ids = [e.get("id") for e in elements]
    at = ids.index("safety_concern")
    assert elements[at - 1] == {"type": "markdown", "attributes": {"value": SAFETY_REMINDER}}
    assert "school site contact" in SAFETY_REMINDER and "at once" in SAFETY_REMINDER
    assert elements[at]["attributes"]["options"] == ["No", "Yes"]
    assert elements[at]["validations"] == {"required": True}
    assert ids[at + 1:at + 3] == ["safety_report-reported_to", "safety_report-reported_at"]
    assert elements[at + 1]["attributes"]["label"] == "Safety report: Reported to"
    assert by_id(programs["youth"])["note"]["validations"] == {"required": True}  # youth: a note


def test_forms_command_refreshes_after_the_settings_change(tmp_path: Path) -> None:
    program = tmp_path / "program"
    assert run_main(["init", str(program), "--profile", "business"]).code == 0
    assert run_main(["forms"], cwd=program).out == f"{FORM_PATH}: unchanged\n"
    settings = program / "mentorlog.yaml"
    settings.write_text(re.sub(r"languages: \[[^]]*\]", "languages: [English, Twi]",
                               settings.read_text()))
    assert run_main(["--repo", str(program), "forms"]).out == f"{FORM_PATH}: written\n"
    assert by_id(program)["language"]["attributes"]["options"] == ["English", "Twi", "other"]
    assert check_forms(program / FORM_PATH).returncode == 0


def test_a_new_schema_field_appears_on_the_form(tmp_path: Path) -> None:
    """Nothing is written per field: a program that adds a field gets it asked."""
    program = tmp_path / "program"
    assert run_main(["init", str(program), "--profile", "youth"]).code == 0
    file = program / "schema/youth/session.schema.json"
    schema = json.loads(file.read_text())
    schema["properties"]["mood"] = {"type": "string", "enum": ["calm", "restless"],
                                    "title": "Mood", "description": "How the mentee seemed."}
    schema["properties"]["minutes_read"] = {"type": "integer", "title": "Minutes read",
                                            "description": "Reading time.", "examples": [20]}
    file.write_text(json.dumps(schema))
    assert run_main(["forms"], cwd=program).code == 0
    elements = by_id(program)
    assert elements["mood"]["attributes"]["options"] == ["calm", "restless"]
    assert elements["minutes_read"]["attributes"]["placeholder"] == "20"
    assert [f.value_type for f in form_fields(open_program(program))
            if f.id == "minutes_read"] == ["integer"]
    assert check_forms(program / FORM_PATH).returncode == 0


def test_this_repository_has_its_programs_form() -> None:
    """The demo program's form is the one `mentorlog forms` writes (run it after a schema or
    settings change)."""
    demo = open_program(REPO_ROOT)
    assert (REPO_ROOT / FORM_PATH).read_text(encoding="utf-8") == form_text(demo)
