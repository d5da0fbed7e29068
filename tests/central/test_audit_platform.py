# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""The audit log between a terminal and the real reference platform over HTTP (SQLite and PostgreSQL):
the platform keeps the chain, countersigns its head, answers a replay as the first time, refuses a fork,
a rollback, a gap, a head not signed by the device's key, and a batch that is not a chain; the device key
is registered at enrolment or once later (first key wins); ``kiosk-central audit verify`` finds an entry
changed, removed or swapped in the platform's database; the terminal catches up after a stale send and
stops, saying why, when its own log was rolled back and rewritten.

The attacker's batches are real requests with the device's token, signed with the device's own key (a
stolen terminal): only continuations of the chain the platform holds get through.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, func, select, update

from central.models import AuditEntryRow, AuditHeadRow, DeviceKey
from offline_cache import audit, audit_chain, wire
from offline_cache.audit_sync import AuditSender
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.store import Store
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import (  # noqa: F401
    RunningPlatform,
    central,
    db_url,
    open_store,
    pg_db_url,
    pg_server_url,
    sqlite_central,
)

ROOT = Path(__file__).resolve().parents[2]


@dataclasses.dataclass
class Terminal:
    home: Path
    store: Store
    creds: Credentials
    key: Ed25519PrivateKey
    client: PlatformClient

    def sender(self, **kw: Any) -> AuditSender:
        return AuditSender(self.store.audit, self.key, self.creds.device_id, **kw)

    def fill(self, n: int, actor: str = "8001") -> None:
        for i in range(n):
            self.store.audit.record("print.printed", actor, f"print:{i}", {"document": "acceptance"})


def _enrol(platform: RunningPlatform, home: Path, with_key: bool = True) -> Terminal:
    key = audit.device_key(home)
    assert key is not None
    creds = PlatformClient.enrol(
        platform.url,
        platform.platform.issue_enrolment_code("GA0101"),
        device_public_key=audit_chain.public_key_text(key.public_key()) if with_key else None,
    )
    return Terminal(home, open_store(home), creds, key, PlatformClient(creds))


@pytest.fixture
def terminal(central: RunningPlatform, tmp_path: Path) -> Iterator[Terminal]:
    t = _enrol(central, tmp_path / "home")
    yield t
    t.client.close()
    t.store.close()


# -- the attacker's requests ------------------------------------------------------------------------------


def _entry(seq: int, prev: str, actor: str = "9999") -> wire.AuditEntryWire:
    at = "2026-11-27T02:00:00.000000+00:00"
    digest = audit_chain.entry_hash(seq, at, "admin.action", actor, "", {"action": "quit"}, prev)
    return wire.AuditEntryWire(
        seq=seq,
        at=at,
        kind="admin.action",
        actor=actor,
        details={"action": "quit"},
        prev_hash=prev,
        hash=digest,
    )


def _batch(
    t: Terminal, entries: list[Any], key: Ed25519PrivateKey | None = None, device: str = ""
) -> dict[str, Any]:
    last = entries[-1]
    device = device or t.creds.device_id
    text = audit_chain.checkpoint(device, last.seq, last.hash)
    line = audit_chain.sign_line(text, audit_chain.device_signer(device), key or t.key)
    wires = [e if isinstance(e, wire.AuditEntryWire) else e.to_wire() for e in entries]
    body = wire.AuditBatch(entries=wires, head=wire.AuditHead(seq=last.seq, hash=last.hash, signature=line))
    return body.model_dump(mode="json")


def _post(t: Terminal, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        t.creds.url + wire.API_PREFIX + "/audit",
        json=body,
        headers={"Authorization": f"Bearer {t.creds.token}"},
        timeout=10,
    )


def _held(platform: RunningPlatform, device_id: str) -> tuple[int, int]:
    """(entries held, head seq) for the device."""
    with platform.platform.sessions() as s:
        count = s.scalar(select(func.count()).where(AuditEntryRow.device_id == device_id))
        head = s.get(AuditHeadRow, device_id)
    return int(count or 0), head.seq if head else 0


def _cli_verify(platform: RunningPlatform, device_id: str, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    blobs = platform.platform.blobs.root
    proc = subprocess.run(
        [sys.executable, "-m", "central.cli", "audit", "verify", "--terminal", device_id, "--json"]
        + ["--db", platform.platform.db_url, "--blobs", str(blobs)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return proc.returncode, json.loads(proc.stdout)


# -- the honest terminal -----------------------------------------------------------------------------------


def test_the_platform_keeps_the_chain_and_countersigns_its_head(
    central: RunningPlatform, terminal: Terminal, tmp_path: Path
) -> None:
    terminal.fill(7)
    outcome = terminal.sender(batch=3).send(terminal.client)
    assert (outcome.sent, outcome.error) == (7, "")
    assert _held(central, terminal.creds.device_id) == (7, 7)
    report = terminal.store.audit.verify(terminal.key.public_key())
    assert report.ok and (report.signed_seq, report.countersigned_seq) == (7, 7)
    _signed, counter = terminal.store.audit.heads()
    assert counter is not None and counter.countersigned is not None
    assert audit_chain.signed_by(
        counter.countersigned,
        audit_chain.PLATFORM_SIGNER,
        audit_chain.load_public_key(terminal.store.audit.meta(audit.PLATFORM_KEY_META) or ""),
    )
    code, result = _cli_verify(central, terminal.creds.device_id, tmp_path)
    assert code == 0 and result["ok"] and (result["entries"], result["head_seq"]) == (7, 7), result
    # nothing new: nothing sent; one more entry: just that one
    assert terminal.sender().send(terminal.client).sent == 0
    terminal.fill(1)
    assert terminal.sender().send(terminal.client).sent == 1
    assert _held(central, terminal.creds.device_id) == (8, 8)


def test_a_replayed_batch_is_answered_as_the_first_time(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(4)
    body = _batch(terminal, terminal.store.audit.entries())
    first, again = _post(terminal, body), _post(terminal, body)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["seq"] == 4
    assert _held(central, terminal.creds.device_id) == (4, 4)


def test_a_fork_is_refused(central: RunningPlatform, terminal: Terminal, tmp_path: Path) -> None:
    terminal.fill(5)
    terminal.sender().send(terminal.client)
    mine = terminal.store.audit.entries()
    forged = _entry(3, mine[1].hash)  # entries 1 and 2 as held, then another entry 3
    answer = _post(terminal, _batch(terminal, [*mine[:2], forged]))
    assert answer.status_code == 409
    problem = wire.Problem.model_validate(answer.json())
    assert problem.code == "audit.fork" and "entry 3 " in problem.detail
    # a new entry 6 that does not follow the held entry 5 is a fork too
    answer = _post(terminal, _batch(terminal, [_entry(6, mine[3].hash)]))
    assert answer.status_code == 409 and answer.json()["code"] == "audit.fork"
    assert _held(central, terminal.creds.device_id) == (5, 5)
    assert _cli_verify(central, terminal.creds.device_id, tmp_path)[0] == 0


def test_a_rollback_and_a_gap_are_refused(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(6)
    terminal.sender().send(terminal.client)
    mine = terminal.store.audit.entries()
    older = _post(terminal, _batch(terminal, mine[3:5]))  # entries 4, 5 as held, head at 5 < 6
    assert older.status_code == 409
    assert older.json()["code"] == "audit.rollback" and "seq 5" in older.json()["detail"]
    gap = _post(terminal, _batch(terminal, [_entry(9, "ab" * 32)]))
    assert gap.status_code == 409 and gap.json()["code"] == "audit.gap"
    assert _held(central, terminal.creds.device_id) == (6, 6)


def test_a_head_not_signed_by_the_device_key_is_refused(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(3)
    entries = terminal.store.audit.entries()
    for body in (
        _batch(terminal, entries, key=Ed25519PrivateKey.generate()),
        _batch(terminal, entries, device="another-device"),  # a head signed for another chain
    ):
        answer = _post(terminal, body)
        assert answer.status_code == 422 and answer.json()["code"] == "audit.bad_signature"
    assert _held(central, terminal.creds.device_id) == (0, 0)


def test_a_batch_that_is_not_a_chain_is_refused(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(3)
    entries = [e.to_wire() for e in terminal.store.audit.entries()]
    changed = entries[1].model_copy(update={"actor": "admin"})  # its hash no longer fits
    answer = _post(terminal, _batch(terminal, [entries[0], changed, entries[2]]))
    assert answer.status_code == 422
    assert answer.json()["code"] == "audit.chain_invalid" and "entry 2" in answer.json()["detail"]
    body = _batch(terminal, entries)
    body["entries"] = body["entries"][:2]  # the head is no longer the batch's last entry
    assert _post(terminal, body).json()["code"] == "audit.chain_invalid"
    assert _held(central, terminal.creds.device_id) == (0, 0)


# -- device keys -------------------------------------------------------------------------------------------


def _put_key(t: Terminal, key_text: str) -> requests.Response:
    return requests.put(
        t.creds.url + wire.API_PREFIX + "/audit/key",
        json={"device_public_key": key_text},
        headers={"Authorization": f"Bearer {t.creds.token}"},
        timeout=10,
    )


def test_the_first_device_key_wins(central: RunningPlatform, terminal: Terminal) -> None:
    mine = audit_chain.public_key_text(terminal.key.public_key())
    with central.platform.sessions() as s:
        row = s.get(DeviceKey, terminal.creds.device_id)
        assert row is not None and row.public_key == mine  # registered at enrolment
    assert _put_key(terminal, mine).status_code == 200
    other = audit_chain.public_key_text(Ed25519PrivateKey.generate().public_key())
    answer = _put_key(terminal, other)
    assert answer.status_code == 409 and answer.json()["code"] == "audit.key_conflict"
    assert _put_key(terminal, "A" * 44).status_code == 422  # not a key


def test_a_terminal_enrolled_without_a_key_registers_it_once(
    central: RunningPlatform, tmp_path: Path
) -> None:
    old = _enrol(central, tmp_path / "old", with_key=False)
    try:
        old.fill(2)
        answer = _post(old, _batch(old, old.store.audit.entries()))
        assert answer.status_code == 409 and answer.json()["code"] == "audit.key_missing"
        assert old.sender().send(old.client).sent == 2  # registers its key, then sends
        assert _held(central, old.creds.device_id) == (2, 2)
    finally:
        old.client.close()
        old.store.close()


def test_a_bad_key_at_enrolment_leaves_the_code_unspent(sqlite_central: RunningPlatform) -> None:
    code = sqlite_central.platform.issue_enrolment_code("GA0101")
    answer = requests.post(
        sqlite_central.url + wire.API_PREFIX + "/enrol",
        json={"code": code, "device_public_key": "B" * 44},
        timeout=10,
    )
    assert answer.status_code == 422 and "Ed25519" in answer.json()["detail"]
    assert PlatformClient.enrol(sqlite_central.url, code).device_id


def test_the_countersigning_key_is_private_and_beside_the_sealing_key(
    sqlite_central: RunningPlatform,
) -> None:
    from central.audit import KEY_NAME

    path = Path(sqlite_central.platform.db_url.removeprefix("sqlite:///")).parent / "keys" / f"{KEY_NAME}.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert audit_chain.load_private_key(path.read_bytes())


# -- the platform's verifier -------------------------------------------------------------------------------


def _tamper_platform(platform: RunningPlatform, device_id: str, how: str) -> None:
    where = (AuditEntryRow.device_id == device_id,)
    with platform.platform.sessions.begin() as s:
        if how == "changed":
            s.execute(update(AuditEntryRow).where(*where, AuditEntryRow.seq == 3).values(actor="admin"))
        elif how == "removed":
            s.execute(delete(AuditEntryRow).where(*where, AuditEntryRow.seq == 3))
        elif how == "swapped":
            rows = {
                r.seq: r
                for r in s.scalars(select(AuditEntryRow).where(*where, AuditEntryRow.seq.in_([3, 4])))
            }
            rows[3].seq, rows[4].seq = -4, -3  # through negative seqs: (device, seq) is unique
            s.flush()
            rows[3].seq, rows[4].seq = 4, 3
        elif how == "truncated":
            s.execute(delete(AuditEntryRow).where(*where, AuditEntryRow.seq > 4))
        elif how == "countersignature forged":
            head = s.get(AuditHeadRow, device_id)
            assert head is not None
            text, lines = audit_chain.split_note(head.note)
            fake = audit_chain.sign_line(text, audit_chain.PLATFORM_SIGNER, Ed25519PrivateKey.generate())
            head.note = audit_chain.note(text, lines[0], fake)


@pytest.mark.parametrize(
    "how, expected",
    [
        ("changed", [(3, "audit.entry_changed")]),
        ("removed", [(3, "audit.entry_missing")]),
        ("swapped", [(3, "audit.entry_changed"), (4, "audit.entry_changed")]),
        ("truncated", [(6, "audit.truncated")]),
        ("countersignature forged", [(6, "audit.bad_countersignature")]),
    ],
)
def test_kiosk_central_audit_verify_finds_tampering(
    sqlite_central: RunningPlatform, tmp_path: Path, how: str, expected: list[tuple[int, str]]
) -> None:
    t = _enrol(sqlite_central, tmp_path / "home")
    try:
        t.fill(6)
        t.sender().send(t.client)
    finally:
        t.client.close()
        t.store.close()
    assert _cli_verify(sqlite_central, t.creds.device_id, tmp_path)[0] == 0
    _tamper_platform(sqlite_central, t.creds.device_id, how)
    code, result = _cli_verify(sqlite_central, t.creds.device_id, tmp_path)
    assert code == 1 and not result["ok"]
    assert [(p["seq"], p["code"]) for p in result["problems"]] == expected
    assert all(f"第 {p['seq']} 条" in p["message"] for p in result["problems"])


# -- the terminal's side of refusals -----------------------------------------------------------------------


def test_a_stale_sender_catches_up_with_the_platform(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(12)
    assert terminal.sender().send(terminal.client).sent == 12
    terminal.store.audit.set_meta(f"audit_sent:{terminal.creds.device_id}", "0")  # as if its answer was lost
    outcome = terminal.sender(batch=10).send(terminal.client)  # sends 1..10: older than the held head 12
    assert outcome.error == "" and terminal.sender().sent_seq() == 12
    assert _held(central, terminal.creds.device_id) == (12, 12)


def test_a_terminal_whose_log_was_rolled_back_is_refused_and_says_so(
    central: RunningPlatform, terminal: Terminal, tmp_path: Path
) -> None:
    terminal.fill(6)
    engine = SyncEngine(terminal.store, terminal.client, audit=terminal.sender())
    assert engine.run_once().audit_sent == 6
    terminal.store.close()
    # Someone puts back an older copy of the log (entries 5 and 6 gone) and carries on writing.
    with sqlite3.connect(terminal.home / "kiosk.db") as db:
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("DELETE FROM audit_log WHERE seq > 4")
        db.execute("DELETE FROM audit_heads WHERE seq > 4")
        db.execute("UPDATE meta SET value = '4' WHERE key LIKE 'audit_sent:%'")
    terminal.store = open_store(terminal.home)
    terminal.fill(3, actor="8002")
    engine = SyncEngine(terminal.store, terminal.client, audit=terminal.sender())
    report = engine.run_once()
    assert report.online and (report.audit_sent, report.audit_error) == (0, "audit.fork")
    assert _held(central, terminal.creds.device_id) == (6, 6)  # the platform kept the original
    assert _cli_verify(central, terminal.creds.device_id, tmp_path)[0] == 0


def test_the_terminal_finds_its_log_cut_below_the_countersigned_head(
    central: RunningPlatform, terminal: Terminal
) -> None:
    terminal.fill(6)
    terminal.sender().send(terminal.client)  # countersigned at 6
    terminal.fill(2)
    entry = terminal.store.audit.entry(8)
    assert entry is not None
    terminal.store.audit.sign_head(terminal.creds.device_id, terminal.key, entry)  # signed, not yet sent
    terminal.store.close()
    with sqlite3.connect(terminal.home / "kiosk.db") as db:
        db.execute("DROP TRIGGER audit_log_no_delete")
        db.execute("DELETE FROM audit_log WHERE seq > 4")
    terminal.store = open_store(terminal.home)
    found = [(p.seq, p.code) for p in terminal.store.audit.verify(terminal.key.public_key()).problems]
    assert found == [(8, "audit.truncated"), (6, "audit.truncated")]


def test_the_terminal_finds_a_forged_countersignature(central: RunningPlatform, terminal: Terminal) -> None:
    terminal.fill(3)
    terminal.sender().send(terminal.client)
    _signed, counter = terminal.store.audit.heads()
    assert counter is not None and counter.countersigned is not None
    text, lines = audit_chain.split_note(counter.countersigned)
    fake = audit_chain.sign_line(text, audit_chain.PLATFORM_SIGNER, Ed25519PrivateKey.generate())
    terminal.store.audit.keep_countersigned(
        counter.device_id, counter.seq, audit_chain.note(text, lines[0], fake)
    )
    found = [(p.seq, p.code) for p in terminal.store.audit.verify(terminal.key.public_key()).problems]
    assert found == [(3, "audit.bad_countersignature")]


def test_the_terminal_keeps_no_countersignature_it_cannot_verify(
    central: RunningPlatform, terminal: Terminal
) -> None:
    """The platform's audit key is pinned at its first answer; an answer signed by another key (another
    platform answering in its place) is not kept, and what it covers counts as not sent."""
    stranger = audit_chain.public_key_text(Ed25519PrivateKey.generate().public_key())
    terminal.store.audit.set_meta(audit.PLATFORM_KEY_META, stranger)
    terminal.fill(2)
    outcome = terminal.sender().send(terminal.client)
    assert (outcome.sent, outcome.error) == (0, "audit.bad_countersignature")
    assert terminal.sender().sent_seq() == 0 and terminal.store.audit.heads()[1] is None


def test_a_platform_without_the_audit_routes_does_not_stop_the_pass(tmp_path: Path) -> None:
    """A platform of an older release has no /audit routes: the outbox is delivered all the same."""
    from central.app import create_app
    from central.embedded import ServerThread
    from central.service import Platform
    from tests.central.platform_fixtures import sample_application, sample_attachments

    platform = Platform(f"sqlite:///{tmp_path / 'old.db'}", tmp_path / "blobs")
    app = create_app(platform.db_url, platform=platform)
    app.router.routes = [r for r in app.router.routes if "/audit" not in getattr(r, "path", "")]
    server = ServerThread(app).start()
    try:
        old = _enrol(RunningPlatform(platform, server, server.url), tmp_path / "home", with_key=False)
        old.store.submit(sample_application(), sample_attachments([100]), old.creds.platform_public_key)
        old.fill(1)
        report = SyncEngine(old.store, old.client, audit=old.sender()).run_once()
        assert report.online and report.delivered == 1 and report.audit_error == "audit.unsupported"
        old.client.close()
        old.store.close()
    finally:
        server.stop()
        platform.dispose()
