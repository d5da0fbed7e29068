"""The PC/SC backend through the real pcscd, the vpcd driver and virtual cards of our own.

A session fixture starts ``pcscd --foreground --apdu`` unless one is already running, and stops the one
it started. Cards are inserted by connecting to vpcd's socket and removed by closing it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.card import (
    CardExpired,
    CardRemoved,
    CardSource,
    NoCard,
    NoReader,
    ProtocolError,
    UnsupportedCard,
    reader_from_spec,
)
from drivers.card.pcsc import PcscReader, list_readers
from drivers.card.samples import ELDER, FARMER
from tests.real_parts import missing_part

sys.path.insert(0, str(Path(__file__).parent))
from vpcd_card import VPCD_PORT, SocialSecurityCardApp, VirtualCard, bank_card, garbage_card  # noqa: E402

SLOT0, SLOT1 = "Virtual PCD 00 00", "Virtual PCD 00 01"


def _virtual_readers() -> list[str]:
    try:
        return [r for r in list_readers() if r.startswith("Virtual PCD")]
    except NoReader:
        return []


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    if shutil.which("pcscd") is None:
        missing_part("pcscd is not installed (Debian: pcscd vsmartcard-vpcd libpcsclite-dev)")
    process = None
    if not _virtual_readers():
        log = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
        with log.open("wb") as out:  # the daemon keeps its own copy of the descriptor
            process = subprocess.Popen(
                ["pcscd", "--foreground", "--apdu"], stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 15
        while len(_virtual_readers()) < 2:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"pcscd did not show the vpcd readers; see {log}")
            time.sleep(0.1)
    yield
    if process is not None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def reader(pcscd: None) -> Iterator[PcscReader]:
    r = PcscReader(SLOT0, today=lambda: dt.date(2026, 11, 27), poll_interval=0.05)
    yield r
    r.close()


def wait_until_empty(slot: str = SLOT0, timeout_s: float = 10.0) -> None:
    """Wait until pcscd reports ``slot`` empty (a removed virtual card is seen by pcscd a moment later, and
    the next test's card must not meet the last one's)."""
    from smartcard import scard

    rc, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert rc == scard.SCARD_S_SUCCESS
    try:
        deadline, state = time.monotonic() + timeout_s, scard.SCARD_STATE_UNAWARE
        while True:
            rc, changes = scard.SCardGetStatusChange(context, 250, [(slot, state)])
            if rc == scard.SCARD_S_SUCCESS:
                state = changes[0][1] & ~scard.SCARD_STATE_CHANGED
                if state & scard.SCARD_STATE_EMPTY:
                    return
            assert time.monotonic() < deadline, f"pcscd still sees a card in {slot}"
    finally:
        scard.SCardReleaseContext(context)


def removed(card: VirtualCard, slot: str = SLOT0) -> None:
    card.remove()
    wait_until_empty(slot)


@pytest.fixture
def card() -> Iterator[VirtualCard]:
    c = VirtualCard(SocialSecurityCardApp(ELDER))
    yield c
    removed(c)


def test_insert_read_remove_reinsert(reader: PcscReader, card: VirtualCard) -> None:
    card.insert()
    identity = reader.read(timeout=5.0)
    assert (identity.name, identity.id_number, identity.sex) == (ELDER.name, ELDER.id_number, ELDER.sex)
    assert (identity.nation, identity.birth_date) == (ELDER.nation, ELDER.birth_date)
    assert identity.source is CardSource.SOCIAL_SECURITY and identity.card_number == "A12345678"
    assert (identity.valid_from, identity.valid_to) == (dt.date(2018, 5, 1), dt.date(2028, 5, 1))
    card.remove()
    with pytest.raises(NoCard):
        reader.read(timeout=0.5)
    card.insert()
    assert reader.read(timeout=5.0).id_number == ELDER.id_number


def test_watch_events(reader: PcscReader, card: VirtualCard) -> None:
    events: list[tuple[str, str]] = []
    changed = threading.Condition()

    def note(kind: str) -> None:
        with changed:
            events.append((kind, threading.current_thread().name))
            changed.notify_all()

    def wait_for(count: int) -> None:
        with changed:
            assert changed.wait_for(lambda: len(events) >= count, timeout=5.0), events

    stop = reader.watch(lambda: note("in"), lambda: note("out"))
    try:
        card.insert()  # before or after the watch first asks pcscd: it starts from "no card" either way
        wait_for(1)
        assert reader.read(timeout=5.0).name == ELDER.name  # reading while the watch runs
        card.remove()
        wait_for(2)
        card.insert()
        wait_for(3)
    finally:
        stop()
    assert [k for k, _ in events] == ["in", "out", "in"]
    assert {name for _, name in events} == {"card-watch-pcsc"}


def test_t0_card_with_get_response(reader: PcscReader) -> None:
    t0 = VirtualCard(SocialSecurityCardApp(FARMER, t0=True))
    t0.insert()
    try:
        assert reader.read(timeout=5.0).name == FARMER.name
        assert any(apdu[1] == 0xC0 for apdu in t0.apdus)
    finally:
        removed(t0)


def test_expired_social_security_card(reader: PcscReader) -> None:
    old = VirtualCard(SocialSecurityCardApp(FARMER, issued="20100101", expires="20200101"))
    old.insert()
    try:
        with pytest.raises(CardExpired) as info:
            reader.read(timeout=5.0)
        assert info.value.identity is not None and info.value.identity.valid_to == dt.date(2020, 1, 1)
    finally:
        removed(old)


@pytest.mark.parametrize(
    ("responder", "error"), [(bank_card, UnsupportedCard), (garbage_card, ProtocolError)]
)
def test_other_cards(reader: PcscReader, responder: object, error: type[Exception]) -> None:
    other = VirtualCard(responder)  # type: ignore[arg-type]
    other.insert()
    try:
        with pytest.raises(error):
            reader.read(timeout=5.0)
    finally:
        removed(other)


def test_card_removed_mid_read(reader: PcscReader, card: VirtualCard) -> None:
    card.remove_after = 4  # vanish after the select and two records
    card.insert()
    with pytest.raises((CardRemoved, NoCard)) as info:
        reader.read(timeout=3.0)
    assert isinstance(info.value, CardRemoved), type(info.value)
    assert len(card.apdus) == 4


def test_config_section_builds_the_pcsc_reader() -> None:
    from drivers.card import open_reader

    reader = open_reader({"backend": "pcsc", "device": "", "baud": 115200, "reader_name": SLOT1})
    assert isinstance(reader, PcscReader) and reader.reader_name == SLOT1


def test_second_slot_and_reader_names(pcscd: None) -> None:
    slot1 = VirtualCard(SocialSecurityCardApp(FARMER), port=VPCD_PORT + 1)
    slot1.insert()
    try:
        with pytest.raises(NoCard):
            PcscReader(SLOT0, poll_interval=0.05).read(timeout=0.5)
        assert reader_from_spec(f"pcsc:{SLOT1}").read(timeout=5.0).name == FARMER.name
    finally:
        removed(slot1, SLOT1)
    missing = PcscReader("No Such Reader")
    assert missing.available() == (False, "no PC/SC reader with that name")
    with pytest.raises(NoReader):
        missing.read(timeout=0.1)
    assert PcscReader().available()[0]


def test_no_daemon_is_no_reader(tmp_path: Path) -> None:
    # pcsc-lite clients find the daemon through PCSCLITE_CSOCK_NAME: point it at nothing.
    code = (
        "from drivers.card.pcsc import PcscReader\n"
        "from drivers.card import NoReader\n"
        "r = PcscReader()\n"
        "print(r.available()[0])\n"
        "try:\n    r.read(timeout=0.1)\nexcept NoReader as e:\n    print(e.code)\n"
    )
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-daemon.comm"), "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30)
    assert out.stdout.split() == ["False", "card.no_reader"], out.stderr
