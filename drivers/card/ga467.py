"""SAM-module resident ID card readers (the ``AA AA AA 96 69`` frame protocol) over a serial line, or
over USB where the reader shows up as a serial-like device (CDC-ACM /dev/ttyACM*, USB-serial
/dev/ttyUSB*, or a pyserial URL such as ``hwgrep://0400:c35a``).

Reading is find card -> select card -> read text + photo (optionally + fingerprint) -> read the address
added after issue, if any (it replaces the printed one). Every exchange
flushes stale input, retries after a bad check byte, a short frame or noise, and gives up with a typed
error. At open the reader is probed at the configured speed, then at the others; one found elsewhere is
told to switch (command 60). After a successful read the card must leave the field before "find card"
succeeds again: a read attempted before that raises ``LiftAndReplace``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.card import ga467_protocol as p
from drivers.card.base import CardReader, StopWatching, Today, Watcher
from drivers.card.errors import (
    CardError,
    CardReadFailed,
    CardRemoved,
    LiftAndReplace,
    NoCard,
    NoReader,
    ProtocolError,
    ReaderUnplugged,
)
from drivers.card.identity import Identity
from drivers.worker import device_call

log = logging.getLogger(__name__)

USB_IDS = ((0x0400, 0xC35A),)  # a common reader family that enumerates as a serial-like device
PhotoDecoder = Callable[[bytes], bytes | None]


def find_devices() -> list[str]:
    """Serial devices whose USB ids are those of known SAM readers."""
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return [port.device for port in list_ports.comports() if (port.vid, port.pid) in USB_IDS]


class Ga467Reader(CardReader):
    name = "ga467"

    def __init__(
        self,
        device: str,
        baud: int = 115200,
        *,
        today: Today | None = None,
        with_fingerprint: bool = False,
        read_new_address: bool = True,
        photo_decoder: PhotoDecoder | None = None,
        poll_interval: float = 0.1,
        reply_timeout: float = 0.5,
        read_timeout: float = 3.0,
        retries: int = 2,
    ) -> None:
        super().__init__(today)
        self.device = device
        self.baud = baud
        self.baud_in_use: int | None = None
        self.with_fingerprint = with_fingerprint
        self.read_new_address = read_new_address
        self.photo_decoder = photo_decoder
        self.poll_interval = poll_interval
        self.reply_timeout = reply_timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self._port: Any = None
        self._lock = threading.RLock()
        self._decoder = p.FrameDecoder(min_length=4)
        self._read_done = False  # a card was read and may still lie on the reader
        self._reads = 0  # successful reads, so the watch can tell a card the app has already read

    # --- the CardReader interface ---------------------------------------------------------------------
    @device_call
    def read(self, timeout: float = 5.0) -> Identity:
        deadline = time.monotonic() + timeout
        with self._lock:
            self._open()
            self._find(deadline)
            selected = self._exchange(p.SELECT_CARD)
            if selected.sw3 != p.OK:
                raise p.status_error(selected.sw3, "select card")
            command = p.READ_WITH_FINGERPRINT if self.with_fingerprint else p.READ_TEXT_PHOTO
            reply = self._exchange(command, timeout=self.read_timeout)
            if reply.sw3 != p.OK:
                raise self._read_failure(reply.sw3)
            data = p.split_card_data(reply.data, self.with_fingerprint)
            identity = p.parse_text(data.text, self._photo(data.photo))
            self._read_done = True
            self._reads += 1
            if self.read_new_address:
                identity = self._with_new_address(identity)
        return self.check_validity(identity)

    @device_call
    def available(self) -> tuple[bool, str]:
        try:
            import serial  # noqa: F401
        except ImportError:
            return False, "pyserial is not installed"
        if not self.device:
            return False, "no reader device configured and none found by USB id"
        with self._lock:
            try:
                self._open()
                reply = self._exchange(p.SAM_STATUS)
            except CardError as exc:
                return False, f"{exc.code}: {exc.detail}"
            if reply.sw3 != p.OK:
                return False, f"SAM status 0x{reply.sw3:02X}"
            return True, f"SAM reader on {self.device} at {self.baud_in_use} baud"

    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> StopWatching:
        def loop(stop: threading.Event) -> None:
            present, reads_seen = False, self._reads
            while not stop.wait(max(self.poll_interval, 0.05)):
                now = self.worker.call(self._poll_presence, present, stop)
                # A card the app read while this thread waited for the line was never announced; the app
                # has its identity already, so announcing it now would only prompt a second read.
                read_meanwhile, reads_seen = self._reads != reads_seen, self._reads
                if now is None or now == present:
                    continue
                present = now
                if now and read_meanwhile:
                    continue
                try:
                    (on_inserted if now else on_removed)()
                except Exception:  # a broken callback must not end the watch
                    log.exception("card watch callback failed")

        return Watcher("card-watch-ga467", loop).stop

    @device_call
    def close(self) -> None:
        with self._lock:
            self._drop_port()

    # --- steps ----------------------------------------------------------------------------------------
    def _find(self, deadline: float) -> None:
        while True:
            found = self._exchange(p.FIND_CARD)
            if found.sw3 == p.FIND_OK:
                return
            if found.sw3 != 0x80:
                raise p.status_error(found.sw3, "find card")
            if self._read_done:
                # "Find" fails for a card that was already read; "select" tells whether it is still there.
                if self._exchange(p.SELECT_CARD).sw3 == p.OK:
                    raise LiftAndReplace("card already read: lift it and place it again")
                self._read_done = False
            if time.monotonic() >= deadline:
                raise NoCard("no card placed before the timeout")
            time.sleep(self.poll_interval)

    def _read_failure(self, sw3: int) -> CardError:
        if sw3 != 0x41:
            return p.status_error(sw3, "read card")
        try:
            still_there = self._exchange(p.SELECT_CARD, retries=0).sw3 == p.OK
        except ProtocolError:
            still_there = False
        if not still_there:
            return CardRemoved("card left the field during the read", status=sw3)
        return LiftAndReplace("read failed", status=sw3)

    def _with_new_address(self, identity: Identity) -> Identity:
        """A card whose holder moved carries the new address apart from the text (command 30 03)."""
        try:
            reply = self._exchange(p.READ_NEW_ADDRESS)
            if reply.sw3 != p.OK:
                return identity  # 91: no address was added
            return dataclasses.replace(identity, address=p.decode_new_address(reply.data))
        except (ProtocolError, NoCard, CardReadFailed):
            # The base text is already read and valid; the added address is a refinement.
            log.warning("reading the added address failed; keeping the printed one")
            return identity

    def _photo(self, wlt: bytes) -> bytes | None:
        if not wlt or self.photo_decoder is None:
            return None
        try:
            return self.photo_decoder(wlt)
        except Exception:  # the photo is optional: a decoder failure never fails the read
            log.warning("photo decoder failed; continuing without the photo")
            return None

    def _poll_presence(self, was_present: bool, stop: threading.Event) -> bool | None:
        """Whether a card lies on the reader; None when the line is busy with a read or unusable."""
        if not self._lock.acquire(blocking=False):
            return None  # a read owns the line; it will find the card itself
        try:
            self._open()
            if self._exchange(p.FIND_CARD).sw3 == p.FIND_OK:
                return True
            if not (was_present or self._read_done):
                return False
            present = self._exchange(p.SELECT_CARD).sw3 == p.OK
            self._read_done = self._read_done and present
            return present
        except NoReader:
            self._drop_port()
            stop.wait(1.0)  # unplugged: look again now and then, the device may come back
            return False
        except CardError:
            return None
        finally:
            self._lock.release()

    # --- the line -------------------------------------------------------------------------------------
    def _open(self) -> None:
        if self._port is not None:
            return
        if not self.device:
            found = find_devices()
            if not found:
                raise NoReader("no reader device configured and none found by USB id")
            self.device = found[0]
        try:
            import serial
        except ImportError:
            raise NoReader("pyserial is not installed") from None
        try:
            self._port = serial.serial_for_url(
                self.device, baudrate=self.baud, timeout=0.05, write_timeout=1.0
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise NoReader(f"cannot open the reader device ({type(exc).__name__})") from None
        try:
            self._negotiate()
        except CardError:
            self._drop_port()
            raise

    def _negotiate(self) -> None:
        for baud in [self.baud, *(b for b in p.BAUD_CODES if b != self.baud)]:
            self._port.baudrate = baud
            if self._answers():
                break
        else:
            raise NoReader("the reader does not answer at any baud rate")
        switch = baud != self.baud and self.baud in p.BAUD_CODES
        if switch and self._exchange((p.SET_BAUD, p.BAUD_CODES[self.baud])).sw3 == p.OK:
            self._port.baudrate = self.baud
            if not self._answers():
                raise NoReader("the reader did not come back after a baud rate change")
        self.baud_in_use = int(self._port.baudrate)

    def _answers(self) -> bool:
        try:
            reply = self._exchange(p.SAM_STATUS, timeout=0.3, retries=0)
        except ProtocolError:
            return False
        if reply.sw3 != p.OK:
            raise p.status_error(reply.sw3, "SAM status")
        return True

    def _exchange(
        self, command: tuple[int, int], timeout: float | None = None, retries: int | None = None
    ) -> p.Reply:
        """Send one command and return its reply, retrying after line errors."""
        last: ProtocolError | None = None
        attempts = (self.retries if retries is None else retries) + 1
        self.worker.check("a frame to the card reader")
        for attempt in range(attempts):
            self._decoder.clear()
            try:
                self._port.reset_input_buffer()
                self._port.write(p.request(command))
            except Exception as exc:  # pyserial raises SerialException, OSError or termios.error
                self._drop_port()
                raise ReaderUnplugged(f"write failed ({type(exc).__name__})") from None
            try:
                reply = p.read_reply(
                    self._read_some, self._decoder, timeout or self.reply_timeout, time.monotonic
                )
            except ProtocolError as exc:
                last = exc
                continue
            if reply.sw3 in (0x10, 0x11) and attempt + 1 < attempts:
                continue  # the reader saw our request damaged on the line: send it again
            return reply
        raise last if last is not None else p.status_error(reply.sw3, "request")

    def _read_some(self, wait: float) -> bytes:
        try:
            self._port.timeout = wait
            data: bytes = self._port.read(max(1, self._port.in_waiting))
        except Exception as exc:  # the device went away (pty closed, USB unplugged)
            self._drop_port()
            raise ReaderUnplugged(f"read failed ({type(exc).__name__})") from None
        return data

    def _drop_port(self) -> None:
        port, self._port = self._port, None
        self.baud_in_use = None
        if port is not None:
            try:
                port.close()
            except Exception:
                log.debug("closing the reader port failed", exc_info=True)


def from_section(section: dict[str, Any]) -> CardReader:
    """The reader a ``[card_reader]`` section names (``drivers.backends.CARD_READERS``)."""
    return Ga467Reader(str(section.get("device", "")), int(section.get("baud", 115200)))
