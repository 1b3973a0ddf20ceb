"""Where a program repository is, and the paths inside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import MentorlogError

SETTINGS_FILE = "mentorlog.yaml"
RECORDS_DIR = "records"
# mentorlog's own working folder in a program repository (git-ignored): the record cache,
# the site's staging folder, what `forget` leaves for the history purge
WORK_DIR = ".mentorlog"


@dataclass(frozen=True)
class Repo:
    root: Path

    @property
    def records(self) -> Path:
        return self.root / RECORDS_DIR

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

    def relative(self, path: Path) -> str:
        """The repo-relative POSIX path used in every message."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def is_program(folder: Path) -> bool:
    return (folder / SETTINGS_FILE).is_file() or (folder / RECORDS_DIR).is_dir()


def find_repo(start: Path | None) -> Repo:
    """--repo DIR, or the nearest folder up from here holding mentorlog.yaml or records/."""
    if start is not None:
        root = start.resolve()
        if not root.is_dir():
            raise MentorlogError(f"--repo {start}: no such directory")
        if not is_program(root):  # `--repo records` would be "0 files checked: all valid"
            raise MentorlogError(f"--repo {start}: not a mentorlog repository (no "
                                 f"{SETTINGS_FILE} or {RECORDS_DIR}/ in it)")
        return Repo(root)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_program(folder):
            return Repo(folder)
    raise MentorlogError(
        f"no mentorlog repository here: no {SETTINGS_FILE} or {RECORDS_DIR}/ in {here} or above "
        "(use --repo DIR, or `mentorlog init DIR`)")
