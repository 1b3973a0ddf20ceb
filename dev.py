#!/usr/bin/env python3
"""Set up and run mentorlog from a fresh clone: needs only python3 and git.

    python3 dev.py demo    # set up, validate the demo program, build its site
    python3 dev.py test    # set up (incl. Debian's chromium), run the whole test suite

Set-up is idempotent: a virtual environment in .venv is (re)installed only when
pyproject.toml changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".mentorlog-installed"


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def ensure_venv() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not venv_bin("python").exists():
        run(sys.executable, "-m", "venv", VENV)
    run(venv_bin("python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(venv_bin("python"), "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium; install it when missing (root only)."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if not shutil.which("apt-get"):
        sys.exit("dev.py: the browser tests need chromium; install it with your package manager")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        print("+", " ".join(sudo + cmd), flush=True)
        subprocess.run(sudo + cmd, check=True, env=env)


def demo() -> int:
    ensure_venv()
    mentorlog = venv_bin("mentorlog")
    code = run(mentorlog, "validate", check=False)
    if code != 0:
        return code
    return run(mentorlog, "build", check=False)


def test(args: list[str]) -> int:
    ensure_venv()
    ensure_chromium()
    return run(venv_bin("python"), "-m", "pytest", *args, check=False)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    return demo() if argv[0] == "demo" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
