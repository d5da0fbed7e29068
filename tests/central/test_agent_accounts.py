"""Agent accounts end to end: made with ``kiosk-central agents`` in its own process, pulled by a terminal
over HTTP (ETag), checked at login on the terminal with the lockout in its database (kiosk/agents.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk import agents
from offline_cache.platform_client import PlatformClient
from tests.central.platform_fixtures import RunningPlatform, open_store

ROOT = Path(__file__).resolve().parents[2]
PIN, NEW_PIN = "135790", "246813"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_HOME", "KIOSK_CENTRAL_DB")}
    env.update(PYTHONPATH=str(ROOT), KIOSK_CONFIG=os.devnull)
    return env


def agents_cli(db: str, *args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central.cli", "agents", *args, "--db", db]
        + (["--pin-stdin"] if pin is not None else []),
        input=(pin + "\n") if pin is not None else None,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_agent(db: str, number: str = "8001", station: str = "GA0101", pin: str = PIN) -> None:
    done = agents_cli(
        db, "add", number, "--name", "王小红", "--station", station, "--village", "样例村", pin=pin
    )
    assert done.returncode == 0, done.stderr


def terminal_side(central: RunningPlatform, tmp_path: Path, station: str = "GA0101") -> tuple[Any, Any]:
    store = open_store(tmp_path / "term", station)
    return store, PlatformClient(central.enrol(station))


def test_accounts_reach_the_station_terminal_and_a_disable_or_reset_takes_effect_at_the_next_sync(
    central: RunningPlatform, tmp_path: Path
) -> None:
    db = central.platform.db_url
    add_agent(db)
    add_agent(db, "8002", station="GA0202")  # another station's agent
    store, client = terminal_side(central, tmp_path)
    assert store.agents.all() == []  # never synced: no agents
    with pytest.raises(agents.NoAgents):
        agents.login(store.agents, "8001", PIN)
    assert store.agents.refresh(client) == "replaced"
    kept = store.agents.all()
    assert [a.number for a in kept] == ["8001"] and kept[0].villages == ("样例村",)
    assert kept[0].pin_verifier.startswith("$argon2id$") and PIN not in kept[0].pin_verifier
    assert agents.login(store.agents, "8001", PIN).masked == "8001 王*"
    assert store.agents.refresh(client) == "unchanged"  # If-None-Match: 304

    assert agents_cli(db, "disable", "8001").returncode == 0
    assert store.agents.refresh(client) == "replaced"
    with pytest.raises(agents.AgentDisabled):
        agents.login(store.agents, "8001", PIN)
    assert not agents.still_allowed(store.agents, "8001")

    assert agents_cli(db, "enable", "8001").returncode == 0
    assert agents_cli(db, "reset-pin", "8001", pin=NEW_PIN).returncode == 0
    store.agents.refresh(client)
    with pytest.raises(agents.WrongPin):
        agents.login(store.agents, "8001", PIN)
    assert agents.login(store.agents, "8001", NEW_PIN).number == "8001"
    listed = agents_cli(db, "list", "--json")
    assert '"8002"' in listed.stdout and "pin_verifier" not in listed.stdout and PIN not in listed.stdout
    store.close()


def test_the_cli_refuses_weak_pins_and_taken_numbers_with_a_code(sqlite_central: RunningPlatform) -> None:
    db = sqlite_central.platform.db_url
    for weak in ("1234", "111111", "123456", "98765x"):
        done = agents_cli(db, "add", "8001", "--name", "王小红", "--station", "GA0101", pin=weak)
        assert done.returncode == 1 and "agent.invalid" in done.stderr, weak
    assert sqlite_central.platform.agents.list_all() == []
    add_agent(db)
    again = agents_cli(db, "add", "8001", "--name", "李四", "--station", "GA0101", pin=PIN)
    assert again.returncode == 1 and "agent.exists" in again.stderr
    assert agents_cli(db, "disable", "9999").returncode == 1


def test_the_directory_needs_a_device_token(sqlite_central: RunningPlatform) -> None:
    resp = requests.get(sqlite_central.url + "/api/v1/agents", timeout=10)
    assert resp.status_code == 401 and resp.json()["code"] == "auth.invalid"


def test_wrong_pins_lock_with_a_growing_delay_that_survives_a_restart(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    from offline_cache.store import Store

    add_agent(sqlite_central.platform.db_url)
    home = tmp_path / "term"
    now = dt.datetime.now(dt.UTC)

    def store_at(at: dt.datetime) -> Any:  # a start of the app whose clock says ``at``
        return Store.open(home / "kiosk.db", home / "attachments", "GA0101", clock=lambda: at)

    store = store_at(now)
    store.agents.refresh(PlatformClient(sqlite_central.enrol("GA0101")))
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(agents.WrongPin) as wrong:
            agents.login(store.agents, "8001", "000001")
        assert wrong.value.tries_left == tries_left and wrong.value.locked_for == 0
    with pytest.raises(agents.WrongPin) as fifth:
        agents.login(store.agents, "8001", "000001")
    assert fifth.value.locked_for == agents.LOCK_S
    with pytest.raises(agents.AgentLocked):  # even the right PIN, while locked
        agents.login(store.agents, "8001", PIN)
    store.close()

    store = store_at(now + dt.timedelta(seconds=30))  # the app restarted: the lock is in the database
    with pytest.raises(agents.AgentLocked) as locked:
        agents.login(store.agents, "8001", PIN)
    assert locked.value.seconds == pytest.approx(30)
    store.close()
    later = now + dt.timedelta(seconds=61)
    store = store_at(later)
    with pytest.raises(agents.WrongPin) as sixth:  # one more wrong: locked twice as long
        agents.login(store.agents, "8001", "000001")
    assert sixth.value.locked_for == 2 * agents.LOCK_S
    store.close()
    store = store_at(later + dt.timedelta(seconds=121))
    assert agents.login(store.agents, "8001", PIN).number == "8001"
    assert store.agents.get("8001").failures == 0  # type: ignore[union-attr]
    store.close()


def test_a_verifier_too_costly_for_the_terminal_is_refused_and_the_old_accounts_kept(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from central.models import AgentAccount

    add_agent(sqlite_central.platform.db_url)
    store, client = terminal_side(sqlite_central, tmp_path)
    assert store.agents.refresh(client) == "replaced"
    good = store.agents.get("8001").pin_verifier  # type: ignore[union-attr]
    costly = good.replace("m=65536", "m=8000000")
    with sqlite_central.platform.sessions.begin() as s:
        s.execute(update(AgentAccount).values(pin_verifier=costly, updated_at=dt.datetime.now(dt.UTC)))
    assert store.agents.refresh(client) == "rejected"
    assert store.agents.get("8001").pin_verifier == good  # type: ignore[union-attr]
    store.close()


def test_a_local_first_boot_account_and_the_platform_account_that_replaces_it(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    home = tmp_path / "term"
    env = {**_env(), "KIOSK_HOME": str(home)}
    made = subprocess.run(
        [sys.executable, "-m", "kiosk", "agent", "add", "8001", "--name", "赵本地", "--pin-stdin"],
        input="975310\n", env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    weak = subprocess.run(
        [sys.executable, "-m", "kiosk", "agent", "add", "8003", "--name", "钱", "--pin-stdin"],
        input="000000\n", env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert weak.returncode == 1 and "agent.invalid" in weak.stderr
    store = open_store(home)
    assert [(a.number, a.local) for a in store.agents.all()] == [("8001", True)]
    assert agents.login(store.agents, "8001", "975310").local
    add_agent(sqlite_central.platform.db_url)
    store.agents.refresh(PlatformClient(sqlite_central.enrol("GA0101")))
    assert [(a.number, a.local, a.name) for a in store.agents.all()] == [("8001", False, "王小红")]
    with pytest.raises(agents.WrongPin):
        agents.login(store.agents, "8001", "975310")
    store.close()


def test_a_filing_by_an_agent_disabled_before_it_was_filed_is_accepted_and_flagged(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    from offline_cache.sync import SyncEngine
    from tests.central.platform_fixtures import sample_application, sample_attachments

    db = sqlite_central.platform.db_url
    add_agent(db)
    add_agent(db, "8002")
    creds = sqlite_central.enrol("GA0101")
    store, client = open_store(tmp_path / "term"), PlatformClient(creds)
    store.agents.refresh(client)
    consent = {"version": "2026.12-1", "sha256": "ab" * 32, "presence": "id_card"}
    fine = store.submit(
        sample_application(agent_id="8002", consent=dict(consent)),
        sample_attachments([10]),
        creds.platform_public_key,
    )
    assert agents_cli(db, "disable", "8001").returncode == 0  # the terminal, offline, does not know yet
    late = store.submit(
        sample_application(agent_id="8001", consent=dict(consent), applicant_key="k2"),
        sample_attachments([10], seed=1),
        creds.platform_public_key,
    )
    report = SyncEngine(store, client).run_once()
    assert report.delivered == 2 and report.failed == 0  # accepted, both
    filings = {f["app_id"]: f for f in sqlite_central.platform.agents.filings()}
    assert filings[fine.app_id]["agent_flag"] == "" and filings[late.app_id]["agent_flag"] == "agent_disabled"
    assert (
        filings[late.app_id]["consent_sha256"] == "ab" * 32 and filings[late.app_id]["presence"] == "id_card"
    )
    store.close()
