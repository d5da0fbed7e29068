"""The frame protocol and the social security TLV rules, byte for byte, without devices."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.card import ChecksumError, ProtocolError, ReaderTimeout, Sex, sscard
from drivers.card import ga467_protocol as p
from drivers.card.samples import ELDER, SAMPLE_PEOPLE


def test_frames_match_the_documented_bytes() -> None:
    assert p.request(p.FIND_CARD) == bytes.fromhex("AAAAAA9669 0003 2001 22")
    assert p.response(p.FIND_OK, bytes(4)) == bytes.fromhex("AAAAAA9669 0008 00009F 00000000 97")
    reply = p.response(p.OK, p.card_data(ELDER, bytes(1024)))
    assert len(reply) == 1295 and reply[5:10] == bytes.fromhex("0508 000090")
    assert reply[10:14] == bytes.fromhex("0100 0400")


def decode_all(data: bytes, chunk: int) -> list[bytes]:
    decoder, out = p.FrameDecoder(), []
    for i in range(0, len(data), chunk):
        decoder.feed(data[i : i + chunk])
        while (payload := decoder.next_payload()) is not None:
            out.append(payload)
    return out


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64, 4096])
def test_decoder_handles_split_frames_and_noise(chunk: int) -> None:
    frames = [p.response(p.FIND_OK, bytes(4)), p.response(p.OK, b"\xaa\xaa\xaa\x96\x69"), p.response(0x80)]
    noise = bytes.fromhex("00 AA AA 13 AA AA AA 96 55 AA AA AA 96 69 FF FF") + b"\xaa\xaa"
    payloads = decode_all(noise + frames[0] + noise + frames[1] + frames[2], chunk)
    assert [p.parse_reply(x).sw3 for x in payloads] == [p.FIND_OK, p.OK, 0x80]
    assert p.parse_reply(payloads[1]).data == b"\xaa\xaa\xaa\x96\x69"


def test_bad_checksum_is_dropped_and_decoding_goes_on() -> None:
    good = p.response(p.OK)
    bad = good[:-1] + bytes([good[-1] ^ 1])
    decoder = p.FrameDecoder()
    decoder.feed(bad + good)
    with pytest.raises(ChecksumError):
        decoder.next_payload()
    assert decoder.next_payload() == bytes([0, 0, p.OK])


def test_endless_noise_is_a_protocol_error() -> None:
    decoder = p.FrameDecoder()
    with pytest.raises(ProtocolError):
        for _ in range(100):
            decoder.feed(b"\x55" * 100)
            decoder.next_payload()


def test_read_reply_times_out_on_a_partial_frame() -> None:
    ticks = iter(range(100))
    frame = p.response(p.OK, bytes(20))
    chunks = iter([frame[:10]])
    with pytest.raises(ReaderTimeout):
        p.read_reply(lambda wait: next(chunks, b""), p.FrameDecoder(), 5, lambda: float(next(ticks)))


@pytest.mark.parametrize("person", SAMPLE_PEOPLE)
def test_text_round_trip(person: object) -> None:
    identity = p.parse_text(p.encode_text(person))  # type: ignore[arg-type]
    for field in ("name", "sex", "nation", "birth_date", "address", "id_number", "valid_from", "valid_to"):
        assert getattr(identity, field) == getattr(person, field)


@pytest.mark.parametrize(
    ("field_offset", "value"),
    [(30, "3"), (32, "77"), (36, "19481332"), (188, "2016-05-"), (204, "永久有效"), (0, " " * 15)],
)
def test_bad_text_fields(field_offset: int, value: str) -> None:
    text = bytearray(p.encode_text(ELDER))
    raw = value.encode("utf-16-le")
    text[field_offset : field_offset + len(raw)] = raw
    with pytest.raises(ProtocolError):
        p.parse_text(bytes(text))


def test_card_data_lengths() -> None:
    data = p.card_data(ELDER, bytes(1024), bytes(512))
    assert p.split_card_data(data, with_fingerprint=True).fingerprint_length == 512
    with pytest.raises(ProtocolError):
        p.split_card_data(data, with_fingerprint=False)  # fingerprint bytes where none were asked
    with pytest.raises(ProtocolError):
        p.split_card_data(data[:-1], with_fingerprint=True)
    bad_len = bytearray(data)
    bad_len[4:6] = (300).to_bytes(2, "big")
    with pytest.raises(ProtocolError):
        p.split_card_data(bytes(bad_len), with_fingerprint=True)


# --- social security card items --------------------------------------------------------------------


def test_tlv_and_padding_rules() -> None:
    assert sscard.parse_tlv(bytes.fromhex("0D04 19480315"), 0x0D) == bytes.fromhex("19480315")
    assert sscard.parse_tlv(bytes.fromhex("0702 4142 0000"), 0x07) == b"AB"  # Le longer than the item
    assert sscard.decode_cn(bytes.fromhex("123FFF")) == "123"
    assert sscard.decode_an("杨样例".encode("gbk") + bytes(24)) == "杨样例"
    assert sscard.decode_date(bytes.fromhex("20280501"), "x") == dt.date(2028, 5, 1)
    assert sscard.decode_sex(b"2") is Sex.FEMALE and sscard.decode_sex(b"\x01") is Sex.MALE
    assert sscard.decode_nation(b"\x06") == "苗" and sscard.decode_nation(b"\xff") == ""
    for bad in (b"", b"\x0d", bytes.fromhex("0D05 19480315"), bytes.fromhex("0E01 00")):
        with pytest.raises(ProtocolError):
            sscard.parse_tlv(bad, 0x0D)
    for call in (
        lambda: sscard.decode_cn(b"\x1a"),
        lambda: sscard.decode_an(b"\x81"),
        lambda: sscard.decode_an(b"A\x00B"),
        lambda: sscard.decode_date(bytes.fromhex("20281301"), "x"),
        lambda: sscard.decode_sex(b"5"),
        lambda: sscard.decode_nation(b"\x99"),
    ):
        with pytest.raises(ProtocolError):
            call()


def test_wrong_le_is_corrected_from_6c() -> None:
    sent: list[list[int]] = []

    def transmit(apdu: list[int]) -> tuple[list[int], int, int]:
        sent.append(apdu)
        return ([], 0x6C, 0x05) if apdu[4] != 5 else ([0x0A, 0x01, 0x31, 0, 0], 0x90, 0x00)

    card = sscard.SocialSecurityCard(transmit)
    assert card.required(sscard.SEX) == b"1"
    assert sent == [[0, 0xB2, 0x0A, 0, 3], [0, 0xB2, 0x0A, 0, 5]]
