"""A terminal upgraded from the HMAC applicant keys keeps finding its villagers' applications by card:
the old secret carries over, a card read re-keys that person's rows to argon2id, and the masked ID numbers
older versions stored are gone. Also raising the parameters later (a second generation)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import os
from pathlib import Path

from drivers.card.samples import ELDER, FARMER
from kiosk.config import load_config
from kiosk.submission import submit_application
from kiosk.terminal import Terminal
from offline_cache import sealing
from offline_cache.db import connect, migrations, utc_text, write_transaction
from offline_cache.store import Store


@dataclasses.dataclass(frozen=True)
class Item:
    code: str = "520900-GA-0001"
    name: str = "最低生活保障申请（样例）"


def _older_terminal(home: Path) -> tuple[bytes, str]:
    """What a terminal of the previous version holds: the raw secret file, and one application of ELDER's
    keyed with HMAC-SHA256 and stored with four plus four digits of the ID number in clear."""
    secret = os.urandom(32)
    (home / "secrets").mkdir(parents=True, mode=0o700)
    (home / "secrets" / "applicant_key").write_bytes(secret)
    old_key = hmac.new(secret, ELDER.id_number.encode(), hashlib.sha256).hexdigest()
    db = connect(home / "kiosk.db")
    with write_transaction(db):
        migrations.apply(db, stop_before="0004_slow_applicant_keys")  # the schema that version had
        at = utc_text(dt.datetime(2026, 11, 27, 2, tzinfo=dt.UTC))
        db.execute(
            "INSERT INTO applications (app_id, applicant_key, item_code, item_name, masked_name, masked_id,"
            " local_receipt_no, created_at, latest_revision, status, status_at)"
            " VALUES ('A1', ?, '520900-GA-0001', '低保申请（样例）', '杨*例', ?, 'GA0101-20261127-0001', ?, 1,"
            " 'accepted', ?)",
            [old_key, ELDER.id_number[:4] + "*" * 10 + ELDER.id_number[-4:], at, at],
        )
    db.close()
    return secret, old_key


def test_an_upgraded_terminal_finds_old_applications_by_card_and_rekeys_them(tmp_path: Path) -> None:
    home = tmp_path / "home"
    secret, old_key = _older_terminal(home)
    term = Terminal(load_config(None), home)
    try:
        [row] = term.store.applications()
        assert row.masked_id == ""  # the digits the older version kept are gone at the first start
        assert term.store.applicant_key_schemes() == {"hmac"}
        assert term.applications_for(FARMER) == []  # another villager's card finds nothing
        [found] = term.applications_for(ELDER)
        assert found.app_id == "A1"
        assert term.store.applicant_key_schemes() == {"a2id-1"}  # re-keyed: no HMAC key left
        assert [a.app_id for a in term.store.applications(term.applicant_key(ELDER))] == ["A1"]
        assert term.store.applications(f"hmac:{old_key}") == []
        stored = json.loads((home / "secrets" / "applicant_key.json").read_text())
        assert bytes.fromhex(stored["secret"]) == secret  # carried over, and the raw file is gone
        assert not (home / "secrets" / "applicant_key").exists()
    finally:
        term.stop()
    db = (home / "kiosk.db").read_bytes()
    assert old_key.encode() not in db and ELDER.id_number[-4:].encode() + b"'" not in db


def test_raised_parameters_key_new_applications_and_rekey_old_ones_on_the_next_card(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _pem, public = sealing.generate_platform_key()
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101") as store:
        submitted = submit_application(
            store,
            home=home,
            item=Item(),
            form_values={"household_size": 2},
            identity=ELDER,
            materials={},
            deferred=[],
            consent={"agreed": True},
            catalogue_version="1.0.0",
            platform_public_key=public,
        )
        assert store.applicant_key_schemes() == {"a2id-1"}
    path = home / "secrets" / "applicant_key.json"
    body = json.loads(path.read_text())
    body["generations"].append({**body["generations"][0], "generation": 2, "time_cost": 4})
    path.write_text(json.dumps(body))  # the installer raises the cost
    term = Terminal(load_config(None), home)
    try:
        assert term.applicant_key(ELDER).startswith("a2id-2:")
        assert [a.app_id for a in term.applications_for(ELDER)] == [submitted.app_id]
        assert term.store.applicant_key_schemes() == {"a2id-2"}
    finally:
        term.stop()
