"""One worker per physical device (drivers/worker.py), on the real backends: the SAM reader on its emulator's
pty, the network printer on its emulator's socket, the simulated camera.

Whichever threads call a device, its calls run one at a time on its own worker; code that reaches the
device without going there is refused where the bytes would leave; a camera's starts and stops, asked for
in a quick row and without waiting, happen in that order on its worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from drivers.camera import SimulatedCamera
from drivers.card import ga467_protocol as p
from drivers.card.ga467 import Ga467Reader
from drivers.card.ga467_emulator import Ga467Emulator
from drivers.card.samples import FARMER
from drivers.printing import open_printer
from drivers.printing.document import Document, Text
from drivers.printing.emulator import NetworkPrinterEmulator


@pytest.fixture
def emulator() -> Iterator[Ga467Emulator]:
    with Ga467Emulator() as emu:
        yield emu


def test_reads_from_many_threads_run_one_at_a_time_on_the_readers_worker(emulator: Ga467Emulator) -> None:
    reader = Ga467Reader(emulator.device, poll_interval=0.02, reply_timeout=0.3, read_timeout=1.0)
    emulator.place(FARMER)
    where: list[str] = []
    exchange = reader._exchange

    def noting(*args: Any, **kw: Any) -> Any:
        where.append(threading.current_thread().name)
        return exchange(*args, **kw)

    reader._exchange = noting  # type: ignore[method-assign]
    try:
        first = reader.read(timeout=2.0)  # from the test's own thread
        with ThreadPoolExecutor(4, thread_name_prefix="caller") as callers:
            oks = list(callers.map(lambda _i: reader.available()[0], range(8)))
        assert first.name == FARMER.name and all(oks)
        assert where and {name.rsplit("_", 1)[0] for name in where} == {"device-card"}
    finally:
        reader.close()


def test_the_line_is_refused_to_a_caller_off_the_readers_worker(emulator: Ga467Emulator) -> None:
    reader = Ga467Reader(emulator.device, poll_interval=0.02, reply_timeout=0.3, read_timeout=1.0)
    other = Ga467Reader(emulator.device)
    try:
        assert reader.available()[0]  # opens the line, on the worker
        with pytest.raises(RuntimeError, match="not on its device's worker"):
            reader._exchange(p.SAM_STATUS)  # the test's thread
        with pytest.raises(RuntimeError, match="not on its device's worker"):
            other.worker.call(reader._exchange, p.SAM_STATUS)  # another card reader's worker
        assert reader.worker.call(reader._exchange, p.SAM_STATUS).sw3 == p.OK
    finally:
        reader.close()
        other.close()


def test_the_printer_is_driven_from_its_worker_only(tmp_path: Path) -> None:
    with NetworkPrinterEmulator() as net:
        printer = open_printer({"backend": "network", "host": "127.0.0.1", "port": net.port}, tmp_path)
        doc = Document([Text("样例")], title="办理进度单")
        with ThreadPoolExecutor(3) as callers:
            list(callers.map(lambda _i: printer.print_document(doc), range(3)))
        assert printer.status().value == "ok"
        with pytest.raises(RuntimeError, match="not on its device's worker"):
            printer._ask(b"\x10\x04\x01")  # a status query that skipped the worker
        printer.close()


def test_the_camera_starts_and_stops_in_the_order_asked_without_waiting() -> None:
    camera = SimulatedCamera(fps=30)
    seen: list[tuple[int, str]] = []
    got = [threading.Event() for _ in range(3)]

    def sink(n: int) -> Any:
        def on_frame(_frame: Any) -> None:
            seen.append((n, threading.current_thread().name))
            got[n].set()

        return on_frame

    try:
        for n in range(3):  # start, stop without waiting, start again at once: three loops in a row
            camera.start(sink(n))
            if n < 2:
                assert got[n].wait(5)
                camera.stop(wait=False)
        assert got[2].wait(5)
        assert camera.still().ndim == 3  # handed to the running loop
        camera.stop()
        assert camera.still().ndim == 3  # no loop: on the worker itself
    finally:
        camera.close()
    loops = [n for n, _name in seen]
    assert loops == sorted(loops)  # a loop never ran before the one asked for earlier had ended
    assert {name.rsplit("_", 1)[0] for _n, name in seen} == {"device-camera"}
