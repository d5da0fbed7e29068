"""A man in the middle for the enrolment tests: an HTTP server on loopback that forwards every request to the
real platform and, in the answers of the routes it is told to, puts its own key where the platform's was.

It is what an attacker on the village link does to plain HTTP (or to TLS the terminal does not verify): the
terminal would seal applications for the attacker's key, and the attacker could open them, seal them again
for the real platform, and pass them on unnoticed.
"""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from offline_cache import sealing


class Interceptor:
    def __init__(self, upstream: str, swap_on: tuple[str, ...]) -> None:
        """``swap_on``: path suffixes whose JSON answers get the attacker's key (e.g. ``("/enrol",)``)."""
        self.private_pem, self.attacker_key = sealing.generate_platform_key()
        self.swapped: list[str] = []  # paths whose answers were changed
        self.seen: list[str] = []  # "METHOD path" of every request that came through
        target = urlsplit(upstream)
        interceptor = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                interceptor.seen.append(f"{self.command} {self.path}")
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                conn = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
                try:
                    headers = {
                        k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
                    }
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    answer = conn.getresponse()
                    data = answer.read()
                    status, reply_headers = answer.status, answer.getheaders()
                finally:
                    conn.close()
                if any(self.path.endswith(s) for s in swap_on) and status == 200:
                    doc = json.loads(data)
                    doc["platform_public_key"] = interceptor.attacker_key
                    data = json.dumps(doc).encode()
                    interceptor.swapped.append(self.path)
                self.send_response(status)
                for name, value in reply_headers:
                    if name.lower() not in (
                        "content-length",
                        "connection",
                        "transfer-encoding",
                        "date",
                        "server",
                    ):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = do_PATCH = _forward

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mitm", daemon=True)

    def __enter__(self) -> Interceptor:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
