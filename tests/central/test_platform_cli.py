"""The command lines end to end, as separate processes: ``kiosk-central serve`` / ``enrolment-code`` /
``applications list`` / ``set-status`` / ``openapi`` and the terminal's ``kiosk enroll`` / ``kiosk sync --once``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_cache.credentials import credentials_path, load_credentials, save_credentials
from tests.central.platform_fixtures import (
    RunningPlatform,
    free_port,
    open_store,
    sample_application,
    sample_attachments,
    serve_process,
)

ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_HOME", "KIOSK_CENTRAL_DB")}
    env.update(PYTHONPATH=str(ROOT), KIOSK_CONFIG=os.devnull)
    if home is not None:
        env["KIOSK_HOME"] = str(home)
    return env


def central_cli(*args: str, db: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central.cli", *args, "--db", db],
        env=_env(),
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )


def kiosk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], env=_env(home), capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    proc, url = serve_process(db_url, tmp_path / "blobs", _env(), stderr=subprocess.PIPE)
    try:
        yield url, db_url
    finally:
        proc.terminate()
        proc.wait(15)
        assert proc.stderr is not None
        proc.stderr.close()


def test_enrol_submit_sync_and_move_status_through_the_command_lines(
    served: tuple[str, str], tmp_path: Path
) -> None:
    url, db = served
    home = tmp_path / "terminal"
    code = central_cli("enrolment-code", "--station", "GA0101", "--code-only", db=db).stdout.strip()
    enrolled = kiosk(home, "enroll", url, code)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "注册成功" in enrolled.stdout
    mode = stat.S_IMODE(credentials_path(home).stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE(credentials_path(home).parent.stat().st_mode) == 0o700
    creds = load_credentials(home)
    assert creds is not None and creds.url == url and creds.station_code == "GA0101"
    assert creds.token not in enrolled.stdout  # the token is never printed
    again = kiosk(home, "enroll", url, code)
    assert again.returncode == 1 and "注册码无效" in again.stderr

    with open_store(home) as store:
        app = store.submit(sample_application(), sample_attachments([150_000]), creds.platform_public_key)
    synced = kiosk(home, "sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["delivered"] == 1

    listed = json.loads(central_cli("applications", "list", "--json", db=db).stdout)
    assert [(a["app_id"], a["status"], a["station_code"]) for a in listed] == [
        (app.app_id, "received", "GA0101")
    ]

    moved = central_cli(
        "set-status",
        app.app_id,
        "needs_supplement",
        "--reason",
        "缺少收入证明（样例）",
        "--missing",
        "income",
        "bank",
        db=db,
    )
    change = json.loads(moved.stdout)
    assert change["status"] == "needs_supplement" and change["missing_materials"] == ["income", "bank"]
    bad = central_cli("set-status", app.app_id, "lost", db=db, check=False)
    assert bad.returncode == 1 and "status.invalid" in bad.stderr
    missing = central_cli("set-status", "no-such-id", "accepted", db=db, check=False)
    assert missing.returncode == 1 and "platform.not_found" in missing.stderr

    synced = kiosk(home, "sync", "--once", "--json")
    assert json.loads(synced.stdout)["status_changes"] == 1
    with open_store(home) as store:
        summary = store.application(app.app_id)
        assert summary is not None and summary.status == "needs_supplement"
        assert summary.platform_receipt_no == listed[0]["platform_receipt_no"]


def test_sync_once_exit_codes(tmp_path: Path) -> None:
    home = tmp_path / "terminal"
    not_enrolled = kiosk(home, "sync", "--once")
    assert not_enrolled.returncode == 4 and "尚未注册" in not_enrolled.stderr
    dead = f"http://127.0.0.1:{free_port()}"
    assert kiosk(home, "enroll", dead, "ABC-DEF-123").returncode == 3


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_openapi_is_published(db_url: str) -> None:
    spec = json.loads(central_cli("openapi", db=db_url).stdout)
    paths = set(spec["paths"])
    for route in (
        "enrol",
        "ping",
        "catalogue",
        "uploads",
        "uploads/{upload_id}",
        "applications/{app_id}",
        "status-feed",
        "ratings",
        "heartbeat",
    ):
        assert f"/api/v1/{route}" in paths
    assert "HTTPBearer" in json.dumps(spec["components"]["securitySchemes"])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_housekeeping_command_reports_what_it_removed(db_url: str) -> None:
    out = json.loads(central_cli("housekeeping", db=db_url).stdout)
    assert out == {"partial_uploads": 0, "finished_uploads": 0, "blobs": 0, "heartbeats": 0}


def test_kiosk_sync_runs_until_sigterm(sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    import signal

    home = tmp_path / "terminal"
    creds = sqlite_central.enrol()
    save_credentials(home, creds)
    with open_store(home) as store:
        store.submit(sample_application(), sample_attachments([10_000]), creds.platform_public_key)
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "sync"], env=_env(home), stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 60
            while store.pending_count() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert store.pending_count() == 0
            assert proc.poll() is None
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(15)
            assert proc.stderr is not None
            proc.stderr.close()
    assert code == 0


def test_terminals_are_listed_revoked_and_replaced_from_the_command_line(
    served: tuple[str, str], tmp_path: Path
) -> None:
    url, db = served
    home = tmp_path / "terminal"
    code = central_cli("enrolment-code", "--station", "GA0101", "--code-only", db=db).stdout.strip()
    assert kiosk(home, "enroll", url, code, "--name", "样例村便民服务站").returncode == 0
    creds = load_credentials(home)
    assert creds is not None
    [row] = json.loads(central_cli("terminals", "list", "--json", db=db).stdout)
    assert (row["device_id"], row["station_code"], row["name"], row["revoked_at"]) == (
        creds.device_id,
        "GA0101",
        "样例村便民服务站",
        None,
    )
    assert row["enrolled_at"] and row["last_seen_at"] is None
    assert creds.device_id in central_cli("terminals", "list", db=db).stdout

    with open_store(home) as store:
        store.submit(sample_application(), sample_attachments([1000]), creds.platform_public_key)
    other = central_cli(
        "enrolment-code", "--station", "GA0102", "--replaces", creds.device_id, db=db, check=False
    )
    assert other.returncode == 1 and "platform.unprocessable" in other.stderr
    unknown = central_cli("terminals", "revoke", "no-such-terminal", db=db, check=False)
    assert unknown.returncode == 1 and "platform.not_found" in unknown.stderr
    revoked = central_cli("terminals", "revoke", creds.device_id, db=db)
    assert creds.device_id in revoked.stdout
    synced = kiosk(home, "sync", "--once", "--json")
    assert synced.returncode == 3 and json.loads(synced.stdout)["error"] == "sync.revoked"
    assert "本终端已停用，请联系管理员" in kiosk(home, "sync", "--once").stdout
    with open_store(home) as store:
        assert store.pending_count() == 1  # nothing lost, nothing marked

    # The terminal is replaced: the new one, enrolled on the same home, inherits and delivers.
    code = central_cli(
        "enrolment-code", "--station", "GA0101", "--replaces", creds.device_id, "--code-only", db=db
    )
    assert kiosk(home, "enroll", url, code.stdout.strip()).returncode == 0
    synced = kiosk(home, "sync", "--once", "--json")
    assert synced.returncode == 0 and json.loads(synced.stdout)["delivered"] == 1
    rows = {r["device_id"]: r for r in json.loads(central_cli("terminals", "list", "--json", db=db).stdout)}
    assert rows[creds.device_id]["revoked_at"] and len(rows) == 2
