"""The one escaping function, and the few Markdown/HTML shapes pages are built from.

Every string that came from a record goes through `inert()` before it reaches a page. It turns
each character that means something to HTML, Markdown, its extensions (attribute lists,
snippets, tables) or a template engine into a numeric character reference. A reference means
"this character, as text" in every context a page puts record text into: a Markdown paragraph,
heading or table cell, a raw HTML block (where Markdown is not processed), an attribute value,
and the page title MkDocs copies into its templates unescaped. So one function is enough, and
the text still shows exactly as the mentor wrote it (`<`, `&`, `#`, `*`, emoji, line breaks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import quote

# HTML specials, Markdown punctuation, `{`/`}` (attribute lists, template syntax), `-` (snippets
# `--8<--`, lists), `:` (`javascript:`), `|` (table cells), `=`/`~`/`^`/`$` (extension syntax).
# Not `.`, `,`, `;`, `/`, `?`: they mean nothing inside a line, and record text never starts a
# line of its own (line breaks become <br>); every reference costs build time on big sites.
_SPECIAL = frozenset("&<>\"'\\`*_{}[]()#+-!|~=^:$")
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_SPACES = re.compile(r"[\s\x00-\x1f\x7f]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def inert(value: object, multiline: bool = False) -> str:
    """`value` as inert text for Markdown and HTML alike.

    With `multiline` (notes, questions) a line break becomes the reference `&#10;`: still a
    line break to the browser (shown by an element styled `white-space: pre-wrap`, class
    `ml-text`), but never the end of a line for Markdown, so a blank line in a note cannot end
    the raw HTML block it sits in. (A `<br>` per line would do too, but a big site has
    hundreds of thousands of note lines, and every tag costs build time.) Otherwise every run
    of whitespace becomes one space (names, cells, headings): a newline never ends a table
    row or a heading."""
    text = "" if value is None else str(value)
    if not multiline:
        return _inert_line(text)
    lines = _LINE_BREAKS.split(_CONTROLS.sub(" ", text.strip("\n")))
    return "&#10;".join(line.translate(_TABLE) for line in lines)


# names, dates and enum words repeat across thousands of cells: each is escaped once
@lru_cache(maxsize=1 << 16)
def _inert_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip().translate(_TABLE)


Cell = str  # already-safe HTML for one table cell


def table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], numeric: Sequence[int] = (),
          searchable: bool = False) -> str:
    """A sortable HTML table as one raw HTML block. Headers are our own words; cells must be
    built with `inert()` or `link()`. Unless `searchable`, the search index skips it."""
    right = set(numeric)
    head = "".join(f'<th{_align(i, right)}>{h}</th>' for i, h in enumerate(headers))
    body = ["<tr>" + "".join(f"<td{_align(i, right)}>{c}</td>" for i, c in enumerate(row))
            + "</tr>" for row in rows]
    if not body:
        return "<p><em>None.</em></p>"
    exclude = "" if searchable else " data-search-exclude"
    return "\n".join([f'<table data-sortable{exclude}>', f"<thead><tr>{head}</tr></thead>",
                      "<tbody>", *body, "</tbody>", "</table>"])


def _align(i: int, right: set[int]) -> str:
    return ' style="text-align:right"' if i in right else ""


@lru_cache(maxsize=1 << 16)  # a client's or mentor's link repeats on every page listing them
def link(text: str, href: str) -> str:
    """A link to one of our own pages: `href` is built from ids (a-z, 0-9, '-') only."""
    return f'<a href="{inert(quote(href, safe="/.#"))}">{inert(text)}</a>'


def title(text: str) -> str:
    """Front matter with the page title, then the H1. Material copies the title into <title>
    through Jinja's `striptags`, which decodes character references once more; there a `<`
    would be markup again (`</title><script>`), so the title (browser tab, header bar) shows
    `<` and `>` as `\u2039` `\u203a`. The H1 shows the text exactly as written."""
    safe = inert(text.replace("<", "\u2039").replace(">", "\u203a"))
    return f'---\ntitle: "{safe}"\n---\n\n{heading(1, text)}'


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {inert(text)}"


def note(author: str, when: str, text: str) -> str:
    """A note: escaped text with its line breaks kept, never Markdown. No nested <div>: the
    search plugin matches excluded elements by tag name, so a nested div would end the
    exclusion early."""
    return (f'<div class="ml-note" data-search-exclude><p class="ml-note-by">{inert(author)}'
            f' &middot; {inert(when)}</p><p class="ml-text">{inert(text, multiline=True)}</p>'
            "</div>")


def number(value: float) -> str:
    """Hours and counts: no trailing `.0`, two decimals at most."""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def page(*blocks: str) -> str:
    """Blocks separated by blank lines (raw HTML blocks must stand alone)."""
    return "\n\n".join(b for b in blocks if b) + "\n"
