"""Raw HTML blocks past Markdown: the same pages, built in about half the time.

The generated pages are mostly raw HTML (tables, request sections, notes), which
Python-Markdown hands to an HTML parser only to pass it through unchanged; on a big site that
parse was the largest cost of the build. This MkDocs plugin takes each raw HTML block of a
generated page out before Markdown runs, leaving a placeholder paragraph, and puts the block
back into the rendered HTML. The output is byte for byte what Markdown makes of the same page
(tests/test_site_rawblocks.py builds both and compares), so any engine that builds the staging
folder without this plugin (`mkdocs build -f .mentorlog/mkdocs.yml`, Zensical) makes the same
site, only slower.

The placeholder carries a random key chosen per build: record text, which can only appear
escaped inside the blocks, cannot forge one. Hand-written guides are left to Markdown (their
HTML may ask for Markdown inside it).
"""

from __future__ import annotations

import re
import secrets

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .buildprogress import NoOptions

# what the generator starts a raw HTML block with (site/markdown.py, site/charts.py)
_BLOCK = re.compile(r"<(?:table|section|div|p|ul|ol|figure|svg|details)[\s>]")
_EXCLUDED = re.compile(r"<[a-z]+(?: [^>]*)? data-search-exclude[ >]")  # in its first tag


class RawBlocks(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self, skip_prefix: str) -> None:
        self.skip_prefix = skip_prefix  # hand-written pages: Markdown sees all of them
        self.key = secrets.token_hex(8)
        self.stashed: dict[str, dict[str, str]] = {}  # page -> placeholder -> block
        self.hidden: dict[str, dict[str, str]] = {}  # page -> placeholder -> excluded block
        self.placeholder = re.compile(rf"<p>(ml{self.key}x\d+)</p>")
        self.hider = re.compile(rf'<div data-search-exclude data-ml="(ml{self.key}x\d+)"></div>')

    @event_priority(-100)  # after every other plugin changed the Markdown
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri.startswith(self.skip_prefix):
            return markdown
        blocks = markdown.split("\n\n")
        stash: dict[str, str] = {}
        for i, block in enumerate(blocks):
            if _BLOCK.match(block) and "markdown=" not in block:
                name = f"ml{self.key}x{i}"
                stash[name], blocks[i] = block, name
        self.stashed[page.file.src_uri] = stash
        return "\n\n".join(blocks)

    @event_priority(100)  # before any other plugin reads the HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """The blocks back in place of their placeholders, in one pass (a restored block is
        never searched again). Markdown ends a raw block with a blank line and strips the
        page's ends: the same here. A block the search skips (`data-search-exclude`) stays
        out until the search has read the page: an empty excluded element stands in, which
        the search skips as it would skip the block (see on_page_context)."""
        stash = self.stashed.pop(page.file.src_uri, {})
        hidden = self.hidden.setdefault(page.file.src_uri, {})

        def restore(found: re.Match[str]) -> str:
            name = found.group(1)
            block = stash.get(name)
            if block is None:
                return found.group(0)
            if _EXCLUDED.match(block):
                hidden[name] = block
                return f'<div data-search-exclude data-ml="{name}"></div>\n'
            return block + "\n"

        return self.placeholder.sub(restore, html).strip() if stash else html

    @event_priority(-100)  # after the search plugin indexed the page, before the template
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        hidden = self.hidden.pop(page.file.src_uri, {})
        if hidden and page.content is not None:
            # Material's search also strips `data-search-*="..."` from the page; the blocks
            # carry only the bare `data-search-exclude`, which it leaves, so they go back as
            # they are
            content = page.content
            page.content = self.hider.sub(lambda found: _at(found, hidden, len(content)),
                                          content)
        return context


def _at(found: re.Match[str], blocks: dict[str, str], end: int) -> str:
    """The block a placeholder stands for; the page's last one without its trailing
    whitespace, which Markdown strips from the page's end."""
    block = blocks[found.group(1)]
    return block.rstrip() if found.end() == end else block
