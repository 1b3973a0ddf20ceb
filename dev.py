#!/usr/bin/env python3
"""Set up and run mentorlog from a fresh clone: needs only python3 and git.

    python3 dev.py demo      # set up, validate the demo program, build its site
    python3 dev.py test      # set up (incl. Debian's chromium), ruff, mypy, the whole suite
    python3 dev.py newest    # the suite against the newest versions pyproject.toml allows
    python3 dev.py lock      # re-pin requirements/lock.txt to the newest allowed versions

`demo` and `test` install exactly the versions pinned in requirements/lock.txt, so a fresh
machine gets what CI tested last, not whatever an index serves today (a new PyYAML bundling a
newer libyaml once turned a green suite red a week after it landed). Users installing the
package get the ranges in pyproject.toml. `newest` tries those ranges' newest versions in a
separate .venv-newest; when it is green, `lock` moves the pins forward.

Set-up is idempotent: .venv is (re)installed only when pyproject.toml or the lock changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "requirements" / "lock.txt"
LOCK_HEADER = """\
# What CI and `python3 dev.py demo|test` install (pip constraints), made by `python3 dev.py lock`
# from the ranges in pyproject.toml on Python {python}. Do not edit by hand.
"""
# chromium without Recommends: the browser tests need the browser, not printers or systemd
CHROMIUM_INSTALL = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def run(*cmd: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def install(venv: Path, options: list[str]) -> None:
    """Install mentorlog[dev] editable into `venv`, with pip `options` (constraints or not).

    The build backend (hatchling, editables) is installed first, under the same options.
    """
    if not venv_bin(venv, "python").exists():
        run(sys.executable, "-m", "venv", venv)
    pip = [venv_bin(venv, "python"), "-m", "pip", "install", "--quiet", *options]
    run(*pip, "--upgrade", "pip", "hatchling", "editables")
    # no build isolation: the build backend is the pinned hatchling just installed
    run(*pip, "--no-build-isolation", "-e", ".[dev]")


def ensure_venv(venv: Path = ROOT / ".venv") -> Path:
    stamp = venv / ".mentorlog-installed"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes())
    if stamp.exists() and stamp.read_text() == wanted.hexdigest():
        return venv
    install(venv, ["--constraint", str(LOCK)])
    stamp.write_text(wanted.hexdigest())
    return venv


def ensure_chromium() -> None:
    """The browser tests drive Debian's chromium; install it when missing (root or sudo)."""
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        return
    if not shutil.which("apt-get"):
        sys.exit("dev.py: the browser tests need chromium; install it with your package manager")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], CHROMIUM_INSTALL):
        print("+", " ".join(sudo + cmd), flush=True)
        subprocess.run(sudo + cmd, check=True, env=env)


def demo() -> int:
    mentorlog = venv_bin(ensure_venv(), "mentorlog")
    code = run(mentorlog, "validate", check=False)
    if code != 0:
        return code
    return run(mentorlog, "build", check=False)


# Lint before the tests, as the pre-commit hooks do: a lint failure fails the command.
LINT = (("ruff", "check", "tools", "tests", "benchmarks", "dev.py"), ("mypy",))


def test(args: list[str], venv: Path | None = None) -> int:
    """ruff and mypy (mypy's files: pyproject.toml), then pytest; the first failure's code."""
    venv = venv or ensure_venv()
    ensure_chromium()
    for tool, *tool_args in LINT:
        code = run(venv_bin(venv, tool), *tool_args, check=False)
        if code != 0:
            return code
    return run(venv_bin(venv, "python"), "-m", "pytest", *args, check=False)


def newest(args: list[str]) -> int:
    """The whole suite in .venv-newest, upgraded to the newest versions the ranges allow."""
    venv = ROOT / ".venv-newest"
    install(venv, ["--upgrade", "--upgrade-strategy", "eager"])
    run(venv_bin(venv, "python"), "-m", "pip", "list", "--format=freeze", check=False)
    return test(args, venv)


def lock() -> int:
    """Re-pin requirements/lock.txt from a throw-away venv with the newest allowed versions."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        install(venv, [])  # a new venv: pip takes the newest allowed versions
        frozen = subprocess.run(
            [str(venv_bin(venv, "python")), "-m", "pip", "freeze", "--all",
             "--exclude-editable"], check=True, capture_output=True, text=True).stdout
    version = ".".join(map(str, sys.version_info[:2]))
    pins = sorted(line for line in frozen.splitlines() if "==" in line)
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(LOCK_HEADER.format(python=version) + "\n".join(pins) + "\n")
    print(f"dev.py: {len(pins)} pins written to {LOCK.relative_to(ROOT)}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"demo": lambda: demo(), "test": lambda: test(argv[1:]),
                "newest": lambda: newest(argv[1:]), "lock": lambda: lock()}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
