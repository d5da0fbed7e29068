"""Connections to a printer (network 9100, serial, USB, file, CUPS) through python-escpos, and ``Printer``.

A ``Printer`` opens its connection for each job and each status check and closes it afterwards, so a
printer that was switched off and on again, or a cable that was pulled, needs no reconnect logic.
Every call here blocks: the kiosk runs them on the printer's own worker thread.
"""

from __future__ import annotations

import functools
import logging
import socket
import time
from collections.abc import Callable
from typing import Any, Protocol

from drivers.printing.document import Document
from drivers.printing.errors import (
    CoverOpen,
    PaperOut,
    PrinterNoAnswer,
    PrinterNotReady,
    PrinterOffline,
    PrinterUnavailable,
)
from drivers.printing.escpos_render import render
from drivers.printing.profiles import PrinterProfile
from drivers.printing.status import (
    DLE_EOT_OFFLINE_CAUSE,
    DLE_EOT_PAPER,
    DLE_EOT_PRINTER,
    PrinterStatus,
    interpret,
)
from drivers.worker import DeviceWorker, device_call

log = logging.getLogger(__name__)

WRITE_MIN_S = 10.0  # at least this long for any send before the printer counts as stalled


class Transport(Protocol):
    """One way of reaching a printer. ``read`` returns b"" when nothing came back in time."""

    name: str
    can_read: bool

    def available(self) -> tuple[bool, str]: ...
    def open(self) -> None: ...
    def write(self, data: bytes) -> None: ...
    def read(self) -> bytes: ...
    def drain(self) -> None: ...
    def close(self) -> None: ...


class EscposTransport:
    """Wraps a python-escpos printer object (Network, Serial, Usb, File, CupsPrinter) for raw bytes.

    ``printer_class`` gives the python-escpos class when first needed (``escpos_class("Serial")``): the
    library loads its printer capability database on import, a third of a second the terminal's start
    should not wait for; the first status check or job pays it, on the printer's thread.
    """

    def __init__(
        self,
        name: str,
        printer_class: Callable[[], Any],
        can_read: bool,
        bytes_per_s: float = 100_000,
        **kwargs: Any,
    ) -> None:
        self.name = name
        self.bytes_per_s = bytes_per_s  # the link's speed, to give big jobs time to go out
        self.can_read = can_read
        self._printer_class = printer_class
        self._kwargs = kwargs
        self._dev: Any = None

    def available(self) -> tuple[bool, str]:
        try:
            usable = bool(self._printer_class().is_usable())
        except Exception as exc:  # is_usable is a dependency probe; any failure means unusable
            return False, f"{self.name}: {type(exc).__name__}"
        return (True, "") if usable else (False, f"{self.name}: its Python dependency is not installed")

    def open(self) -> None:
        ok, why = self.available()
        if not ok:
            raise PrinterUnavailable(why)
        try:
            self._dev = self._printer_class()(**self._kwargs)
            self._dev.open()
        except (
            Exception
        ) as exc:  # python-escpos raises DeviceNotFoundError, OSError, SerialException, USBError
            self._dev = None
            raise PrinterOffline(f"{self.name}: cannot connect ({type(exc).__name__})") from exc

    def write(self, data: bytes) -> None:
        """Send ``data`` and wait until it left this machine, within a time that grows with its size.

        A printer that stops taking bytes (paper out behind flow control, a full buffer) must not hang
        the printer worker: a stalled send ends as ``PrinterOffline`` and the job is tried again.
        """
        port = self._dev.device
        allowed = WRITE_MIN_S + len(data) / self.bytes_per_s * 2
        try:
            if isinstance(port, socket.socket):
                port.settimeout(allowed)  # since Python 3.5 the total time of sendall
                try:
                    self._dev._raw(data)
                finally:
                    port.settimeout(self._kwargs.get("timeout", 60))
            elif hasattr(port, "out_waiting"):
                port.write_timeout = allowed
                self._dev._raw(data)
                self._wait_drained(port, time.monotonic() + allowed)
            else:
                self._dev._raw(data)
        except PrinterOffline:
            raise
        except Exception as exc:
            raise PrinterOffline(
                f"{self.name}: connection lost while sending ({type(exc).__name__})"
            ) from exc

    @staticmethod
    def _wait_drained(port: Any, deadline: float) -> None:
        """Serial: wait until the UART sent everything (tcdrain has no timeout, so poll the queue)."""
        while True:
            try:
                waiting = int(port.out_waiting)
            except (OSError, AttributeError, ValueError):
                return  # the driver cannot tell; pyserial's write already handed the bytes to the kernel
            if waiting == 0:
                return
            if time.monotonic() > deadline:
                raise PrinterOffline(f"serial: {waiting} bytes still unsent (flow control stopped)")
            time.sleep(0.01)

    def read(self) -> bytes:
        try:
            port = self._dev.device
            if hasattr(port, "in_waiting"):
                # pyserial: python-escpos reads 16 bytes and so always waits out the timeout; one byte is the reply
                data: bytes = port.read(1)
                if data and port.in_waiting:
                    data += port.read(port.in_waiting)
            else:
                data = self._dev._read()
        except TimeoutError:
            return b""
        except Exception as exc:
            if type(exc).__name__ == "USBTimeoutError":  # pyusb: the printer did not answer in time
                return b""
            raise PrinterOffline(
                f"{self.name}: connection lost while reading ({type(exc).__name__})"
            ) from exc
        if data == b"" and self.name == "network":
            # a TCP read that returns nothing without timing out means the printer closed the connection
            raise PrinterOffline("network: connection closed by the printer")
        return bytes(data)

    def drain(self) -> None:
        """Drop bytes already waiting (a stray status reply) so the next read is the answer to our query."""
        port = self._dev.device
        try:
            if hasattr(port, "reset_input_buffer"):
                port.reset_input_buffer()
            elif isinstance(port, socket.socket):
                port.setblocking(False)
                try:
                    while port.recv(256):
                        pass
                except (BlockingIOError, InterruptedError):
                    pass
                finally:
                    port.settimeout(self._kwargs.get("timeout", 60))
        except OSError as exc:
            raise PrinterOffline(f"{self.name}: connection lost ({type(exc).__name__})") from exc

    def close(self) -> None:
        if self._dev is not None:
            try:
                self._dev.close()
            except Exception:  # closing a dead connection must not hide the real error
                log.debug("closing %s failed", self.name, exc_info=True)
            self._dev = None


def escpos_class(name: str) -> Callable[[], Any]:
    """A getter of ``escpos.printer.<name>`` that imports python-escpos only when called."""

    def get() -> Any:
        from escpos import printer

        return getattr(printer, name)

    return get


@functools.cache
def closing_network() -> type:
    """python-escpos ``Network`` whose failed ``open`` does not leak the half-made socket (made on first use,
    like every python-escpos class here)."""
    from escpos import printer as escpos_printer
    from escpos.exceptions import DeviceNotFoundError

    class _ClosingNetwork(escpos_printer.Network):  # type: ignore[misc]
        def open(self, raise_not_found: bool = True) -> None:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            except OSError as exc:
                raise DeviceNotFoundError(
                    f"could not connect to {self.host}:{self.port}: {type(exc).__name__}"
                ) from exc
            self.device = sock

    return _ClosingNetwork


_NOT_READY = {
    PrinterStatus.PAPER_OUT: PaperOut,
    PrinterStatus.COVER_OPEN: CoverOpen,
    PrinterStatus.OFFLINE: PrinterOffline,
    PrinterStatus.NO_ANSWER: PrinterNoAnswer,
}


def not_ready_error(status: PrinterStatus, after_send: bool = False) -> PrinterNotReady:
    return _NOT_READY.get(status, PrinterOffline)(f"printer not ready: {status.value}", after_send=after_send)


class Printer:
    """A receipt printer: documents in, ESC/POS out, status through DLE EOT where the connection allows.
    What touches the connection runs on the printer's own worker (``drivers/worker.py``)."""

    def __init__(self, transport: Transport, profile: PrinterProfile, dots: int) -> None:
        self.transport = transport
        self.profile = profile
        self.dots = dots
        self.last_status = PrinterStatus.UNKNOWN
        self.worker = DeviceWorker("printer")

    @property
    def asks_status(self) -> bool:
        return self.profile.realtime_status and self.transport.can_read

    @device_call
    def available(self) -> tuple[bool, str]:
        return self.transport.available()

    def render(self, doc: Document) -> bytes:
        return render(doc, self.profile, self.dots)

    def print_document(self, doc: Document) -> None:
        """Send ``doc``; raises a ``PrinterNotReady`` subclass before sending if the printer cannot take it,
        or after sending (with ``after_send = True``) if the paper ran out or the cover opened meanwhile."""
        self.print_bytes(self.render(doc))

    @device_call
    def print_bytes(self, data: bytes) -> None:
        self.worker.check("a print job")
        self.transport.open()
        try:
            if self.asks_status:
                before = self._query()
                if not before.can_print:
                    raise not_ready_error(before)
            self.transport.write(data)
            if self.asks_status:
                after = self._query()
                if after in (PrinterStatus.PAPER_OUT, PrinterStatus.COVER_OPEN):
                    raise not_ready_error(after, after_send=True)
        finally:
            self.transport.close()

    @device_call
    def status(self) -> PrinterStatus:
        if not self.asks_status:
            try:
                self.transport.open()
            except PrinterOffline:
                self.last_status = PrinterStatus.OFFLINE
                return self.last_status
            except PrinterUnavailable:
                self.last_status = PrinterStatus.OFFLINE
                return self.last_status
            self.transport.close()
            self.last_status = PrinterStatus.UNKNOWN
            return self.last_status
        try:
            self.transport.open()
        except (PrinterOffline, PrinterUnavailable):
            self.last_status = PrinterStatus.OFFLINE
            return self.last_status
        try:
            return self._query()
        except PrinterOffline:
            self.last_status = PrinterStatus.OFFLINE
            return self.last_status
        finally:
            self.transport.close()

    def _ask(self, query: bytes) -> int | None:
        self.worker.check("a status query to the printer")
        self.transport.write(query)
        reply = self.transport.read()
        return reply[-1] if reply else None

    def _query(self) -> PrinterStatus:
        self.transport.drain()
        replies = []
        for query in (DLE_EOT_PRINTER, DLE_EOT_OFFLINE_CAUSE, DLE_EOT_PAPER):
            byte = self._ask(query)
            if byte is None:
                self.last_status = PrinterStatus.NO_ANSWER
                return self.last_status
            replies.append(byte)
        self.last_status = interpret(*replies)
        return self.last_status

    @device_call
    def close(self) -> None:
        self.transport.close()
