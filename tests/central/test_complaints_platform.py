"""Complaints on the reference platform, over real HTTP on loopback, on SQLite and PostgreSQL: delivered once
(a replay gets the first answer, other content under the same id 409), a sealed text the platform cannot
open refused, the queue opened for the staff by ``kiosk-central complaints list``, a reply that would show
personal data at the terminal refused, the reply pulled back by the terminal that filed it and no other."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests

from offline_cache import sealing, wire
from offline_cache.complaints import ComplaintSender, NewComplaint
from offline_cache.platform_client import PlatformClient
from tests.central.platform_fixtures import RunningPlatform, open_store

ROOT = Path(__file__).resolve().parents[2]


def _cli(central: RunningPlatform, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central.cli", *args, "--db", central.platform.db_url, "--blobs",
         str(tmp_path / "central" / "blobs")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _filed(tmp_path: Path, client: PlatformClient, text: str) -> tuple[Any, Any]:
    store = open_store(tmp_path / "terminal")
    key = sealing.load_public_key(client.credentials.platform_public_key)
    new = NewComplaint(about="service", text=text, problems=("办得太慢",), item_code="GG0001")
    return store, store.complaints.file(new, "GA0101", key)


def test_a_complaint_travels_once_is_answered_and_comes_back(
    central: RunningPlatform, tmp_path: Path
) -> None:
    client = PlatformClient(central.enrol())
    store, filed = _filed(tmp_path, client, "窗口中午没人，电话 13800138000")
    sender = ComplaintSender(store.complaints, _now)
    assert sender.run(client) == 1 and store.complaints.pending() == 0
    sub = _stored(store, filed.complaint_id)  # what the terminal sent, as it sent it
    again = requests.post(f"{client.base}/complaints", data=sub.model_dump_json(), headers=_auth(client))
    assert again.status_code == 200  # a replay: the first answer
    other = sub.model_copy(update={"body": sub.body.model_copy(update={"about": "station"})})
    refused = requests.post(f"{client.base}/complaints", data=other.model_dump_json(), headers=_auth(client))
    assert refused.status_code == 409 and refused.json()["code"] == "complaint.conflict"
    listed = _cli(central, tmp_path, "complaints", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert row["text"] == "窗口中午没人，电话 13800138000" and row["local_no"] == filed.local_no
    assert row["named"] is False and row["problems"] == ["办得太慢"] and row["reply"] is None
    personal = _cli(central, tmp_path, "complaints", "reply", filed.complaint_id, "已回电 13800138000")
    assert personal.returncode == 1 and "complaint.reply_refused" in personal.stderr
    assert "Traceback" not in personal.stderr
    done = _cli(central, tmp_path, "complaints", "reply", filed.complaint_id, "已安排午间值班。")
    assert done.returncode == 0, done.stderr
    sender.pull_replies(client)
    [summary] = store.complaints.by_token(filed.query_token)
    assert summary.reply == "已安排午间值班。" and summary.delivered
    # another terminal's feed of replies holds nothing of this one's
    stranger = PlatformClient(central.enrol())
    assert requests.get(f"{stranger.base}/complaint-replies", headers=_auth(stranger)).json()["replies"] == []
    assert store.complaints.by_token("not-the-token") == []  # the number alone finds nothing
    store.close()


def test_a_sealed_text_the_platform_cannot_open_is_refused(central: RunningPlatform, tmp_path: Path) -> None:
    client = PlatformClient(central.enrol())
    store, filed = _filed(tmp_path, client, "样例")
    sub = _stored(store, filed.complaint_id)
    # the attacker moves the sealed note to a complaint id of their own: its associated data no longer fits
    moved = sub.model_copy(update={"complaint_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000"})
    answer = requests.post(f"{client.base}/complaints", data=moved.model_dump_json(), headers=_auth(client))
    assert answer.status_code == 422 and answer.json()["code"] == "complaint.seal_invalid"
    garbage = json.loads(sub.model_dump_json())
    garbage["body"]["sealed"] = {"wrapped_key": "AAAA", "sealed": "AAAA"}
    answer = requests.post(f"{client.base}/complaints", json=garbage, headers=_auth(client))
    assert answer.status_code == 422 and answer.json()["code"] == "complaint.seal_invalid"
    assert central.platform.complaints.queue() == []
    no_token = requests.post(f"{client.base}/complaints", data=sub.model_dump_json())
    assert no_token.status_code == 401
    store.close()


def _stored(store: Any, complaint_id: str) -> wire.ComplaintSubmission:
    import sqlite3

    with sqlite3.connect(store.attachments_dir.parent / "kiosk.db") as db:
        body = db.execute("SELECT body FROM complaints WHERE complaint_id = ?", [complaint_id]).fetchone()[0]
    return wire.ComplaintSubmission(
        complaint_id=complaint_id, body=wire.ComplaintBody.model_validate_json(body)
    )


def _auth(client: PlatformClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.credentials.token}", "Content-Type": "application/json"}
