# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""A platform that answers nonsense (fuzzed with hypothesis, over real HTTP): the terminal keeps
working, keeps its old catalogue and its outbox, logs one clear line per problem, and delivers
everything once a real platform answers again.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offline_cache.backoff import Backoff
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import (
    delivery_check,
    open_store,
    sample_application,
    sample_attachments,
    start_platform,
)

GOOD_CATALOGUE = {"version": "2026.11.1", "items": [{"code": "520900-GA-0001"}]}
ROUTES = ("ping", "catalogue", "uploads", "applications", "status-feed", "ratings", "heartbeat")


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
near_valid_feed = st.fixed_dictionaries(
    {
        "changes": st.lists(
            st.fixed_dictionaries(
                {
                    "app_id": st.text(max_size=8),
                    "revision": st.integers(-2, 3),
                    "status": st.sampled_from(["accepted", "lost", "", "ready"]),
                    "at": st.sampled_from(["2026-11-27T08:00:00Z", "soon", "2026-13-45T99:00:00Z"]),
                }
            ),
            max_size=3,
        ),
        "cursor": st.one_of(st.text(max_size=5), st.integers(), st.none()),
        "more": st.one_of(st.booleans(), st.text(max_size=3)),
    }
).filter(lambda d: not isinstance(d["cursor"], str) or any(c["status"] in ("lost", "") for c in d["changes"]))
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    near_valid_feed.map(lambda v: json.dumps(v).encode()),
    st.just(b'{"version": 5}'),
)
answers = st.builds(
    Answer,
    status=st.sampled_from([200, 201, 204, 304, 400, 401, 404, 409, 410, 422, 429, 460, 500, 502, 503]),
    headers=st.lists(
        st.tuples(
            st.sampled_from(["Upload-Offset", "Location", "ETag", "Content-Type"]),
            st.text(alphabet="0123456789/abc-_.:", max_size=12),
        ),
        max_size=3,
    ).map(tuple),
    body=bodies,
)


class FuzzPlatform:
    """A loopback HTTP server answering each route with whatever the current example says."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        fuzz = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                route = next((r for r in ROUTES if f"/{r}" in self.path), "ping")
                a = fuzz.answers.get(route, Answer(500, (), b""))
                self.send_response(a.status)
                for k, v in a.headers:
                    self.send_header(k, v)
                body = b"" if a.status in (204, 304) or self.command == "HEAD" else a.body
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_PATCH = do_HEAD = _answer

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def fuzz_platform() -> Iterator[FuzzPlatform]:
    fp = FuzzPlatform()
    yield fp
    fp.close()


def _validator(data: Any) -> list[str]:
    ok = isinstance(data.get("version"), str) and isinstance(data.get("items"), list) and data["items"]
    return [] if ok else ["version or items missing"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({r: answers for r in ROUTES}))
def test_nonsense_from_the_platform_changes_nothing(
    fuzz_platform: FuzzPlatform, tmp_path_factory: pytest.TempPathFactory, fuzz_answers: dict[str, Answer]
) -> None:
    world = _world(tmp_path_factory)
    fuzz_platform.answers = fuzz_answers
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logging.getLogger("offline_cache").addHandler(handler)
    try:
        report = world.engine.run_once()  # must not raise
    finally:
        logging.getLogger("offline_cache").removeHandler(handler)
    assert world.cache.current() == GOOD_CATALOGUE
    assert world.store.pending_count() == world.queued
    warnings = [r for r in records if r.levelno >= logging.WARNING]
    # One line per problem: per refused entry, plus one for what stopped the pass or for the catalogue.
    texts = [r.getMessage() for r in warnings]
    assert len(texts) <= world.queued + 2 and len(set(texts)) == len(texts), texts
    for r in warnings:
        text = r.getMessage()
        assert "\n" not in text and r.exc_info is None and "杨样例" not in text
    assert report.delivered == 0


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclasses.dataclass
class World:
    home: Path
    store: Any
    engine: SyncEngine
    cache: CatalogueCache
    creds: Credentials
    queued: int


_WORLD: dict[str, World] = {}


def _world(factory: pytest.TempPathFactory) -> World:
    """One terminal for all examples (a real store with a queued application and rating)."""
    if "w" in _WORLD:
        return _WORLD["w"]
    from offline_cache import sealing

    home = factory.mktemp("fuzzhome")
    _pem, public = sealing.generate_platform_key()
    fp_url = _FUZZ_URL[0]
    creds = Credentials(fp_url, "device", "t" * 43, public, "GA0101")
    store = open_store(home)
    store.submit(sample_application(), sample_attachments([30_000]), public)
    store.submit_rating({"level": 2, "reasons": ["样例"]})
    cache = CatalogueCache.in_home(home, _validator)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text(json.dumps(GOOD_CATALOGUE))
    cache.etag_path.write_text('"v1"')
    engine = SyncEngine(
        store,
        PlatformClient(creds, timeout=2),
        catalogue=cache,
        catalogue_every_s=0,
        heartbeat_every_s=0,
        entry_backoff=Backoff(base_s=0.0001, cap_s=0.0001, floor_s=0.0),
    )
    _WORLD["w"] = World(home, store, engine, cache, creds, store.pending_count())
    return _WORLD["w"]


_FUZZ_URL: list[str] = []


@pytest.fixture(autouse=True, scope="module")
def _fuzz_url(fuzz_platform: FuzzPlatform) -> Iterator[None]:
    _FUZZ_URL[:] = [fuzz_platform.url]
    yield
    world = _WORLD.pop("w", None)
    if world is not None:
        world.store.close()


def test_after_the_nonsense_a_real_platform_gets_everything(tmp_path: Path) -> None:
    # Runs after the fuzzing in this module (pytest keeps file order): same terminal, now a real platform.
    world = _WORLD.get("w")
    if world is None:
        pytest.skip("runs after the fuzz test")
    running = start_platform(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "central")
    try:
        # Re-key the terminal's queued application for this platform: submit a fresh one under its key.
        creds = running.enrol()
        app = world.store.submit(
            sample_application(), sample_attachments([10_000], 5), creds.platform_public_key
        )
        engine = SyncEngine(world.store, PlatformClient(creds), catalogue=world.cache, catalogue_every_s=0)
        report = engine.run_once()
        assert report.online
        held = {r["app_id"] for r in running.platform.list_applications()}
        assert app.app_id in held
        stats = delivery_check(running.platform, world.store, {app.app_id: 1})
        assert stats["lost"] == stats["duplicated"] == stats["damaged"] == 0
    finally:
        running.stop()


_VALID = {
    "ping": Answer(
        200, (), b'{"device_id": "d", "station_code": "GA0101", "server_time": "2026-11-27T08:00:00Z"}'
    ),
    "heartbeat": Answer(200, (), b'{"received_at": "2026-11-27T08:00:00Z"}'),
    "status-feed": Answer(200, (), b'{"changes": [], "cursor": "0", "more": false}'),
    "catalogue": Answer(304, (("ETag", '"v1"'),), b""),
}


def _one_pass(
    fuzz_platform: FuzzPlatform, home: Path, answers: dict[str, Answer]
) -> tuple[Any, list[str], CatalogueCache]:
    from offline_cache import sealing

    fuzz_platform.answers = {**_VALID, **answers}
    cache = CatalogueCache.in_home(home, _validator)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_text(json.dumps(GOOD_CATALOGUE))
    cache.etag_path.write_text('"v1"')
    creds = Credentials(fuzz_platform.url, "d", "t" * 43, sealing.generate_platform_key()[1], "GA0101")
    store = open_store(home)
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logging.getLogger("offline_cache").addHandler(handler)
    try:
        report = SyncEngine(
            store, PlatformClient(creds, timeout=2), catalogue=cache, catalogue_every_s=0
        ).run_once()
    finally:
        logging.getLogger("offline_cache").removeHandler(handler)
        store.close()
    return report, [r.getMessage() for r in records if r.levelno >= logging.WARNING], cache


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies)
def test_a_malformed_catalogue_is_refused_with_one_line(
    fuzz_platform: FuzzPlatform, tmp_path_factory: pytest.TempPathFactory, body: bytes
) -> None:
    home = tmp_path_factory.mktemp("cat")
    report, lines, cache = _one_pass(
        fuzz_platform, home, {"catalogue": Answer(200, (("ETag", '"v2"'),), body)}
    )
    assert report.online and report.catalogue == "rejected"
    assert cache.current() == GOOD_CATALOGUE and cache.etag == '"v1"'
    assert len(lines) == 1 and lines[0].startswith("catalogue from the platform rejected")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies.filter(lambda b: b.strip() not in (b"", b"{}")))
def test_a_malformed_status_feed_stops_the_pass_with_one_line(
    fuzz_platform: FuzzPlatform, tmp_path_factory: pytest.TempPathFactory, body: bytes
) -> None:
    home = tmp_path_factory.mktemp("feed")
    report, lines, cache = _one_pass(fuzz_platform, home, {"status-feed": Answer(200, (), body)})
    assert not report.online and report.error == "sync.bad_response"
    assert len(lines) == 1 and lines[0].startswith("sync pass stopped: sync.bad_response")
    assert cache.current() == GOOD_CATALOGUE


def test_retry_after_from_an_overloaded_platform_is_honoured(
    fuzz_platform: FuzzPlatform, tmp_path: Path
) -> None:
    report, lines, _cache = _one_pass(
        fuzz_platform, tmp_path, {"status-feed": Answer(503, (("Retry-After", "120"),), b"busy")}
    )
    assert not report.online and report.error == "sync.bad_response" and report.retry_after_s == 120.0
    assert len(lines) == 1
