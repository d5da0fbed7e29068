"""Fault injection: SIGKILL the terminal process in the middle of a submit, many times.

After every kill the database must pass its integrity check, and each application is either fully
queued (manifest opens with the platform key, every attachment file present and matching) or absent;
a submit that reported success is always there. Orphan files of killed submits are cleaned up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from offline_cache import sealing
from offline_cache.store import Store

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# The child does everything a kiosk does before the submit (imports, open, capture), says "ready",
# then submits through the one code path (kiosk.submission) when told to, so kills land inside it.
# With a statement number it stops just before SQLite runs that statement of the submit (the trace
# callback is called as a statement starts), says which one, and waits there to be killed.
CHILD = """
import json, os, sys
from pathlib import Path
from drivers.card.samples import ELDER
from kiosk.submission import submit_application
from offline_cache.store import Store

home, key = Path(sys.argv[1]), sys.argv[2]
stop_at = int(sys.argv[3]) if len(sys.argv) > 3 else -1
statements = []

def trace(sql):
    statements.append(sql)
    if len(statements) - 1 == stop_at:
        print("at " + json.dumps(sql), flush=True)
        sys.stdin.readline()

class Item:
    code, name = "520900-GA-0001", "最低生活保障申请（样例）"

store = Store.open(home / "kiosk.db", home / "attachments", "GA0101")
pages = [("p%d.jpg" % i, "image/jpeg", os.urandom(400_000)) for i in range(3)]
print("ready", flush=True)
sys.stdin.readline()
store._db.conn.set_trace_callback(trace)
done = submit_application(
    store, home=home, item=Item(), form_values={"reason": "样例"}, identity=ELDER,
    materials={"hukou": pages[:2], "income": pages[2:]}, deferred=[], consent={"agreed": True},
    catalogue_version="1.0.0", platform_public_key=key,
)
store._db.conn.set_trace_callback(None)
print(json.dumps({"app_id": done.app_id, "statements": statements}), flush=True)
"""


def check_store(home: Path, private: Any) -> set[str]:
    """Everything queued is whole; returns the ids of the applications there."""
    with Store.open(home / "kiosk.db", home / "attachments", "GA0101", recover=False) as store:
        assert store.recovered_from is None and store.integrity_check() == []
        apps = {a.app_id for a in store.applications()}
        entries = store.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), limit=10_000)
        assert {e.app_id for e in entries if e.kind == "application"} == apps
        assert store.pending_count() == len(entries)
        for entry in entries:
            key = sealing.unwrap_data_key(entry.wrapped_key, private, entry.app_id)
            manifest = json.loads(sealing.open_part(key, entry.app_id, "manifest", entry.sealed_manifest))
            assert len(manifest["attachments"]) == len(entry.attachments) == 3
            for part, att in zip(manifest["attachments"], entry.attachments, strict=True):
                sealing.open_part(key, entry.app_id, part["part"], att.path.read_bytes())
        assert store.verify_attachments() == []
        store.clean_orphans(grace_s=0)
        referenced = {a.sha256 for e in entries for a in e.attachments}
        on_disk = {p.name for p in (home / "attachments").rglob("*") if p.is_file()}
        assert on_disk == referenced
    return apps


def _child(home: Path, public: str, *stop_at: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home), public, *map(str, stop_at)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _targeted_trials(home: Path, trials: int, seed: int) -> tuple[int, int]:
    pem, public = sealing.generate_platform_key()
    private = sealing.load_private_key(pem)
    rng = random.Random(seed)
    # One undisturbed run measures how long the submit takes on this machine.
    proc = _child(home, public)
    start = time.perf_counter()
    out, _ = proc.communicate("go\n", timeout=60)
    window = time.perf_counter() - start
    known = check_store(home, private)
    assert json.loads(out)["app_id"] in known
    kept = lost = 0
    for _ in range(trials):
        proc = _child(home, public)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        time.sleep(rng.uniform(0, window * 1.1))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        now = check_store(home, private)
        assert known <= now and len(now - known) <= 1
        if proc.returncode == 0:  # it finished before the kill: it must be there
            assert json.loads(out)["app_id"] in now
        kept, lost = kept + len(now - known), lost + (len(now) == len(known))
        known = now
    return kept, lost


def _kill_at_statement(home: Path, public: str, k: int) -> str | None:
    """Run a submit, stop it just before its SQL statement ``k`` runs and SIGKILL it: that statement.
    None when the submit ran fewer statements and finished."""
    proc = _child(home, public, k)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    if not line.startswith("at "):
        proc.communicate(timeout=60)
        assert proc.returncode == 0 and "app_id" in json.loads(line)
        return None
    proc.kill()
    proc.communicate(timeout=60)
    return str(json.loads(line[3:]))


def test_a_kill_before_each_statement_of_the_submit_leaves_all_or_nothing(tmp_path: Path) -> None:
    """Not kills at random moments hoping some land in the transaction: one kill before each SQL statement
    of the submit, BEGIN to COMMIT. Each leaves the store exactly as it was (a kill at the COMMIT itself
    too: it had not run); the submit that is left alone leaves its whole application."""
    pem, public = sealing.generate_platform_key()
    private = sealing.load_private_key(pem)
    killed_at: list[str] = []
    for k in range(100):
        sql = _kill_at_statement(tmp_path, public, k)
        now = check_store(tmp_path, private)
        if sql is None:
            assert len(now) == 1  # not killed: all of it
            break
        killed_at.append(sql)
        assert now == set()  # killed: none of it, and no file left behind
    assert killed_at[0] == "BEGIN IMMEDIATE" and killed_at[-1] == "COMMIT"
    assert "COMMIT" not in killed_at[:-1]  # one transaction holds everything
    for table in ("applications", "revisions", "outbox", "audit_log", "attachments"):
        assert any(sql.startswith(f"INSERT INTO {table} ") for sql in killed_at), table


@pytest.mark.slow
def test_kill_during_submit_many_trials(tmp_path: Path) -> None:
    kept, lost = _targeted_trials(tmp_path, trials=60, seed=2)
    assert kept > 0 and lost > 0  # the kills did land on both sides of the commit


@pytest.mark.slow
def test_kill_the_kiosk_submit_command_at_random_moments(tmp_path: Path) -> None:
    pem, public = sealing.generate_platform_key()
    private = sealing.load_private_key(pem)
    example = json.loads(
        subprocess.run(
            [sys.executable, "-m", "kiosk", "submit", "--example"],
            capture_output=True,
            text=True,
            env=ENV,
            check=True,
        ).stdout
    )
    example["materials"] = [{"material": "hukou", "path": f"scan{i}.jpg"} for i in range(3)]
    for i in range(3):
        (tmp_path / f"scan{i}.jpg").write_bytes(os.urandom(300_000))
    (tmp_path / "app.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    home = tmp_path / "home"
    cmd = [sys.executable, "-m", "kiosk", "--home", str(home), "submit", str(tmp_path / "app.json")]
    cmd += ["--platform-key", public, "--json"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    duration = time.perf_counter() - start
    known = check_store(home, private)
    rng = random.Random(3)
    for _ in range(25):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        time.sleep(rng.uniform(duration * 0.3, duration * 1.05))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        now = check_store(home, private)
        assert known <= now and len(now - known) <= 1
        if proc.returncode == 0:
            assert json.loads(out)["app_id"] in now
        else:
            assert proc.returncode == -signal.SIGKILL
        known = now
