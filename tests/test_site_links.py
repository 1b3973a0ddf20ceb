"""No page links to a page that does not exist (DESIGN v2 section 7): both demo sites, the
coordinators' and the public one, built once; every <a href> of every HTML page is followed.
Also the home page's title: the site name, once."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers import REPO_ROOT
from mentorlog.program import Program
from mentorlog.repo import Repo
from sitehelpers import build, html_files

# The only links that may leave the site: written by hand in the guides (docs/), none now.
EXTERNAL: frozenset[str] = frozenset()
# MkDocs' 404 page is served by the web host for any missing address, at any depth, so its
# links are absolute from the site's root ("/index.html"), never relative.
ROOT_RELATIVE_PAGES = {"404.html"}
SITE_NAME = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]


class Anchors(HTMLParser):
    """The hrefs of <a> elements, the ids, and the page's <title> (in <head>: the SVG charts
    in the body have <title>s of their own)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.title: list[str] = []
        self._in_head_title = False
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href") is not None:
            self.hrefs.append(str(found["href"]))
        self._in_body = self._in_body or tag == "body"
        self._in_head_title = tag == "title" and not self._in_body

    def handle_endtag(self, tag: str) -> None:
        self._in_head_title = False

    def handle_data(self, data: str) -> None:
        if self._in_head_title:
            self.title.append(data)


def read(file: Path) -> Anchors:
    parsed = Anchors()
    parsed.feed(file.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo program (records, settings, mkdocs.yml and its guides) built both ways."""
    base = tmp_path_factory.mktemp("links")
    repo = base / "repo"
    shutil.copytree(REPO_ROOT / "records", repo / "records")
    shutil.copytree(REPO_ROOT / "docs", repo / "docs")
    for name in ("mentorlog.yaml", "mkdocs.yml"):
        shutil.copyfile(REPO_ROOT / name, repo / name)
    program = Program.open(Repo(repo))
    return {"coordinators": build(program, base / "coordinators").site,
            "public": build(program, base / "public", public=True).site}


def broken_links(site: Path, page: Path, pages: dict[Path, Anchors]) -> list[str]:
    """'page -> href: why' for each link of `page` that leads nowhere."""
    broken = []
    for ref in pages[page].hrefs:
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            if ref not in EXTERNAL:
                broken.append(f"{ref}: leaves the site")
            continue
        if page.name in ROOT_RELATIVE_PAGES and parts.path.startswith("/"):
            target = site / unquote(parts.path).lstrip("/")
        elif parts.path.startswith("/"):
            broken.append(f"{ref}: absolute (breaks when the site is not at a host's root)")
            continue
        else:
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or not target.is_relative_to(site):
            broken.append(f"{ref}: no such file")
        elif parts.fragment and target.suffix == ".html" and \
                unquote(parts.fragment) not in pages[target].ids:
            broken.append(f"{ref}: no element with that id")
    return [f"{page.relative_to(site)} -> {b}" for b in broken]


@pytest.mark.parametrize("which", ["coordinators", "public"])
def test_every_link_leads_to_a_page(sites: dict[str, Path], which: str) -> None:
    site = sites[which].resolve()
    pages = {file: read(file) for file in html_files(site)}
    links = sum(len(p.hrefs) for p in pages.values())
    broken = [b for page in pages for b in broken_links(site, page, pages)]
    assert broken == []
    assert links > (2000 if which == "coordinators" else 200)  # the walk really walked


def test_fiscal_year_links_only_months_with_a_page(sites: dict[str, Path]) -> None:
    """FY2027 (October 2026 to September 2027) has pages only up to the last session."""
    for site in sites.values():
        year = read(site / "years" / "fy2027.html")
        months = sorted(h for h in year.hrefs if h.startswith("../months/"))
        assert months[-1] == "../months/2026-11.html"
        assert "../months/2026-10.html" in months


@pytest.mark.parametrize("which", ["coordinators", "public"])
def test_home_page_title_is_the_site_name_once(sites: dict[str, Path], which: str) -> None:
    assert "".join(read(sites[which] / "index.html").title).strip() == SITE_NAME
    month = "".join(read(sites[which] / "months" / "2026-03.html").title).strip()
    assert month == f"Month 2026-03 - {SITE_NAME}"  # other pages: page, then site
