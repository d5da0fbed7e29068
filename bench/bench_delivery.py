"""Delivery benchmark: small applications (form + one 200 KB scan) queued on the terminal and delivered
through the reference platform (``kiosk-central serve`` in its own process), on SQLite and PostgreSQL.

Figures, all measured in this run: queue rate (``Store.submit``: seal, fsync, one transaction) as the
baseline; delivery rate (``SyncEngine.run_once`` until the outbox is empty: tus upload + idempotent PUT
+ status feed) per platform database, each as a ratio to the queue rate, and PostgreSQL to SQLite.

Run: ``.venv/bin/python bench/bench_delivery.py [--apps 150]`` (PostgreSQL: $KIOSK_TEST_PG_URL, else a
throwaway cluster from /usr/lib/postgresql/15/bin; skipped if neither is there).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_upload import start_server  # noqa: E402
from central.service import Platform  # noqa: E402
from offline_cache.platform_client import PlatformClient  # noqa: E402
from offline_cache.sync import SyncEngine  # noqa: E402
from tests.central.platform_fixtures import (  # noqa: E402
    create_database,
    open_store,
    postgres_available,
    sample_application,
    sample_attachments,
    throwaway_postgres,
)


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    if os.environ.get("KIOSK_TEST_PG_URL"):
        yield create_database(os.environ["KIOSK_TEST_PG_URL"])
    elif postgres_available():
        with throwaway_postgres() as server:
            yield create_database(server)
    else:
        yield None


def run(db: str, folder: Path, apps: int) -> tuple[float, float]:
    """(queued per second, delivered per second) for ``apps`` applications against a platform on ``db``."""
    folder.mkdir(parents=True, exist_ok=True)
    platform = Platform(db, folder / "blobs")
    proc, url = start_server(db, folder)
    try:
        creds = PlatformClient.enrol(url, platform.issue_enrolment_code("GA0101"))
        scans = [sample_attachments([200_000], seed=i) for i in range(apps)]
        with open_store(folder / "home") as store:
            start = time.perf_counter()
            for i in range(apps):
                store.submit(
                    sample_application(form={"n": i, "reason": "样例"}), scans[i], creds.platform_public_key
                )
            queued = apps / (time.perf_counter() - start)
            engine = SyncEngine(store, PlatformClient(creds, timeout=30), heartbeat_every_s=1e9)
            start = time.perf_counter()
            while store.pending_count():
                if not engine.run_once().online:
                    raise SystemExit("delivery failed")
            delivered = apps / (time.perf_counter() - start)
        held = len(platform.list_applications())
        if held != apps:
            raise SystemExit(f"platform holds {held} applications, expected {apps}")
        return queued, delivered
    finally:
        proc.terminate()
        proc.wait(10)
        platform.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        q_sqlite, d_sqlite = run(
            f"sqlite:///{folder / 'sqlite' / 'central.db'}", folder / "sqlite", args.apps
        )
        with postgres() as pg:
            q_pg, d_pg = run(pg, folder / "pg", args.apps) if pg else (0.0, 0.0)
    print(f"queue and deliver, {args.apps} applications (form + one 200 KB scan), platform over loopback:")
    print(f"  queue on the terminal (baseline)   {q_sqlite:7.1f} /s")
    print(
        f"  deliver, platform on SQLite        {d_sqlite:7.1f} /s   ratio to queue {d_sqlite / q_sqlite:5.2f}"
    )
    if d_pg:
        print(f"  deliver, platform on PostgreSQL    {d_pg:7.1f} /s   ratio to queue {d_pg / q_pg:5.2f}")
        print(f"  PostgreSQL / SQLite                {d_pg / d_sqlite:7.2f}")
    else:
        print("  PostgreSQL: not available (no binaries, no KIOSK_TEST_PG_URL)")


if __name__ == "__main__":
    main()
