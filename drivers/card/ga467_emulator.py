"""An emulated SAM resident ID card reader on the far end of a pseudo-terminal, byte for byte.

The host opens ``emulator.device`` with pyserial exactly as it would open /dev/ttyUSB0. The emulator
answers the frame protocol with a card that tests place and lift, models the reader's baud rate (a host
talking at another speed gets line garbage, as a real UART would give), its processing delays and the
time bytes take on the wire, and injects faults on request: wrong check bytes, short frames, noise
before the preamble, slow split writes, SAM error statuses, silence, a card lifted mid-read, and the
reader unplugged mid-reply. It ships in drivers/ because the demo and bench/bench_card.py use it too.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import enum
import os
import random
import select
import termios
import threading
import time
import tty

from drivers.card import ga467_protocol as p
from drivers.card.errors import ChecksumError, ProtocolError
from drivers.card.identity import Identity

_SPEEDS = {getattr(termios, f"B{b}"): b for b in (9600, 19200, 38400, 57600, 115200)}


@dataclasses.dataclass(frozen=True)
class ReaderTiming:
    """Seconds the reader spends before answering each command, and whether bytes take wire time."""

    find: float = 0.0
    select: float = 0.0
    read: float = 0.0
    other: float = 0.0
    wire: bool = False


# Typical figures of a SAM reader: finding and selecting are quick, the SAM's authentication and
# decryption of text + photo takes most of a second.
REALISTIC = ReaderTiming(find=0.015, select=0.03, read=0.55, other=0.005, wire=True)


class Fault(enum.Enum):
    BAD_CHECKSUM = "bad_checksum"  # flip the check byte
    SHORT = "short"  # send only the first part of the frame
    NOISE = "noise"  # noise (with a false preamble start) before the frame
    SPLIT = "split"  # slow writes of a few bytes at a time
    SILENCE = "silence"  # no answer at all
    GARBAGE = "garbage"  # only noise, no frame
    LIFT = "lift"  # the card leaves the field during the command; answers 41
    UNPLUG = "unplug"  # half the frame, then the device disappears


class CardState(enum.Enum):
    ABSENT = "absent"
    PLACED = "placed"  # in the field, not yet found
    FOUND = "found"
    SELECTED = "selected"
    READ = "read"  # read once: find fails until the card is lifted and placed again


class Ga467Emulator:
    def __init__(self, timing: ReaderTiming | None = None, baud: int = 115200, seed: int = 0) -> None:
        self.timing = timing or ReaderTiming()
        self.baud = baud
        self.commands: list[tuple[int, int]] = []  # every command received, for tests
        self.busy = 0.0  # seconds spent on the reader's own work and on the wire (bench_card.py)
        self._random = random.Random(seed)
        self._faults: collections.deque[tuple[Fault | int, tuple[int, int] | None]] = collections.deque()
        self._card: Identity | None = None
        self._photo = b""
        self._fingerprint = b""
        self._new_address: str | None = None
        self.state = CardState.ABSENT
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.device = os.ttyname(self._slave)
        self._decoder = p.FrameDecoder(min_length=3)
        self._thread = threading.Thread(target=self._serve, name="ga467-emulator", daemon=True)
        self._thread.start()

    # --- what a test does with its hands -------------------------------------------------------------
    def place(
        self, identity: Identity, photo: bytes = b"", fingerprint: bytes = b"", new_address: str | None = None
    ) -> None:
        """Put a card on the reader; ``new_address`` is an address written to the card after issue."""
        with self._lock:
            self._card, self._photo, self._fingerprint = identity, photo, fingerprint
            self._new_address = new_address
            self.state = CardState.PLACED

    def lift(self) -> None:
        with self._lock:
            self._card = None
            self.state = CardState.ABSENT

    def inject(self, fault: Fault | int, command: tuple[int, int] | None = None) -> None:
        """Spoil the next answer (to ``command``, or to any command); an int is a SW3 status to answer."""
        with self._lock:
            self._faults.append((fault, command))

    def unplug(self) -> None:
        self._stop.set()
        self._close_fds()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._close_fds()

    def __enter__(self) -> Ga467Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the reader's side --------------------------------------------------------------------------
    def _host_baud(self) -> int:
        # On Linux the master reports the slave's termios, so we see the speed the host's pyserial set.
        try:
            return _SPEEDS.get(termios.tcgetattr(self._master)[4], 0)
        except (termios.error, OSError, ValueError):
            return 0

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self._master, 4096)
            except (OSError, ValueError):  # unplugged: the descriptors are gone
                return
            if self._host_baud() != self.baud:
                self._wire(chunk)
                self._write(bytes(self._random.randrange(256) for _ in range(len(chunk))))
                continue
            self._wire(chunk)
            self._decoder.feed(chunk)
            self._answer_all()

    def _answer_all(self) -> None:
        while True:
            try:
                payload = self._decoder.next_payload()
            except ChecksumError:
                self._send(p.response(0x10), None)
                continue
            except ProtocolError:
                self._send(p.response(0x11), None)
                continue
            if payload is None:
                return
            if len(payload) < 2:
                self._send(p.response(0x11), None)
                continue
            command = (payload[0], payload[1])
            self.commands.append(command)
            self._send(self._handle(command), command)

    def _handle(self, command: tuple[int, int]) -> bytes:
        fault = self._peek_fault(command)
        if isinstance(fault, int):
            self._take_fault()
            return p.response(fault)
        with self._lock:
            state = self.state
        if command == p.FIND_CARD:
            self._pause(self.timing.find)
            if state in (CardState.PLACED, CardState.FOUND, CardState.SELECTED):
                self._set_state(CardState.FOUND)
                return p.response(p.FIND_OK, bytes(4))
            return p.response(0x80)
        if command == p.SELECT_CARD:
            self._pause(self.timing.select)
            if state in (CardState.FOUND, CardState.SELECTED):
                self._set_state(CardState.SELECTED)
                return p.response(p.OK, bytes(8))
            return p.response(p.OK if state is CardState.READ else 0x81, bytes(8))
        if command in (p.READ_TEXT_PHOTO, p.READ_WITH_FINGERPRINT):
            return self._read(command, state)
        if command == p.READ_NEW_ADDRESS:
            self._pause(self.timing.other)
            with self._lock:
                address = self._new_address
            if state is not CardState.READ:
                return p.response(0x41)
            return p.response(p.OK, p.encode_new_address(address)) if address else p.response(p.NO_CONTENT)
        if command[0] == p.SET_BAUD:
            self._pause(self.timing.other)
            return self._set_baud(command[1])
        self._pause(self.timing.other)
        if command == p.SAM_ID:
            return p.response(p.OK, bytes(16))
        if command in (p.RESET, p.SAM_STATUS):
            return p.response(p.OK)
        return p.response(0x21)

    def _read(self, command: tuple[int, int], state: CardState) -> bytes:
        self._pause(self.timing.read)
        if self._peek_fault(command) is Fault.LIFT:
            self._take_fault()
            self.lift()
            return p.response(0x41)
        with self._lock:
            card, photo, fingerprint = self._card, self._photo, self._fingerprint
        if card is None or state not in (CardState.SELECTED, CardState.READ):
            return p.response(0x41)
        self._set_state(CardState.READ)
        with_fp = command == p.READ_WITH_FINGERPRINT
        return p.response(p.OK, p.card_data(card, photo, fingerprint if with_fp else None))

    def _set_baud(self, code: int) -> bytes:
        speeds = {v: k for k, v in p.BAUD_CODES.items()}
        if code not in speeds:
            return p.response(0x21)
        # Answer at the old speed, then switch, as the readers do.
        self._send(p.response(p.OK), None)
        self.baud = speeds[code]
        return b""

    def _set_state(self, state: CardState) -> None:
        with self._lock:
            self.state = state

    def _peek_fault(self, command: tuple[int, int] | None) -> Fault | int | None:
        with self._lock:
            if self._faults and self._faults[0][1] in (None, command):
                return self._faults[0][0]
        return None

    def _take_fault(self) -> None:
        with self._lock:
            self._faults.popleft()

    def _pause(self, seconds: float) -> None:
        if seconds:
            self._sleep(seconds)

    def _wire(self, data: bytes) -> None:
        if self.timing.wire:
            self._sleep(len(data) * 10 / self.baud)  # 8N1: ten bit times per byte

    def _sleep(self, seconds: float) -> None:
        start = time.perf_counter()
        time.sleep(seconds)
        self.busy += time.perf_counter() - start

    def _send(self, frame: bytes, command: tuple[int, int] | None) -> None:
        if not frame:
            return
        fault = self._peek_fault(command) if command is not None else None
        if isinstance(fault, Fault) and fault is not Fault.LIFT:
            self._take_fault()
            frame = self._spoil(frame, fault)
            if fault is Fault.SPLIT:
                self._write_split(frame)
                return
            if fault is Fault.UNPLUG:
                self._write(frame)
                self.unplug()
                return
        self._write(frame)

    def _spoil(self, frame: bytes, fault: Fault) -> bytes:
        noise = bytes([0x00, 0xAA, 0xAA, 0x13, 0xAA, 0xAA, 0xAA, 0x96, 0x55, 0xFF])
        return {
            Fault.BAD_CHECKSUM: frame[:-1] + bytes([frame[-1] ^ 0x5A]),
            Fault.SHORT: frame[: max(8, len(frame) // 2)],
            Fault.NOISE: noise + frame,
            Fault.SILENCE: b"",
            Fault.GARBAGE: noise * 3,
            Fault.UNPLUG: frame[: len(frame) // 2],
            Fault.SPLIT: frame,
        }[fault]

    def _write_split(self, frame: bytes) -> None:
        i = 0
        while i < len(frame):
            n = self._random.randint(1, 7)
            self._write(frame[i : i + n])
            time.sleep(0.002)
            i += n

    def _write(self, data: bytes) -> None:
        # Chunks of 64 bytes so a slow line delivers the start of a long reply while the rest is on the way.
        for i in range(0, len(data), 64):
            piece = data[i : i + 64]
            self._wire(piece)
            try:
                os.write(self._master, piece)
            except OSError:
                return

    def _close_fds(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1
