"""Records -> the staging folder's contents (pages, assets, hand-written docs, attachments)
and the navigation. Engine-independent: nothing here knows about MkDocs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..background import can_fork, meanwhile
from ..problems import MentorlogError
from ..program import Program
from ..progress import Progress
from ..schemas import SchemaSet, enum_values
from ..stats import FIGURE_WORDS
from ..view import load_data
from . import attachments
from .nav import navigation
from .pages import Ctx, dashboard, matches, people, periods, reference, requests, youth

ASSET_DIR = "assets/mentorlog"
ASSETS = ("mentorlog.css", "tablesort.js", "filesearch.js")
GUIDE_DIR = "guide"
TODAY_ENV = "MENTORLOG_TODAY"
# from this many sessions on, the people pages are made in a forked child meanwhile (a fork
# and pickling the pages back cost ~0.2 s at 10,000 sessions; the pages took ~3 s)
CHILD_FROM_SESSIONS = 5_000


@dataclass(frozen=True)
class Generated:
    files: dict[str, bytes]  # staging path -> content
    copies: dict[str, Path]  # staging path -> file to copy (attachments)
    nav: list[Any]
    pages: int


def build_date(program: Program, today: date | None = None) -> date:
    """`today` for the site: the argument, else $MENTORLOG_TODAY, else the program's clock."""
    if today is not None:
        return today
    pinned = os.environ.get(TODAY_ENV)
    if not pinned:
        return program.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise MentorlogError(f"{TODAY_ENV}={pinned!r}: not a date (YYYY-MM-DD)") from None


def generate(program: Program, public: bool, today: date,
             progress: Progress | None = None) -> Generated:
    data = load_data(program, today, progress)
    found = {} if public or program.settings.site_attachments != "link" else \
        attachments.collect(data, program.repo.records)
    # what a public breakdown may name: enum values of the records it counts (sessions, Part
    # I details, closure reasons) and the words of the figures themselves (length bands)
    words = FIGURE_WORDS.union(*(enum_values(program.schemas.inlined(program.schema_uri(kind)))
                                 for kind in ("session", "client", "request")))
    ctx = Ctx(data, public, frozenset(found), words if public else frozenset())
    pages = family_pages(ctx, program.schemas)
    out = {path: text.encode("utf-8") for path, text in pages.items()}
    guides = {} if public else hand_written(program.repo.root / "docs")
    out.update(guides)
    out.update(assets())
    copies = {"attachments/" + attachments.staged_name(path).removeprefix("attachments/"): file
              for path, file in found.items()}
    nav = navigation(set(pages), ctx.labels, sorted(p for p in guides if p.endswith(".md")))
    return Generated(out, copies, nav, len(pages) + len(guides))


def family_pages(ctx: Ctx, schemas: SchemaSet,
                 child_from: int = CHILD_FROM_SESSIONS) -> dict[str, str]:
    """Every generated page, family by family. From `child_from` sessions on, the people
    pages (one per client and mentor: about half the work) are made meanwhile in a forked
    child process, so a big program's pages take both cores."""
    if len(ctx.data.sessions) >= child_from and can_fork():
        people_pages = meanwhile(partial(people.pages, ctx))
    else:
        people_pages = partial(people.pages, ctx)
    made = {family: family.pages(ctx) for family in (dashboard, requests, periods, youth, matches)}
    made[people] = people_pages()
    pages: dict[str, str] = {}
    for family in (dashboard, requests, people, periods, youth, matches):
        pages.update(made[family])
    pages.update(reference.pages(ctx, schemas))
    return pages


def assets() -> dict[str, bytes]:
    folder = files("mentorlog").joinpath("site", "assets")
    return {f"{ASSET_DIR}/{name}": folder.joinpath(name).read_bytes() for name in ASSETS}


def hand_written(docs: Path) -> dict[str, bytes]:
    """docs/ (the guides), copied under guide/: the generator never writes into docs/."""
    if not docs.is_dir():
        return {}
    return {f"{GUIDE_DIR}/{file.relative_to(docs).as_posix()}": file.read_bytes()
            for file in sorted(docs.rglob("*"))
            if file.is_file() and not file.is_symlink() and not file.name.startswith(".")}


def source_date_epoch(today: date) -> str:
    """MkDocs dates sitemap.xml from SOURCE_DATE_EPOCH: the build date, so builds repeat."""
    return str(int(datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()))
