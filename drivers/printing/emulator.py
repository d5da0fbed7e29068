"""Thermal printers without hardware: a network printer on loopback (port 9100 style) and a serial
printer on a pseudo-terminal. Both keep every byte they receive and answer ``DLE EOT n`` real-time
status queries like a real printer, including in the middle of other data.

States (``PrinterStatus``): OK; PAPER_OUT, COVER_OPEN, PAPER_LOW (answered, data not printed while out
or open); NO_ANSWER (takes bytes, never answers); OFFLINE (network: refuses connections; serial: a
switched-off printer on a serial line looks exactly like NO_ANSWER, as it does in real life).
Used by the tests and by the demo to show a real connection path.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import time
import tty
from collections.abc import Callable
from types import TracebackType

from drivers.printing.status import REPLIES, PrinterStatus

_DLE_EOT = b"\x10\x04"


class _Core:
    """The printer's side of the wire, shared by both emulators."""

    def __init__(self) -> None:
        self.state = PrinterStatus.OK
        self.printed = bytearray()  # every byte received while able to print (queries included)
        self.discarded = bytearray()  # bytes received while out of paper / cover open
        self.queries = 0
        self._tail = b""
        self.lock = threading.Lock()

    def feed(self, data: bytes) -> bytes:
        """Take received bytes; return the status replies to send back."""
        with self.lock:
            stream = self._tail + data
            replies = bytearray()
            start = 0
            while (k := stream.find(_DLE_EOT, start)) != -1 and k + 2 < len(stream):
                n = stream[k + 2]
                self.queries += 1
                if self.state not in (PrinterStatus.NO_ANSWER, PrinterStatus.OFFLINE) and n in (1, 2, 4):
                    replies.append(REPLIES[self.state][{1: 0, 2: 1, 4: 2}[n]])
                start = k + 3
            # keep a partial "DLE" or "DLE EOT" at the end for the next chunk
            keep = 2 if stream.endswith(_DLE_EOT) else 1 if stream.endswith(b"\x10") else 0
            keep = min(keep, len(stream) - start)
            self._tail = stream[len(stream) - keep :] if keep else b""
            printing = self.state in (PrinterStatus.OK, PrinterStatus.PAPER_LOW, PrinterStatus.NO_ANSWER)
            (self.printed if printing else self.discarded).extend(data)
            return bytes(replies)


class NetworkPrinterEmulator:
    """An ESC/POS printer listening on 127.0.0.1 (a free port unless one is given)."""

    def __init__(self, port: int = 0) -> None:
        self.core = _Core()
        self.host = "127.0.0.1"
        self.port = port
        self.connections = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._running = False

    @property
    def state(self) -> PrinterStatus:
        return self.core.state

    @state.setter
    def state(self, value: PrinterStatus) -> None:
        self.core.state = value
        if value == PrinterStatus.OFFLINE:
            self.power_off()
        elif not self._running:
            self.power_on()

    @property
    def printed(self) -> bytes:
        with self.core.lock:
            return bytes(self.core.printed)

    def start(self) -> NetworkPrinterEmulator:
        self.power_on()
        return self

    def power_on(self) -> None:
        if self._running:
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(4)
        self.port = sock.getsockname()[1]
        self._listener = sock
        self._running = True
        if self.core.state == PrinterStatus.OFFLINE:
            self.core.state = PrinterStatus.OK
        self._spawn(self._accept_loop, sock)

    def power_off(self) -> None:
        self._running = False
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        for conn in list(self._conns):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self._conns.clear()
        for t in self._threads:
            t.join(2)
        self._threads.clear()

    def _spawn(self, target: Callable[[socket.socket], None], arg: socket.socket) -> None:
        t = threading.Thread(target=target, args=(arg,), daemon=True, name="printer-emulator")
        self._threads.append(t)
        t.start()

    def _accept_loop(self, listener: socket.socket) -> None:
        while self._running:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while self._running:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                replies = self.core.feed(data)
                if replies:
                    with contextlib.suppress(OSError):
                        conn.sendall(replies)

    def __enter__(self) -> NetworkPrinterEmulator:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.power_off()


class SerialPrinterEmulator:
    """An ESC/POS printer on the far side of a pseudo-terminal; open ``device`` with pyserial."""

    def __init__(self) -> None:
        self.core = _Core()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no newline translation: a serial line carries bytes
        self.device = os.ttyname(self._slave)
        self.stalled = False  # True: stop taking bytes, as a printer whose buffer is full behind flow control
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="printer-emulator-serial")

    @property
    def state(self) -> PrinterStatus:
        return self.core.state

    @state.setter
    def state(self, value: PrinterStatus) -> None:
        self.core.state = value

    @property
    def printed(self) -> bytes:
        with self.core.lock:
            return bytes(self.core.printed)

    def start(self) -> SerialPrinterEmulator:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.stalled:
                time.sleep(0.02)
                continue
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:
                continue  # EIO while no one has the slave open
            replies = self.core.feed(data)
            if replies:
                os.write(self._master, replies)

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> SerialPrinterEmulator:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
