"""The reference platform's HTTP API over real HTTP on loopback, on SQLite and on PostgreSQL."""

from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import hashlib
import os
import socket
import uuid
from typing import Any

import pytest
import requests

from offline_cache import sealing, wire
from offline_cache.credentials import Credentials
from offline_cache.platform_client import (
    ApplicationConflict,
    AttachmentMissing,
    DeviceRejected,
    PlatformClient,
)
from tests.central import submissions
from tests.central.platform_fixtures import RunningPlatform
from tests.central.submissions import auth, jauth, sealed_submission, upload_all

API = wire.API_PREFIX


def put_raw(
    central: RunningPlatform,
    creds: Credentials,
    app_id: str,
    sub: wire.ApplicationSubmission,
    timeout: float = 10,
) -> requests.Response:
    """PUT an application over plain HTTP, to see the status code and body the client would interpret."""
    return submissions.put_raw(central.url, creds, app_id, sub, timeout)


def test_every_route_requires_a_device_token(central: RunningPlatform) -> None:
    schema = requests.get(central.url + "/openapi.json", timeout=10).json()
    checked = 0
    for path, methods in schema["paths"].items():
        if path.endswith(("/enrol", "/platform-key")):
            continue  # public by design: enrolment has its one-time code, and the key is a public key
        concrete = path.replace("{app_id}", "0192a000-0000-7000-8000-000000000000").replace(
            "{upload_id}", "abc"
        )
        for method in methods:
            for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
                resp = requests.request(method.upper(), central.url + concrete, headers=headers, timeout=10)
                assert resp.status_code == 401, (method, path, headers, resp.status_code)
                checked += 1
    assert checked >= 3 * 9  # every route of the contract is there and guarded


def test_enrolment_code_is_single_use(central: RunningPlatform) -> None:
    code = central.platform.issue_enrolment_code("GA0102")
    creds = PlatformClient.enrol(central.url, code)
    assert creds.station_code == "GA0102" and creds.platform_public_key == central.platform.public_key_text
    with pytest.raises(DeviceRejected):
        PlatformClient.enrol(central.url, code)
    ping = PlatformClient(creds).ping()
    assert ping.device_id == creds.device_id


def test_create_is_idempotent_and_conflicts_on_different_content(
    central: RunningPlatform, tmp_path: Any
) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(1000), os.urandom(5000)])
    upload_all(client, blobs, tmp_path)

    first = put_raw(central, creds, app_id, sub)
    again = put_raw(central, creds, app_id, sub)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()  # the original answer, verbatim

    other, other_blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(10)], form={"x": 2})
    upload_all(client, other_blobs, tmp_path)
    with pytest.raises(ApplicationConflict):
        client.put_application(app_id, other)
    # Another terminal cannot take over the id either (tests/central/test_platform_trust.py says more).
    intruder = PlatformClient(central.enrol("GA0199"))
    with pytest.raises(AttachmentMissing):  # the files are not its own
        intruder.put_application(app_id, sub)
    rows = central.platform.list_applications()
    assert [r["app_id"] for r in rows] == [app_id] and len(rows[0]["revisions"]) == 1


def test_revision_two_is_a_supplement_of_the_same_application(
    central: RunningPlatform, tmp_path: Any
) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    app_id = str(uuid.uuid4())
    sub1, blobs1 = sealed_submission(creds.platform_public_key, app_id, [b"one"])
    sub2, blobs2 = sealed_submission(creds.platform_public_key, app_id, [b"two"], revision=2)
    upload_all(client, blobs1 + blobs2, tmp_path)
    r1 = client.put_application(app_id, sub1)
    central.platform.set_status(app_id, "needs_supplement", ("缺少收入证明",), ("income_proof",))
    r2 = client.put_application(app_id, sub2)
    assert r1.platform_receipt_no == r2.platform_receipt_no
    row = central.platform.list_applications()[0]
    assert row["revision"] == 2 and row["status"] == "received" and len(row["revisions"]) == 2
    feed = client.status_feed(None)
    assert [(c.status, c.revision) for c in feed.changes] == [
        ("received", 1),
        ("needs_supplement", 1),
        ("received", 2),
    ]


def test_missing_attachment_and_bad_seal_are_refused(central: RunningPlatform, tmp_path: Any) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    app_id = str(uuid.uuid4())
    sub, _blobs = sealed_submission(creds.platform_public_key, app_id, [b"never uploaded"])
    with pytest.raises(AttachmentMissing):
        client.put_application(app_id, sub)
    _pem, foreign = sealing.generate_platform_key()
    bad, blobs = sealed_submission(foreign, app_id, [b"x"])
    upload_all(client, blobs, tmp_path)
    resp = put_raw(central, creds, app_id, bad)
    assert resp.status_code == 422 and resp.json()["code"] == "application.seal_invalid"
    assert central.platform.list_applications() == []


def test_concurrent_creates_of_one_id_store_it_once(central: RunningPlatform, tmp_path: Any) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(100)])
    upload_all(client, blobs, tmp_path)

    def put(_: int) -> int:
        return put_raw(central, creds, app_id, sub, timeout=30).status_code

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(put, range(8)))
    assert codes == [200] * 7 + [201]
    assert len(central.platform.list_applications()) == 1
    assert [c.status for c in client.status_feed(None).changes] == ["received"]


def test_status_feed_pages_with_a_cursor_and_shows_only_own_applications(
    central: RunningPlatform, tmp_path: Any
) -> None:
    creds = central.enrol()
    other = central.enrol("GA0102")
    client, other_client = PlatformClient(creds), PlatformClient(other)
    ids = []
    for n in range(5):
        app_id = str(uuid.uuid4())
        sub, blobs = sealed_submission(creds.platform_public_key, app_id, [bytes([n]) * 10])
        upload_all(client, blobs, tmp_path)
        client.put_application(app_id, sub)
        ids.append(app_id)
    central.platform.set_status(ids[0], "accepted")
    seen: list[tuple[str, str]] = []
    cursor = None
    while True:
        feed = client.status_feed(cursor, limit=2)
        seen += [(c.app_id, c.status) for c in feed.changes]
        cursor = feed.cursor
        if not feed.more:
            break
    assert seen == [(i, "received") for i in ids] + [(ids[0], "accepted")]
    assert client.status_feed(cursor).changes == []
    assert other_client.status_feed(None).changes == []
    resp = requests.get(
        f"{central.url}{API}/status-feed", params={"cursor": "nonsense"}, headers=auth(creds), timeout=10
    )
    assert resp.status_code == 422


def test_ratings_are_idempotent_and_heartbeats_stored(central: RunningPlatform) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    sub = wire.RatingSubmission(rating_id=str(uuid.uuid4()), body={"level": 5, "reasons": []})
    assert client.post_rating(sub) == client.post_rating(sub)
    resp = requests.post(
        f"{central.url}{API}/ratings",
        data=sub.model_copy(update={"body": wire.RatingBody(level=1)}).model_dump_json(),
        headers=jauth(creds),
        timeout=10,
    )
    assert resp.status_code == 409
    hb = wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=3, printer_paper="low", free_disk_bytes=10)
    client.heartbeat(hb)
    stored = central.platform.latest_heartbeat(creds.device_id)
    assert stored is not None and stored["pending_count"] == 3 and stored["printer_paper"] == "low"


def test_a_sealed_rating_comment_opens_on_the_platform_and_a_bad_one_is_refused(
    central: RunningPlatform,
) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    public = sealing.load_public_key(creds.platform_public_key)
    rating_id = str(uuid.uuid4())
    note = sealing.seal_note(public, rating_id, sealing.RATING_COMMENT, "窗口人员态度好（样例）")
    client.post_rating(wire.RatingSubmission(rating_id=rating_id, body={"level": 5, "comment_sealed": note}))
    (row,) = [r for r in central.platform.ratings() if r["rating_id"] == rating_id]
    assert row["comment"] == "窗口人员态度好（样例）" and "comment" not in row["body"]
    # sealed for another rating, or not sealed for this platform at all: refused, nothing stored
    for bad in (
        sealing.seal_note(public, "another", sealing.RATING_COMMENT, "x"),
        sealing.seal_note(
            sealing.load_public_key(sealing.generate_platform_key()[1]), "r", "rating:comment", "x"
        ),
        {"wrapped_key": "not base64!", "sealed": "x"},
    ):
        other = str(uuid.uuid4())
        resp = requests.post(
            f"{central.url}{API}/ratings",
            data=wire.RatingSubmission(
                rating_id=other, body={"level": 1, "comment_sealed": bad}
            ).model_dump_json(),
            headers=jauth(creds),
            timeout=10,
        )
        assert resp.status_code == 422 and resp.json()["code"] == "rating.seal_invalid"
    assert len(central.platform.ratings()) == 1


def test_catalogue_uses_etags(central: RunningPlatform, tmp_path: Any) -> None:
    central.platform.catalogue_path = tmp_path / "cat.json"
    creds = central.enrol()
    client = PlatformClient(creds)
    assert requests.get(f"{central.url}{API}/catalogue", headers=auth(creds), timeout=10).status_code == 404
    central.platform.catalogue_path.write_text('{"version": "2026.11.1"}')
    first = client.catalogue(None)
    assert first.data == b'{"version": "2026.11.1"}' and first.etag
    assert client.catalogue(first.etag).data is None
    central.platform.catalogue_path.write_text('{"version": "2026.11.2"}')
    assert client.catalogue(first.etag).data == b'{"version": "2026.11.2"}'


# -- tus ---------------------------------------------------------------------------------------------------


def _tus(creds: Credentials, **extra: str) -> dict[str, str]:
    return {**auth(creds), "Tus-Resumable": "1.0.0", **extra}


def _create(central: RunningPlatform, creds: Credentials, data: bytes) -> str:
    meta = "sha256 " + base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()
    resp = requests.post(
        f"{central.url}{API}/uploads",
        headers=_tus(creds, **{"Upload-Length": str(len(data)), "Upload-Metadata": meta}),
        timeout=10,
    )
    assert resp.status_code == 201 and resp.headers["Tus-Resumable"] == "1.0.0"
    return central.url + resp.headers["Location"]


def _patch(
    url: str, creds: Credentials, offset: int, chunk: bytes, checksum: str | None = None
) -> requests.Response:
    headers = _tus(creds, **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
    if checksum:
        headers["Upload-Checksum"] = checksum
    return requests.patch(url, data=chunk, headers=headers, timeout=10)


def _sha(chunk: bytes, algo: str = "sha256") -> str:
    return f"{algo} " + base64.b64encode(hashlib.new(algo, chunk).digest()).decode()


def test_tus_options_advertise_the_extensions(central: RunningPlatform) -> None:
    resp = requests.options(f"{central.url}{API}/uploads", headers=auth(central.enrol()), timeout=10)
    assert resp.status_code == 204
    assert resp.headers["Tus-Version"] == "1.0.0"
    assert {"creation", "checksum"} <= set(resp.headers["Tus-Extension"].split(","))
    assert "sha256" in resp.headers["Tus-Checksum-Algorithm"]


def test_tus_checksum_offsets_and_completion(central: RunningPlatform) -> None:
    creds = central.enrol()
    data = os.urandom(300_000)
    url = _create(central, creds, data)
    assert requests.head(url, headers=_tus(creds), timeout=10).headers["Upload-Offset"] == "0"
    bad = _patch(url, creds, 0, data[:100_000], _sha(b"something else"))
    assert bad.status_code == 460
    assert requests.head(url, headers=_tus(creds), timeout=10).headers["Upload-Offset"] == "0"
    ok = _patch(url, creds, 0, data[:100_000], _sha(data[:100_000], "sha1"))
    assert ok.status_code == 204 and ok.headers["Upload-Offset"] == "100000"
    assert _patch(url, creds, 0, data[:10]).status_code == 409  # stale offset
    assert _patch(url, creds, 100_000, data[100_000:] + b"extra").status_code == 413
    done = _patch(url, creds, 100_000, data[100_000:], _sha(data[100_000:]))
    assert done.headers["Upload-Offset"] == str(len(data))
    assert central.platform.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data
    # The same bytes again from the same device: a creation-with-upload (whose answer every client reads
    # for the offset) is told they are there already; a body-less creation starts at 0, as standard
    # clients assume.
    meta = "sha256 " + base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()
    create = _tus(creds, **{"Upload-Length": str(len(data)), "Upload-Metadata": meta})
    again = requests.post(
        f"{central.url}{API}/uploads",
        headers={**create, "Content-Type": "application/offset+octet-stream"},
        timeout=10,
    )
    assert again.status_code == 201 and again.headers["Upload-Offset"] == str(len(data))
    plain = requests.post(f"{central.url}{API}/uploads", headers=create, timeout=10)
    assert plain.status_code == 201 and plain.headers["Upload-Offset"] == "0"


def test_tus_keeps_what_arrived_before_the_connection_broke(central: RunningPlatform) -> None:
    creds = central.enrol()
    data = os.urandom(2_000_000)
    url = _create(central, creds, data)
    path = url.removeprefix(central.url)
    host, port = central.server.host, central.server.port
    sent = 700_000
    with socket.create_connection((host, port)) as s:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {creds.token}\r\n"
            f"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
            f"Upload-Checksum: {_sha(data)}\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        s.sendall(head.encode() + data[:sent])
    offset = 0
    for _ in range(100):
        offset = int(requests.head(url, headers=_tus(creds), timeout=10).headers["Upload-Offset"])
        if offset:
            break
        import time

        time.sleep(0.05)
    assert 0 < offset <= sent
    done = _patch(url, creds, offset, data[offset:], _sha(data[offset:]))
    assert done.status_code == 204 and done.headers["Upload-Offset"] == str(len(data))
    assert central.platform.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data


def test_tus_whole_file_mismatch_restarts_the_upload(central: RunningPlatform) -> None:
    creds = central.enrol()
    data = os.urandom(1000)
    url = _create(central, creds, data)
    wrong = bytes(1000)
    assert _patch(url, creds, 0, wrong).status_code == 460
    assert requests.head(url, headers=_tus(creds), timeout=10).headers["Upload-Offset"] == "0"


def test_uploads_belong_to_their_device(central: RunningPlatform) -> None:
    creds, other = central.enrol(), central.enrol("GA0102")
    url = _create(central, creds, b"abc")
    assert requests.head(url, headers=_tus(other), timeout=10).status_code == 404
    assert _patch(url, other, 0, b"abc").status_code == 404


def test_tus_creation_with_upload_takes_a_small_file_in_one_request(central: RunningPlatform) -> None:
    creds = central.enrol()
    data = os.urandom(100_000)
    meta = "sha256 " + base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()
    headers = _tus(
        creds,
        **{
            "Upload-Length": str(len(data)),
            "Upload-Metadata": meta,
            "Content-Type": "application/offset+octet-stream",
            "Upload-Checksum": _sha(data),
        },
    )
    resp = requests.post(f"{central.url}{API}/uploads", data=data, headers=headers, timeout=10)
    assert resp.status_code == 201 and resp.headers["Upload-Offset"] == str(len(data))
    assert central.platform.blobs.path(hashlib.sha256(data).hexdigest()).read_bytes() == data
    damaged = requests.post(
        f"{central.url}{API}/uploads",
        data=os.urandom(100_000),
        headers={**headers, "Upload-Metadata": ""},
        timeout=10,
    )
    assert damaged.status_code == 460


def test_client_refuses_a_file_that_does_not_match_its_name(central: RunningPlatform, tmp_path: Any) -> None:
    from offline_cache.platform_client import UploadFailed

    client = PlatformClient(central.enrol())
    for size in (1000, 2_000_000):  # inline creation, and creation + PATCH
        path = tmp_path / f"f{size}"
        path.write_bytes(os.urandom(size))
        with pytest.raises(UploadFailed):
            client.upload(path, "00" * 32, size, None, lambda _u: None)


def test_a_receipt_means_every_attachment_opened(central: RunningPlatform, tmp_path: Any) -> None:
    creds = central.enrol()
    client = PlatformClient(creds)
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(creds.platform_public_key, app_id, [b"page one", b"page two"])
    # Attachments sealed for another application: uploaded fine, but they do not open under this one.
    other, foreign = sealed_submission(creds.platform_public_key, str(uuid.uuid4()), [b"x"])
    upload_all(client, blobs + foreign, tmp_path)
    swapped = sub.model_copy(update={"attachments": other.attachments})
    resp = put_raw(central, creds, app_id, swapped)
    assert resp.status_code == 422 and resp.json()["code"] == "application.manifest_mismatch"
    # A manifest that names the foreign file agrees with the request, yet the file does not open.
    part = {
        "part": "attachment:0",
        "material": "material0",
        "filename": "scan0.pdf",
        "content_type": "application/pdf",
        "size": 1,
        "sha256": hashlib.sha256(b"x").hexdigest(),
        "sealed_sha256": other.attachments[0].sha256,
        "sealed_size": other.attachments[0].size,
    }
    forged, _ = sealed_submission(
        creds.platform_public_key, app_id, [], edit=lambda m: {**m, "attachments": [part]}
    )
    resp = put_raw(central, creds, app_id, forged.model_copy(update={"attachments": other.attachments}))
    assert resp.status_code == 422 and resp.json()["code"] == "application.attachment_damaged"
    assert central.platform.list_applications() == []
    assert client.put_application(app_id, sub).status == "received"


# -- housekeeping ------------------------------------------------------------------------------------------


def test_housekeeping_forgets_abandoned_uploads_and_old_heartbeats(central: RunningPlatform) -> None:
    from sqlalchemy import select, update

    from central.models import HeartbeatRow, Upload

    creds = central.enrol()
    other = central.enrol("GA0102")
    platform = central.platform
    abandoned = _create(central, creds, b"x" * 1000)
    assert _patch(abandoned, creds, 0, b"x" * 400).status_code == 204
    slow = _create(central, creds, b"y" * 1000)
    assert _patch(slow, creds, 0, b"y" * 100).status_code == 204
    finished = _create(central, creds, b"z" * 10)
    assert _patch(finished, creds, 0, b"z" * 10).status_code == 204
    fresh = _create(central, creds, b"w" * 10)
    ids = {
        name: url.rsplit("/", 1)[1]
        for name, url in {"abandoned": abandoned, "slow": slow, "finished": finished, "fresh": fresh}.items()
    }
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    with platform.sessions.begin() as s:
        s.execute(
            update(Upload)
            .where(Upload.id.in_([ids["abandoned"], ids["slow"], ids["finished"]]))
            .values(created_at=long_ago)
        )
    stamp = long_ago.timestamp()
    os.utime(platform.blobs.partial(ids["abandoned"]), (stamp, stamp))  # nothing came for a month
    client, other_client = PlatformClient(creds), PlatformClient(other)
    for n in range(12):
        client.heartbeat(wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=n, free_disk_bytes=1))
    other_client.heartbeat(wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=99, free_disk_bytes=1))

    removed = platform.housekeeping(heartbeats_kept=5)

    assert removed == {"partial_uploads": 1, "finished_uploads": 1, "blobs": 0, "heartbeats": 7}
    assert not platform.blobs.partial(ids["abandoned"]).exists()
    assert (
        requests.head(abandoned, headers=_tus(creds), timeout=10).status_code == 404
    )  # the terminal starts anew
    assert (
        requests.head(slow, headers=_tus(creds), timeout=10).headers["Upload-Offset"] == "100"
    )  # still coming
    assert requests.head(fresh, headers=_tus(creds), timeout=10).status_code == 200
    assert platform.blobs.has(hashlib.sha256(b"z" * 10).hexdigest())  # a finished upload's file stays
    with platform.sessions() as s:
        counts = {
            d: len(s.scalars(select(HeartbeatRow).where(HeartbeatRow.device_id == d)).all())
            for d in (creds.device_id, other.device_id)
        }
    assert counts == {creds.device_id: 5, other.device_id: 1}
    latest = platform.latest_heartbeat(creds.device_id)
    assert latest is not None and latest["pending_count"] == 11
    assert platform.housekeeping(heartbeats_kept=5) == {
        "partial_uploads": 0,
        "finished_uploads": 0,
        "blobs": 0,
        "heartbeats": 0,
    }
