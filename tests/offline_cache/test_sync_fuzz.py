# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""A platform that answers nonsense (fuzzed with hypothesis, over real HTTP): the terminal keeps
working, keeps its old catalogue and its outbox, logs one clear line per problem, and delivers
everything once a real platform answers again.
"""

from __future__ import annotations

import contextlib
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

from offline_cache import sealing
from offline_cache.backoff import Backoff
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import (
    RunningPlatform,
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


_VALID_PING = Answer(
    200, (), b'{"device_id": "d", "station_code": "GA0101", "server_time": "2026-11-27T08:00:00Z"}'
)


_TUS_DISCOVERY = (
    ("Tus-Resumable", "1.0.0"),
    ("Tus-Version", "1.0.0"),
    ("Tus-Extension", "creation,creation-with-upload,checksum"),
    ("Tus-Checksum-Algorithm", "sha256"),
    ("Content-Length", "0"),
)


class FuzzPlatform:
    """A loopback HTTP server answering each route with whatever the current example says."""

    def __init__(self) -> None:
        self.answers: dict[str, Answer] = {}
        self.seen: list[tuple[str, str]] = []  # (method, Authorization) of every request but OPTIONS
        fuzz = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                fuzz.seen.append((self.command, self.headers.get("Authorization", "")))
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

            def do_OPTIONS(self) -> None:  # noqa: N802  (tus discovery answers right: the rest is fuzzed)
                self.send_response(204)
                for k, v in _TUS_DISCOVERY:
                    self.send_header(k, v)
                self.end_headers()

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
    fuzz_platform: FuzzPlatform, world: World, fuzz_answers: dict[str, Answer]
) -> None:
    report, warnings = _nonsense_pass(fuzz_platform, world, fuzz_answers)
    assert world.cache.current() == GOOD_CATALOGUE
    assert world.store.pending_count() == world.queued
    # One line per problem: per refused entry, plus one for what stopped the pass or for the catalogue.
    texts = [r.getMessage() for r in warnings]
    assert len(texts) <= world.queued + 2 and len(set(texts)) == len(texts), texts
    for r in warnings:
        text = r.getMessage()
        assert "\n" not in text and r.exc_info is None and "杨样例" not in text
    assert report.delivered == 0


def _nonsense_pass(
    fuzz_platform: FuzzPlatform, world: World, fuzz_answers: dict[str, Answer]
) -> tuple[Any, list[logging.LogRecord]]:
    fuzz_platform.answers = fuzz_answers
    records: list[logging.LogRecord] = []
    handler = _Collect(records)
    logging.getLogger("offline_cache").addHandler(handler)
    try:
        report = world.engine.run_once()  # must not raise
    finally:
        logging.getLogger("offline_cache").removeHandler(handler)
    return report, [r for r in records if r.levelno >= logging.WARNING]


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclasses.dataclass
class World:
    """One terminal for all the examples of this module: a real store holding an application (sealed for
    the real platform's key) and a rating, whose engine talks to the nonsense platform."""

    store: Any
    engine: SyncEngine
    cache: CatalogueCache
    real: RunningPlatform  # where the terminal is enrolled; its key sealed the application
    creds: Credentials  # for the real platform
    app_id: str
    rating_id: str
    queued: int


@contextlib.contextmanager
def new_world(folder: Path, fuzz_url: str) -> Iterator[World]:
    real = start_platform(f"sqlite:///{folder / 'central.db'}", folder / "central")
    creds = real.enrol()
    store = open_store(folder / "home")
    app = store.submit(sample_application(), sample_attachments([30_000]), creds.platform_public_key)
    rating_id = store.submit_rating({"level": 2, "reasons": ["样例"]})
    cache = CatalogueCache.in_home(folder / "home", _validator)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text(json.dumps(GOOD_CATALOGUE))
    cache.etag_path.write_text('"v1"')
    engine = SyncEngine(
        store,
        PlatformClient(dataclasses.replace(creds, url=fuzz_url), timeout=2),
        catalogue=cache,
        catalogue_every_s=0,
        heartbeat_every_s=0,
        entry_backoff=Backoff(base_s=0.0001, cap_s=0.0001, floor_s=0.0),
    )
    try:
        yield World(store, engine, cache, real, creds, app.app_id, rating_id, store.pending_count())
    finally:
        store.close()
        real.stop()


@pytest.fixture(scope="module")
def world(fuzz_platform: FuzzPlatform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with new_world(tmp_path_factory.mktemp("fuzzworld"), fuzz_platform.url) as w:
        yield w


# Answers that leave marks a later pass must cope with: upload URLs and offsets of the wrong server,
# refused entries, a broken feed and catalogue, and silence.
_LASTING_NONSENSE: list[dict[str, Answer]] = [
    {r: Answer(500, (), b"") for r in ROUTES},
    {
        **{r: Answer(200, (("Content-Type", "application/json"),), b'{"x": 1}') for r in ROUTES},
        "uploads": Answer(201, (("Location", "/api/v1/uploads/abc"), ("Upload-Offset", "7")), b""),
    },
    {
        **{r: Answer(404, (), b"{}") for r in ROUTES},
        "ping": _VALID_PING,
        "uploads": Answer(204, (("Upload-Offset", "30000"), ("Location", "nowhere")), b""),
        "applications": Answer(409, (("Content-Type", "application/json"),), b'{"detail": "?"}'),
        "ratings": Answer(422, (), b"[]"),
    },
]


def test_after_the_nonsense_a_real_platform_gets_everything(
    fuzz_platform: FuzzPlatform, tmp_path: Path
) -> None:
    with new_world(tmp_path, fuzz_platform.url) as world:
        _deliver_after_nonsense(fuzz_platform, world)


def _deliver_after_nonsense(fuzz_platform: FuzzPlatform, world: World) -> None:
    for answers in _LASTING_NONSENSE:
        assert _nonsense_pass(fuzz_platform, world, answers)[0].delivered == 0
    assert world.store.pending_count() == world.queued
    # The platform answers again: the terminal's own one, at its real address.
    engine = SyncEngine(world.store, PlatformClient(world.creds), catalogue=world.cache, catalogue_every_s=0)
    report = engine.run_once()
    assert report.online and report.delivered == world.queued == 2
    assert world.store.pending_count() == 0
    stats = delivery_check(world.real.platform, world.store, {world.app_id: 1})
    assert stats == {"lost": 0, "unexpected": 0, "duplicated": 0, "damaged": 0}
    assert [r["rating_id"] for r in world.real.platform.ratings()] == [world.rating_id]


_VALID = {
    "ping": _VALID_PING,
    "heartbeat": Answer(200, (), b'{"received_at": "2026-11-27T08:00:00Z"}'),
    "status-feed": Answer(200, (), b'{"changes": [], "cursor": "0", "more": false}'),
    "catalogue": Answer(304, (("ETag", '"v1"'),), b""),
}


_PUBLIC_KEY = sealing.generate_platform_key()[1]


def _one_pass(
    fuzz_platform: FuzzPlatform, home: Path, answers: dict[str, Answer]
) -> tuple[Any, list[str], CatalogueCache]:
    fuzz_platform.answers = {**_VALID, **answers}
    cache = CatalogueCache.in_home(home, _validator)
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_text(json.dumps(GOOD_CATALOGUE))
    cache.etag_path.write_text('"v1"')
    creds = Credentials(fuzz_platform.url, "d", "t" * 43, _PUBLIC_KEY, "GA0101")
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


def test_an_upload_location_on_another_server_gets_neither_token_nor_bytes(
    fuzz_platform: FuzzPlatform, tmp_path: Path
) -> None:
    elsewhere = FuzzPlatform()
    try:
        location = f"{elsewhere.url}/api/v1/uploads/abc"
        answers = {"uploads": Answer(201, (("Location", location), ("Upload-Offset", "0")), b"")}
        with open_store(tmp_path) as store:
            store.submit(sample_application(), sample_attachments([300_000]), _PUBLIC_KEY)
        report, lines, _cache = _one_pass(fuzz_platform, tmp_path, answers)
        assert [m for m, _auth in fuzz_platform.seen[-1:]] == ["POST"]  # the creation was asked for
        assert elsewhere.seen == []
        assert not report.online and report.error == "sync.bad_response" and len(lines) == 1
    finally:
        elsewhere.close()
