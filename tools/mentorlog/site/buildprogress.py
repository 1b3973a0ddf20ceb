"""The pages MkDocs has converted and rendered, told to a `progress` callback (progress.py).

MkDocs has no progress of its own. It converts every page's Markdown first, then renders every
page through the theme's templates and writes it; a plugin sees both (`on_page_content`,
`on_post_page`) and changes nothing. It is added to the loaded configuration by
`watch_pages`, not declared in mkdocs.yml: it exists only for the one build a person watches.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from ..progress import CONVERT_STEP, RENDER_STEP, Progress

PLUGIN_NAME = "mentorlog-progress"


# mkdocs leaves Config's and BasePlugin's __init_subclass__ unannotated
class NoOptions(Config):  # type: ignore[no-untyped-call]
    """The configuration of every plugin mentorlog adds to a build (here, incremental.py,
    rawblocks.py): none, but MkDocs wants a Config subclass all the same."""


class PageProgress(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    """Counts pages through MkDocs' two passes; every item is returned unchanged."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.total = 0
        self.done = {CONVERT_STEP: 0, RENDER_STEP: 0}

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # the pages this build converts (drafts excluded), known once the files are final:
        # all of them, or in an incremental build those whose HTML is missing or older
        self.total = sum(file.is_modified() for file in files.documentation_pages())
        return nav

    def on_page_content(self, html: str, /, **_: Any) -> str:
        self._tick(CONVERT_STEP)
        return html

    def on_post_page(self, output: str, /, **_: Any) -> str:
        self._tick(RENDER_STEP)
        return output

    def _tick(self, step: str) -> None:
        self.done[step] += 1
        self.progress(step, min(self.done[step], self.total), self.total)


def watch_pages(config: MkDocsConfig, progress: Progress | None) -> MkDocsConfig:
    """`config` with the counting plugin added when someone watches (`progress`)."""
    if progress is not None:
        config.plugins[PLUGIN_NAME] = PageProgress(progress)  # registers its events
    return config
