"""Virtual cards for the vpcd driver of pcscd (vsmartcard-vpcd), speaking its socket protocol.

A card is a TCP client of vpcd (127.0.0.1:35963 for reader "Virtual PCD 00 00", 35964 for "00 01"):
connecting is inserting the card, closing the socket is removing it. Messages are a 2-byte big-endian
length and a payload; one-byte payloads are control (00 power off, 01 power on, 02 reset, 04 send the
ATR), longer ones are command APDUs answered with response data + SW1 SW2.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable

from drivers.card import sscard
from drivers.card.identity import Identity
from drivers.card.nations import nation_code

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963
ATR = bytes.fromhex("3B8880014241434B534F43494149")  # fictional T=1 ATR ("BACKSOCIAI" historical bytes)
Responder = Callable[[bytes], bytes]


class VirtualCard:
    """Plug ``responder`` into a vpcd slot as a card. ``insert()`` / ``remove()`` are the villager's hand."""

    def __init__(self, responder: Responder, port: int = VPCD_PORT, atr: bytes = ATR) -> None:
        self.responder = responder
        self.port = port
        self.atr = atr
        self.apdus: list[bytes] = []
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.remove_after: int | None = None  # close the socket when this many APDUs have come in

    def insert(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while True:  # vpcd opens its port only once pcscd has loaded the driver
            try:
                self._sock = socket.create_connection((VPCD_HOST, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, args=(self._sock,), name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                head = _recv_exact(sock, 2)
                if head is None:
                    return
                (length,) = struct.unpack(">H", head)
                payload = _recv_exact(sock, length)
                if payload is None:
                    return
                if length == 1:
                    if payload[0] == 0x04:
                        sock.sendall(struct.pack(">H", len(self.atr)) + self.atr)
                    continue  # power on/off and reset need no answer
                self.apdus.append(payload)
                if self.remove_after is not None and len(self.apdus) >= self.remove_after:
                    threading.Thread(target=self.remove, daemon=True).start()
                    return
                answer = self.responder(payload)
                sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError:
            return


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        try:
            chunk = sock.recv(n - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _bcd(digits: str, size: int) -> bytes:
    digits = digits + "F" * (size * 2 - len(digits))
    return bytes.fromhex(digits)


class SocialSecurityCardApp:
    """Answers as a social security card holding ``identity`` (EF05 + EF06 only, as without a PSAM)."""

    def __init__(
        self,
        identity: Identity,
        card_number: str = "A12345678",
        issued: str = "20180501",
        expires: str = "20280501",
        t0: bool = False,
    ) -> None:
        self.t0 = t0  # answer 61xx and wait for GET RESPONSE, as T=0 cards do
        self._app = False
        self._file = 0
        self._pending = b""
        name = identity.name.encode("gbk")
        self.ef05 = {
            0x05: _bcd(issued, 4),
            0x06: _bcd(expires, 4),
            0x07: card_number.encode("ascii"),
        }
        self.ef06 = {
            0x08: identity.id_number.encode("ascii"),
            0x09: name + bytes(30 - len(name)),  # an: padded with 00
            0x0A: identity.sex.value.encode("ascii"),
            0x0B: _bcd(f"{nation_code(identity.nation) or 0:02d}", 1),
            0x0D: _bcd(f"{identity.birth_date:%Y%m%d}", 4),
        }

    def __call__(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        if ins == 0xC0 and self._pending:
            out, self._pending = self._pending, b""
            return out + b"\x90\x00"
        if ins == 0xA4 and p1 == 0x04:
            self._app = apdu[5 : 5 + apdu[4]] == sscard.AID
            return b"\x90\x00" if self._app else b"\x6a\x82"
        if ins == 0xA4 and p1 == 0x02 and self._app:
            self._file = int.from_bytes(apdu[5:7], "big")
            return b"\x90\x00" if self._file in (0xEF05, 0xEF06) else b"\x6a\x82"
        if ins == 0xB2 and self._app:
            sfi = p2 >> 3
            items = self.ef05 if (sfi == 5 or (sfi == 0 and self._file == 0xEF05)) else self.ef06
            if sfi == 0 and self._file != 0xEF06 and items is self.ef06:
                return b"\x69\x86"  # no current EF
            value = items.get(p1)
            if value is None:
                return b"\x6a\x83"
            record = bytes([p1, len(value)]) + value
            if self.t0:
                self._pending = record
                return bytes([0x61, len(record)])
            return record + b"\x90\x00"
        return b"\x6d\x00" if self._app or ins != 0xA4 else b"\x6a\x82"


def bank_card(apdu: bytes) -> bytes:
    """A card with no social security application (a bank card, say): every SELECT is refused."""
    return b"\x6a\x82"


def garbage_card(apdu: bytes) -> bytes:
    """Accepts the application, then answers records with bytes that are no TLV."""
    if apdu[1] == 0xA4:
        return b"\x90\x00"
    return bytes([0x42, 0xFF, 0x13]) + b"\x90\x00"
