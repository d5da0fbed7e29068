"""Who did what, end to end: actions at a demo terminal are recorded in its audit log (enrolment, filings by
a villager and on behalf by an agent, a supplement, receipts printed and reprinted, the administrator PIN
right, wrong and locked out, a catalogue update, a session wiped), nothing personal among them; the sync
pass sends them over HTTP to the real reference platform, and ``kiosk-central audit verify`` and
``kiosk audit verify`` both find the chain intact. Then ``kiosk enroll`` registers the device key, and
``kiosk audit verify`` names the seq of a tampered entry and leaves a damaged store as it is.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.card.samples import ELDER
from kiosk.admin_pin import MAX_TRIES, AdminPin, Outcome
from kiosk.config import load_config
from kiosk.session import CapturedPage
from kiosk.terminal import Terminal
from offline_cache import audit, audit_chain

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13907310258"  # fictional (样例)
BUNDLED = ROOT / "config" / "catalogue.json"


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    t = Terminal(load_config(None), tmp_path / "home", demo=True)
    t.start()
    try:
        yield t
    finally:
        t.stop()


def _until(condition: Callable[[], Any], timeout: float = 20.0) -> Any:
    """Background threads (printer, sync) do the work; wait for what they leave behind."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


def _file(term: Terminal, agent: str | None = None, supplement_of: str | None = None) -> Any:
    item = next(i for i in term.catalogue.items if i.short_name == "低保申请")
    session = term.new_session()
    session.item_code, session.identity, session.agent_id = item.code, ELDER, agent
    session.form_values = {"mobile": PHONE}
    session.supplement_of = supplement_of
    session.add_page(item.guide.materials[0].id, CapturedPage(b"\xff\xd8sample page\xff\xd9", 10, 10))
    session.signature_png = b"sample signature"
    try:
        return term.submit(session)
    finally:
        session.wipe()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _kinds(term: Terminal) -> list[tuple[str, str]]:
    return [(e.kind, e.actor) for e in term.store.audit.entries()]


def _publish_newer(term: Terminal, tmp_path: Path) -> str:
    data: dict[str, Any] = json.loads(BUNDLED.read_text("utf-8"))
    year, month, serial = (int(p) for p in str(data["version"]).split("."))
    data["version"] = f"{year}.{month}.{serial + 1}"
    path = tmp_path / "published.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    term.embedded_platform.platform.catalogue_path = path
    return str(data["version"])


def test_actions_at_the_terminal_reach_the_platform_as_an_intact_chain(
    term: Terminal, tmp_path: Path
) -> None:
    assert term.credentials is not None and term.sync is not None and term.print_service is not None
    device = term.credentials.device_id
    first = _file(term)
    _file(term, agent="8001")
    third = _file(term, supplement_of=first.submitted.app_id)
    _until(lambda: sum(k == "print.printed" for k, _ in _kinds(term)) == 3)
    reprint = term.print_service.reprint_last("acceptance")
    assert reprint is not None
    _until(lambda: sum(k == "print.printed" for k, _ in _kinds(term)) == 4)
    pin = AdminPin(term.home, demo=True)
    assert term.check_admin_pin(pin, "246810").outcome is Outcome.OK
    for _ in range(MAX_TRIES):
        assert term.check_admin_pin(pin, "000000").outcome is Outcome.WRONG
    assert term.audit_event("session.wiped", "system", reason="idle")
    newer = _publish_newer(term, tmp_path)
    term.sync.refresh_catalogue_now()
    # The app's own sync thread may take the newer catalogue first; either way it is replaced once.
    term.sync.run_once()
    _until(lambda: any(e.details.get("version") == newer for e in term.store.audit.entries()))

    entries = term.store.audit.entries()
    got = [(e.kind, e.actor) for e in entries]
    assert got[0] == ("terminal.enrolled", "system") and entries[0].subject == device
    # Prints and the first catalogue check run on background threads, between the filings.
    done_here = [
        e
        for e in entries[1:]
        if not e.kind.startswith("print.")
        and not (e.kind == "catalogue.replaced" and e.details.get("version") != newer)
    ]
    filings = done_here[:3]
    assert [(e.kind, e.actor) for e in filings] == [
        ("application.filed", "visitor"),
        ("application.filed", "8001"),
        ("application.supplement", "visitor"),
    ]
    assert filings[1].details["on_behalf"] is True and filings[2].subject == first.submitted.app_id
    assert sorted(e.subject for e in entries if e.kind == "print.reprinted") == [f"print:{reprint}"]
    reprinted = [e for e in entries if e.kind == "print.printed" and e.subject == f"print:{reprint}"]
    assert len(reprinted) == 1 and reprinted[0].details["reprint_of"] == third.print_job_id
    assert [(e.kind, e.actor) for e in done_here[3:]] == [
        ("admin.unlocked", "admin"),
        *[("admin.pin_failed", "visitor")] * MAX_TRIES,
        ("admin.locked_out", "system"),
        ("session.wiped", "system"),
        ("catalogue.replaced", "system"),
    ]
    assert done_here[-1].details == {"version": newer}

    # The catalogue pass above also sent the log; everything the terminal recorded is on the platform.
    assert term.sync.run_once().audit_error == ""
    last = term.store.audit.last_seq()
    platform_db = term.home / "platform" / "central.db"
    verified = _cli(
        "-m", "central.cli", "audit", "verify", "--terminal", device, "--json",
        "--db", f"sqlite:///{platform_db}", "--blobs", str(term.home / "platform" / "blobs"),
        cwd=tmp_path,
    )  # fmt: skip
    result = json.loads(verified.stdout)
    assert verified.returncode == 0 and result["ok"] and result["entries"] == result["head_seq"] == last
    local = _cli("-m", "kiosk", "--home", str(term.home), "audit", "verify", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    assert f"共 {last} 条" in local.stdout and f"平台副签至第 {last} 条" in local.stdout

    # Nothing personal in either copy of the log.
    secrets = [ELDER.name, ELDER.id_number, ELDER.address, PHONE]
    for db in (term.home / "kiosk.db", platform_db):
        with sqlite3.connect(db) as conn:
            table = "audit_log" if db.name == "kiosk.db" else "audit_entries"
            rows = " ".join(str(r) for r in conn.execute(f"SELECT * FROM {table}"))
        assert rows and [s for s in secrets if s in rows] == []


def test_kiosk_enroll_registers_the_device_key(tmp_path: Path) -> None:
    from tests.central.platform_fixtures import start_platform

    running = start_platform(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central")
    try:
        code = running.platform.issue_enrolment_code("GA0101")
        home = tmp_path / "home"
        done = _cli("-m", "kiosk", "--home", str(home), "enroll", running.url, code, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        key = audit.device_key(home, make=False)
        assert key is not None and audit.key_path(home).stat().st_mode & 0o777 == 0o600
        device = running.platform.devices()[0]["device_id"]
        from central.models import DeviceKey

        with running.platform.sessions() as s:
            row = s.get(DeviceKey, device)
        assert row is not None and row.public_key == audit_chain.public_key_text(key.public_key())
        from tests.central.platform_fixtures import open_store

        with open_store(home) as store:
            assert [(e.kind, e.actor, e.subject) for e in store.audit.entries()] == [
                ("terminal.enrolled", "admin", device)
            ]
        synced = _cli("-m", "kiosk", "--home", str(home), "sync", "--once", "--json", cwd=tmp_path)
        report = json.loads(synced.stdout)
        assert synced.returncode == 0 and report["catalogue"] == "replaced", synced.stderr
        assert (report["audit_sent"], report["audit_error"]) == (2, "")  # the enrolment, the catalogue
        with open_store(home) as store:
            assert [e.kind for e in store.audit.entries()] == ["terminal.enrolled", "catalogue.replaced"]
    finally:
        running.stop()


def test_kiosk_audit_verify_names_the_tampered_entry(tmp_path: Path) -> None:
    term = Terminal(load_config(None), tmp_path / "home", demo=True)
    term.start()
    try:
        for i in range(5):
            term.audit_event("print.printed", "system", f"print:{i}", document="acceptance")
        assert term.sync is not None and term.sync.run_once().audit_error == ""
    finally:
        term.stop()
    with sqlite3.connect(term.home / "kiosk.db") as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute("UPDATE audit_log SET actor = 'admin' WHERE seq = 3")
    human = _cli("-m", "kiosk", "--home", str(term.home), "audit", "verify", cwd=tmp_path)
    assert human.returncode == 1 and "审计日志第 3 条被改动过" in human.stderr
    machine = _cli("-m", "kiosk", "--home", str(term.home), "audit", "verify", "--json", cwd=tmp_path)
    body = json.loads(machine.stdout)
    assert machine.returncode == 1 and not body["ok"] and body["signatures_checked"]
    assert [(p["seq"], p["code"]) for p in body["problems"]] == [(3, "audit.entry_changed")]


def test_kiosk_audit_verify_leaves_a_damaged_store_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "kiosk.db").write_bytes(b"this is not a database")
    done = _cli("-m", "kiosk", "--home", str(home), "audit", "verify", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (home / "kiosk.db").read_bytes() == b"this is not a database"
    assert not list(home.glob("kiosk.db.corrupt-*"))
