"""The reference platform inside another process: for the demo (the terminal starts one on loopback
with SQLite under ``<home>/platform/``) and for tests.

``start_embedded(home)`` -> ``EmbeddedPlatform`` with ``.url``, ``.public_key``, ``.fingerprint``,
``.stop()``, ``.set_status(...)`` and ``.issue_enrolment_code(station)``. It never touches the terminal's
files: the terminal enrols against it over HTTP like against any platform (``kiosk/demo_platform.py``),
so the demo exercises the real path.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from central.app import create_app
from central.service import Platform
from offline_cache import sealing, wire


class ServerThread:
    """uvicorn serving ``app`` on a loopback port from a daemon thread."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        # proto must say TCP: asyncio sets TCP_NODELAY only on sockets that do, and without it every
        # keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, name="central-http", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 15.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the reference platform did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


# Demo only, like the demo's administrator PIN: (number, name, PIN).


class EmbeddedPlatform:
    def __init__(self, platform: Platform, server: ServerThread) -> None:
        self.platform = platform
        self._server = server
        self.url = server.url

    @property
    def public_key(self) -> str:
        return self.platform.public_key_text

    @property
    def fingerprint(self) -> str:
        return sealing.key_fingerprint(self.platform.public_key_text)

    def add_sample_slots(self, item_codes: list[str]) -> None:
        """Hall times to book in the demo (预约, 样例) for these items."""
        from central.appointments import sample_slots

        sample_slots(self.platform.appointments, item_codes)

    def stop(self) -> None:
        self._server.stop()
        self.platform.dispose()

    def set_status(
        self,
        app_id: str,
        status: str,
        reasons: tuple[str, ...] | list[str] = (),
        missing: tuple[str, ...] | list[str] = (),
        *,
        tracking_no: str = "",
        delivery: str | None = None,
    ) -> wire.StatusChangeWire:
        return self.platform.set_status(
            app_id, status, tuple(reasons), tuple(missing), tracking_no=tracking_no, delivery=delivery
        )

    def issue_enrolment_code(self, station_code: str) -> str:
        return self.platform.issue_enrolment_code(station_code)

    def applications(self) -> list[dict[str, Any]]:
        return self.platform.list_applications()

    def ensure_demo_agents(self, station_code: str, agents: Sequence[tuple[str, str, str]]) -> None:
        """The demo's sample agents (number, name, PIN; ``kiosk.agents.DEMO_AGENTS``), made once, so that
        the agent tile works in a demo."""
        if not self.platform.agents.list_all():
            for number, name, pin in agents:
                self.platform.agents.add(number, name, [station_code], ["样例村"], pin)

    def __enter__(self) -> EmbeddedPlatform:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_embedded(
    home: Path, *, catalogue_path: Path | None = None, port: int = 0, db_url: str | None = None
) -> EmbeddedPlatform:
    """Start the reference platform for ``home`` (state in ``<home>/platform/``, kept across starts)."""
    folder = Path(home) / "platform"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = db_url or f"sqlite:///{folder / 'central.db'}"
    platform = Platform(url, folder / "blobs", catalogue_path)
    app = create_app(url, platform=platform)
    return EmbeddedPlatform(platform, ServerThread(app, port=port).start())
