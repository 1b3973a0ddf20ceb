"""The "log a session" GitHub issue form, generated from the program's session schema.

One source of truth: the form (`.github/ISSUE_TEMPLATE/log-a-session.yml`) is made from the
session schema with the program's settings applied (`Program.schemas`, e.g. its languages),
and `fromissue` reads an issue body back through the very same `form_fields`, so a label on
the form and the field it fills cannot drift apart.

How a schema field becomes a form element:
- a string enum, or a boolean (No/Yes): a dropdown;
- an array of enum strings (topics): checkboxes, one per value;
- quarter hours (`multipleOf: 0.25` with a `maximum`): a dropdown of every quarter hour;
- an object of scalar fields (safety_report): one element per inner field, its id
  `<field>-<inner>` (`safety_report-reported_to`: a form id may not contain `.`);
- any other scalar: an input whose placeholder is the schema's first example;
- arrays of objects (co_mentors, attachments) are not asked: a coordinator adds them.
Each element's `id` is the record field it fills; its label is the field's title and its
help text the field's description. Besides the schema's fields: `note` (a textarea that
becomes the session's first note) and nothing else; `mentor` is never asked, it is the
issue's author. Required fields are marked `validations: required`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .fileio import write_atomically
from .program import Program

FORM_PATH = ".github/ISSUE_TEMPLATE/log-a-session.yml"
LABEL = "log-session"  # the workflow runs on issues that carry it
NOTE_ID = "note"
NESTED = "-"  # `safety_report-reported_to` fills safety_report.reported_to
NOT_ASKED = frozenset({"notes", "mentor"})  # notes: the `note` textarea; mentor: the author
YES, NO = "Yes", "No"
SAFETY_FIELD = "safety_concern"  # the youth question that carries the reporting reminder
SAFETY_REMINDER = (
    "**A safety concern must be reported at once to the school site contact**, in person or "
    "by phone: do not wait for this form. Below, say only who you reported it to and when. "
    "The details belong in your report to the site contact, not in this issue: everything "
    "written here stays in the issue, visible to the repository's members.")
INTRO = (
    "Log one mentoring session. Submitting this form opens an issue; mentorlog checks it and "
    "opens a pull request with the session record, or comments on the issue with what to "
    "fix (edit the issue to try again). The issue's text stays in the issue: write only what "
    "the program asks for.")


@dataclass(frozen=True)
class FormField:
    """One form element and the record field it fills."""

    id: str
    path: tuple[str, ...]  # where in the record: ("date",) or ("safety_report", "reported_to")
    label: str
    kind: str  # dropdown | checkboxes | input | textarea
    value_type: str  # string | boolean | number | integer | list
    options: tuple[str, ...] = ()
    required: bool = False
    description: str = ""
    placeholder: str = ""


def form_fields(program: Program) -> list[FormField]:
    """The form's fields, in the schema's order, then `note`."""
    schema = program.schemas.inlined(program.schema_uri("session"))
    required = set(schema.get("required", []))
    fields: list[FormField] = []
    for name, sub in schema.get("properties", {}).items():
        if name not in NOT_ASKED and isinstance(sub, dict):
            fields += _fields_for((name,), sub, name in required, "")
    fields.append(FormField(NOTE_ID, (NOTE_ID,), "Note", "textarea", "string",
                            required="notes" in required, description=_note_help(schema)))
    return _unique_labels(fields)


def _fields_for(path: tuple[str, ...], schema: dict[str, Any], required: bool,
                prefix: str) -> list[FormField]:
    label = prefix + str(schema.get("title", path[-1]))
    declared, items = schema.get("type"), schema.get("items", {})
    if declared == "object" and len(path) == 1:
        return [f for name, sub in schema.get("properties", {}).items() if isinstance(sub, dict)
                for f in _fields_for((*path, name), sub, False, f"{label}: ")]
    if declared == "array" and not (isinstance(items, dict) and items.get("enum")):
        return []  # arrays of objects: not on the form
    base = FormField(NESTED.join(path), path, label, "input", "string", required=required,
                     description=str(schema.get("description", "")))
    return [_shaped(base, schema)]


def _shaped(base: FormField, schema: dict[str, Any]) -> FormField:
    """The element that asks for a value of `schema`'s shape."""
    declared = schema.get("type")
    if declared == "array":
        return replace(base, kind="checkboxes", value_type="list",
                       options=tuple(map(str, schema["items"]["enum"])))
    if declared == "boolean":
        return replace(base, kind="dropdown", value_type="boolean", options=(NO, YES))
    if "enum" in schema:
        return replace(base, kind="dropdown", options=tuple(map(str, schema["enum"])))
    if declared == "number" and schema.get("multipleOf") == 0.25 and "maximum" in schema:
        return replace(base, kind="dropdown", value_type="number", options=quarter_hours(schema))
    examples = schema.get("examples") or [""]
    value_type = declared if declared in ("number", "integer") else "string"
    return replace(base, value_type=str(value_type), placeholder=str(examples[0]))


def quarter_hours(schema: dict[str, Any]) -> tuple[str, ...]:
    """Every quarter hour from the schema's minimum to its maximum: "0", "0.25", ... "24"."""
    low, high = int(schema.get("minimum", 0) * 4), int(schema["maximum"] * 4)
    return tuple(format_number(quarters / 4) for quarters in range(low, high + 1))


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _note_help(schema: dict[str, Any]) -> str:
    notes = schema.get("properties", {}).get("notes", {})
    return str(notes.get("description", "")) + " This becomes the session's first note, " \
        "signed with your mentor id."


def _unique_labels(fields: list[FormField]) -> list[FormField]:
    """Labels are how an issue body is read back: two equal labels would be ambiguous."""
    seen: set[str] = set()
    unique = []
    for f in fields:
        label = f.label if f.label not in seen else f"{f.label} ({f.id})"
        seen.add(label)
        unique.append(replace(f, label=label))
    return unique


def form(program: Program) -> dict[str, Any]:
    """The issue form as GitHub reads it (the issue-forms schema)."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": INTRO}}]
    for f in form_fields(program):
        if f.id == SAFETY_FIELD:
            body.append({"type": "markdown", "attributes": {"value": SAFETY_REMINDER}})
        body.append(_element(f))
    return {"name": "Log a session", "description": "Log a mentoring session (no git needed).",
            "title": "Session: ", "labels": [LABEL], "body": body}


def _element(f: FormField) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": f.label}
    if f.description:
        attributes["description"] = f.description
    if f.kind == "checkboxes":
        attributes["options"] = [{"label": option} for option in f.options]
    elif f.kind == "dropdown":
        attributes["options"] = list(f.options)
    elif f.placeholder:
        attributes["placeholder"] = f.placeholder
    element: dict[str, Any] = {"type": f.kind, "id": f.id, "attributes": attributes}
    if f.required and f.kind != "checkboxes":  # checkboxes mark each option, not the group
        element["validations"] = {"required": True}
    return element


def form_text(program: Program) -> str:
    """The form file's text: a header that says where it comes from, then the form."""
    header = (f"# Written by mentorlog from the {program.settings.profile} session schema and "
              "mentorlog.yaml: do not edit by hand.\n# After changing either, run "
              "`mentorlog forms` to write it again.\n")
    return header + yaml.safe_dump(form(program), sort_keys=False, allow_unicode=True,
                                   width=100)


def write_form(program: Program) -> tuple[Path, bool]:
    """Write the form file when its text differs (atomically); returns it and whether it
    was written."""
    path = program.repo.root / FORM_PATH
    text = form_text(program)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), replace=True)
    return path, True
