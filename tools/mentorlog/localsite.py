"""`mentorlog serve --site-dir DIR`: an already built site folder (a downloaded CI artifact,
unzipped) served on this machine, as it is: no records, no rebuild, no site generator.

Why a server at all: opened as files (file://), a browser refuses the web worker Material's
search runs in and the fetch of its index, so search shows nothing. Served from loopback the
same files search as on any web host. Standard library only, so `pip install mentorlog` is
enough (MkDocs is needed to build a site, not to look at one)."""

from __future__ import annotations

import ipaddress
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .problems import MentorlogError


class SiteHandler(SimpleHTTPRequestHandler):
    """The site's files and nothing else: no folder listings, no request log (a site of names
    and notes should not echo its page addresses to a shared terminal)."""

    def list_directory(self, path: Any) -> None:
        self.send_error(404, "Not a page of the site")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        return


def site_folder(site_dir: Path) -> Path:
    """`site_dir` when it is a built site (it holds index.html), else exit 2 saying what to
    point at: a zip still to unzip, or the folder one level up."""
    folder = site_dir.resolve()
    if folder.is_file() and folder.suffix.lower() == ".zip":
        raise MentorlogError(f"--site-dir {site_dir}: a zip file; unzip it and give the folder "
                             "that holds index.html")
    if not (folder / "index.html").is_file():
        raise MentorlogError(f"--site-dir {site_dir}: no index.html there; give the folder of "
                             "a built site (the unzipped artifact, the one holding index.html)")
    return folder


def parse_address(dev_addr: str) -> tuple[str, int]:
    """HOST:PORT as `--dev-addr` takes it (port 0: any free port)."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise MentorlogError(f"--dev-addr {dev_addr}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve_folder(site_dir: Path, dev_addr: str) -> None:
    """Serve the site until Ctrl-C. The first line printed is the address to open."""
    folder = site_folder(site_dir)
    host, port = parse_address(dev_addr)
    handler = partial(SiteHandler, directory=str(folder))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise MentorlogError(f"--dev-addr {dev_addr}: cannot listen there ({exc.strerror}); "
                             "try another port, e.g. --dev-addr 127.0.0.1:8001") from None
    shown = f"[{host}]" if ":" in host else host
    print(f"Serving {folder} at http://{shown}:{server.server_address[1]}/", flush=True)
    print("Open that address in your browser; stop with Ctrl-C.", flush=True)
    if not is_loopback(host):
        print(f"warning: {host} is reachable from other machines; the coordinators' site names "
              "people and shows notes", file=sys.stderr, flush=True)
    with server:
        server.serve_forever()
