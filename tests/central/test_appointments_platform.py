"""Appointments on the reference platform over real HTTP on loopback, on SQLite and PostgreSQL: slots made
with ``kiosk-central slots add``, two terminals racing for the last place (one gets it, the other hears
``slot.full``), a booking cancelled or moved only by the terminal that made it, who booked kept sealed."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from offline_cache import appointments
from offline_cache.platform_client import PlatformClient
from offline_cache.services_client import ServiceRefused
from tests.central.platform_fixtures import RunningPlatform

ROOT = Path(__file__).resolve().parents[2]
ITEM = "GG00201000352090011520900MB1A0W001N"  # 老年证办理
CHINA = dt.timezone(dt.timedelta(hours=8))


def _cli(central: RunningPlatform, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central.cli", *args, "--db", central.platform.db_url, "--blobs",
         str(tmp_path / "central" / "blobs")],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )  # fmt: skip


def _add(central: RunningPlatform, tmp_path: Path, capacity: int, count: int = 1) -> None:
    start = (dt.datetime.now(CHINA) + dt.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    added = _cli(
        central, tmp_path, "slots", "add", "--hall", "GA01", "--hall-name", "样例镇便民服务中心",
        "--item", ITEM, "--at", start.strftime("%Y-%m-%dT%H:%M"), "--capacity", str(capacity),
        "--count", str(count), "--every", "30",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def test_two_terminals_race_for_the_last_place(central: RunningPlatform, tmp_path: Path) -> None:
    _add(central, tmp_path, capacity=1)
    a, b = PlatformClient(central.enrol()), PlatformClient(central.enrol())
    [slot] = appointments.slots(a, ITEM)
    assert slot.remaining == 1 and slot.hall_name == "样例镇便民服务中心"
    start = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def race(name: str, client: PlatformClient, who: str) -> None:
        start.wait()
        try:
            outcomes[name] = appointments.book(client, slot, who, "520100194803150025")
        except ServiceRefused as exc:
            outcomes[name] = exc.problem

    threads = [
        threading.Thread(target=race, args=("a", a, "杨样例")),
        threading.Thread(target=race, args=("b", b, "李示例")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(str(type(v).__name__) if not isinstance(v, str) else v for v in outcomes.values()) == [
        "Booking",
        "slot.full",
    ], outcomes
    [winner] = [n for n, v in outcomes.items() if not isinstance(v, str)]
    assert appointments.slots(a, ITEM)[0].remaining == 0
    [held] = central.platform.appointments.bookings(slot.slot_id)  # who comes, opened for the staff
    assert held["name"] == {"a": "杨样例", "b": "李示例"}[winner]
    listed = _cli(central, tmp_path, "slots", "list")
    assert listed.returncode == 0 and "还剩 0" in listed.stdout


def test_only_the_terminal_that_booked_cancels_or_moves(central: RunningPlatform, tmp_path: Path) -> None:
    _add(central, tmp_path, capacity=2, count=2)
    mine, other = PlatformClient(central.enrol()), PlatformClient(central.enrol())
    first, second = appointments.slots(mine, ITEM)
    booking = appointments.book(mine, first, "杨样例", "520100194803150025")
    for attempt in (lambda: appointments.cancel(other, booking.booking_id),
                    lambda: appointments.move(other, booking.booking_id, second.slot_id)):  # fmt: skip
        with pytest.raises(ServiceRefused) as refused:
            attempt()
        assert refused.value.problem == "booking.unknown"
    moved = appointments.move(mine, booking.booking_id, second.slot_id)
    assert moved.slot.slot_id == second.slot_id
    assert [s.remaining for s in appointments.slots(mine, ITEM)] == [2, 1]  # the old place given back
    appointments.cancel(mine, booking.booking_id)
    assert [s.remaining for s in appointments.slots(mine, ITEM)] == [2, 2]
    with pytest.raises(ServiceRefused) as again:
        appointments.cancel(mine, booking.booking_id)
    assert again.value.problem == "booking.unknown"
