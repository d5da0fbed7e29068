"""Kill -9 the ``kiosk sync`` process at random moments while it delivers a full outbox, restart, repeat.

Afterwards the platform holds every application exactly once with byte-identical attachments, and the
terminal's outbox is empty. The figures (trials, kills, lost, duplicated) are printed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from central.models import Upload
from offline_cache.credentials import save_credentials
from tests.central.platform_fixtures import (
    RunningPlatform,
    delivery_check,
    open_store,
    sample_application,
    sample_attachments,
)

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_HOME")}
    return {**env, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": os.devnull}


def _sync(home: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "--home", str(home), "sync", "--chunk-mb", "0.5", *extra]


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_kill_9_during_delivery_loses_nothing_and_duplicates_nothing(
    central: RunningPlatform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    creds = central.enrol()
    save_credentials(home, creds)
    rng = random.Random(2026)
    expected: dict[str, int] = {}
    with open_store(home) as store:
        for i in range(120):
            sizes = [rng.randint(10_000, 120_000)]
            if i % 25 == 0:
                sizes.append(rng.randint(2_000_000, 4_000_000))  # a multi-megabyte scan
            app = store.submit(
                sample_application(), sample_attachments(sizes, seed=i), creds.platform_public_key
            )
            expected[app.app_id] = 1
        for i in range(10):
            store.submit_rating({"level": 1 + i % 5, "reasons": ["样例"] if i % 5 < 2 else []})
        total = store.pending_count()

    kills, started, deadline = 0, 0, time.monotonic() + 240
    pending_at_kill: list[int] = []
    with open_store(home) as store:
        while store.pending_count() and time.monotonic() < deadline and kills < 30:
            proc = subprocess.Popen(
                _sync(home), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            started += 1
            # Kill after a random amount of progress (0-12 entries delivered by this process) plus a
            # random few milliseconds, so the kills land inside delivery on a fast machine or a slow one.
            before, target, t0 = store.pending_count(), rng.randint(0, 12), time.monotonic()
            while (
                proc.poll() is None and before - store.pending_count() < target and time.monotonic() - t0 < 8
            ):
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.08))
            if proc.poll() is None:
                pending_at_kill.append(store.pending_count())
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(10)
            assert proc.stderr is not None
            proc.stderr.close()
        # Then let it finish undisturbed.
        for _ in range(5):
            if not store.pending_count():
                break
            subprocess.run(_sync(home, "--once"), env=_env(), check=False, capture_output=True, timeout=300)
        stats = delivery_check(central.platform, store, expected)
        pending = store.pending_count()
        with central.platform.sessions() as s:
            uploads = s.scalar(select(func.count()).select_from(Upload))
        receipts_known = all(a.platform_receipt_no for a in store.applications())

    kills_mid = sum(1 for p in pending_at_kill if p > 0)
    with capsys.disabled():
        print(
            f"\nkill -9 [{central.platform.engine.dialect.name}]: trials=1 entries={total} processes={started} "
            f"kills={kills} (with work pending: {kills_mid}) tus uploads created={uploads} "
            f"lost={stats['lost']} duplicated={stats['duplicated']} damaged={stats['damaged']} pending={pending}"
        )
    assert kills >= 5 and kills_mid >= 5
    assert pending == 0
    assert stats == {"lost": 0, "unexpected": 0, "duplicated": 0, "damaged": 0}
    assert len(central.platform.ratings()) == 10
    assert receipts_known
