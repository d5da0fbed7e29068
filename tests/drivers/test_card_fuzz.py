"""Random bytes into the frame decoder, the card text parser and the TLV reader: never a crash, never a
hang, always a result or a typed ``CardError``."""

from __future__ import annotations

import contextlib
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.card import CardError, sscard
from drivers.card import ga467_protocol as p
from drivers.card.samples import ELDER

chunks = st.lists(st.binary(max_size=300), max_size=20)
# Bytes that look like frames now and then, so the decoder's deeper paths are reached too.
framey = st.lists(
    st.one_of(
        st.binary(max_size=64),
        st.just(p.PREAMBLE),
        st.builds(lambda d, s: p.response(s, d), st.binary(max_size=40), st.integers(0, 255)),
        st.integers(0, 0xFFFF).map(lambda n: p.PREAMBLE + n.to_bytes(2, "big")),
    ),
    max_size=12,
)


def run_reader(pieces: list[bytes]) -> None:
    feed = iter(pieces)
    clock = itertools.count()  # a fake clock: each look at it is one second later, so it cannot hang
    decoder = p.FrameDecoder()
    for _ in range(len(pieces) + 5):
        try:
            reply = p.read_reply(lambda wait: next(feed, b""), decoder, 3, lambda: float(next(clock)))
        except CardError:
            continue
        assert 0 <= reply.sw3 <= 255


@settings(max_examples=300, deadline=None)
@given(chunks)
def test_random_bytes_into_frame_reader(pieces: list[bytes]) -> None:
    run_reader(pieces)


@settings(max_examples=300, deadline=None)
@given(framey)
def test_frame_like_bytes_into_frame_reader(pieces: list[bytes]) -> None:
    run_reader(pieces)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2400), st.booleans())
def test_random_card_data(data: bytes, with_fingerprint: bool) -> None:
    try:
        split = p.split_card_data(data, with_fingerprint)
        p.parse_text(split.text)
    except CardError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_random_card_text(text: bytes) -> None:
    with contextlib.suppress(CardError):
        p.parse_text(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=0, max_size=250), st.integers(0, 255))
def test_mutated_card_text(flips: list[int], xor: int) -> None:
    text = bytearray(p.encode_text(ELDER))
    for i in flips:
        text[i] ^= xor
    with contextlib.suppress(CardError):
        p.parse_text(bytes(text))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 255))
def test_random_tlv(reply: bytes, tag: int) -> None:
    try:
        value = sscard.parse_tlv(reply, tag)
    except CardError:
        return
    assert len(value) == reply[1] and reply[0] == tag
    for decode in (sscard.decode_an, sscard.decode_cn, sscard.decode_sex, sscard.decode_nation):
        with contextlib.suppress(CardError):
            decode(value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.binary(max_size=40), st.integers(0, 255), st.integers(0, 255)), max_size=30))
def test_random_card_answers(answers: list[tuple[bytes, int, int]]) -> None:
    """A whole social security read against a card answering random things ends in an Identity or a CardError."""
    replies = iter(answers)

    def transmit(apdu: list[int]) -> tuple[list[int], int, int]:
        data, sw1, sw2 = next(replies, (b"", 0x6F, 0x00))
        return list(data), sw1, sw2

    with contextlib.suppress(CardError):
        sscard.read_social_security_card(transmit)
