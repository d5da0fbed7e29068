"""PC/SC readers through pyscard (pcscd on Linux): reader discovery, card insert/remove monitoring, and
social security cards (see ``sscard``). Any other card is an ``UnsupportedCard``.

``watch`` runs its own thread blocked in SCardGetStatusChange (woken every 250 ms to notice a stop),
so insertions and removals arrive as events, not by polling on the caller's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.card.base import CardReader, StopWatching, Today, Watcher
from drivers.card.errors import CardError, CardRemoved, NoCard, NoReader
from drivers.card.identity import Identity
from drivers.card.sscard import read_social_security_card
from drivers.worker import device_call

log = logging.getLogger(__name__)


def list_readers() -> list[str]:
    """Names of the PC/SC readers pcscd knows; ``NoReader`` when pyscard or pcscd is missing."""
    try:
        from smartcard.Exceptions import SmartcardException
        from smartcard.pcsc.PCSCExceptions import BaseSCardException
        from smartcard.System import readers
    except ImportError:
        raise NoReader("pyscard is not installed") from None
    try:
        return [str(r) for r in readers()]
    except (SmartcardException, BaseSCardException):  # EstablishContextException...: no daemon to talk to
        raise NoReader("the PC/SC daemon (pcscd) is not running") from None


class PcscReader(CardReader):
    name = "pcsc"

    def __init__(
        self, reader_name: str = "", *, today: Today | None = None, poll_interval: float = 0.1
    ) -> None:
        super().__init__(today)
        self.reader_name = reader_name
        self.poll_interval = poll_interval

    def _pick(self, names: list[str]) -> str:
        chosen = [n for n in names if n.startswith(self.reader_name)]
        if not chosen:
            raise NoReader("no PC/SC reader" + (" with that name" if self.reader_name else ""))
        return chosen[0]

    @device_call
    def read(self, timeout: float = 5.0) -> Identity:
        from smartcard.Exceptions import SmartcardException
        from smartcard.pcsc.PCSCExceptions import BaseSCardException

        name = self._pick(list_readers())
        try:
            identity = self._read_from(name, timeout)
        except (SmartcardException, BaseSCardException):  # the daemon or the reader went away
            raise NoReader("the PC/SC reader stopped answering") from None
        return self.check_validity(identity)

    def _read_from(self, name: str, timeout: float) -> Identity:
        from smartcard.Exceptions import CardConnectionException, NoCardException
        from smartcard.System import readers

        deadline = time.monotonic() + timeout
        matching = [r for r in readers() if str(r) == name]
        if not matching:
            raise NoReader("the PC/SC reader went away")
        while True:
            connection = matching[0].createConnection()
            try:
                connection.connect()
                break
            except (NoCardException, CardConnectionException):
                # No card yet, or one being placed that does not answer its reset yet.
                if time.monotonic() >= deadline:
                    raise NoCard("no card placed before the timeout") from None
                time.sleep(self.poll_interval)
        try:
            return read_social_security_card(self._transmit(connection))
        finally:
            try:
                connection.disconnect()
            except Exception:  # the card may already be gone
                log.debug("disconnect failed", exc_info=True)

    def _transmit(self, connection: Any) -> Callable[[list[int]], tuple[list[int], int, int]]:
        from smartcard.Exceptions import CardConnectionException

        def transmit(apdu: list[int]) -> tuple[list[int], int, int]:
            self.worker.check("an APDU to the card")
            try:
                data, sw1, sw2 = connection.transmit(apdu)
            except CardConnectionException:
                # pcscd says "card removed" / "reset"; a card that answers nothing looks the same.
                raise CardRemoved("the card stopped answering (removed?)") from None
            return list(data), int(sw1), int(sw2)

        return transmit

    def available(self) -> tuple[bool, str]:
        try:
            name = self._pick(list_readers())
        except CardError as exc:
            return False, exc.detail
        return True, f"PC/SC reader {name}"

    def watch(self, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> StopWatching:
        return Watcher("card-watch-pcsc", lambda stop: self._watch_loop(stop, on_inserted, on_removed)).stop

    def _watch_loop(
        self, stop: threading.Event, on_inserted: Callable[[], None], on_removed: Callable[[], None]
    ) -> None:
        try:
            from smartcard import scard
        except ImportError:
            log.warning("pyscard is not installed: no card events")
            return
        present = False
        while not stop.is_set():
            rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if rc != scard.SCARD_S_SUCCESS:
                stop.wait(1.0)  # pcscd not running (yet): look again later
                continue
            try:
                present = self._follow(scard, context, stop, present, on_inserted, on_removed)
            finally:
                scard.SCardReleaseContext(context)
            stop.wait(0.5)

    def _follow(
        self,
        scard: Any,
        context: Any,
        stop: threading.Event,
        present: bool,
        on_inserted: Callable[[], None],
        on_removed: Callable[[], None],
    ) -> bool:
        """Follow one reader until stopped or it goes away; returns whether a card was present."""
        rc, names = scard.SCardListReaders(context, [])
        try:
            name = self._pick(list(names) if rc == scard.SCARD_S_SUCCESS else [])
        except NoReader:
            return self._emit(present, False, on_inserted, on_removed)
        state = scard.SCARD_STATE_UNAWARE
        while not stop.is_set():
            rc, changes = scard.SCardGetStatusChange(context, 250, [(name, state)])
            if rc == scard.SCARD_E_TIMEOUT:
                continue
            if rc != scard.SCARD_S_SUCCESS:
                return self._emit(present, False, on_inserted, on_removed)  # reader or daemon gone
            _, event, _atr = changes[0]
            if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                return self._emit(present, False, on_inserted, on_removed)
            present = self._emit(present, bool(event & scard.SCARD_STATE_PRESENT), on_inserted, on_removed)
            state = event & ~scard.SCARD_STATE_CHANGED
        return present

    @staticmethod
    def _emit(was: bool, now: bool, on_inserted: Callable[[], None], on_removed: Callable[[], None]) -> bool:
        if now != was:
            try:
                (on_inserted if now else on_removed)()
            except Exception:  # a broken callback must not end the watch
                log.exception("card watch callback failed")
        return now


def from_section(section: dict[str, Any]) -> CardReader:
    """The reader a ``[card_reader]`` section names (``drivers.backends.CARD_READERS``)."""
    return PcscReader(str(section.get("reader_name", "")))
