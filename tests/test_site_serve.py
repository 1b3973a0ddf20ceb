"""`mentorlog serve`: a changed record shows up in the served page without a restart."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from helpers import REPO_ROOT, VENV_BIN, make_program


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def page_when(url: str, wanted: str, seconds: float = 60) -> str:
    """The page once it contains `wanted` (polls; the bound only stops a hung server)."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
        except OSError:
            text = ""
        if wanted in text:
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}")


def test_serve_regenerates_when_a_record_changes(tmp_path: Path) -> None:
    root = make_program(tmp_path / "repo", "business")
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    port = free_port()
    server = subprocess.Popen([str(VENV_BIN / "mentorlog"), "--repo", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/clients/bright-bakery.html"
        page_when(url, "Walked through the microloan application")
        session = root / "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"
        session.write_text(session.read_text().replace("Walked through", "Walked calmly through"))
        page_when(url, "Walked calmly through the microloan application")
    finally:
        server.terminate()
        server.wait(timeout=30)
