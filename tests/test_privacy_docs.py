"""docs/privacy.md: every setting it names exists in mentorlog.yaml's
schema (with the value it gives, when it gives one), the settings a coordinator needs are
named, the coordinators' guide links the page, and what it quotes of the issue form is the
form's own text."""

from __future__ import annotations

import json
import re
from typing import Any

from helpers import REPO_ROOT
from mentorlog.issueform import INTRO

PAGE = REPO_ROOT / "docs" / "privacy.md"
SCHEMA = REPO_ROOT / "schema" / "mentorlog.schema.json"
# a setting as the docs write it: `section.key` or `section.key: value`
SETTING = re.compile(r"`([a-z_]+)\.([a-z_]+)(?:: ([a-z0-9_]+))?`")
FILE_SUFFIXES = {"yaml", "yml", "md", "json", "py", "csv", "txt"}  # `mentorlog.yaml` is a file
NEEDED = {"retention.years_after_closed", "site.notes", "site.attachments", "public.min_count"}


def _settings_named(text: str) -> list[tuple[str, str, str | None]]:
    return [(m[1], m[2], m[3]) for m in SETTING.finditer(text) if m[2] not in FILE_SUFFIXES]


def _schema_of(section: str, key: str) -> dict[str, Any] | None:
    properties = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    found = properties.get(section, {}).get("properties", {}).get(key)
    return found if isinstance(found, dict) else None


def test_every_setting_named_exists_with_the_value_given() -> None:
    named = _settings_named(PAGE.read_text(encoding="utf-8"))
    assert len(named) >= len(NEEDED)
    for section, key, value in named:
        schema = _schema_of(section, key)
        assert schema is not None, f"{section}.{key} is no setting of mentorlog.yaml"
        if value is not None:
            assert value in schema.get("enum", [value]), f"{section}.{key}: {value}"


def test_the_check_would_catch_a_setting_that_does_not_exist() -> None:
    named = _settings_named("`site.notez: hide`, `site.notes: hidden`, `mentorlog.yaml`")
    assert named == [("site", "notez", "hide"), ("site", "notes", "hidden")]
    assert _schema_of("site", "notez") is None
    assert "hidden" not in _schema_of("site", "notes")["enum"]  # type: ignore[index]


def test_the_page_names_the_settings_a_coordinator_needs() -> None:
    named = {f"{s}.{k}" for s, k, _ in _settings_named(PAGE.read_text(encoding="utf-8"))}
    assert named >= NEEDED
    assert "`site.notes: hide`" in PAGE.read_text(encoding="utf-8")


def test_the_page_covers_who_reads_what() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for phrase in ("everyone with read access reads every record and every note",
                   "the same readers", "even when the repository is private",
                   "one repository per school site", "mentorlog report retention",
                   "mentorlog export --client ID --format json"):
        assert phrase in text, phrase


def test_the_form_text_quoted_is_the_forms() -> None:
    quoted = re.search(r'The "log a session" form says so itself: "([^"]+)"',
                       " ".join(PAGE.read_text(encoding="utf-8").split()))
    assert quoted is not None and quoted[1] in INTRO


def test_the_coordinators_guide_links_the_page() -> None:
    guide = (REPO_ROOT / "docs" / "coordinators.md").read_text(encoding="utf-8")
    assert "](privacy.md)" in guide
