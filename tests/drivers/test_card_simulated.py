"""The simulated reader, the registry and the spec strings: the path the demo and the UI tests use."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from stdnum.cn import ric

from drivers.card import (
    CardError,
    CardExpired,
    CardReader,
    CardReadFailed,
    CardRemoved,
    NoCard,
    NoReader,
    SimulatedReader,
    open_reader,
    parse_spec,
    reader_from_spec,
)
from drivers.card.samples import DEMO_SCRIPT, ELDER, EXPIRED, SAMPLE_PEOPLE


def test_samples_are_fictional_and_valid() -> None:
    assert (
        SAMPLE_PEOPLE[0] is ELDER
        and ELDER.address.startswith("贵州省贵安新区")
        and "（样例）" in ELDER.address
    )
    assert ELDER.birth_date.year < 1960 and ELDER.valid_to is None
    for person in SAMPLE_PEOPLE:
        assert person.sample
        assert ric.is_valid(person.id_number)
        assert ric.get_birth_date(person.id_number) == person.birth_date
        assert ("样例" in person.address) and any(w in person.name for w in ("样例", "示例", "演示", "过期"))
    assert EXPIRED.is_expired(dt.date.today())


def test_default_script_cycles_with_expired_and_bad_read() -> None:
    reader = SimulatedReader()
    outcomes: list[str] = []
    for _ in range(len(DEMO_SCRIPT) + 1):
        try:
            outcomes.append(reader.read().name)
        except CardExpired as exc:
            assert exc.identity is EXPIRED
            outcomes.append(exc.code)
        except CardReadFailed as exc:
            outcomes.append(exc.code)
    assert outcomes[0] == ELDER.name and outcomes[-1] == ELDER.name
    assert "card.expired" in outcomes and "card.read_failed" in outcomes


def test_scripted_sequence_plays_once() -> None:
    reader = SimulatedReader([ELDER, NoCard, CardReadFailed("x")])
    assert reader.read() is ELDER
    with pytest.raises(NoCard):
        reader.read()
    with pytest.raises(CardReadFailed):
        reader.read()
    with pytest.raises(NoCard):
        reader.read()  # exhausted


def test_expiry_uses_injected_today() -> None:
    before = SimulatedReader([EXPIRED], today=lambda: dt.date(2024, 12, 31))
    assert before.read() is EXPIRED
    after = SimulatedReader([EXPIRED], today=lambda: dt.date(2025, 1, 11))
    with pytest.raises(CardExpired):
        after.read()


def test_watch_events_come_from_a_background_thread() -> None:
    reader = SimulatedReader()
    seen: list[tuple[str, str]] = []
    got = threading.Event()

    def on(kind: str) -> None:
        seen.append((kind, threading.current_thread().name))
        if kind == "removed":
            got.set()

    stop = reader.watch(lambda: on("inserted"), lambda: on("removed"))
    reader.insert_card()
    reader.remove_card()
    assert got.wait(2.0)
    stop()
    assert [k for k, _ in seen] == ["inserted", "removed"]
    assert all(name != threading.current_thread().name for _, name in seen)
    reader.insert_card()  # after stop: nobody is called
    assert len(seen) == 2


def test_removal_during_slow_read_raises_card_removed() -> None:
    reader = SimulatedReader([ELDER], delay=2.0)
    threading.Timer(0.1, reader.remove_card).start()
    with pytest.raises(CardRemoved):
        reader.read()


def test_registry_and_specs() -> None:
    assert isinstance(open_reader({"backend": "simulated"}), SimulatedReader)
    assert isinstance(reader_from_spec("simulated"), CardReader)
    assert parse_spec("ga467:/dev/ttyUSB0@57600")["baud"] == 57600
    assert parse_spec("ga467:/dev/ttyUSB0")["device"] == "/dev/ttyUSB0"
    assert parse_spec("pcsc:Virtual PCD 00 01")["reader_name"] == "Virtual PCD 00 01"
    assert parse_spec("pcsc")["reader_name"] == ""
    for bad in ("nfc", "ga467:/dev/x@fast", "simulated:x"):
        with pytest.raises(NoReader):
            reader_from_spec(bad)


def test_error_codes_are_stable_and_have_messages() -> None:
    from drivers.card.errors import ALL_ERRORS
    from kiosk.messages.card import MESSAGES

    codes = [cls.code for cls in ALL_ERRORS]
    assert len(set(codes)) == len(codes)
    for cls in ALL_ERRORS:
        assert cls.code.startswith("card.") and cls.code in MESSAGES
        assert issubclass(cls, CardError)


def test_a_placed_card_stays_until_lifted_and_says_so_to_the_watchers() -> None:
    import queue

    reader = SimulatedReader([])  # the demo's reader: no card until one is placed
    events: queue.SimpleQueue[str] = queue.SimpleQueue()
    stop = reader.watch(lambda: events.put("in"), lambda: events.put("out"))
    try:
        with pytest.raises(NoCard):
            reader.read()
        reader.place(ELDER)
        assert events.get(timeout=5) == "in"
        assert reader.read() == ELDER and reader.read() == ELDER  # it stays on the reader
        reader.place(CardReadFailed("a sample card that cannot be read"))
        assert events.get(timeout=5) == "in"
        with pytest.raises(CardReadFailed):
            reader.read()
        reader.lift()
        assert events.get(timeout=5) == "out"
        with pytest.raises(NoCard):
            reader.read()
        reader.lift()  # nothing there: no second "removed"
        reader.place(ELDER)
        assert events.get(timeout=5) == "in"  # the next event is the next card, not a second removal
    finally:
        stop()
