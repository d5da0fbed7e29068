"""Issue #11, finding 3: one terminal against another, over real HTTP on SQLite and PostgreSQL.

Each test sends what the security review sent (or what an attacker would): a second terminal of the same
station replaying another's submission, forged revisions with a ``{}`` manifest, revisions out of
sequence, ids of another device on every route that takes one, a revoked token, a lost rotation answer.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import update

from central import errors
from central.models import Device
from offline_cache import wire
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from tests.central.platform_fixtures import RunningPlatform
from tests.central.submissions import API, auth, jauth, put_raw, sealed_submission, upload_all


def _problem(resp: requests.Response) -> tuple[int, str, str]:
    body = resp.json()
    return resp.status_code, body.get("code", ""), body.get("detail", "")


def _delivered(central: RunningPlatform, creds: Credentials, tmp_path: Path, **kw: Any) -> tuple[str, Any]:
    """An application of ``creds``'s terminal, received; returns (app id, the body it sent)."""
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(creds.platform_public_key, app_id, [os.urandom(2000)], **kw)
    upload_all(PlatformClient(creds), blobs, tmp_path)
    assert put_raw(central.url, creds, app_id, sub).status_code == 201
    return app_id, (sub, blobs)


def _owner(central: RunningPlatform, app_id: str) -> str:
    (row,) = [r for r in central.platform.list_applications() if r["app_id"] == app_id]
    return str(row["device_id"])


def test_a_terminal_of_the_same_station_cannot_take_over_by_replaying(
    central: RunningPlatform, tmp_path: Path
) -> None:
    a = central.enrol("GA0101")
    b = central.enrol("GA0101")  # the second terminal of the same village station
    app_id, (sub, blobs) = _delivered(central, a, tmp_path)
    # B replays A's submission as it is (it copied A's outbox): not its files, so "missing" ...
    assert _problem(put_raw(central.url, b, app_id, sub))[:2] == (422, "application.attachment_missing")
    # ... and with the same sealed files uploaded by itself, the id is taken.
    upload_all(PlatformClient(b), blobs, tmp_path)
    replay = put_raw(central.url, b, app_id, sub)
    assert replay.status_code == 409 and replay.json()["code"] == "application.conflict"
    assert _owner(central, app_id) == a.device_id
    central.platform.set_status(app_id, "accepted")
    assert PlatformClient(b).status_feed(None).changes == []
    assert [c.status for c in PlatformClient(a).status_feed(None).changes] == ["received", "accepted"]
    # A's own replay still gets its first answer.
    assert put_raw(central.url, a, app_id, sub).status_code == 200


@pytest.mark.parametrize("revision", [2, 10_000])
def test_forged_revisions_with_an_empty_manifest_are_refused(
    central: RunningPlatform, tmp_path: Path, revision: int
) -> None:
    a, b = central.enrol("GA0101"), central.enrol("GA0101")
    app_id, _ = _delivered(central, a, tmp_path)
    for who in (a, b):
        forged, _ = sealed_submission(who.platform_public_key, app_id, [], revision, edit=lambda _m: {})
        resp = put_raw(central.url, who, app_id, forged)
        assert _problem(resp)[:2] == (422, "application.manifest_invalid")
        assert "{}" not in resp.json()["detail"]  # where, not what
    (row,) = central.platform.list_applications()
    assert row["revision"] == 1 and len(row["revisions"]) == 1 and row["device_id"] == a.device_id


def test_revisions_come_in_sequence_and_replays_keep_their_answer(
    central: RunningPlatform, tmp_path: Path
) -> None:
    a = central.enrol()
    client = PlatformClient(a)
    app_id, _ = _delivered(central, a, tmp_path)
    subs = {}
    for n in (2, 3):
        subs[n], blobs = sealed_submission(a.platform_public_key, app_id, [os.urandom(500)], n)
        upload_all(client, blobs, tmp_path)
    early = put_raw(central.url, a, app_id, subs[3])
    assert _problem(early)[:2] == (409, "application.revision_out_of_sequence")
    first = put_raw(central.url, a, app_id, subs[2])
    assert first.status_code == 201
    again = put_raw(central.url, a, app_id, subs[2])
    assert again.status_code == 200 and again.json() == first.json()
    other, blobs = sealed_submission(a.platform_public_key, app_id, [b"other"], 2, form={"x": 2})
    upload_all(client, blobs, tmp_path)
    assert _problem(put_raw(central.url, a, app_id, other))[:2] == (409, "application.conflict")
    assert put_raw(central.url, a, app_id, subs[3]).status_code == 201
    (row,) = central.platform.list_applications()
    assert [r["revision"] for r in row["revisions"]] == [1, 2, 3]
    unknown_id = str(uuid.uuid4())
    orphan, blobs = sealed_submission(a.platform_public_key, unknown_id, [b"y"], 2)
    upload_all(client, blobs, tmp_path)
    assert _problem(put_raw(central.url, a, unknown_id, orphan))[:2] == (
        409,
        "application.revision_out_of_sequence",
    )


@pytest.mark.parametrize(
    "what, edit",
    [
        ("app_id", lambda m: {**m, "app_id": "0192a000-0000-7000-8000-000000000000"}),
        ("revision", lambda m: {**m, "revision": 2}),
        ("station_code", lambda m: {**m, "station_code": "GA0199"}),
        ("attachments", lambda m: {**m, "attachments": m["attachments"][:1]}),
        ("attachments", lambda m: {**m, "attachments": m["attachments"] + m["attachments"][:1]}),
    ],
)
def test_a_manifest_that_disagrees_with_the_request_is_refused(
    central: RunningPlatform, tmp_path: Path, what: str, edit: Any
) -> None:
    a = central.enrol()
    app_id = str(uuid.uuid4())
    sub, blobs = sealed_submission(a.platform_public_key, app_id, [b"one", b"two"], edit=edit)
    upload_all(PlatformClient(a), blobs, tmp_path)
    resp = put_raw(central.url, a, app_id, sub)
    assert _problem(resp)[:2] == (422, "application.manifest_mismatch") and what in resp.json()["detail"]
    assert central.platform.list_applications() == []


def test_another_devices_id_is_answered_like_an_unknown_one(central: RunningPlatform, tmp_path: Path) -> None:
    a = central.enrol("GA0101")
    app_id, _ = _delivered(central, a, tmp_path)
    unknown_id = str(uuid.uuid4())
    for b in (central.enrol("GA0101"), central.enrol("GA0102")):  # same station and another one
        client = PlatformClient(b)
        for revision in (2, 3, 10_000):
            theirs, blobs = sealed_submission(b.platform_public_key, app_id, [b"z"], revision)
            nobodys, more = sealed_submission(b.platform_public_key, unknown_id, [b"z"], revision)
            upload_all(client, blobs + more, tmp_path)
            got = put_raw(central.url, b, app_id, theirs)
            assert _problem(got)[:2] == (409, "application.revision_out_of_sequence")
            assert got.json() == put_raw(central.url, b, unknown_id, nobodys).json()
        # Revision 1 of an unknown id would create it; of another's id it is what the owner hears for
        # other content under its id: nothing tells the two apart.
        theirs, blobs = sealed_submission(b.platform_public_key, app_id, [b"z"])
        mine, more = sealed_submission(a.platform_public_key, app_id, [b"w"])
        upload_all(client, blobs, tmp_path)
        upload_all(PlatformClient(a), more, tmp_path)
        got = put_raw(central.url, b, app_id, theirs)
        assert _problem(got)[:2] == (409, "application.conflict")
        assert got.json() == put_raw(central.url, a, app_id, mine).json()
        # Uploads: someone else's and nobody's look the same.
        mine_url = f"{central.url}{API}/uploads/" + _upload_id(central, a)
        nobody_url = f"{central.url}{API}/uploads/" + uuid.uuid4().hex
        tus = {"Tus-Resumable": "1.0.0", **auth(b)}
        patch = {**tus, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
        for method, headers in (("HEAD", tus), ("PATCH", patch), ("DELETE", tus)):
            got = requests.request(method, mine_url, headers=headers, data=b"x", timeout=10)
            want = requests.request(method, nobody_url, headers=headers, data=b"x", timeout=10)
            assert (got.status_code, got.content) == (want.status_code, want.content), method
        # Ratings: another device's rating id gets what other content under one's own id gets.
        rating_id = str(uuid.uuid4())
        first = wire.RatingSubmission(rating_id=rating_id, body=wire.RatingBody(level=5))
        PlatformClient(a).post_rating(first)
        changed = wire.RatingSubmission(rating_id=rating_id, body=wire.RatingBody(level=1))
        assert _rate(central, b, first) == _rate(central, a, changed)
    assert _owner(central, app_id) == a.device_id and len(central.platform.list_applications()) == 1


def _rate(central: RunningPlatform, who: Credentials, sub: wire.RatingSubmission) -> tuple[int, str, str]:
    resp = requests.post(
        f"{central.url}{API}/ratings", data=sub.model_dump_json(), headers=jauth(who), timeout=10
    )
    return _problem(resp)


def _upload_id(central: RunningPlatform, creds: Credentials) -> str:
    resp = requests.post(
        f"{central.url}{API}/uploads",
        headers={**auth(creds), "Tus-Resumable": "1.0.0", "Upload-Length": "10"},
        timeout=10,
    )
    assert resp.status_code == 201
    return str(resp.headers["Location"].rsplit("/", 1)[1])


def test_a_replaced_terminal_hands_its_applications_to_its_successor(
    central: RunningPlatform, tmp_path: Path
) -> None:
    old = central.enrol("GA0101")
    app_id, (sub, _blobs) = _delivered(central, old, tmp_path)
    central.platform.set_status(app_id, "needs_supplement", ("缺少收入证明（样例）",), ("income",))
    cursor = PlatformClient(old).status_feed(None).cursor
    # A supplement the old terminal uploaded the files of, but could not send before it broke.
    supplement, blobs = sealed_submission(old.platform_public_key, app_id, [b"income proof"], 2)
    upload_all(PlatformClient(old), blobs, tmp_path)
    with pytest.raises(errors.NotFound):
        central.platform.issue_enrolment_code("GA0101", replaces=str(uuid.uuid4()))
    with pytest.raises(errors.Unprocessable):
        central.platform.issue_enrolment_code("GA0102", replaces=old.device_id)
    code = central.platform.issue_enrolment_code("GA0101", replaces=old.device_id)
    assert PlatformClient(old).ping().device_id == old.device_id  # not yet: only when the new one enrols
    new = PlatformClient.enrol(central.url, code)

    revoked = requests.get(f"{central.url}{API}/ping", headers=auth(old), timeout=10)
    assert _problem(revoked)[:2] == (401, "auth.revoked")
    client = PlatformClient(new)
    # The new terminal carries the old one's store: its cursor still fits, its replay is answered as before.
    assert client.status_feed(cursor).changes == []
    assert [c.status for c in client.status_feed(None).changes] == ["received", "needs_supplement"]
    assert put_raw(central.url, new, app_id, sub).status_code == 200
    assert put_raw(central.url, new, app_id, supplement).status_code == 201
    assert _owner(central, app_id) == new.device_id
    assert [c.status for c in client.status_feed(cursor).changes] == ["received"]


def test_a_revoked_terminal_is_refused_everywhere_with_its_own_code(central: RunningPlatform) -> None:
    a = central.enrol()
    other = central.enrol()
    central.platform.revoke(a.device_id)
    with pytest.raises(errors.NotFound):
        central.platform.revoke("no-such-terminal")
    schema = requests.get(central.url + "/openapi.json", timeout=10).json()
    checked = 0
    for path, methods in schema["paths"].items():
        if path.endswith(("/enrol", "/platform-key")):  # open to all: the one-time code, the public key
            continue
        concrete = path.replace("{app_id}", str(uuid.uuid4())).replace("{upload_id}", "abc")
        for method in methods:
            resp = requests.request(method.upper(), central.url + concrete, headers=auth(a), timeout=10)
            assert resp.status_code == 401, (method, path)
            if method != "head":
                assert resp.json()["code"] == "auth.revoked", (method, path)
            checked += 1
    assert checked >= 10
    assert PlatformClient(other).ping().device_id == other.device_id  # only that one


def test_tokens_rotate_and_a_lost_answer_locks_nobody_out(central: RunningPlatform) -> None:
    creds = central.enrol()
    hb = wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=0)
    assert not PlatformClient(creds).heartbeat(hb).rotate_token  # a new token is not due
    with central.platform.sessions.begin() as s:
        s.execute(
            update(Device)
            .where(Device.id == creds.device_id)
            .values(token_issued_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31))
        )
    assert PlatformClient(creds).heartbeat(hb).rotate_token

    def new_token(token: str) -> str:
        resp = requests.post(
            f"{central.url}{API}/token", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert resp.status_code == 200
        return str(resp.json()["token"])

    lost = new_token(creds.token)  # the answer never reached the terminal
    assert PlatformClient(creds).ping().device_id == creds.device_id  # it goes on with its old token
    fresh = new_token(creds.token)  # and asks again
    for token, works in ((creds.token, True), (lost, False), (fresh, True), (creds.token, False)):
        resp = requests.get(
            f"{central.url}{API}/ping", headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        assert resp.status_code == (200 if works else 401)
    rotated = Credentials(creds.url, creds.device_id, fresh, creds.platform_public_key, creds.station_code)
    assert not PlatformClient(rotated).heartbeat(hb).rotate_token  # the clock starts again


def test_an_older_database_gains_the_new_columns_and_keeps_its_terminals(db_url: str, tmp_path: Path) -> None:
    from central.models import add_missing_columns
    from central.service import Platform

    platform = Platform(db_url, tmp_path / "blobs")
    answer = platform.enrol(wire.EnrolmentRequest(code=platform.issue_enrolment_code("GA0101")))
    with platform.engine.begin() as conn:  # the tables as they were before rotation and revocation
        for table, column in (
            ("devices", "next_token_hash"),
            ("devices", "token_issued_at"),
            ("devices", "revoked_at"),
            ("blobs", "referenced"),
            ("enrolment_codes", "replaces_device_id"),
        ):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
    platform.dispose()
    again = Platform(db_url, tmp_path / "blobs")
    try:
        device = again.authenticate(f"Bearer {answer.token}")
        assert device.id == answer.device_id and device.token_issued_at is None
        assert again.token_due(device, dt.datetime.now(dt.UTC) + dt.timedelta(days=31))
        again.revoke(device.id)
        with pytest.raises(errors.Revoked):
            again.authenticate(f"Bearer {answer.token}")
        assert add_missing_columns(again.engine) == []
    finally:
        again.dispose()


def test_an_application_queued_before_the_station_code_changed_is_still_delivered(
    central: RunningPlatform, tmp_path: Path
) -> None:
    """The clear summary says the station the application was filed at (as its sealed manifest does), not
    the one configured when it is sent: an installer's later change must not strand it with a 422."""
    from offline_cache.sync import SyncEngine
    from tests.central.platform_fixtures import open_store, sample_application, sample_attachments

    creds = central.enrol()
    home = tmp_path / "terminal"
    with open_store(home, "GA0101") as store:
        queued = store.submit(sample_application(), sample_attachments([3000]), creds.platform_public_key)
    with open_store(home, "GA0199") as store:  # the station code was changed meanwhile
        (entry,) = store.due(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
        assert entry.clear["station_code"] == "GA0101"
        report = SyncEngine(store, PlatformClient(creds)).run_once()
        assert report.delivered == 1 and store.pending_count() == 0
    assert any(r["app_id"] == queued.app_id for r in central.platform.list_applications())
