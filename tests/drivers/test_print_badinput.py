"""Bad input never crashes and never garbles a line: what cannot print is replaced visibly (□) and logged."""

from __future__ import annotations

import contextlib
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.printing import document as d
from drivers.printing.decoder import decode
from drivers.printing.errors import DecodeError
from drivers.printing.escpos_render import render
from drivers.printing.layout import QR_TOO_LONG
from drivers.printing.profiles import columns, get_profile
from drivers.printing.textfit import REPLACEMENT, sanitize, text_width

DEFAULT = get_profile("default")


def printed(doc: d.Document, dots: int = 384, profile: str = "default") -> list[str]:
    prof = get_profile(profile)
    out = decode(render(doc, prof, dots), prof, dots)
    assert out.garbled == 0, "a character came out garbled"
    assert out.overflowed == 0, "a line was wider than the paper"
    assert all(text_width(line) <= columns(dots) for line in out.lines)
    return out.lines


def test_characters_outside_the_printer_font_are_replaced_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    name = "王𠀀明😀"  # CJK extension B and an emoji: 4-byte GB18030, not in printer fonts
    with caplog.at_level(logging.WARNING):
        lines = printed(d.Document([d.KeyValue("申请人", name)]))
    assert lines == [f"申请人：王{REPLACEMENT}明{REPLACEMENT}"]
    assert "replaced 2 unprintable character(s)" in caplog.text
    assert "王" not in caplog.text and "明" not in caplog.text  # never the content itself


def test_control_bytes_cannot_inject_printer_commands() -> None:
    doc = d.Document([d.Text("A\x1b@B\x1dV\x00C\x1c.D\x10\x04\x01E\u200bF\tG")])
    prof = get_profile("default")
    data = render(doc, prof, 384)
    out = decode(data, prof, 384)
    assert out.cuts == [] and out.lines == ["A□@B□V□C□.D□□□EF G"]
    assert data.count(b"\x1c.") == 1  # only the renderer's own, at the end


def test_very_long_names_and_addresses_wrap_without_loss() -> None:
    name = "欧阳" + "阿依古丽·买买提" * 6
    address = "贵州省贵安新区样例镇样例村" + "第三村民组一百二十八号附二号ABC-12345" * 8
    for dots in (384, 576, 360, 512):
        lines = printed(
            d.Document([d.Title(name), d.KeyValue("申请人", name), d.KeyValue("住址", address)]), dots
        )
        flat = "".join(line.replace(" ", "") for line in lines)
        assert name in flat and address.replace(" ", "") in flat


def test_empty_fields_print_visibly() -> None:
    lines = printed(
        d.Document([d.Title(""), d.KeyValue("申请人", ""), d.KeyValue("", "值"), d.Text(""), d.QR("", "")])
    )
    assert lines == ["—", "申请人：—", "—：值"]


def test_a_long_key_puts_its_value_below() -> None:
    lines = printed(d.Document([d.KeyValue("需要补正的材料名称和原因说明", "户口簿复印件不清晰")]))
    assert lines == ["需要补正的材料名称和原因说明：", "  户口簿复印件不清晰"]


def test_qr_data_too_long_for_the_paper_prints_a_notice() -> None:
    lines = printed(d.Document([d.QR("https://x.example/" + "a" * 3000, "扫码")]))
    assert lines == [QR_TOO_LONG, "扫码"]


def test_sanitize_keeps_full_width_punctuation_and_maps_look_alikes() -> None:
    assert sanitize("，。：；！？（）《》“”、—…·￥") == "，。：；！？（）《》“”、—…·￥"
    assert sanitize("•¥\u00a0") == "·￥ "


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.text(max_size=30),
    value=st.text(max_size=200),
    title=st.text(max_size=40),
    dots=st.sampled_from([384, 576, 360, 512]),
    profile=st.sampled_from(["default", "epson-sc", "no-cjk"]),
)
def test_any_text_renders_and_decodes_cleanly(
    key: str, value: str, title: str, dots: int, profile: str
) -> None:
    doc = d.Document(
        [
            d.Title(title),
            d.KeyValue(key, value),
            d.Text(value, indent=3),
            d.QR(value[:100], key),
            d.Barcode(key),
        ]
    )
    logging.disable(logging.WARNING)
    try:
        printed(doc, dots, profile)
    finally:
        logging.disable(logging.NOTSET)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=300))
def test_the_decoder_never_crashes_on_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        decode(data, DEFAULT, 384)
