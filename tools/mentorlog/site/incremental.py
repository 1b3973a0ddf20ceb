"""Incremental builds: after a change, MkDocs renders only the pages whose staging file changed.

The staging folder keeps the bytes and times of every page the generator did not change
(staging.py), so MkDocs' own `dirty` mode, which renders a page only when its source is newer
than its HTML, renders exactly the changed pages. What `dirty` alone gets wrong, this module
puts right, so that an incremental build leaves the same files as a full one:

- **Everything shared by all pages** (the navigation, the configuration, the theme, the build
  date, the guides whose titles the navigation shows, mentorlog's version) is the build's
  `key`. The previous build's key is kept in `.mentorlog/site-state/`; when it differs, or the
  previous build did not finish, or the site folder is not the one that build left, the build
  is full. A `--strict` build is always full: link warnings come only from rendered pages.
- **The search index** of a dirty build holds only the rendered pages: `merge_index` puts back
  the previous index's entries of every page that was not rendered, in the order a full build
  writes them.
- **Files no longer built** (a removed record's page, a forgotten person's attachment) are
  deleted: a dirty build never empties the site folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import __version__
from ..fileio import content_digest, file_digest, write_atomically
from ..repo import WORK_DIR
from .buildprogress import NoOptions

STATE_DIR = Path(WORK_DIR) / "site-state"
SEARCH_INDEX = "search/search_index.json"
STATE_FORMAT = 1


class Recorder(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    """Notes what MkDocs builds: every output file, the pages in build order, the pages it
    rendered. Added to the configuration's plugins by `build_site`, after all others."""

    def __init__(self) -> None:
        self.outputs: dict[str, str] = {}  # source (staging path) -> output (site path)
        self.order: list[str] = []
        self.rendered: set[str] = set()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.outputs = {file.src_uri: file.dest_uri for file in files}
        self.order = [file.url for file in files.documentation_pages()]
        return files

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.rendered.add(page.url)
        return output


@dataclass(frozen=True)
class State:
    """What a finished build leaves for the next one."""
    key: str
    outputs: dict[str, str] = field(default_factory=dict)  # as Recorder.outputs
    index_digest: str = ""  # of the search index it wrote: proof the site is still its own


def build_key(parts: dict[str, Any], theme_dirs: list[str]) -> str:
    """A hash of everything every page's HTML depends on besides its own source."""
    digest = hashlib.blake2b(digest_size=16)
    versions = {name: version(name) for name in ("mkdocs", "mkdocs-material")}
    for item in (STATE_FORMAT, __version__, versions, parts):
        digest.update(json.dumps(item, sort_keys=True, default=str).encode() + b"\0")
    for folder in theme_dirs:  # a custom_dir override or a theme upgrade changes every page
        digest.update(_folder_stamp(Path(folder)))
    return digest.hexdigest()


def _folder_stamp(folder: Path) -> bytes:
    stamps = []
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            stat = os.stat(os.path.join(dirpath, name))
            stamps.append(f"{dirpath}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(sorted(stamps)).encode()


def state_path(root: Path, site: Path) -> Path:
    name = hashlib.blake2b(str(site).encode(), digest_size=8).hexdigest()
    return root / STATE_DIR / f"{name}.json"


@dataclass(frozen=True)
class Previous:
    state: State
    index: dict[str, Any]  # its search index, read before MkDocs overwrites it


def previous_build(path: Path, site: Path, key: str) -> Previous | None:
    """The last build, when the next build may be incremental: same key, and the site folder
    still holds the search index that build wrote."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = State(str(raw["key"]), {str(k): str(v) for k, v in raw["outputs"].items()},
                      str(raw["index_digest"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if state.key != key:
        return None
    try:  # read once: the bytes must be those the last build wrote, then they are its index
        written = (site / SEARCH_INDEX).read_bytes()
    except OSError:
        return None
    index = _parse_index(written) if content_digest(written) == state.index_digest else None
    return None if index is None else Previous(state, index)


def invalidate(site: Path, previous: Previous, changed: frozenset[str]) -> None:
    """Remove the HTML of every page whose staging file this build wrote: MkDocs then renders
    it whatever the file times say (its dirty mode compares them, and on a file system with
    coarse times a page changed within the second would look up to date)."""
    for source in changed:
        output = previous.state.outputs.get(source)
        if output is not None and (site / output).resolve().is_relative_to(site):
            (site / output).unlink(missing_ok=True)


def complete(site: Path, previous: Previous, recorder: Recorder) -> None:
    """After a dirty build: the whole search index, and no file that is no longer built."""
    merge_index(site, previous.index, recorder)
    remove_stale(site, previous.state, recorder)


def save_state(path: Path, site: Path, key: str, recorder: Recorder) -> None:
    state = State(key, recorder.outputs, file_digest(site / SEARCH_INDEX))
    text = json.dumps(asdict(state), indent=0)
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"),
                     replace=True)


def read_index(site: Path) -> dict[str, Any] | None:
    try:
        return _parse_index((site / SEARCH_INDEX).read_bytes())
    except OSError:
        return None


def _parse_index(written: bytes) -> dict[str, Any] | None:
    try:
        index = json.loads(written)
    except ValueError:
        return None
    return index if isinstance(index, dict) and isinstance(index.get("docs"), list) else None


def merge_index(site: Path, previous: dict[str, Any], recorder: Recorder) -> None:
    """The search index of every page: this build's entries for the rendered pages, the
    previous build's for the others, page by page in build order (as a full build writes)."""
    current = read_index(site)
    if current is None:  # search is off: there is nothing to merge
        return
    fresh = _by_page(current["docs"])
    kept = _by_page(previous["docs"])
    docs = [doc for page in recorder.order
            for doc in (fresh if page in recorder.rendered else kept).get(page, [])]
    # written as Material writes it, so the file equals a full build's byte for byte
    text = json.dumps({"config": current["config"], "docs": docs}, separators=(",", ":"),
                      default=str)
    (site / SEARCH_INDEX).write_text(text, encoding="utf-8")


def _by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        pages.setdefault(str(doc.get("location", "")).split("#")[0], []).append(doc)
    return pages


def remove_stale(site: Path, previous: State, recorder: Recorder) -> None:
    """Delete what the previous build wrote and this one no longer builds."""
    for rel in sorted(set(previous.outputs.values()) - set(recorder.outputs.values())):
        target = site / rel
        if target.resolve().is_relative_to(site) and target.is_file():
            target.unlink()
            _remove_empty_parents(target.parent, site)


def _remove_empty_parents(folder: Path, site: Path) -> None:
    while folder != site and folder.is_relative_to(site) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave stale links; this module is what makes it
    exact, so the warning would only mislead (and would count under --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


QUIET_DIRTY = _QuietDirty()
