"""A small Chrome DevTools Protocol client on the standard library (tests only).

Starts Debian's headless chromium with a fresh profile, talks to its first page over a
WebSocket (RFC 6455: masked client frames, unfragmented text frames from the browser)."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--remote-debugging-port=0", "--window-size=1280,1400"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("chromium is not installed: run `python3 dev.py test` (installs it)")
    return found


class Browser:
    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="mentorlog-chromium-")
        self.process = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = self._devtools_port()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = _connect(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _devtools_port(self) -> int:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                return int(found.group(1))
        raise RuntimeError("chromium exited before opening DevTools")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        _send(self.socket, json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(_receive(self.socket))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        return result.get("result", {}).get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def wait_for(self, expression: str, seconds: float = 20) -> Any:
        """Poll until `expression` is truthy (a condition, never a timing assertion)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true in the page: {expression}")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def _connect(url: str) -> socket.socket:
    found = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
    assert found, url
    sock = socket.create_connection((found.group(1), int(found.group(2))), timeout=60)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {found.group(3)} HTTP/1.1\r\nHost: {found.group(1)}\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert b" 101 " in response.split(b"\r\n", 1)[0], response
    return sock


def _send(sock: socket.socket, text: str) -> None:
    payload, mask = text.encode(), os.urandom(4)
    size = len(payload)
    header = struct.pack("!B", 0x81)
    if size < 126:
        header += struct.pack("!B", 0x80 | size)
    elif size < 65536:
        header += struct.pack("!BH", 0x80 | 126, size)
    else:
        header += struct.pack("!BQ", 0x80 | 127, size)
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def _exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("chromium closed the DevTools connection")
        data += chunk
    return data


def _receive(sock: socket.socket) -> str:
    message = b""
    while True:
        first, second = _exactly(sock, 2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", _exactly(sock, 2))[0]
        elif size == 127:
            size = struct.unpack("!Q", _exactly(sock, 8))[0]
        message += _exactly(sock, size)
        if first & 0x80:  # FIN: the last fragment
            return message.decode()
