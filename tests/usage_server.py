"""A usage endpoint on 127.0.0.1 for tests and the benchmark: real HTTP, scripted replies.

No pytest here, so bench/run.py can start the same server.
"""

from __future__ import annotations

import http.server
import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POLL_S = 0.02  # how soon close() returns: socketserver's default half second, per test, adds up


def fixture_reply(name: str, now: float, session_left_s: float = 2 * 3600) -> dict:
    """A real payload from tests/fixtures with its dates shifted so the session resets soon."""
    data = json.loads((FIXTURES / name).read_text())
    anchor = datetime.fromisoformat(data["five_hour"]["resets_at"])
    delta = datetime.fromtimestamp(now + session_left_s, timezone.utc) - anchor
    return shift_dates(data, delta)


def shift_dates(node, delta: timedelta):
    if isinstance(node, dict):
        return {
            k: (_shift(v, delta) if k == "resets_at" else shift_dates(v, delta))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [shift_dates(v, delta) for v in node]
    return node


def _shift(value, delta):
    return (datetime.fromisoformat(value) + delta).isoformat() if isinstance(value, str) else value


@dataclass
class Reply:
    status: int = 200
    body: object = None  # dict/list -> JSON; str/bytes sent as is
    headers: dict = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0  # seconds between single bytes of the status line and headers


def _next(script: list[Reply]) -> Reply:
    """The script's next reply; its last one repeats."""
    return script.pop(0) if len(script) > 1 else script[0]


class UsageServer:
    """A real HTTP server on 127.0.0.1 that plays scripted replies and records requests.

    A request gets the reply of the most specific script that matches it: one for
    its path and its token, then one for its path and any token (the longest path
    prefix first in each), then one for its token, then the default script (`play`).
    """

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.replies: list[Reply] = []  # the default script
        self.by_token: dict[str, list[Reply]] = {}
        self.by_path: dict[tuple[str, str | None], list[Reply]] = {}  # (prefix, token or None)
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with server._lock:
                    server.requests.append({"path": self.path, "headers": dict(self.headers)})
                    reply = server._reply_for(self.path, self.headers.get("Authorization"))
                time.sleep(reply.delay)
                body = reply.body
                if isinstance(body, (dict, list)):
                    body = json.dumps(body)
                data = body if isinstance(body, bytes) else str(body or "").encode()
                try:
                    if reply.trickle:
                        self._trickle(reply, data)
                        return
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up first, as tests of timeouts intend

            def _trickle(self, reply: Reply, data: bytes) -> None:
                """Headers a byte at a time: each read is quick, the whole is not."""
                head = f"HTTP/1.1 {reply.status} OK\r\nContent-Length: {len(data)}\r\n"
                for byte in (head + "X-Slow: " + "." * 60 + "\r\n\r\n").encode():
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.trickle)
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:  # HTTPS, with the certificate the context holds
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": POLL_S}, daemon=True
        )
        self.thread.start()

    def play(self, *replies: Reply) -> None:
        """Serve these replies in order to requests no other script claims; the last one repeats."""
        with self._lock:
            self.replies = list(replies)

    def play_for(self, token: str, *replies: Reply) -> None:
        """Serve these to requests bearing `token` (on paths no path script claims)."""
        with self._lock:
            self.by_token[token] = list(replies)

    def play_path(self, path_prefix: str, *replies: Reply, token: str | None = None) -> None:
        """Serve these to requests on paths starting with `path_prefix` (with `token`, if set)."""
        with self._lock:
            self.by_path[(path_prefix, token)] = list(replies)

    def _reply_for(self, path: str, authorization: str | None) -> Reply:
        """The reply the most specific matching script gives next (the lock is held)."""
        scheme, _, token = (authorization or "").partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" else None
        matching = sorted(
            (key for key in self.by_path if path.startswith(key[0]) and self.by_path[key]),
            key=lambda key: (key[1] is None, -len(key[0])),  # this token's first, then longest
        )
        for key in matching:
            if key[1] is None or key[1] == bearer:
                return _next(self.by_path[key])
        if bearer is not None and self.by_token.get(bearer):
            return _next(self.by_token[bearer])
        return _next(self.replies) if self.replies else Reply(500, "no reply scripted")

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
