"""mentorlog.yaml: program settings (DESIGN section 4). A missing file means all defaults.

Anything wrong in the file stops every command with exit 2 (MentorlogError naming the file):
a program must never be checked against settings it did not ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from .problems import MentorlogError, Problem
from .repo import Repo
from .schemas import SchemaSet
from .validate import schema_problems
from .yamlload import load_file


@dataclass(frozen=True)
class Settings:
    name: str = "mentorlog program"
    profile: str = "business"
    timezone: str = "America/New_York"
    fiscal_year_start: int = 10
    deadline_rule: str = "first_monday_next_month"
    late: str = "require_reason"
    site_notes: str = "show"
    site_attachments: str = "link"
    attachment_max_mb: float = 10

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        program, deadline = data.get("program", {}), data.get("deadline", {})
        site, attachments = data.get("site", {}), data.get("attachments", {})
        d = cls()
        return cls(
            name=program.get("name", d.name),
            profile=program.get("profile", d.profile),
            timezone=program.get("timezone", d.timezone),
            fiscal_year_start=program.get("fiscal_year_start", d.fiscal_year_start),
            deadline_rule=deadline.get("rule", d.deadline_rule),
            late=deadline.get("late", d.late),
            site_notes=site.get("notes", d.site_notes),
            site_attachments=site.get("attachments", d.site_attachments),
            attachment_max_mb=attachments.get("max_mb", d.attachment_max_mb),
        )


def load_settings(repo: Repo, schemas: SchemaSet) -> Settings:
    path = repo.settings_file
    if not path.exists():
        return Settings()
    rel = repo.relative(path)
    doc, problems = load_file(path, rel)
    if doc is not None:
        uri = schemas.uri_for("mentorlog")
        problems = schema_problems(rel, doc, schemas, uri)
    if problems or doc is None:
        raise MentorlogError(_describe(rel, problems))
    return Settings.from_data(doc.data)


def _describe(rel: str, problems: list[Problem]) -> str:
    lines = [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems]
    return f"{rel} is not valid; fix it before anything else runs:\n  " + "\n  ".join(lines)

