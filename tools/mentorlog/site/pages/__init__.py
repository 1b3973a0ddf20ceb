"""Page families. Each module's `pages(ctx)` returns {staging path: Markdown text}."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from ...settings import suppressed
from ...stats import only_words
from ...view import Data
from ..markdown import Cell, inert, link

_ENUM = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class Labels:
    client: str
    clients: str
    request: str
    requests: str

    @classmethod
    def for_profile(cls, profile: str) -> Labels:
        if profile == "youth":
            return cls("mentee", "mentees", "match", "matches")
        return cls("client", "clients", "request", "requests")


@dataclass(frozen=True)
class Ctx:
    data: Data
    public: bool
    attachments: frozenset[str] = frozenset()  # record paths of attachments in the site
    # what the public site may name: the schemas' enum values (the program's languages
    # among them) and stats.FIGURE_WORDS; anything else a record holds counts as "other"
    public_words: frozenset[str] = frozenset()

    @property
    def labels(self) -> Labels:
        return Labels.for_profile(self.data.settings.profile)

    def count(self, value: int) -> str:
        """A count as this site shows it: on the public site, below min_count as "<N"."""
        return self.data.settings.small_count(value) if self.public else str(value)

    @property
    def hide_below(self) -> int:
        """Counts from 1 up to this (exclusive) are hidden: charts draw them at this size."""
        return self.data.settings.public_min_count if self.public else 0

    def counts(self, counts: Counter[str]) -> Counter[str]:
        """A breakdown as this site shows it: on the public site every key that is not an
        enum value (other_topic, other_language, anything an invalid record holds) is
        merged into "other", so no typed word is ever published."""
        return only_words(counts, self.public_words) if self.public else counts

    def ranked(self, counts: Counter[str]) -> list[tuple[str, int]]:
        """Largest first. Hidden counts rank as equals (then by name): on the public site
        their order must not tell which is larger."""
        floor = self.hide_below
        return sorted(counts.items(),
                      key=lambda kv: (-(floor if suppressed(kv[1], floor) else kv[1]), kv[0]))

    @property
    def notes_shown(self) -> bool:
        return not self.public and self.data.settings.site_notes == "show"

    @property
    def attachments_shown(self) -> bool:
        return not self.public and self.data.settings.site_attachments == "link"


def href(source: str, target: str) -> str:
    """The relative URL from page `source` to page `target` (both staging paths, .md)."""
    return _relative(posixpath.dirname(source) or ".", target)


@cache
def _relative(folder: str, target: str) -> str:
    html = target[:-3] + ".html" if target.endswith(".md") else target
    return posixpath.relpath(html, folder)


def client_page(client_id: str) -> str:
    return f"clients/{quote(client_id, safe='')}.md"


def mentor_page(mentor_id: str) -> str:
    return f"mentors/{quote(mentor_id, safe='')}.md"


def month_page(month: str) -> str:
    return f"months/{month}.md"


def client_cell(ctx: Ctx, source: str, client_id: str) -> Cell:
    """A client's name linked to their page (text only when the page does not exist)."""
    name = ctx.data.client_name(client_id)
    return link(name, href(source, client_page(client_id))) \
        if client_id in ctx.data.clients else inert(name)


def mentor_cell(ctx: Ctx, source: str, mentor_id: str) -> Cell:
    name = ctx.data.mentor_name(mentor_id)
    return link(name, href(source, mentor_page(mentor_id))) \
        if mentor_id in ctx.data.mentors else inert(name)


def words(value: str) -> str:
    """An enum value as words: `face_to_face` -> `face to face`; free text stays as written."""
    return value.replace("_", " ") if _ENUM.fullmatch(value) else value
