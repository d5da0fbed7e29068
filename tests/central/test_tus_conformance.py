"""The upload endpoint against tus 1.0.0, point by point, with real requests to the real server on loopback;
plus the per-device quota and the known-file shortcut that must not tell one device about another's files."""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from central.models import Upload
from central.service import Platform
from offline_cache import wire
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import (
    RunningPlatform,
    open_store,
    sample_application,
    sample_attachments,
    serve_process,
    start_platform,
)

API = wire.API_PREFIX
OCTETS = "application/offset+octet-stream"


def _tus(creds: Credentials, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {creds.token}", "Tus-Resumable": "1.0.0", **extra}


def _meta(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()


def _create(central: RunningPlatform, creds: Credentials, data: bytes, **extra: str) -> str:
    resp = requests.post(
        f"{central.url}{API}/uploads",
        headers=_tus(creds, **{"Upload-Length": str(len(data)), "Upload-Metadata": _meta(data), **extra}),
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    return central.url + resp.headers["Location"]


def _patch(url: str, creds: Credentials, offset: int, chunk: bytes, **extra: str) -> requests.Response:
    headers = _tus(creds, **{"Upload-Offset": str(offset), "Content-Type": OCTETS, **extra})
    return requests.patch(url, data=chunk, headers=headers, timeout=10)


def _head(url: str, creds: Credentials) -> requests.Response:
    return requests.head(url, headers=_tus(creds), timeout=10)


def _partial(central: RunningPlatform, url: str) -> Path:
    return central.platform.blobs.partial(url.rsplit("/", 1)[1])


class _StalledPatch:
    """A PATCH over a raw socket that sends the start of its body and then nothing more, like a link that
    went half-open: the server sees neither bytes nor a close."""

    def __init__(
        self, central: RunningPlatform, creds: Credentials, url: str, data: bytes, sent: int
    ) -> None:
        self.sock = socket.create_connection((central.server.host, central.server.port))
        head = (
            f"PATCH {url.removeprefix(central.url)} HTTP/1.1\r\nHost: {central.server.host}\r\n"
            f"Authorization: Bearer {creds.token}\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
            f"Content-Type: {OCTETS}\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        self.sock.sendall(head.encode() + data[:sent])

    def answer(self) -> str:
        """The status line and headers the server sent back on this connection."""
        self.sock.settimeout(10)
        got = b""
        while b"\r\n\r\n" not in got:
            block = self.sock.recv(65536)
            if not block:
                break
            got += block
        return got.decode("latin-1")

    def close(self) -> None:
        self.sock.close()


def _wait_for_bytes(path: Path, timeout: float = 10.0) -> int:
    """Wait until the server has written some of the body to the partial file; returns its size."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else 0
        if size:
            return size
        time.sleep(0.01)
    raise AssertionError("the server wrote nothing of the PATCH body")


@pytest.fixture
def stalled() -> Iterator[list[_StalledPatch]]:
    open_ones: list[_StalledPatch] = []
    yield open_ones
    for s in open_ones:
        s.close()


# -- termination -------------------------------------------------------------------------------------------


def test_delete_waits_for_a_patch_in_flight_and_the_upload_stays_gone(
    central: RunningPlatform, stalled: list[_StalledPatch]
) -> None:
    creds = central.enrol()
    data = os.urandom(1_000_000)
    url = _create(central, creds, data)
    patch = _StalledPatch(central, creds, url, data, 300_000)
    stalled.append(patch)
    _wait_for_bytes(_partial(central, url))

    assert requests.delete(url, headers=_tus(creds), timeout=10).status_code == 204
    # The PATCH was told to let go before the upload went, and said so on its own connection.
    assert patch.answer().startswith("HTTP/1.1 409")
    patch.close()

    assert _head(url, creds).status_code == 404
    assert _patch(url, creds, 0, data[:1000]).status_code == 404
    assert _patch(url, creds, 300_000, data[300_000:]).status_code == 404
    assert not _partial(central, url).exists()  # nothing wrote the file again, with or without zeros


def test_delete_of_a_finished_upload_leaves_the_protocol(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(5000)
    url = _create(sqlite_central, creds, data)
    assert _patch(url, creds, 0, data).status_code == 204
    assert requests.delete(url, headers=_tus(creds), timeout=10).status_code == 204
    assert _head(url, creds).status_code == 404
    assert requests.delete(url, headers=_tus(creds), timeout=10).status_code == 404


# -- versions, headers on every answer, content type, method override --------------------------------------


def test_a_wrong_or_missing_tus_resumable_is_412_with_tus_version(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(1000)
    url = _create(sqlite_central, creds, data)
    requests_to_try = [
        ("POST", f"{sqlite_central.url}{API}/uploads", {"Upload-Length": "10"}),
        ("HEAD", url, {}),
        ("PATCH", url, {"Upload-Offset": "0", "Content-Type": OCTETS}),
        ("DELETE", url, {}),
    ]
    for method, target, extra in requests_to_try:
        for version in (None, "0.2.2", "1.0", ""):
            headers = {"Authorization": f"Bearer {creds.token}", **extra}
            if version is not None:
                headers["Tus-Resumable"] = version
            resp = requests.request(method, target, headers=headers, data=b"abc", timeout=10)
            assert resp.status_code == 412, (method, version, resp.status_code)
            assert resp.headers["Tus-Version"] == "1.0.0" and resp.headers["Tus-Resumable"] == "1.0.0"
            if method != "HEAD":
                assert resp.json()["code"] == "upload.version_unsupported"
    # Nothing of that touched the upload; OPTIONS needs no Tus-Resumable.
    assert _head(url, creds).headers["Upload-Offset"] == "0"
    options = requests.options(f"{sqlite_central.url}{API}/uploads", headers=_tus(creds), timeout=10)
    assert options.status_code == 204
    bare = {"Authorization": f"Bearer {creds.token}"}
    assert requests.options(f"{sqlite_central.url}{API}/uploads", headers=bare, timeout=10).status_code == 204


def test_every_answer_on_an_upload_route_carries_tus_resumable(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    uploads = f"{sqlite_central.url}{API}/uploads"
    data = os.urandom(1000)
    url = _create(sqlite_central, creds, data)
    answers = {
        "401 no token": requests.head(url, headers={"Tus-Resumable": "1.0.0"}, timeout=10),
        "401 bad token": requests.post(uploads, headers={"Authorization": "Bearer nope"}, timeout=10),
        "404 unknown id": _head(uploads + "/" + "0" * 32, creds),
        "404 no route": requests.get(url + "/more", headers=_tus(creds), timeout=10),
        "405 GET": requests.get(url, headers=_tus(creds), timeout=10),
        "405 PUT": requests.put(uploads, headers=_tus(creds), timeout=10),
        "422 no Upload-Length": requests.post(uploads, headers=_tus(creds), timeout=10),
        "400 bad metadata": requests.post(
            uploads, headers=_tus(creds, **{"Upload-Length": "1", "Upload-Metadata": "sha256 !!"}), timeout=10
        ),
        "413 too large": requests.post(uploads, headers=_tus(creds, **{"Upload-Length": str(1 << 40)}), timeout=10),
        "409 offset": _patch(url, creds, 5, data[5:]),
        "460 checksum": _patch(url, creds, 0, data, **{"Upload-Checksum": "sha1 " + base64.b64encode(b"x" * 20).decode()}),
        "201": requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "3"}), timeout=10),
        "204": _patch(url, creds, 0, data[:10]),
        "200": _head(url, creds),
    }  # fmt: skip
    for what, resp in answers.items():
        assert str(resp.status_code) == what.split()[0], (what, resp.status_code, resp.text)
        assert resp.headers.get("Tus-Resumable") == "1.0.0", what


def test_a_patch_of_another_content_type_is_415(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(1000)
    url = _create(sqlite_central, creds, data)
    for content_type in ("application/octet-stream", "text/plain", None):
        headers = _tus(creds, **{"Upload-Offset": "0"})
        if content_type:
            headers["Content-Type"] = content_type
        resp = requests.patch(url, data=data, headers=headers, timeout=10)
        assert resp.status_code == 415, (content_type, resp.status_code)
        assert resp.json()["code"] == "upload.unsupported_media_type"
    assert _head(url, creds).headers["Upload-Offset"] == "0"
    # Parameters after the media type are fine.
    assert _patch(url, creds, 0, data, **{"Content-Type": OCTETS + "; charset=binary"}).status_code == 204


def test_x_http_method_override_is_the_method(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(3000)
    url = _create(sqlite_central, creds, data)
    as_patch = _tus(
        creds, **{"X-HTTP-Method-Override": "PATCH", "Upload-Offset": "0", "Content-Type": OCTETS}
    )
    resp = requests.post(url, data=data[:1000], headers=as_patch, timeout=10)
    assert resp.status_code == 204 and resp.headers["Upload-Offset"] == "1000"
    as_head = requests.post(url, headers=_tus(creds, **{"X-HTTP-Method-Override": "HEAD"}), timeout=10)
    assert as_head.status_code == 200 and as_head.headers["Upload-Offset"] == "1000"
    as_delete = requests.post(url, headers=_tus(creds, **{"X-HTTP-Method-Override": "DELETE"}), timeout=10)
    assert as_delete.status_code == 204
    assert _head(url, creds).status_code == 404


# -- HEAD: metadata and expiry ------------------------------------------------------------------------------


def _http_date(resp: requests.Response) -> dt.datetime:
    return email.utils.parsedate_to_datetime(resp.headers["Upload-Expires"])


def test_head_gives_back_the_metadata_and_every_answer_the_expiry(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    platform = sqlite_central.platform
    data = os.urandom(4000)
    meta = _meta(data) + ",filename " + base64.b64encode(b"scan-0001.pdf").decode() + ",flag"
    created = requests.post(
        f"{sqlite_central.url}{API}/uploads",
        headers=_tus(creds, **{"Upload-Length": str(len(data)), "Upload-Metadata": meta}),
        timeout=10,
    )
    url = sqlite_central.url + created.headers["Location"]
    week = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    assert abs(_http_date(created) - week) < dt.timedelta(minutes=1)
    head = _head(url, creds)
    assert head.headers["Upload-Metadata"] == meta
    assert abs(_http_date(head) - week) < dt.timedelta(minutes=1)
    part = _patch(url, creds, 0, data[:1000])
    assert abs(_http_date(part) - week) < dt.timedelta(minutes=1)
    options = requests.options(f"{sqlite_central.url}{API}/uploads", headers=_tus(creds), timeout=10)
    assert "expiration" in options.headers["Tus-Extension"].split(",")

    # Upload-Expires is the housekeeping rule: an upload untouched for a week is forgotten, not before.
    upload_id = url.rsplit("/", 1)[1]
    six_days_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=6)).timestamp()
    os.utime(platform.blobs.partial(upload_id), (six_days_ago, six_days_ago))
    with platform.sessions.begin() as s:
        s.get(Upload, upload_id).created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)  # type: ignore[union-attr]
    expires = _http_date(_head(url, creds))
    assert abs(expires - (dt.datetime.now(dt.UTC) + dt.timedelta(days=1))) < dt.timedelta(minutes=1)
    assert platform.housekeeping()["partial_uploads"] == 0
    platform.housekeeping(now=expires + dt.timedelta(seconds=1))
    assert _head(url, creds).status_code == 404

    done_url = _create(sqlite_central, creds, data, **{"Upload-Metadata": meta})
    done = _patch(done_url, creds, 0, data)
    assert done.status_code == 204 and "Upload-Expires" not in done.headers
    finished = _head(done_url, creds)
    assert finished.headers["Upload-Metadata"] == meta and "Upload-Expires" not in finished.headers


# -- a half-open link ----------------------------------------------------------------------------------------


def test_a_half_open_patch_lets_go_when_the_terminal_comes_back(
    central: RunningPlatform, stalled: list[_StalledPatch]
) -> None:
    creds = central.enrol()
    data = os.urandom(2_000_000)
    url = _create(central, creds, data)
    sent = 600_000
    patch = _StalledPatch(central, creds, url, data, sent)
    stalled.append(patch)
    seen = _wait_for_bytes(_partial(central, url))

    start = time.monotonic()
    head = _head(url, creds)
    head_s = time.monotonic() - start
    offset = int(head.headers["Upload-Offset"])
    assert head.status_code == 200 and head_s < 1.5, head_s
    assert seen <= offset <= sent  # the true offset: what the stalled PATCH wrote, committed at once
    assert patch.answer().startswith("HTTP/1.1 409")  # it stopped, and said why on its own connection

    start = time.monotonic()
    rest = _patch(url, creds, offset, data[offset:])
    assert rest.status_code == 204 and time.monotonic() - start < 5
    assert rest.headers["Upload-Offset"] == str(len(data))
    assert central.platform.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data


def test_a_newer_patch_takes_a_half_open_upload_over_without_waiting(
    sqlite_central: RunningPlatform, stalled: list[_StalledPatch]
) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(1_000_000)
    url = _create(sqlite_central, creds, data)
    stalled.append(_StalledPatch(sqlite_central, creds, url, data, 200_000))
    seen = _wait_for_bytes(_partial(sqlite_central, url))
    # A client that never asks HEAD: its PATCH from the old offset gets 409 at once, not after 30 s.
    start = time.monotonic()
    stale = _patch(url, creds, 0, data)
    assert stale.status_code == 409 and time.monotonic() - start < 5
    offset = int(_head(url, creds).headers["Upload-Offset"])
    assert offset >= seen
    assert _patch(url, creds, offset, data[offset:]).headers["Upload-Offset"] == str(len(data))


# -- the known-file shortcut and the quota -------------------------------------------------------------------


def _creations(central: RunningPlatform, creds: Credentials, data: bytes) -> list[tuple[int, str]]:
    """(status, Upload-Offset) of a body-less creation, an empty creation-with-upload and one with the file."""
    headers = _tus(creds, **{"Upload-Length": str(len(data)), "Upload-Metadata": _meta(data)})
    with_body = {**headers, "Content-Type": OCTETS}
    out = []
    for h, body in ((headers, None), (with_body, b""), (with_body, data)):
        resp = requests.post(f"{central.url}{API}/uploads", headers=h, data=body, timeout=10)
        out.append((resp.status_code, resp.headers.get("Upload-Offset", "")))
    return out


def test_only_the_device_that_sent_a_file_learns_that_the_platform_has_it(
    sqlite_central: RunningPlatform,
) -> None:
    owner = sqlite_central.enrol()
    data = os.urandom(200_000)
    url = _create(sqlite_central, owner, data)
    assert _patch(url, owner, 0, data).status_code == 204

    # Any other device, of this station or another: a known hash is answered exactly as an unknown one
    # (each creation takes that device's own bytes into an upload of its own).
    fresh = [(201, "0"), (201, "0"), (201, str(len(data)))]
    for station in ("GA0101", "GA0102"):
        assert _creations(sqlite_central, sqlite_central.enrol(station), data) == fresh
        assert _creations(sqlite_central, sqlite_central.enrol(station), os.urandom(len(data))) == fresh
    # The owner: a creation-with-upload is told the file is there; a body-less one starts at 0 as usual.
    known = [(201, "0"), (201, str(len(data))), (201, str(len(data)))]
    assert _creations(sqlite_central, owner, data) == known
    assert sqlite_central.platform.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data


def test_a_standard_client_uploads_the_same_file_twice(sqlite_central: RunningPlatform) -> None:
    creds = sqlite_central.enrol()
    data = os.urandom(300_000)
    for _ in range(2):  # the second time the platform has the file; a body-less creation still starts at 0
        url = _create(sqlite_central, creds, data)
        assert _head(url, creds).headers["Upload-Offset"] == "0"
        assert _patch(url, creds, 0, data).headers["Upload-Offset"] == str(len(data))


@pytest.fixture
def small_quota(tmp_path: Path) -> Iterator[RunningPlatform]:
    running = start_platform(f"sqlite:///{tmp_path / 'q.db'}", tmp_path / "q", upload_quota=300_000)
    yield running
    running.stop()


def test_a_device_over_its_upload_quota_gets_413_until_its_uploads_are_used(
    small_quota: RunningPlatform, tmp_path: Path
) -> None:
    from tests.central.test_platform_api import sealed_submission

    creds = small_quota.enrol()
    uploads = f"{small_quota.url}{API}/uploads"
    app_id = "0192a000-0000-7000-8000-00000000a001"
    sub, [sealed] = sealed_submission(creds.platform_public_key, app_id, [os.urandom(200_000)])
    url = _create(small_quota, creds, sealed)
    over = requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "150000"}), timeout=10)
    assert over.status_code == 413 and over.json()["code"] == "upload.quota_exceeded"
    assert over.headers["Retry-After"] and over.headers["Tus-Resumable"] == "1.0.0"
    assert _patch(url, creds, 0, sealed).status_code == 204
    # Finished but in no application yet: it still counts.
    assert (
        requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "150000"}), timeout=10).status_code
        == 413
    )
    # Another device has a quota of its own.
    other = small_quota.enrol("GA0102")
    assert (
        requests.post(uploads, headers=_tus(other, **{"Upload-Length": "150000"}), timeout=10).status_code
        == 201
    )
    PlatformClient(creds).put_application(app_id, sub)
    pending = requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "250000"}), timeout=10)
    assert pending.status_code == 201  # the file went into an application: room again
    assert (
        requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "100000"}), timeout=10).status_code
        == 413
    )
    terminated = requests.delete(
        small_quota.url + pending.headers["Location"], headers=_tus(creds), timeout=10
    )
    assert terminated.status_code == 204
    assert (
        requests.post(uploads, headers=_tus(creds, **{"Upload-Length": "100000"}), timeout=10).status_code
        == 201
    )


def test_the_terminal_waits_when_its_quota_is_full_and_loses_nothing(
    small_quota: RunningPlatform, tmp_path: Path
) -> None:
    creds = small_quota.enrol()
    store = open_store(tmp_path / "home")
    app = store.submit(sample_application(), sample_attachments([100_000]), creds.platform_public_key)
    hog = requests.post(
        f"{small_quota.url}{API}/uploads", headers=_tus(creds, **{"Upload-Length": "250000"}), timeout=10
    )
    events: list[str] = []
    engine = SyncEngine(store, PlatformClient(creds), on_event=lambda e: events.append(e.kind))
    report = engine.run_once()
    assert (report.delivered, report.failed, report.error) == (0, 0, "sync.upload_quota")
    assert report.retry_after_s == 300.0
    assert store.pending_count() == 1 and "rejected" not in events
    requests.delete(small_quota.url + hog.headers["Location"], headers=_tus(creds), timeout=10)
    assert engine.run_once().delivered == 1
    assert store.application(app.app_id).platform_receipt_no


def test_serve_takes_the_quota_from_its_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'served.db'}"
    platform = Platform(db, tmp_path / "blobs")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc, url = serve_process(db, tmp_path / "blobs", env, subprocess.DEVNULL, "--upload-quota", "5000")
    try:
        creds = PlatformClient.enrol(url, platform.issue_enrolment_code("GA0101"))
        create = _tus(creds, **{"Upload-Length": "6000"})
        assert requests.post(f"{url}{API}/uploads", headers=create, timeout=10).status_code == 413
        create["Upload-Length"] = "5000"
        assert requests.post(f"{url}{API}/uploads", headers=create, timeout=10).status_code == 201
    finally:
        proc.terminate()
        proc.wait(15)
        platform.dispose()
