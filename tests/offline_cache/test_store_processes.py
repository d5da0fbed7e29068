"""Two processes on one database, as in the field: the app submits while ``kiosk sync`` delivers.

Every application submitted is delivered exactly once, in revision order, no receipt number repeats,
and the database stays sound.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from offline_cache import sealing
from offline_cache.store import Store

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

SUBMITTER = """
import dataclasses, json, os, sys
from pathlib import Path
from offline_cache.records import AttachmentInput, NewApplication
from offline_cache.store import Store

home, key, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store.open(home / "kiosk.db", home / "attachments", "GA0101")
app = NewApplication("I1", "样例事项", "1", {"x": "样例"}, {"name": "样例"}, {}, "样*", "5201****0025", "k")
out = []
for i in range(n):
    done = store.submit(app, [AttachmentInput("m", "p.jpg", "image/jpeg", os.urandom(20_000))], key)
    out.append([done.app_id, done.revision, done.local_receipt_no])
    if i % 3 == 0:  # a supplement now and then: a new revision of the same application
        sup = store.submit(dataclasses.replace(app, form={}, app_id=done.app_id), [], key)
        out.append([sup.app_id, sup.revision, sup.local_receipt_no])
    store.submit_rating({"app_id": done.app_id, "level": 5, "reasons": [], "comment": ""})
store.close()
print(json.dumps(out))
"""

DELIVERER = """
import datetime as dt, json, sys, time
from pathlib import Path
from offline_cache.store import Store

home, expected = Path(sys.argv[1]), int(sys.argv[2])
store = Store.open(home / "kiosk.db", home / "attachments", "GA0101")
delivered = []
deadline = time.monotonic() + 120
while len(delivered) < expected and time.monotonic() < deadline:
    entries = store.due(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    if not entries:
        time.sleep(0.005)
    for e in entries:
        for a in e.attachments:
            assert a.path.stat().st_size == a.size
        store.mark_delivered(e.outbox_id, f"PT-{e.outbox_id}", dt.datetime.now(dt.UTC))
        delivered.append([e.kind, e.app_id, e.revision])
store.close()
print(json.dumps(delivered))
"""


def test_the_app_and_the_sync_process_share_the_database(tmp_path: Path) -> None:
    n = 30
    public = sealing.generate_platform_key()[1]
    with Store.open(tmp_path / "kiosk.db", tmp_path / "attachments", "GA0101"):
        pass  # created and migrated before the two processes race
    expected = n + len(range(0, n, 3)) + n  # applications, supplements, ratings
    deliverer = subprocess.Popen(
        [sys.executable, "-c", DELIVERER, str(tmp_path), str(expected)],
        stdout=subprocess.PIPE,
        env=ENV,
        text=True,
    )
    submitter = subprocess.run(
        [sys.executable, "-c", SUBMITTER, str(tmp_path), public, str(n)],
        capture_output=True,
        env=ENV,
        text=True,
        timeout=120,
    )
    assert submitter.returncode == 0, submitter.stderr[-2000:]
    out, _ = deliverer.communicate(timeout=150)
    assert deliverer.returncode == 0
    submitted = json.loads(submitter.stdout)
    delivered = json.loads(out)

    numbers = [no for _, _, no in submitted]
    assert len(numbers) == len(set(numbers))  # no receipt number twice
    apps = [(k, a, r) for k, a, r in delivered if k == "application"]
    assert sorted((a, r) for _, a, r in apps) == sorted((a, r) for a, r, _ in submitted)  # each exactly once
    seen: dict[str, int] = {}
    for _, app_id, revision in apps:  # revision 2 never overtakes revision 1
        assert revision == seen.get(app_id, 0) + 1
        seen[app_id] = revision
    assert len([d for d in delivered if d[0] == "rating"]) == n
    with Store.open(tmp_path / "kiosk.db", tmp_path / "attachments", "GA0101", recover=False) as store:
        assert store.integrity_check() == [] and store.pending_count() == 0
        assert all(s.delivered for s in store.applications())
