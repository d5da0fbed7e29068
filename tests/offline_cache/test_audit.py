"""The terminal's audit log: a hash chain in the store, written with the filing it records, nothing personal
in it, and a verifier that finds each kind of tampering (changed, removed, swapped, cut below a signed
head, a forged head signature), each by its seq.

Tampering is done the way someone with the database file would: with sqlite3, after dropping the
triggers that keep the code append-only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from drivers.card.samples import ELDER
from offline_cache import audit, audit_chain, redaction, sealing
from offline_cache.audit import AuditEntryRefused
from offline_cache.errors import StoreError
from offline_cache.store import Store
from tests.central.platform_fixtures import sample_application, sample_attachments

PHONE = "13907310258"  # fictional (样例)
DEVICE = "5d1c0e7a-0000-4000-8000-000000000001"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _open(home: Path) -> Store:
    return Store.open(home / "kiosk.db", home / "attachments", "GA0101")


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    s = _open(home)
    yield s
    s.close()


def _fill(store: Store, n: int = 8) -> None:
    kinds = ["agent.login", "print.printed", "session.wiped", "admin.unlocked"]
    for i in range(n):
        store.audit.record(kinds[i % len(kinds)], "8001" if i % 2 else "system", f"print:{i}", {"n": i})


def _tamper(home: Path, *sql: str) -> None:
    with sqlite3.connect(home / "kiosk.db") as db:
        db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        db.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in sql:
            db.execute(statement)


def _found(report: audit.VerifyReport) -> list[tuple[int, str]]:
    return [(p.seq, p.code) for p in report.problems]


def test_entries_form_a_chain_and_say_who_did_what(store: Store) -> None:
    first = store.audit.record("agent.login", "8001")
    second = store.audit.record("session.wiped", "system", details={"reason": "idle"})
    assert (first.seq, first.prev_hash) == (1, audit_chain.GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.hash == audit_chain.hash_of(second)
    assert [(e.kind, e.actor, dict(e.details)) for e in store.audit.entries()] == [
        ("agent.login", "8001", {}),
        ("session.wiped", "system", {"reason": "idle"}),
    ]
    assert store.audit.verify(None).ok


@pytest.mark.parametrize(
    "subject, details",
    [
        ("", {"note": ELDER.id_number}),
        ("", {"note": f"电话{PHONE}"}),
        (ELDER.id_number, {}),
        ("", {"note": ELDER.id_number[:6] + ELDER.id_number[8:17]}),  # the old 15-digit form
    ],
)
def test_personal_data_is_refused(store: Store, subject: str, details: dict[str, Any]) -> None:
    with pytest.raises(AuditEntryRefused) as err:
        store.audit.record("agent.login", "8001", subject, details)
    assert err.value.code == "audit.entry_refused"
    assert ELDER.id_number not in str(err.value) and PHONE not in str(err.value)
    assert store.audit.last_seq() == 0


def test_a_visitors_name_is_refused_while_a_session_holds_it(store: Store) -> None:
    redaction.hold_name(ELDER.name)
    try:
        with pytest.raises(AuditEntryRefused):
            store.audit.record("session.wiped", "visitor", details={"reason": f"{ELDER.name}走了"})
    finally:
        redaction.drop_name(ELDER.name)
    with pytest.raises(AuditEntryRefused):
        store.audit.record("no.such_kind", "system")
    with pytest.raises(AuditEntryRefused):
        store.audit.record("agent.login", ELDER.name)  # an actor is a role or an agent number


def test_the_code_cannot_change_or_remove_an_entry(store: Store, home: Path) -> None:
    _fill(store, 3)
    with sqlite3.connect(home / "kiosk.db") as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE audit_log SET actor = 'admin' WHERE seq = 2")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM audit_log WHERE seq = 3")


def _submit(store: Store, **over: Any) -> Any:
    _pem, public = sealing.generate_platform_key()
    return store.submit(sample_application(**over), sample_attachments([300]), public)


def test_a_filing_is_recorded_in_its_own_transaction(store: Store, home: Path) -> None:
    done = _submit(store)
    on_behalf = _submit(store, agent_id="8001")
    supplement = _submit(store, app_id=done.app_id)
    got = [(e.kind, e.actor, e.subject, dict(e.details)) for e in store.audit.entries()]
    assert got == [
        (
            "application.filed",
            "visitor",
            done.app_id,
            {"revision": 1, "item": "520900-GA-0001", "receipt": done.local_receipt_no},
        ),
        (
            "application.filed",
            "8001",
            on_behalf.app_id,
            {
                "revision": 1,
                "item": "520900-GA-0001",
                "receipt": on_behalf.local_receipt_no,
                "on_behalf": True,
            },
        ),
        (
            "application.supplement",
            "visitor",
            done.app_id,
            {"revision": 2, "item": "520900-GA-0001", "receipt": supplement.local_receipt_no},
        ),
    ]
    # When the audit entry cannot be written, the filing is not there either (one transaction).
    with sqlite3.connect(home / "kiosk.db") as db:
        db.execute("CREATE TRIGGER no_more BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'full'); END")
    pending = store.pending_count()
    with pytest.raises(StoreError):
        _submit(store)
    assert store.pending_count() == pending and len(store.applications()) == 2


def test_an_agent_id_the_log_refuses_stops_the_filing_before_anything_is_written(store: Store) -> None:
    with pytest.raises(AuditEntryRefused):
        _submit(store, agent_id="代办员 张")
    assert store.pending_count() == 0 and store.audit.last_seq() == 0


# -- the verifier, tampered each way ----------------------------------------------------------------------


def _signed(store: Store, key: Ed25519PrivateKey, seq: int) -> None:
    entry = store.audit.entry(seq)
    assert entry is not None
    store.audit.sign_head(DEVICE, key, entry)


def _rehash(home: Path, seq: int) -> str:
    """SQL that rewrites entry ``seq``'s hash to match its changed content (a careful attacker)."""
    with sqlite3.connect(home / "kiosk.db") as db:
        row = db.execute(
            "SELECT seq, at, kind, actor, subject, details, prev_hash FROM audit_log WHERE seq = ?", [seq]
        ).fetchone()
    digest = audit_chain.entry_hash(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6])
    return f"UPDATE audit_log SET hash = '{digest}' WHERE seq = {seq}"


SWAP = [
    "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE seq IN (3, 4)",
    "DELETE FROM audit_log WHERE seq IN (3, 4)",
    "INSERT INTO audit_log SELECT 7 - seq, at, kind, actor, subject, details, prev_hash, hash FROM t",
]


@pytest.mark.parametrize(
    "how, sql, expected",
    [
        (
            "field changed",
            ["UPDATE audit_log SET actor = 'admin' WHERE seq = 3"],
            [(3, "audit.entry_changed")],
        ),
        (
            "details changed",
            ["UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = 5"],
            [(5, "audit.entry_changed")],
        ),
        (
            "time changed",
            ["UPDATE audit_log SET at = replace(at, '20', '19') WHERE seq = 2"],
            [(2, "audit.entry_changed")],
        ),
        ("entry removed", ["DELETE FROM audit_log WHERE seq = 3"], [(3, "audit.entry_missing")]),
        ("first entry removed", ["DELETE FROM audit_log WHERE seq = 1"], [(1, "audit.entry_missing")]),
        ("two entries swapped", SWAP, [(3, "audit.entry_changed"), (4, "audit.entry_changed")]),
    ],
)
def test_verify_finds_a_changed_removed_or_reordered_entry(
    store: Store, home: Path, how: str, sql: list[str], expected: list[tuple[int, str]]
) -> None:
    _fill(store)
    assert store.audit.verify(None).ok
    store.close()
    _tamper(home, *sql)
    with _open(home) as again:
        assert _found(again.audit.verify(None)) == expected, how


def test_verify_finds_a_changed_entry_whose_hash_was_made_to_match(store: Store, home: Path) -> None:
    _fill(store)
    store.close()
    _tamper(home, "UPDATE audit_log SET kind = 'agent.logout' WHERE seq = 3")
    _tamper(home, _rehash(home, 3))
    with _open(home) as again:
        assert _found(again.audit.verify(None)) == [(4, "audit.chain_broken")]


def test_verify_finds_the_tail_cut_below_the_signed_head(store: Store, home: Path) -> None:
    key = Ed25519PrivateKey.generate()
    _fill(store)
    _signed(store, key, 6)
    assert store.audit.verify(key.public_key()).ok
    store.close()
    _tamper(home, "DELETE FROM audit_log WHERE seq > 4")  # a rollback: entries 5.. are gone
    with _open(home) as again:
        report = again.audit.verify(key.public_key())
        assert _found(report) == [(6, "audit.truncated")] and report.signed_seq == 6


def test_verify_finds_the_tail_cut_and_rewritten_below_the_signed_head(store: Store, home: Path) -> None:
    key = Ed25519PrivateKey.generate()
    _fill(store, 6)
    _signed(store, key, 6)
    store.close()
    _tamper(home, "DELETE FROM audit_log WHERE seq > 4")
    with _open(home) as again:
        again.audit.record("agent.login", "8002")
        again.audit.record("agent.login", "8002")  # a new entry 6, chained properly after the cut
        assert _found(again.audit.verify(key.public_key())) == [(6, "audit.head_mismatch")]


@pytest.mark.parametrize("forge", ["other key", "other head"])
def test_verify_finds_a_forged_head_signature(store: Store, home: Path, forge: str) -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _fill(store)
    _signed(store, key, 5)
    entry = store.audit.entry(5)
    assert entry is not None
    if forge == "other key":
        text = audit_chain.checkpoint(DEVICE, 5, entry.hash)
        note = audit_chain.note(text, audit_chain.sign_line(text, audit_chain.device_signer(DEVICE), other))
    else:  # a signature made for another head, put on this one
        wrong = store.audit.entry(4)
        assert wrong is not None
        text = audit_chain.checkpoint(DEVICE, 4, wrong.hash)
        note = audit_chain.note(text, audit_chain.sign_line(text, audit_chain.device_signer(DEVICE), key))
    store.close()
    _tamper(home, f"UPDATE audit_heads SET note = '{note}' WHERE seq = 5")
    with _open(home) as again:
        assert _found(again.audit.verify(key.public_key())) == [(5, "audit.bad_signature")]


def test_the_device_key_is_private_and_made_once(home: Path) -> None:
    first = audit.device_key(home)
    second = audit.device_key(home)
    assert first is not None and second is not None
    assert audit_chain.public_key_text(first.public_key()) == audit_chain.public_key_text(second.public_key())
    path = audit.key_path(home)
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    assert audit.device_key(home / "elsewhere", make=False) is None
    path.write_bytes(b"not a key")
    with pytest.raises(audit.AuditKeyUnavailable):
        audit.device_key(home)
