"""The store: sealed submit, receipt numbers, supplements, the Outbox protocol, the status mirror, ratings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from offline_cache import sealing
from offline_cache.errors import (
    BadPlatformKey,
    InvalidApplication,
    InvalidRating,
    StoreFull,
    UnknownApplication,
)
from offline_cache.records import AttachmentInput, NewApplication, Outbox, OutboxEntry, StatusChange
from offline_cache.store import Store

T0 = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
NAME, ID_NUMBER, SECRET_FORM_VALUE = "杨样例", "520100194803150025", "年老体弱无收入样例"


class Clock:
    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def platform() -> tuple[Any, str]:
    pem, public = sealing.generate_platform_key()
    return sealing.load_private_key(pem), public


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(tmp_path / "kiosk.db", tmp_path / "attachments", "GA0101", clock=clock)
    yield s
    s.close()


def stored_files(store: Store) -> list[Path]:
    """Files under content names; the spare files beside them must be empty."""
    files = [p for p in store.attachments_dir.rglob("*") if p.is_file()]
    spares = [p for p in files if p.parent == store.attachments_dir / "spare"]
    assert all(p.stat().st_size == 0 for p in spares), "a spare file holds data"
    return [p for p in files if p not in spares]


def new_app(**changes: Any) -> NewApplication:
    app = NewApplication(
        item_code="520900-GA-0001",
        item_name="最低生活保障申请（样例）",
        catalogue_version="1.0.0",
        form={"reason": SECRET_FORM_VALUE, "since": dt.date(2020, 1, 1)},
        applicant={"name": NAME, "id_number": ID_NUMBER},
        consent={"signature_png": "iVBORw0KGgo=", "agreed": True},
        masked_name="杨*例",
        masked_id="5201**********0025",
        applicant_key="k" * 64,
        deferred_materials=("income",),
    )
    return dataclasses.replace(app, **changes)


def scan(material: str = "hukou", size: int = 200_000, seed: int = 1) -> AttachmentInput:
    data = hashlib.sha256(str(seed).encode()).digest() * (size // 32)
    return AttachmentInput(material, "户口簿.pdf", "application/pdf", data)


def open_entry(entry: OutboxEntry, private: Any) -> dict[str, Any]:
    key = sealing.unwrap_data_key(entry.wrapped_key, private, entry.app_id)
    manifest: dict[str, Any] = json.loads(
        sealing.open_part(key, entry.app_id, "manifest", entry.sealed_manifest)
    )
    for part, att in zip(manifest["attachments"], entry.attachments, strict=True):
        sealed = att.path.read_bytes()
        assert hashlib.sha256(sealed).hexdigest() == att.sha256 == part["sealed_sha256"]
        clear = sealing.open_part(key, entry.app_id, part["part"], sealed)
        assert hashlib.sha256(clear).hexdigest() == part["sha256"]
        part["clear"] = clear
    return manifest


def test_store_satisfies_the_outbox_protocol(store: Store) -> None:
    outbox: Outbox = store  # mypy checks the structure; this checks the methods exist at run time
    assert outbox.due(T0) == []


def test_submit_queues_a_sealed_application_that_only_the_platform_opens(store: Store, platform: Any) -> None:
    private, public = platform
    att = scan()
    submitted = store.submit(new_app(), [att], public)
    assert submitted.revision == 1 and submitted.created_at == T0
    [entry] = store.due(T0)
    assert (entry.kind, entry.app_id, entry.revision, entry.attempts) == (
        "application",
        submitted.app_id,
        1,
        0,
    )
    assert entry.clear == {
        "station_code": "GA0101",
        "local_receipt_no": submitted.local_receipt_no,
        "item_code": "520900-GA-0001",
        "catalogue_version": "1.0.0",
        "created_at": T0.isoformat(timespec="microseconds"),
    }
    manifest = open_entry(entry, private)
    assert manifest["applicant"] == {"name": NAME, "id_number": ID_NUMBER}
    assert manifest["form"] == {"reason": SECRET_FORM_VALUE, "since": "2020-01-01"}
    assert manifest["deferred_materials"] == ["income"]
    assert (manifest["revision"], manifest["local_receipt_no"]) == (1, submitted.local_receipt_no)
    assert manifest["attachments"][0]["clear"] == att.data
    assert manifest["attachments"][0]["filename"] == "户口簿.pdf"
    assert entry.attachments[0].filename == "hukou-1.pdf"  # the clear name never comes from the caller
    other_private = sealing.load_private_key(sealing.generate_platform_key()[0])
    with pytest.raises(sealing.SealError):
        sealing.unwrap_data_key(entry.wrapped_key, other_private, entry.app_id)


def test_nothing_personal_is_readable_on_disk(store: Store, platform: Any, tmp_path: Path) -> None:
    store.submit(new_app(), [scan()], platform[1])
    store.close()
    blobs = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    for secret in (NAME, ID_NUMBER, SECRET_FORM_VALUE, "户口簿"):
        assert secret.encode() not in blobs
    assert scan().data[:64] not in blobs
    assert "杨*例".encode() in blobs  # the masked name is what the status screens read


def test_receipt_numbers_count_per_local_day_and_are_unique(
    store: Store, platform: Any, clock: Clock
) -> None:
    first = store.submit(new_app(), [], platform[1]).local_receipt_no
    second = store.submit(new_app(), [], platform[1]).local_receipt_no
    clock.advance(days=1)
    third = store.submit(new_app(), [], platform[1]).local_receipt_no
    assert [first, second, third] == ["GA0101-20261127-0001", "GA0101-20261127-0002", "GA0101-20261128-0001"]
    clock.now = dt.datetime(2026, 11, 28, 16, 0, tzinfo=dt.UTC)  # 00:00 on the 29th in Beijing
    assert store.submit(new_app(), [], platform[1]).local_receipt_no == "GA0101-20261129-0001"


def test_receipt_numbers_stay_unique_across_two_connections(tmp_path: Path, platform: Any) -> None:
    stores = [Store.open(tmp_path / "kiosk.db", tmp_path / "att", "GA0101") for _ in range(2)]
    numbers: list[str] = []
    lock = threading.Lock()

    def work(s: Store) -> None:
        for _ in range(15):
            no = s.submit(new_app(), [scan(size=1000)], platform[1]).local_receipt_no
            with lock:
                numbers.append(no)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == len(set(numbers)) == 30
    assert stores[0].pending_count() == 30
    for s in stores:
        s.close()


def test_supplement_is_a_new_revision_delivered_after_the_first(
    store: Store, platform: Any, clock: Clock
) -> None:
    first = store.submit(new_app(), [scan()], platform[1])
    clock.advance(minutes=5)
    second = store.submit(new_app(app_id=first.app_id), [scan("income", seed=2)], platform[1])
    assert (second.app_id, second.revision) == (first.app_id, 2)
    assert second.local_receipt_no != first.local_receipt_no
    [entry] = store.due(clock.now)
    assert entry.revision == 1  # revision 2 waits until revision 1 is in
    store.mark_delivered(entry.outbox_id, "PT-1", clock.now)
    [entry2] = store.due(clock.now)
    assert (entry2.revision, open_entry(entry2, platform[0])["revision"]) == (2, 2)
    [summary] = store.applications()
    assert (summary.revision, summary.local_receipt_no, summary.delivered) == (
        2,
        first.local_receipt_no,
        False,
    )
    assert store.application_by_receipt(second.local_receipt_no) == summary


def test_supplement_of_an_unknown_application_leaves_nothing(store: Store, platform: Any) -> None:
    with pytest.raises(UnknownApplication):
        store.submit(new_app(app_id="01900000-0000-7000-8000-000000000000"), [scan()], platform[1])
    assert store.pending_count() == 0
    assert stored_files(store) == []


def test_bad_platform_key_and_bad_values_are_refused(store: Store, platform: Any) -> None:
    with pytest.raises(BadPlatformKey):
        store.submit(new_app(), [scan()], "not a key")
    with pytest.raises(InvalidApplication) as info:
        store.submit(new_app(item_code=" "), [], platform[1])
    assert info.value.field == "item_code" and info.value.code == "store.invalid_application"
    with pytest.raises(InvalidApplication):
        store.submit(new_app(), [AttachmentInput("hukou", "a.pdf", "application/pdf", b"")], platform[1])
    with pytest.raises(InvalidApplication):
        store.submit(new_app(form={"x": object()}), [], platform[1])
    assert store.pending_count() == 0


def test_delivery_failure_and_retry_schedule(store: Store, platform: Any, clock: Clock) -> None:
    store.submit(new_app(), [], platform[1])
    [entry] = store.due(T0)
    store.mark_failed(entry.outbox_id, "ConnectError", T0 + dt.timedelta(seconds=30))
    assert store.due(T0 + dt.timedelta(seconds=29)) == []
    [again] = store.due(T0 + dt.timedelta(seconds=30))
    assert again.attempts == 1 and again.sealed_manifest == entry.sealed_manifest  # byte-identical retry
    assert again.wrapped_key == entry.wrapped_key
    [row] = store.outbox()
    assert (row.attempts, row.last_error) == (1, "ConnectError")
    store.mark_delivered(entry.outbox_id, "PT-9", T0)
    store.mark_delivered(entry.outbox_id, "PT-other", T0)  # a replay changes nothing
    store.mark_failed(entry.outbox_id, "late", T0)  # nor does a late failure
    assert store.due(T0 + dt.timedelta(days=1)) == [] and store.pending_count() == 0
    [summary] = store.applications()
    assert (summary.platform_receipt_no, summary.delivered) == ("PT-9", True)


def test_pending_figures(store: Store, platform: Any, clock: Clock) -> None:
    assert store.pending_count() == 0 and store.oldest_pending_age(T0) is None
    store.submit(new_app(), [scan(size=4096)], platform[1])
    clock.advance(seconds=90)
    store.submit_rating({"app_id": None, "level": 5, "reasons": [], "comment": ""})
    assert store.pending_count() == 2
    assert store.oldest_pending_age(T0 + dt.timedelta(seconds=100)) == pytest.approx(100.0)
    rows = store.outbox()
    assert [r.kind for r in rows] == ["application", "rating"]
    assert rows[0].size_bytes > 4096 and rows[0].item_name == "最低生活保障申请（样例）"


def test_upload_state_is_remembered_and_forgotten(store: Store) -> None:
    sha = "a" * 64
    assert store.upload_state(sha) is None
    store.set_upload_state(sha, "http://127.0.0.1/api/v1/uploads/1")
    store.set_upload_state(sha, "http://127.0.0.1/api/v1/uploads/2")
    assert store.upload_state(sha) == "http://127.0.0.1/api/v1/uploads/2"
    store.set_upload_state(sha, None)
    assert store.upload_state(sha) is None


def test_meta(store: Store) -> None:
    store.set_meta("last_sync", "x")
    assert store.get_meta("last_sync") == "x"
    store.set_meta("last_sync", None)
    assert store.get_meta("last_sync") is None


def test_status_feed_is_stored_once_with_its_cursor(store: Store, platform: Any, clock: Clock) -> None:
    sub = store.submit(new_app(), [], platform[1])
    [entry] = store.due(T0)
    store.mark_delivered(entry.outbox_id, "PT-1", T0)
    changes = [
        StatusChange(sub.app_id, 1, "received", T0 + dt.timedelta(minutes=1), platform_receipt_no="PT-1"),
        StatusChange(
            sub.app_id, 1, "needs_supplement", T0 + dt.timedelta(hours=2), ("缺少收入证明",), ("income",)
        ),
    ]
    store.record_status_changes(changes, "c-2")
    store.record_status_changes(changes, "c-2")  # a replayed page adds nothing
    assert store.status_cursor() == "c-2"
    history = store.status_history(sub.app_id)
    assert [h.status for h in history] == ["submitted", "received", "needs_supplement"]
    assert history[-1].reasons == ("缺少收入证明",) and history[-1].missing_materials == ("income",)
    summary = store.application_by_receipt("PT-1")
    assert summary is not None and summary.status == "needs_supplement"
    # An older change arriving late does not roll the status back.
    store.record_status_changes([StatusChange(sub.app_id, 1, "accepted", T0 + dt.timedelta(hours=1))], "c-3")
    assert store.applications("k" * 64)[0].status == "needs_supplement"
    assert store.applications("someone else") == []


def test_rating_is_queued_as_its_own_kind(store: Store, platform: Any) -> None:
    sub = store.submit(new_app(), [], platform[1])
    rating_id = store.submit_rating(
        {"app_id": sub.app_id, "level": 2, "reasons": ["等待时间长"], "comment": "", "at": T0}
    )
    entries = {e.kind: e for e in store.due(T0)}
    rating = entries["rating"]
    assert (rating.app_id, rating.wrapped_key, rating.attachments) == (rating_id, b"", ())
    body = json.loads(rating.sealed_manifest)
    assert body == {
        "rating_id": rating_id,
        "app_id": sub.app_id,
        "level": 2,
        "reasons": ["等待时间长"],
        "at": T0.isoformat(timespec="microseconds"),
        "station_code": "GA0101",
    }
    store.mark_delivered(rating.outbox_id, "", T0)
    assert [e.kind for e in store.due(T0)] == ["application"]


def test_a_ratings_comment_is_sealed_for_the_platform(store: Store, platform: Any, tmp_path: Path) -> None:
    comment = "办事员很耐心。我的电话13912345678（样例）"
    rating_id = store.submit_rating(
        {"app_id": None, "level": 5, "reasons": [], "comment": comment, "at": T0}, platform[1]
    )
    (entry,) = [e for e in store.due(T0) if e.kind == "rating"]
    body = json.loads(entry.sealed_manifest)
    assert "comment" not in body and set(body["comment_sealed"]) == {"wrapped_key", "sealed"}
    on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert comment.encode() not in on_disk and b"13912345678" not in on_disk
    private = platform[0]
    assert sealing.open_note(body["comment_sealed"], private, rating_id, sealing.RATING_COMMENT) == comment
    with pytest.raises(sealing.SealError):  # bound to its rating: it does not open as another one's
        sealing.open_note(body["comment_sealed"], private, "another-rating", sealing.RATING_COMMENT)


def test_a_comment_without_a_platform_key_is_refused_not_kept_in_clear(store: Store) -> None:
    with pytest.raises(BadPlatformKey):
        store.submit_rating({"app_id": None, "level": 3, "reasons": [], "comment": "样例意见"})
    assert store.pending_count() == 0
    store.submit_rating(
        {"app_id": None, "level": 3, "reasons": [], "comment": ""}
    )  # no comment, no key needed
    assert store.pending_count() == 1


@pytest.mark.parametrize(
    "bad", [{"level": 0}, {"level": 6}, {"level": "5"}, {"level": True}, {"level": 3, "reasons": "x"}]
)
def test_bad_ratings_are_refused(store: Store, bad: dict[str, Any]) -> None:
    with pytest.raises(InvalidRating):
        store.submit_rating({"app_id": None, "reasons": [], "comment": "", **bad})
    assert store.pending_count() == 0


def test_files_are_named_by_the_sha256_of_their_sealed_bytes(store: Store, platform: Any) -> None:
    store.submit(new_app(), [scan(seed=1), scan(seed=2)], platform[1])
    [entry] = store.due(T0)
    assert len(entry.attachments) == 2
    for att in entry.attachments:
        assert att.path.name == att.sha256 == hashlib.sha256(att.path.read_bytes()).hexdigest()
        assert att.path.stat().st_mode & 0o777 == 0o600
    assert store.verify_attachments() == []
    entry.attachments[0].path.write_bytes(b"tampered")
    assert store.verify_attachments() == [entry.attachments[0].sha256]


def test_a_failed_commit_leaves_no_row_and_no_file(store: Store, platform: Any, tmp_path: Path) -> None:
    # Another connection holds a trigger that makes the outbox insert fail inside the transaction.
    conn = sqlite3.connect(tmp_path / "kiosk.db")
    conn.execute("CREATE TRIGGER fail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END")
    conn.commit()
    with pytest.raises(Exception, match="database error"):
        store.submit(new_app(), [scan()], platform[1])
    conn.execute("DROP TRIGGER fail")
    conn.commit()
    conn.close()
    assert store.applications() == [] and store.pending_count() == 0
    assert stored_files(store) == []
    assert store.submit(new_app(), [scan()], platform[1]).local_receipt_no.endswith("-0001")


def test_no_space_for_an_attachment_is_store_full_and_nothing_is_queued(
    store: Store, platform: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    real_write = os.write
    calls = {"n": 0}

    def write(fd: int, data: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 2:  # the second attachment hits a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr("offline_cache.attachments.os.write", write)
    with pytest.raises(StoreFull) as info:
        store.submit(new_app(), [scan(seed=1), scan(seed=2)], platform[1])
    monkeypatch.undo()
    assert info.value.code == "store.disk_full"
    assert store.pending_count() == 0 and store.applications() == []
    assert stored_files(store) == []


def test_a_full_database_is_store_full_and_rolls_back(store: Store, platform: Any) -> None:
    store.submit(new_app(), [], platform[1])
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the database cannot grow any more
    with pytest.raises(StoreFull):
        for _ in range(50):
            store.submit(new_app(form={"big": "样" * 20_000}), [scan(size=3200)], platform[1])
    store._db.execute("PRAGMA max_page_count = 1073741823")
    assert store.verify_attachments() == [] and store.integrity_check() == []
    assert store.pending_count() == len(store.applications())
    assert store.clean_orphans(grace_s=0) == 0  # the failed submit removed its own file


def test_writing_bytes_that_are_already_stored(tmp_path: Path) -> None:
    from offline_cache.attachments import AttachmentFiles

    files = AttachmentFiles(tmp_path / "a")
    first = files.write(b"sealed bytes")
    assert files.write(b"sealed bytes") == first  # content-addressed: stored once
    first.path.write_bytes(b"seal")  # a leftover cut short by a crash
    assert files.write(b"sealed bytes").path.read_bytes() == b"sealed bytes"
    files.close()


def test_applications_by_status_and_limit(store: Store, platform: Any, clock: Clock) -> None:
    ids = []
    for _ in range(3):
        ids.append(store.submit(new_app(), [], platform[1]).app_id)
        clock.advance(seconds=1)
    store.record_status_changes([StatusChange(ids[0], 1, "needs_supplement", clock.now)], "c")
    assert [a.app_id for a in store.applications(status="needs_supplement")] == [ids[0]]
    assert [a.app_id for a in store.applications(limit=2)] == [ids[2], ids[1]]
    assert store.applications("k" * 64, status="approved") == []


def test_spare_files_are_ready_for_the_next_submit(store: Store, platform: Any) -> None:
    from offline_cache.attachments import SPARES_KEPT

    store.prepare_for_submits()
    store.settle()
    spares = set((store.attachments_dir / "spare").iterdir())
    assert len(spares) == SPARES_KEPT
    store.submit(new_app(), [scan(seed=1), scan(seed=2)], platform[1])
    left = set((store.attachments_dir / "spare").iterdir())
    assert len(spares - left) == 2  # two of them now hold the two scans under their content names
    store.settle()
    assert len(list((store.attachments_dir / "spare").iterdir())) == SPARES_KEPT
    assert len(stored_files(store)) == 2 and store.verify_attachments() == []
