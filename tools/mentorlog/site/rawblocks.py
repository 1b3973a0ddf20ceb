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

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# what the generator starts a raw HTML block with (site/markdown.py, site/charts.py)
_BLOCK = re.compile(r"<(?:table|section|div|p|ul|ol|figure|svg|details)[\s>]")


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """The plugin takes no configuration."""


class RawBlocks(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self, skip_prefix: str) -> None:
        self.skip_prefix = skip_prefix  # hand-written pages: Markdown sees all of them
        self.key = secrets.token_hex(8)
        self.stashed: dict[str, dict[str, str]] = {}  # page -> placeholder -> block
        self.placeholder = re.compile(rf"<p>(ml{self.key}x\d+)</p>")

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
        stash = self.stashed.pop(page.file.src_uri, {})
        if not stash:
            return html
        # one pass, so a restored block is never searched again. Markdown ends a raw block
        # with a blank line and strips the whole page's ends: the same here.
        return self.placeholder.sub(lambda m: stash[m.group(1)] + "\n" if m.group(1) in stash
                                    else m.group(0), html).strip()
