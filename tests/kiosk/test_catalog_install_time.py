"""What a catalogue's checks and search need is worked out when it is installed, not at every start.

A terminal that starts with a catalogue it checked before does not check it again (no jsonschema), and
searching reads the pinyin stored with the catalogue (no pypinyin: ~57 MB of dictionaries). Each start
here is a process of its own, so that this test process's imports do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kiosk.catalog import BUNDLED_CATALOGUE, CatalogueInvalid, choose_catalogue, install_catalogue
from kiosk.catalog_readings import compute_runs, read_readings, readings_path

ROOT = Path(__file__).resolve().parents[2]

START = """
import json, sys
from pathlib import Path
from kiosk.catalog import choose_catalogue
catalogue, refused = choose_catalogue(Path(sys.argv[1]))
found = [it.name for it in catalogue.search(sys.argv[2])]
print(json.dumps({
    "version": catalogue.version,
    "refused": refused.code if refused else None,
    "found": found[:3],
    "loaded": sorted(m for m in ("pypinyin", "jsonschema", "numpy") if m in sys.modules),
}, ensure_ascii=False))
"""


def start(cached: Path, query: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", START, str(cached), query],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_bundled_catalogue_ships_with_its_current_pinyin() -> None:
    raw = BUNDLED_CATALOGUE.read_bytes()
    stored = read_readings(BUNDLED_CATALOGUE, raw)
    assert stored, "config/catalogue.pinyin.json is missing or stale: python -m kiosk.catalog_readings"
    assert stored == compute_runs(json.loads(raw))


def test_a_second_start_neither_checks_again_nor_loads_pypinyin(tmp_path: Path) -> None:
    cached = tmp_path / "catalogue" / "current.json"
    first = start(cached, "dbsq")  # first boot: the bundled catalogue is checked once
    assert first["refused"] is None and "jsonschema" in first["loaded"]
    again = start(cached, "dbsq")
    assert again["found"] == first["found"] and any("最低生活保障" in n for n in again["found"])
    assert "pypinyin" not in again["loaded"] and "jsonschema" not in again["loaded"]


def test_a_download_installed_is_searched_by_its_stored_pinyin(tmp_path: Path) -> None:
    cached = tmp_path / "catalogue" / "current.json"
    data = json.loads(BUNDLED_CATALOGUE.read_bytes())
    data["version"] = "2099.1.1"
    data["items"][0]["name"] = "样例鹦鹉登记"
    install_catalogue(json.dumps(data, ensure_ascii=False).encode(), cached)
    seen = start(cached, "ylywdj")
    assert seen["version"] == "2099.1.1" and seen["found"][0] == "样例鹦鹉登记"
    assert "pypinyin" not in seen["loaded"]
    assert readings_path(cached).exists()


def test_a_changed_byte_is_checked_again(tmp_path: Path) -> None:
    """The record of checked files names their bytes: a download changed on disk after it passed is
    checked again, refused, and the bundled catalogue serves."""
    cached = tmp_path / "catalogue" / "current.json"
    data = json.loads(BUNDLED_CATALOGUE.read_bytes())
    data["version"] = "2099.1.1"
    install_catalogue(json.dumps(data, ensure_ascii=False).encode(), cached)
    assert choose_catalogue(cached)[0].version == "2099.1.1"  # checked and recorded
    data["items"][0]["guide"]["promised_days"] = 10_000  # longer than the legal limit
    cached.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    catalogue, refused = choose_catalogue(cached)
    assert isinstance(refused, CatalogueInvalid)
    assert catalogue.version == json.loads(BUNDLED_CATALOGUE.read_bytes())["version"]
