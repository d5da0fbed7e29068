"""The SAM reader backend against the emulator on a real pseudo-terminal, byte for byte.

Each fault is injected into the emulator's answers; the reader must recover where a real one would
(retrying after a bad check byte, a short frame, noise, silence) and otherwise end in the typed error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest

from drivers.card import (
    CardExpired,
    CardReadFailed,
    CardRemoved,
    ChecksumError,
    LiftAndReplace,
    NoCard,
    NoReader,
    ProtocolError,
    ReaderFault,
    ReaderUnplugged,
    UnsupportedCard,
    reader_from_spec,
)
from drivers.card import ga467_protocol as p
from drivers.card.ga467 import Ga467Reader
from drivers.card.ga467_emulator import Fault, Ga467Emulator, ReaderTiming
from drivers.card.samples import ELDER, EXPIRED, FARMER

PHOTO = bytes(range(256)) * 4  # stands in for the 1024-byte WLT photo


def watch_polled_after(emulator: Ga467Emulator, since: int, timeout_s: float = 5.0) -> None:
    """Wait until the card watch has asked about the card after the emulator's command ``since`` and acted
    on the answer: a "select" (the card is still there after a read), then the next poll's "find"."""
    deadline = time.monotonic() + timeout_s
    while True:
        later = emulator.commands[since:]
        if p.SELECT_CARD in later and p.FIND_CARD in later[later.index(p.SELECT_CARD) :]:
            return
        assert time.monotonic() < deadline, "the card watch did not poll"
        time.sleep(0.01)


@pytest.fixture
def emulator() -> Iterator[Ga467Emulator]:
    with Ga467Emulator() as emu:
        yield emu


def make_reader(emu: Ga467Emulator, baud: int = 115200, **kw: object) -> Ga467Reader:
    options: dict[str, object] = {"poll_interval": 0.02, "reply_timeout": 0.3, "read_timeout": 1.0}
    options.update(kw)
    return Ga467Reader(emu.device, baud, **options)  # type: ignore[arg-type]


@pytest.fixture
def reader(emulator: Ga467Emulator) -> Iterator[Ga467Reader]:
    r = make_reader(emulator, photo_decoder=lambda wlt: wlt)
    yield r
    r.close()


def same_person(a: object, b: object) -> bool:
    fields = ("name", "sex", "nation", "birth_date", "address", "id_number", "issuing_authority")
    return all(getattr(a, f) == getattr(b, f) for f in fields + ("valid_from", "valid_to"))


def test_read_text_and_photo(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    emulator.place(FARMER, PHOTO)
    identity = reader.read(timeout=1.0)
    assert same_person(identity, FARMER) and identity.photo == PHOTO and not identity.sample
    assert emulator.commands[-4:] == [p.FIND_CARD, p.SELECT_CARD, p.READ_TEXT_PHOTO, p.READ_NEW_ADDRESS]


@pytest.mark.parametrize("fp_len", [0, 512, 1024])
def test_read_with_fingerprint_lengths(emulator: Ga467Emulator, fp_len: int) -> None:
    reader = make_reader(emulator, with_fingerprint=True)
    emulator.place(ELDER, PHOTO, bytes([7]) * fp_len)
    identity = reader.read(timeout=1.0)
    assert same_person(identity, ELDER) and identity.valid_to is None and identity.photo is None
    assert emulator.commands[-2:] == [p.READ_WITH_FINGERPRINT, p.READ_NEW_ADDRESS]
    reader.close()


def test_card_must_be_lifted_and_placed_again(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    emulator.place(ELDER)
    reader.read(timeout=1.0)
    with pytest.raises(LiftAndReplace):
        reader.read(timeout=1.0)
    emulator.lift()
    with pytest.raises(NoCard):
        reader.read(timeout=0.2)
    emulator.place(FARMER)
    assert reader.read(timeout=1.0).name == FARMER.name


def test_no_card_times_out(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    start = time.monotonic()
    with pytest.raises(NoCard):
        reader.read(timeout=0.3)
    assert 0.25 < time.monotonic() - start < 1.5


@pytest.mark.parametrize(
    "fault", [Fault.BAD_CHECKSUM, Fault.SHORT, Fault.NOISE, Fault.SPLIT, Fault.GARBAGE, Fault.SILENCE]
)
@pytest.mark.parametrize("command", [p.FIND_CARD, p.READ_TEXT_PHOTO])
def test_line_faults_are_retried(
    emulator: Ga467Emulator, reader: Ga467Reader, fault: Fault, command: tuple[int, int]
) -> None:
    reader.available()  # open first, so the fault hits the command under test
    emulator.place(ELDER, PHOTO)
    emulator.inject(fault, command)
    identity = reader.read(timeout=2.0)
    assert same_person(identity, ELDER) and identity.photo == PHOTO
    # NOISE and SPLIT frames are still whole: read once. The others needed the retry.
    expected = 1 if fault in (Fault.NOISE, Fault.SPLIT) else 2
    assert emulator.commands.count(command) == expected


def test_persistent_bad_checksums_end_in_checksum_error(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    reader.available()
    emulator.place(ELDER)
    for _ in range(3):
        emulator.inject(Fault.BAD_CHECKSUM, p.READ_TEXT_PHOTO)
    with pytest.raises(ChecksumError):
        reader.read(timeout=2.0)


def test_reader_that_never_answers_is_no_reader(emulator: Ga467Emulator) -> None:
    # Silent at its own speed; at the other speeds the host's bytes arrive as line garbage.
    emulator.inject(Fault.SILENCE, p.SAM_STATUS)
    reader = make_reader(emulator)
    with pytest.raises(NoReader):
        reader.read(timeout=0.5)
    assert reader.available()[0] is True  # it answers again after that one silence


@pytest.mark.parametrize(
    ("status", "command", "error"),
    [
        (0x60, p.SAM_STATUS, ReaderFault),
        (0x66, p.SAM_STATUS, ReaderFault),
        (0x40, p.FIND_CARD, UnsupportedCard),
        (0x31, p.READ_TEXT_PHOTO, CardReadFailed),
        (0x41, p.READ_TEXT_PHOTO, LiftAndReplace),
        (0x21, p.READ_TEXT_PHOTO, ProtocolError),
    ],
)
def test_sam_error_statuses(
    emulator: Ga467Emulator, status: int, command: tuple[int, int], error: type[Exception]
) -> None:
    emulator.place(ELDER)
    emulator.inject(status, command)
    reader = make_reader(emulator)
    with pytest.raises(error) as info:
        reader.read(timeout=1.0)
    assert getattr(info.value, "status", None) == status
    reader.close()


def test_card_lifted_during_read(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    emulator.place(ELDER)
    emulator.inject(Fault.LIFT, p.READ_TEXT_PHOTO)
    with pytest.raises(CardRemoved):
        reader.read(timeout=1.0)


def test_unplugged_mid_read(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    emulator.place(ELDER, PHOTO)
    emulator.inject(Fault.UNPLUG, p.READ_TEXT_PHOTO)
    with pytest.raises(ReaderUnplugged):
        reader.read(timeout=1.0)
    with pytest.raises(NoReader):
        reader.read(timeout=0.2)
    assert reader.available()[0] is False


@pytest.mark.parametrize(("reader_baud", "emulator_baud"), [(115200, 9600), (38400, 38400), (115200, 57600)])
def test_baud_negotiation(reader_baud: int, emulator_baud: int) -> None:
    with Ga467Emulator(baud=emulator_baud) as emu:
        reader = make_reader(emu, baud=reader_baud)
        ok, why = reader.available()
        assert ok, why
        assert emu.baud == reader_baud and reader.baud_in_use == reader_baud
        emu.place(FARMER)
        assert reader.read(timeout=1.0).name == FARMER.name
        reader.close()


def test_wire_time_follows_the_baud_rate() -> None:
    timings = {}
    for baud in (115200, 38400):
        with Ga467Emulator(ReaderTiming(wire=True), baud=baud) as emu:
            reader = make_reader(emu, baud=baud)
            reader.available()
            emu.place(ELDER, PHOTO)
            start = time.monotonic()
            reader.read(timeout=2.0)
            timings[baud] = time.monotonic() - start
            reader.close()
    assert timings[115200] >= 1295 * 10 / 115200
    assert timings[38400] >= 1295 * 10 / 38400 > timings[115200]


def test_expired_card(emulator: Ga467Emulator) -> None:
    reader = make_reader(emulator, today=lambda: dt.date(2026, 11, 27))
    emulator.place(EXPIRED)
    with pytest.raises(CardExpired) as info:
        reader.read(timeout=1.0)
    assert info.value.identity is not None and same_person(info.value.identity, EXPIRED)
    assert EXPIRED.id_number not in str(info.value) and EXPIRED.name not in str(info.value)
    reader.close()
    emulator.lift()
    emulator.place(EXPIRED)
    earlier = make_reader(emulator, today=lambda: dt.date(2025, 1, 10))
    assert earlier.read(timeout=1.0).valid_to == dt.date(2025, 1, 10)
    earlier.close()


def test_foreigner_card_is_unsupported(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    text = bytearray(p.encode_text(ELDER))
    text[p.CARD_TYPE_OFFSET : p.CARD_TYPE_OFFSET + 2] = "I".encode("utf-16-le")
    with pytest.raises(UnsupportedCard):
        p.parse_text(bytes(text))


def test_watch_reports_insert_and_remove(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    events: list[tuple[str, str]] = []
    inserted, removed = threading.Event(), threading.Event()

    def note(kind: str, flag: threading.Event) -> None:
        events.append((kind, threading.current_thread().name))
        flag.set()

    stop = reader.watch(lambda: note("in", inserted), lambda: note("out", removed))
    try:
        emulator.place(ELDER)
        assert inserted.wait(2.0)
        since = len(emulator.commands)
        assert same_person(reader.read(timeout=1.0), ELDER)  # reading does not end the "present" state
        watch_polled_after(emulator, since)
        assert not removed.is_set()
        emulator.lift()
        assert removed.wait(2.0)
    finally:
        stop()
    assert [k for k, _ in events] == ["in", "out"]
    assert all(name == "card-watch-ga467" for _, name in events)


def test_unreachable_device() -> None:
    reader = Ga467Reader("/dev/does-not-exist-ttyUSB9")
    ok, why = reader.available()
    assert not ok and "card.no_reader" in why
    with pytest.raises(NoReader):
        reader.read(timeout=0.1)


def test_spec_builds_a_serial_reader(emulator: Ga467Emulator) -> None:
    reader = reader_from_spec(f"ga467:{emulator.device}@115200")
    assert isinstance(reader, Ga467Reader) and reader.available()[0]
    emulator.place(dataclasses.replace(FARMER))
    assert reader.read(timeout=1.0).id_number == FARMER.id_number
    reader.close()


def test_added_address_replaces_the_printed_one(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    moved = "贵州省贵安新区样例镇新村安置点4栋2单元（样例）"
    emulator.place(FARMER, new_address=moved)
    identity = reader.read(timeout=1.0)
    assert identity.address == moved and emulator.commands[-1] == p.READ_NEW_ADDRESS
    emulator.lift()
    emulator.place(FARMER)
    assert reader.read(timeout=1.0).address == FARMER.address  # 91: nothing added


def test_broken_added_address_keeps_the_printed_one(emulator: Ga467Emulator, reader: Ga467Reader) -> None:
    emulator.place(FARMER, new_address="新地址（样例）")
    for _ in range(3):
        emulator.inject(Fault.BAD_CHECKSUM, p.READ_NEW_ADDRESS)
    assert reader.read(timeout=2.0).address == FARMER.address


def test_config_section_builds_the_serial_reader() -> None:
    from drivers.card import open_reader

    reader = open_reader({"backend": "ga467", "device": "/dev/ttyUSB7", "baud": 57600, "reader_name": ""})
    assert isinstance(reader, Ga467Reader) and (reader.device, reader.baud) == ("/dev/ttyUSB7", 57600)


@dataclasses.dataclass
class _Port:  # what pyserial's list_ports.comports() yields, for the USB bus of a machine without readers
    device: str
    vid: int | None
    pid: int | None


def test_no_device_and_none_found_by_usb_id(monkeypatch: pytest.MonkeyPatch) -> None:
    from serial.tools import list_ports

    from drivers.card.ga467 import USB_IDS, find_devices

    # The USB bus is the one part a test machine cannot be trusted to lack: a reader may be plugged in.
    ports = [_Port("/dev/ttyS0", None, None), _Port("/dev/ttyUSB3", 0x1A86, 0x7523)]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    assert find_devices() == []
    reader = Ga467Reader("")
    ok, why = reader.available()
    assert not ok and "none found by USB id" in why
    with pytest.raises(NoReader):
        reader.read(timeout=0.1)
    ports.append(_Port("/dev/ttyUSB5", *USB_IDS[0]))
    assert find_devices() == ["/dev/ttyUSB5"]


def test_watch_does_not_announce_a_card_the_app_already_read(
    emulator: Ga467Emulator, reader: Ga467Reader
) -> None:
    events: list[str] = []
    removed = threading.Event()

    def on_removed() -> None:
        events.append("out")
        removed.set()

    stop = reader.watch(lambda: events.append("in"), on_removed)
    try:
        # The app starts reading before the card is placed: the read owns the line, the watch waits.
        threading.Timer(0.3, emulator.place, args=(ELDER,)).start()
        assert same_person(reader.read(timeout=2.0), ELDER)
        watch_polled_after(emulator, len(emulator.commands))  # the watch has seen the card lying there
        assert events == []
        emulator.lift()
        assert removed.wait(2.0)
        emulator.place(FARMER)
        deadline = time.monotonic() + 2
        while events != ["out", "in"] and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop()
    assert events == ["out", "in"]
