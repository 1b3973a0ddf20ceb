"""mentorlog.yaml: program settings. A missing file means all defaults.

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

# a program without `program.languages` offers these
DEFAULT_LANGUAGES = (
    "English", "Spanish", "Chinese", "Vietnamese", "Korean", "Tagalog", "Arabic", "French",
    "Haitian Creole", "Russian", "Portuguese", "Polish", "Hindi", "Urdu", "Japanese", "German",
    "Italian", "Persian", "Somali", "American Sign Language")
OTHER = "other"  # always allowed besides the list; the session then says which in other_language


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
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    public_min_count: int = 5
    match_minimum_months: int = 12  # youth: the commitment a match's length is measured against
    # years a client's records are kept after their last request closed (retention.py);
    # None: kept forever
    retention_years: int | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        program, deadline = data.get("program", {}), data.get("deadline", {})
        site, attachments = data.get("site", {}), data.get("attachments", {})
        public, matches = data.get("public", {}), data.get("matches", {})
        retention = data.get("retention", {})
        d = cls()
        return cls(
            name=program.get("name", d.name),
            profile=program.get("profile", d.profile),
            timezone=program.get("timezone", d.timezone),
            # JSON Schema's integer takes 7.0 too; counts and calendar arithmetic need an int
            fiscal_year_start=int(program.get("fiscal_year_start", d.fiscal_year_start)),
            deadline_rule=deadline.get("rule", d.deadline_rule),
            late=deadline.get("late", d.late),
            site_notes=site.get("notes", d.site_notes),
            site_attachments=site.get("attachments", d.site_attachments),
            attachment_max_mb=attachments.get("max_mb", d.attachment_max_mb),
            languages=tuple(program.get("languages", d.languages)),
            public_min_count=int(public.get("min_count", d.public_min_count)),
            match_minimum_months=int(matches.get("minimum_months", d.match_minimum_months)),
            retention_years=None if (years := retention.get("years_after_closed")) is None
            else int(years),
        )

    def language_group(self, language: str) -> str:
        """What a session's language counts as in any figure: one of the program's languages,
        else "other" (other_language, or a value no validation accepted, is free text)."""
        return language if not language or language in self.languages else OTHER

    def small_count(self, count: int) -> str:
        """A count as the public site shows it: a suppressed one as "<min_count"."""
        return f"<{self.public_min_count}" if suppressed(count, self.public_min_count) \
            else str(count)


def suppressed(count: float, min_count: int) -> bool:
    """Whether the public site hides `count`: 1 up to min_count (exclusive). Zero is shown: it
    says nobody, so it can point at nobody. The one test: text, charts and rankings ask it."""
    return 0 < count < min_count


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


def effective_schemas(schemas: SchemaSet, settings: Settings) -> SchemaSet:
    """The schemas with the settings that narrow them: a business session's `language` is one
    of the program's languages or `other`. The message lists the allowed names (settings,
    safe to show), never the value written."""
    if settings.profile != "business":
        return schemas
    allowed = [*settings.languages, OTHER]
    return schemas.with_keywords(schemas.uri_for("session", "business"), "language", {
        "enum": allowed,
        "errorMessage": "must be one of the program's languages (program.languages in "
                        f"mentorlog.yaml): {', '.join(settings.languages)}; or `other`, "
                        "with other_language saying which"})


def _describe(rel: str, problems: list[Problem]) -> str:
    lines = [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems]
    return f"{rel} is not valid; fix it before anything else runs:\n  " + "\n  ".join(lines)

