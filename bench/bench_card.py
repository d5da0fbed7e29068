"""From card placed to identity in the app, split into the reader's own time and the software's share.

The reader is the frame-protocol emulator on a real pseudo-terminal with realistic delays (find, select,
the SAM's ~0.55 s to read text + photo) and wire time at the baud rate. The app side is what the
terminal does: the reader's watch thread sees the card, the card worker thread reads it, the identity is
validated (validity, ID number cross-check) and handed to the UI thread as an event.

Printed per baud rate:
  reader  - the emulator's own time (processing delays + bytes on the wire), the baseline
  software - parse + validate + event, measured in-process on the same frames (median of many runs)
  ratio   - software / reader
  total   - placed -> identity in the app thread, end to end
  rest    - total - reader - software: waiting for the next presence poll (50 ms period), thread hand-offs

Run: .venv/bin/python bench/bench_card.py [--rounds N]
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drivers.card import Identity  # noqa: E402
from drivers.card import ga467_protocol as p  # noqa: E402
from drivers.card.base import CardReader  # noqa: E402
from drivers.card.ga467 import Ga467Reader  # noqa: E402
from drivers.card.ga467_emulator import REALISTIC, Ga467Emulator  # noqa: E402
from drivers.card.samples import FARMER  # noqa: E402
from kiosk.identifiers import cross_check  # noqa: E402

PHOTO = bytes(range(256)) * 4


def software_share(runs: int = 2000) -> float:
    """Median seconds to decode the read reply, parse, validate and hand the identity to another thread."""
    reply = p.response(p.OK, p.card_data(FARMER, PHOTO))
    checker = CardReader.check_validity
    dummy = Ga467Reader("")
    ui: queue.SimpleQueue[Identity] = queue.SimpleQueue()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        decoder = p.FrameDecoder(min_length=4)
        decoder.feed(reply)
        payload = decoder.next_payload()
        assert payload is not None
        data = p.split_card_data(p.parse_reply(payload).data, False)
        identity = checker(dummy, p.parse_text(data.text, None))
        assert not cross_check(identity)
        ui.put(identity)
        ui.get()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def end_to_end(baud: int, rounds: int) -> tuple[float, float]:
    """Median (total placed -> identity in the app, reader's own time) over ``rounds`` placements."""
    totals, reader_times = [], []
    with Ga467Emulator(REALISTIC, baud=baud) as emu:
        reader = Ga467Reader(emu.device, baud, poll_interval=0.05, read_timeout=5.0)
        ok, why = reader.available()
        assert ok, why
        app: queue.SimpleQueue[tuple[float, Identity | BaseException]] = queue.SimpleQueue()

        def on_inserted() -> None:
            def work() -> Identity:
                identity = reader.read(timeout=5.0)
                cross_check(identity)
                return identity

            future = reader.worker.submit(work)  # the reader's own worker, as the terminal's read_card
            future.add_done_callback(lambda f: app.put((time.perf_counter(), f.exception() or f.result())))

        stop = reader.watch(on_inserted, lambda: None)
        try:
            for _ in range(rounds):
                time.sleep(0.2)
                emu.busy = 0.0
                placed = time.perf_counter()
                emu.place(FARMER, PHOTO)
                done, result = app.get(timeout=10)
                if isinstance(result, BaseException):
                    raise result
                totals.append(done - placed)
                reader_times.append(emu.busy)
                emu.lift()
                time.sleep(0.2)
        finally:
            stop()
            reader.close()
    return statistics.median(totals), statistics.median(reader_times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    software = software_share()
    print(f"software share (decode + parse + validate + event): {software * 1e3:.3f} ms per read")
    print(
        f"{'baud':>7} {'reader ms':>10} {'software ms':>12} {'ratio sw/reader':>16} {'total ms':>9} {'rest ms':>8}"
    )
    for baud in (115200, 9600):
        total, reader_time = end_to_end(baud, args.rounds)
        rest = total - reader_time - software  # waiting for the next presence poll, thread hand-offs, the OS
        print(
            f"{baud:>7} {reader_time * 1e3:>10.1f} {software * 1e3:>12.3f} {software / reader_time:>16.5f} "
            f"{total * 1e3:>9.1f} {rest * 1e3:>8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
