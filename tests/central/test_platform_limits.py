"""Issue #11, finding 4: oversized and malformed input, sent as an attacker sends it (raw sockets where a
well-behaved client would not), over real HTTP on SQLite and PostgreSQL. Nothing may give a 500, nothing
oversized may be read whole, nothing refused may be stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import update

from central.models import Blob, Upload
from offline_cache import wire
from offline_cache.platform_client import AttachmentMissing, PlatformClient
from tests.central.platform_fixtures import RunningPlatform, serve_process
from tests.central.submissions import (
    API,
    auth,
    blocks,
    chunked,
    exchange,
    jauth,
    put_raw,
    request_head,
    sealed_submission,
    upload_all,
)

MIB = 1 << 20


def _peak_kib(pid: int) -> int:
    """The process's peak resident memory (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_a_huge_body_without_a_token_is_refused_before_it_is_read(tmp_path: Path) -> None:
    proc, url = serve_process(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "blobs", dict(os.environ))
    host, port = "127.0.0.1", int(url.rsplit(":", 1)[1])
    size = 300 * MIB
    try:
        before = _peak_kib(proc.pid)
        for method, path, headers in (
            ("PUT", f"{API}/applications/{uuid.uuid4()}", {}),
            ("POST", f"{API}/heartbeat", {"Authorization": "Bearer not-a-token-of-this-platform"}),
            ("POST", f"{API}/ratings", {"Authorization": "Basic eDp5"}),
        ):
            head = request_head(
                method,
                path,
                host,
                {**headers, "Content-Type": "application/json", "Content-Length": str(size)},
            )
            got = exchange(host, port, head, blocks(size))
            assert got.answered_before_body, path
            assert got.status == 401 and got.problem is not None and got.problem["code"] == "auth.invalid"
            assert got.body_sent < 32 * MIB  # what socket buffers took before the closed connection showed
        grew_mib = (_peak_kib(proc.pid) - before) / 1024
        assert grew_mib < 32, f"the platform's peak memory grew by {grew_mib:.0f} MiB"
    finally:
        proc.terminate()
        proc.wait(15)


def _host_port(central: RunningPlatform) -> tuple[str, int]:
    return central.server.host, central.server.port


@pytest.mark.parametrize(
    "method, path, size",
    [
        ("PUT", f"{API}/applications/0192a000-0000-7000-8000-000000000000", 60 * MIB),
        ("POST", f"{API}/heartbeat", 20 * MIB),
        ("POST", f"{API}/ratings", 20 * MIB),
        ("GET", f"{API}/status-feed", 1 * MIB),
        ("POST", f"{API}/enrol", 20 * MIB),  # no device token there: the cap alone guards it
    ],
)
def test_a_body_over_its_routes_cap_is_refused_at_once(
    central: RunningPlatform, method: str, path: str, size: int
) -> None:
    creds = central.enrol()
    host, port = _host_port(central)
    head = request_head(method, path, host, {**jauth(creds), "Content-Length": str(size)})
    got = exchange(host, port, head, blocks(size))
    assert got.answered_before_body
    assert got.status == 413 and got.problem is not None and got.problem["code"] == "request.too_large"
    assert central.platform.latest_heartbeat(creds.device_id) is None and central.platform.ratings() == []


@pytest.mark.parametrize("path", [f"{API}/heartbeat", f"{API}/ratings"])
def test_a_chunked_body_is_cut_off_at_the_cap(central: RunningPlatform, path: str) -> None:
    creds = central.enrol()
    host, port = _host_port(central)
    head = request_head("POST", path, host, {**jauth(creds), "Transfer-Encoding": "chunked"})
    got = exchange(host, port, head, chunked(b" " * 4096, 5000), first_wait_s=0.2)  # 20 MB, never ended
    assert got.status == 413 and got.problem is not None and got.problem["code"] == "request.too_large"
    assert got.body_sent < 4 * MIB  # answered long before the end (there is none)
    assert central.platform.latest_heartbeat(creds.device_id) is None and central.platform.ratings() == []


def _deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"x": value}
    return value


def _heartbeat(**over: Any) -> dict[str, Any]:
    return {"at": "2026-11-27T08:00:00Z", "pending_count": 1, **over}


def _rating(**over: Any) -> dict[str, Any]:
    return {"rating_id": str(uuid.uuid4()), "body": {"level": 3, **over}}


@pytest.mark.parametrize(
    "path, body",
    [
        ("heartbeat", _heartbeat(versions={f"k{i}": "1" for i in range(1000)})),
        ("heartbeat", _heartbeat(versions={"kiosk": "9" * 1000})),
        ("heartbeat", _heartbeat(pending_count=10**30)),
        ("heartbeat", _heartbeat(free_disk_bytes=2**70)),
        ("heartbeat", '{"at": "2026-11-27T08:00:00Z", "pending_count": 1, "oldest_pending_age_s": Infinity}'),
        ("heartbeat", _heartbeat(later_field=_deep(500))),
        ("ratings", _rating(comment="意" * 2000)),
        ("ratings", _rating(reasons=["x"] * 1000)),
        ("ratings", _rating(reasons=["原因" * 100])),
        ("ratings", _rating(level="5")),
        ("ratings", _rating(level=True)),
        ("ratings", _rating(comment_sealed={"wrapped_key": "a" * 300, "sealed": "b"})),
        ("ratings", _rating(later_field=_deep(500))),
        ("ratings", _rating(later_field=json.loads("[" * 500 + "]" * 500))),
    ],
)
def test_every_field_is_bounded_and_deep_nesting_refused(
    central: RunningPlatform, path: str, body: Any
) -> None:
    creds = central.enrol()
    data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    assert len(data.encode()) < 16 * 1024  # under the route's cap: the schema must refuse it
    resp = requests.post(f"{central.url}{API}/{path}", data=data.encode(), headers=jauth(creds), timeout=10)
    assert resp.status_code == 422 and resp.json()["code"] == "request.invalid", resp.text[:200]
    assert central.platform.latest_heartbeat(creds.device_id) is None and central.platform.ratings() == []


def test_a_deeply_nested_application_is_refused(central: RunningPlatform, tmp_path: Path) -> None:
    creds = central.enrol()
    app_id = str(uuid.uuid4())
    sub, _ = sealed_submission(creds.platform_public_key, app_id, [])
    body = {**json.loads(sub.model_dump_json()), "later_field": _deep(500)}
    resp = put_raw(central.url, creds, app_id, json.dumps(body))
    assert resp.status_code == 422 and resp.json()["code"] == "request.invalid"
    # ... and inside the sealed manifest too: a form 500 levels deep.
    sealed, _ = sealed_submission(
        creds.platform_public_key, app_id, [], edit=lambda m: {**m, "form": {"table": _deep(500)}}
    )
    resp = put_raw(central.url, creds, app_id, sealed)
    assert resp.status_code == 422 and resp.json()["code"] == "application.manifest_invalid"
    assert central.platform.list_applications() == []


@pytest.mark.parametrize(
    "cursor", [str(2**63), str(2**31), "99999999999", "-5", "+5", "1_0", "٣", " 1", "0x10", "1e3", "abc"]
)
def test_the_feed_cursor_is_only_one_the_platform_gave_out(central: RunningPlatform, cursor: str) -> None:
    creds = central.enrol()
    resp = requests.get(
        f"{central.url}{API}/status-feed", params={"cursor": cursor}, headers=auth(creds), timeout=10
    )
    assert resp.status_code == 422 and resp.json()["code"] == "feed.cursor_invalid"
    ok = requests.get(
        f"{central.url}{API}/status-feed", params={"cursor": "0"}, headers=auth(creds), timeout=10
    )
    assert ok.status_code == 200 and ok.json()["changes"] == []


@pytest.mark.parametrize("copies", [2, 200])
def test_an_attachment_listed_twice_is_refused(central: RunningPlatform, tmp_path: Path, copies: int) -> None:
    creds = central.enrol()
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(1000)])
    upload_all(PlatformClient(creds), blobs, tmp_path)
    twice = sub.model_copy(update={"attachments": sub.attachments * copies})
    resp = put_raw(central.url, creds, app_id, twice)
    assert resp.status_code == 422 and resp.json()["code"] == "application.duplicate_attachment"
    assert central.platform.list_applications() == []
    assert put_raw(central.url, creds, app_id, sub).status_code == 201


def test_housekeeping_collects_uploads_no_application_names(central: RunningPlatform, tmp_path: Path) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    platform = central.platform
    app_id = str(uuid.uuid4())
    used, used_blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(3000)])
    orphan_id = str(uuid.uuid4())
    orphan, orphan_blobs = sealed_submission(creds.platform_public_key, orphan_id, [os.urandom(3000)])
    waiting, waiting_blobs = sealed_submission(creds.platform_public_key, str(uuid.uuid4()), [b"w" * 10])
    upload_all(client, used_blobs + orphan_blobs + waiting_blobs, tmp_path)
    assert client.put_application(app_id, used).status == "received"
    now = dt.datetime.now(dt.UTC)
    ages = {used.attachments[0].sha256: 3, orphan.attachments[0].sha256: 3, waiting.attachments[0].sha256: 1}
    with platform.sessions.begin() as s:
        for sha, days in ages.items():
            then = now - dt.timedelta(days=days)
            s.execute(update(Blob).where(Blob.sha256 == sha).values(created_at=then))
            s.execute(update(Upload).where(Upload.sha256 == sha).values(created_at=then))

    removed = platform.housekeeping(now)

    assert removed["blobs"] == 1
    gone = orphan.attachments[0].sha256
    assert not platform.blobs.has(gone)
    assert platform.blobs.has(used.attachments[0].sha256)  # an application names it, however old
    assert platform.blobs.has(waiting.attachments[0].sha256)  # uploaded a day ago: its PUT may be coming
    with platform.sessions() as s:
        assert s.get(Blob, gone) is None
        assert s.query(Upload).filter(Upload.sha256 == gone).count() == 0
    # The terminal that comes back late is told the file is missing, sends it again, and is received.
    with pytest.raises(AttachmentMissing):
        client.put_application(orphan_id, orphan)
    upload_all(client, orphan_blobs, tmp_path)
    assert client.put_application(orphan_id, orphan).status == "received"
    assert platform.housekeeping(now)["blobs"] == 0
    assert put_raw(central.url, creds, app_id, used).status_code == 200  # replays still answered


def test_fastapis_own_refusals_are_typed_problems(central: RunningPlatform) -> None:
    """FastAPI's own refusals (no such route, wrong method, a body it cannot parse) carry a code too."""
    creds = central.enrol()
    for method, path, data in (
        ("GET", f"{API}/no-such-route", None),
        ("DELETE", f"{API}/heartbeat", None),
        ("POST", f"{API}/heartbeat", b"[" * 8000 + b"]" * 8000),
        ("POST", f"{API}/heartbeat", b"{not json"),
    ):
        resp = requests.request(method, central.url + path, data=data, headers=jauth(creds), timeout=10)
        assert 400 <= resp.status_code < 500 and wire.Problem.model_validate(resp.json()).code, (method, path)
