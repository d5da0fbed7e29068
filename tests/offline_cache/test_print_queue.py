"""The persistent print queue on a real SQLite file: stored before sending, survives reopening."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils

from offline_cache import print_queue as pq
from offline_cache.errors import StoreFull
from offline_cache.print_queue import PrintQueue

DOC = '{"version":1,"title":"受理回执","meta":{},"blocks":[]}'


def test_a_job_is_on_disk_when_add_returns(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "print_queue.db")
    job_id = queue.add("acceptance", DOC)
    # another connection (another process, after a power cut) sees it at once
    other = sqlite3.connect(tmp_path / "print_queue.db")
    assert other.execute(
        "SELECT kind, state, document FROM print_jobs WHERE id = ?", [job_id]
    ).fetchone() == (
        "acceptance",
        "pending",
        DOC,
    )
    other.close()
    queue.close()


def test_take_done_retry_and_order(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "q.db")
    a, b = queue.add("acceptance", DOC), queue.add("progress_slip", DOC)
    job = queue.take()
    assert job is not None and job.id == a and job.state == pq.PRINTING and job.attempts == 1
    queue.retry(a, "printer.paper_out")
    assert [j.id for j in queue.pending()] == [a, b]
    assert queue.get(a).last_error == "printer.paper_out"  # type: ignore[union-attr]
    again = queue.take()
    assert again is not None and again.id == a and again.attempts == 2
    queue.done(a)
    done = queue.get(a)
    assert done is not None and done.state == pq.DONE and done.sent_at and done.last_error is None
    assert [j.id for j in queue.pending()] == [b]
    assert queue.last_done() == done and queue.last_done("progress_slip") is None
    queue.close()


def test_a_job_left_printing_by_a_crash_is_pending_again(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "q.db")
    job_id = queue.add("acceptance", DOC)
    assert queue.take() is not None
    queue.close()  # crash: never marked done
    reopened = PrintQueue(tmp_path / "q.db")
    assert reopened.recovered == 1
    assert [(j.id, j.state) for j in reopened.pending()] == [(job_id, pq.PENDING)]
    reopened.close()


def test_cancel_broken_and_failed(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "q.db")
    a, b = queue.add("acceptance", DOC), queue.add("acceptance", "not json")
    assert queue.cancel(a) is True and queue.cancel(a) is False
    taken = queue.take()
    assert taken is not None and taken.id == b
    queue.broken(b, "printer.document")
    assert queue.pending() == [] and [j.id for j in queue.failed()] == [b]
    queue.close()


def test_a_table_in_a_given_database(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    sqlite_utils.Database(path).table("other").insert({"x": 1})
    queue = PrintQueue(path, table="printer_jobs")
    queue.add("acceptance", DOC)
    queue.close()
    assert set(sqlite_utils.Database(path).table_names()) >= {"other", "printer_jobs"}


def test_old_finished_jobs_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pq, "KEEP_DONE", 3)
    queue = PrintQueue(tmp_path / "q.db")
    ids = [queue.add("acceptance", DOC) for _ in range(6)]
    for _ in ids:
        job = queue.take()
        assert job is not None
        queue.done(job.id)
    other = sqlite3.connect(tmp_path / "q.db")
    assert [row[0] for row in other.execute("SELECT id FROM print_jobs ORDER BY id")] == ids[-3:]
    other.close()
    queue.close()


def test_threads_share_the_queue(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "q.db")
    added: list[int] = []
    lock = threading.Lock()

    def producer() -> None:
        for _ in range(10):
            job_id = queue.add("acceptance", DOC)
            with lock:
                added.append(job_id)

    threads = [threading.Thread(target=producer) for _ in range(4)]
    for t in threads:
        t.start()
    taken: list[int] = []
    while len(taken) < 40:
        job = queue.take()
        if job is not None:
            taken.append(job.id)
            queue.done(job.id)
    for t in threads:
        t.join()
    assert sorted(taken) == sorted(added) and len(set(taken)) == 40
    queue.close()


def test_a_full_disk_is_a_typed_error_in_every_step_and_the_job_stays(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "q.db")
    first = queue.add("acceptance", DOC)
    assert queue.take() is not None
    pages = queue._db.execute("PRAGMA page_count").fetchone()[0]
    queue._db.execute(f"PRAGMA max_page_count = {pages}")  # the database cannot grow any more
    big = DOC.replace("受理回执", "受理回执" * 20_000)
    with pytest.raises(StoreFull) as info:
        queue.add("acceptance", big)
    assert info.value.code == "store.disk_full"
    with pytest.raises(StoreFull):  # keeping a large copy for reprints needs room as well
        queue.done(first, keep_document=big)
    assert [(j.id, j.state) for j in queue.pending()] == [(first, pq.PRINTING)]  # nothing was lost
    queue._db.execute("PRAGMA max_page_count = 1073741823")
    queue.done(first, keep_document=big)
    assert queue.pending() == [] and queue.last_done() is not None
    queue.close()
