"""Retention (sealed copies and scans forgotten after the platform confirmed them) and orphan clean-up."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_cache import sealing
from offline_cache.records import AttachmentInput, NewApplication, StatusChange
from offline_cache.store import Store

T0 = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
PUBLIC = sealing.generate_platform_key()[1]
APP = NewApplication(
    item_code="I1",
    item_name="样例事项",
    catalogue_version="1",
    form={"x": "样例"},
    applicant={"name": "样例"},
    consent={},
    masked_name="样*",
    masked_id="5201****0025",
    applicant_key="k",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "kiosk.db", tmp_path / "attachments", "GA0101", clock=lambda: T0)
    yield s
    s.close()


def _files(store: Store) -> set[str]:
    """Names of the files under content names (the empty spare files made ahead are not data)."""
    spare = store.attachments_dir / "spare"
    return {p.name for p in store.attachments_dir.rglob("*") if p.is_file() and p.parent != spare}


def _queue(store: Store, n: int = 1) -> str:
    atts = [AttachmentInput("m", f"p{i}.jpg", "image/jpeg", os.urandom(2000)) for i in range(n)]
    return store.submit(APP, atts, PUBLIC).app_id


def test_confirmed_copies_go_after_the_retention_time_and_status_stays(store: Store) -> None:
    old, recent, waiting = _queue(store, 2), _queue(store), _queue(store)
    by_app = {e.app_id: e for e in store.due(T0)}
    store.mark_delivered(by_app[old].outbox_id, "PT-1", T0)
    store.mark_delivered(by_app[recent].outbox_id, "PT-2", T0 + dt.timedelta(days=20))
    store.record_status_changes([StatusChange(old, 1, "approved", T0 + dt.timedelta(days=2))], "c1")
    for att in by_app[old].attachments:
        store.set_upload_state(att.sha256, "http://127.0.0.1/u/1")
    before = _files(store)

    result = store.apply_retention(T0 + dt.timedelta(days=31), retention_days=30)

    assert (result.revisions_purged, result.files_removed) == (1, 2)
    assert _files(store) == before - {a.sha256 for a in by_app[old].attachments}
    assert all(not a.path.exists() for a in by_app[old].attachments)
    assert all(a.path.exists() for a in by_app[recent].attachments + by_app[waiting].attachments)
    assert all(store.upload_state(a.sha256) is None for a in by_app[old].attachments)
    row = store._db.execute(
        "SELECT wrapped_key, sealed_manifest, purged_at FROM revisions WHERE app_id = ?", [old]
    )
    wrapped, manifest, purged_at = row.fetchone()
    assert wrapped is None and manifest is None and purged_at is not None
    summary = store.application_by_receipt("PT-1")
    assert summary is not None and summary.status == "approved" and summary.masked_name == "样*"
    assert [c.status for c in store.status_history(old)] == ["submitted", "approved"]
    assert store.verify_attachments() == []
    # Again: nothing more to do; an undelivered entry is never touched, however old.
    again = store.apply_retention(T0 + dt.timedelta(days=400), retention_days=30)
    assert again.revisions_purged == 1 and store.pending_count() == 1  # "recent", not "waiting"
    assert [e.app_id for e in store.due(T0 + dt.timedelta(days=400))] == [waiting]


def test_delivered_ratings_are_forgotten_too(store: Store) -> None:
    rating_id = store.submit_rating({"app_id": None, "level": 4, "reasons": [], "comment": ""})
    [entry] = store.due(T0)
    assert entry.app_id == rating_id
    store.mark_delivered(entry.outbox_id, "", T0)
    assert store.apply_retention(T0 + dt.timedelta(days=31), 30).ratings_purged == 1
    assert store._db.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0


def test_orphans_are_removed_after_their_grace_period_only(store: Store, tmp_path: Path) -> None:
    _queue(store, 2)
    referenced = _files(store)
    stray = store.attachments_dir / "ab" / ("ab" + "1" * 62)
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"left by a killed submit")
    temp = store.attachments_dir / "ab" / ("ab" + "2" * 62 + ".123.tmp")
    temp.write_bytes(b"partial")
    assert store.clean_orphans(grace_s=3600) == 0  # may belong to a submit still running elsewhere
    old = time.time() - 7200
    for p in (stray, temp):
        os.utime(p, (old, old))
    assert store.clean_orphans(grace_s=3600) == 2
    assert _files(store) == referenced


def test_a_crash_between_retention_commit_and_file_removal_leaves_only_orphans(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_id = _queue(store)
    [entry] = store.due(T0)
    store.mark_delivered(entry.outbox_id, "PT", T0)

    def crash(sha256: str) -> bool:
        raise OSError("power cut")

    monkeypatch.setattr(store._files, "remove", crash)
    with pytest.raises(OSError):
        store.apply_retention(T0 + dt.timedelta(days=31), 30)
    monkeypatch.undo()
    assert store.application(app_id) is not None and store.verify_attachments() == []
    assert store.clean_orphans(grace_s=0) == 1 and _files(store) == set()
