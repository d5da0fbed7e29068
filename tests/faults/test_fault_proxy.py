"""Delivery through a TCP fault proxy that cuts, stalls, loses answers and lies: nothing lost, nothing twice."""

from __future__ import annotations

import dataclasses
import random
import time
from pathlib import Path

import pytest

from offline_cache.backoff import Backoff
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import (
    RunningPlatform,
    delivery_check,
    open_store,
    sample_application,
    sample_attachments,
)
from tests.faults.proxy import FaultProxy, random_policy

WEIGHTS = {
    "ok": 4.0,
    "cut_up": 1.5,
    "cut_down": 1.0,
    "drop_response": 1.5,
    "stall": 0.4,
    "http_5xx": 1.0,
    "garbage": 1.0,
}


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_delivery_through_a_faulty_link(
    central: RunningPlatform, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    creds = central.enrol()
    store = open_store(tmp_path / "home")
    rng = random.Random(42)
    expected: dict[str, int] = {}
    for i in range(40):
        sizes = [rng.randint(20_000, 200_000)] + ([3_000_000] if i % 13 == 0 else [])
        app = store.submit(sample_application(), sample_attachments(sizes, seed=i), creds.platform_public_key)
        expected[app.app_id] = 1
    supplement = store.submit(
        sample_application(app_id=app.app_id), sample_attachments([50_000], 99), creds.platform_public_key
    )
    expected[supplement.app_id] = 2
    ratings = [
        store.submit_rating({"level": 1 + i % 5, "reasons": ["样例"] if i % 5 < 2 else []}) for i in range(5)
    ]

    target = (central.server.host, central.server.port)
    with FaultProxy(target, random_policy(7, WEIGHTS, max_at=300_000, stall_s=1.5)) as proxy:
        client = PlatformClient(
            dataclasses.replace(creds, url=proxy.url), timeout=1.0, chunk_size=1024 * 1024
        )
        engine = SyncEngine(store, client, entry_backoff=Backoff(base_s=0.05, cap_s=0.2, floor_s=0.01))
        passes, start = 0, time.monotonic()
        while store.pending_count() and passes < 2000 and time.monotonic() - start < 240:
            engine.run_once()
            passes += 1
        faults = dict(proxy.faults)
        up_bytes = proxy.up_bytes

    stats = delivery_check(central.platform, store, expected)
    with capsys.disabled():
        print(
            f"\nfault proxy [{central.platform.engine.dialect.name}]: passes={passes} connections={sum(faults.values())} "
            f"faults={faults} up={up_bytes} pending={store.pending_count()} {stats}"
        )
    assert store.pending_count() == 0
    assert stats == {"lost": 0, "unexpected": 0, "duplicated": 0, "damaged": 0}
    assert sorted(r["rating_id"] for r in central.platform.ratings()) == sorted(ratings)
    # Every fault kind really happened.
    assert all(faults.get(kind, 0) > 0 for kind in WEIGHTS), faults
    # The terminal knows each application's platform receipt number even when the answer was lost.
    assert all(s.platform_receipt_no for s in store.applications())
