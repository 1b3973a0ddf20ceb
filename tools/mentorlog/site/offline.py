"""The built site must fetch nothing from the internet: every script, style sheet, image,
font or frame it loads comes from the site itself. Links (<a href>) are not fetches."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
                      re.IGNORECASE)
FETCHING = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",),
            "source": ("src", "srcset"), "audio": ("src",), "video": ("src", "poster"),
            "embed": ("src",), "object": ("data",), "image": ("href", "xlink:href"),
            "use": ("href", "xlink:href"), "link": ("href",), "input": ("src",)}


# A cheap first look: only files with something like src="//..." need the parser.
_SUSPECT = re.compile(r"""(?:=\s*["']?|url\(|@import)\s*['"]?\s*(?:[a-z][a-z0-9+.-]*:)?//""",
                      re.IGNORECASE)


_NAMESPACES = ('xmlns="http://www.w3.org/2000/svg"', 'xmlns:xlink="http://www.w3.org/1999/xlink"')


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        self.in_style = self.in_style and tag != "style"

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.found += [f"<style> {url}" for url in _CSS_URL.findall(data)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"
        found = dict(attrs)
        if found.get("data-md-component") == "source" and _EXTERNAL.match(found.get("href") or ""):
            # Material's script fetches the repository's stars and forks from its host
            self.found.append(f"<a data-md-component=source href={found['href']}>")
        for name, value in attrs:
            if value is None:
                continue
            if name in FETCHING.get(tag, ()) and _EXTERNAL.match(value):
                self.found.append(f"<{tag} {name}={value}>")
            elif name == "style":
                self.found += [f"<{tag} style> {url}" for url in _CSS_URL.findall(value)]


def _without_namespaces(text: str) -> str:
    """Material's inline SVG icons name their XML namespace by URL: not a fetch."""
    for namespace in _NAMESPACES:
        text = text.replace(namespace, "")
    return text


def external_resources(site: Path, since: float | None = None) -> list[str]:
    """'file: what' for every resource the site would fetch from another host; with `since`
    (a time), only in the files written since then (an incremental build's: the others
    passed when they were written, and the state that allows such a build is only saved
    after they did)."""
    found: list[str] = []
    for file in sorted(site.rglob("*")):
        if since is not None and file.stat().st_mtime < since:
            continue
        if file.suffix == ".html":
            text = file.read_text(encoding="utf-8", errors="replace")
            if "//" not in _without_namespaces(text) or not _SUSPECT.search(text):
                continue
            parser = _Resources()
            parser.feed(text)
            found += [f"{file.relative_to(site)}: {item}" for item in parser.found]
        elif file.suffix == ".css":
            text = file.read_text(encoding="utf-8", errors="replace")
            found += [f"{file.relative_to(site)}: {url}" for url in _CSS_URL.findall(text)]
    return found
