"""The database: durability pragmas, migrations, integrity check at open, recovery from a damaged file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from offline_cache import db as store_db
from offline_cache import sealing
from offline_cache.errors import StoreCorrupt, StoreUnavailable
from offline_cache.records import AttachmentInput, NewApplication
from offline_cache.store import Store

PUBLIC = sealing.generate_platform_key()[1]


def _app() -> NewApplication:
    return NewApplication(
        item_code="I1",
        item_name="样例事项",
        catalogue_version="1",
        form={"note": "样例" * 200},
        applicant={"name": "样例"},
        consent={},
        masked_name="样*",
        masked_id="5201****0025",
        applicant_key="k",
    )


def _filled(tmp_path: Path, n: int = 40) -> tuple[Path, Path]:
    path, att = tmp_path / "kiosk.db", tmp_path / "attachments"
    with Store.open(path, att, "GA0101") as store:
        for i in range(n):
            store.submit(_app(), [AttachmentInput("m", "a.jpg", "image/jpeg", os.urandom(100 + i))], PUBLIC)
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed everything into the main file
    return path, att


def test_pragmas_and_schema(tmp_path: Path) -> None:
    with Store.open(tmp_path / "kiosk.db", tmp_path / "a", "GA0101") as store:
        conn = store._db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"applications", "revisions", "attachments", "outbox", "ratings", "status_changes"} <= tables
        assert store.integrity_check() == []
        assert store.recovered_from is None
    assert (tmp_path / "kiosk.db").stat().st_mode & 0o777 == 0o600


def test_migrations_run_once_and_reopen_keeps_data(tmp_path: Path) -> None:
    path, att = _filled(tmp_path, 3)
    with Store.open(path, att, "GA0101") as store:
        assert store.pending_count() == 3
        applied = [m.name for m in store_db.migrations.applied(store._db)]
        assert applied == [m.name for m in store_db.migrations._migrations]
        assert store_db.migrations.pending(store._db) == []


def test_two_processes_opening_together_migrate_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from offline_cache.store import Store; "
        "Store.open(Path(sys.argv[1]), Path(sys.argv[2]), 'GA0101').close()"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "k.db"), str(tmp_path / "a")], env=env)
        for _ in range(4)
    ]
    assert [p.wait(60) for p in procs] == [0, 0, 0, 0]
    with Store.open(tmp_path / "k.db", tmp_path / "a", "GA0101") as store:
        assert store.recovered_from is None
        rows = store._db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert rows == len(store_db.migrations._migrations)


def test_a_file_that_is_not_a_database_is_kept_aside_and_replaced(tmp_path: Path) -> None:
    path, att = tmp_path / "kiosk.db", tmp_path / "attachments"
    garbage = b"this is not sqlite " * 500
    path.write_bytes(garbage)
    (att / "ab").mkdir(parents=True)
    (att / "ab" / ("ab" + "0" * 62)).write_bytes(b"sealed")
    with Store.open(path, att, "GA0101") as store:
        kept = store.recovered_from
        assert kept is not None and kept.name.startswith("kiosk.db.corrupt-")
        assert kept.read_bytes() == garbage  # nothing thrown away
        assert store.get_meta("recovered_from") == str(kept)
        assert store.pending_count() == 0 and store.integrity_check() == []
        # The attachments of the lost database are kept beside it, not left as "orphans" to delete.
        [old_att] = tmp_path.glob("attachments.corrupt-*")
        assert (old_att / "ab" / ("ab" + "0" * 62)).read_bytes() == b"sealed"
        # Receipt numbers after a recovery cannot repeat those printed before it.
        no = store.submit(_app(), [], PUBLIC).local_receipt_no
        assert "-R1-" in no
    with Store.open(path, att, "GA0101") as again:
        assert again.recovered_from is None  # reported once, by the open that recovered
        assert again.get_meta("recovered_from") == str(kept)


def _damage_pages(path: Path, first: int, count: int) -> None:
    page = 4096
    with path.open("r+b") as f:
        f.seek(page * first)
        f.write(bytes([0xA5]) * page * count)


def test_damaged_pages_fail_the_integrity_check_and_recover(tmp_path: Path) -> None:
    path, att = _filled(tmp_path)
    size = path.stat().st_size
    _damage_pages(path, 3, max(1, size // 4096 // 3))
    with Store.open(path, att, "GA0101") as store:
        assert store.recovered_from is not None
        assert store.recovered_from.stat().st_size == size
        assert store.pending_count() == 0
        assert store.submit(_app(), [], PUBLIC).revision == 1


def test_without_recovery_a_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    path, att = _filled(tmp_path)
    _damage_pages(path, 2, 4)
    with pytest.raises(StoreCorrupt) as info:
        Store.open(path, att, "GA0101", recover=False)
    assert info.value.code == "store.corrupt"
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))  # left untouched


def test_an_unopenable_path_is_unavailable_not_corrupt(tmp_path: Path) -> None:
    (tmp_path / "kiosk.db").mkdir()
    with pytest.raises(StoreUnavailable):
        Store.open(tmp_path / "kiosk.db", tmp_path / "a", "GA0101")
    assert (tmp_path / "kiosk.db").is_dir()


def test_utc_text_is_fixed_width_and_sorts_as_time() -> None:
    a = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    b = dt.datetime(2026, 1, 1, 0, 0, 0, 1)  # naive means UTC
    assert store_db.utc_text(a) == "2026-01-01T00:00:00.000000+00:00"
    assert store_db.utc_text(a) < store_db.utc_text(b)
    assert store_db.parse_utc(store_db.utc_text(b)) == b.replace(tzinfo=dt.UTC)


def test_corruption_codes_are_told_apart() -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as info:
        conn.execute("SELECT * FROM nowhere")
    assert not store_db.is_corruption(info.value)
    assert store_db.is_disk_full(OSError(28, "No space left on device"))


def test_a_database_from_a_newer_version_still_opens_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, att = _filled(tmp_path, 1)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, '9999_future', 'x')",
        [store_db.migrations.name],
    )
    conn.commit()
    conn.close()
    with Store.open(path, att, "GA0101") as store:
        assert store.pending_count() == 1 and store.recovered_from is None
    assert "9999_future" in caplog.text
