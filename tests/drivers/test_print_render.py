"""ESC/POS rendering and decoding: Chinese mode, profiles, paper widths, columns, QR, barcode, cut."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from drivers.printing import document as d
from drivers.printing.decoder import decode
from drivers.printing.errors import DecodeError, DocumentError, NoCjkFont
from drivers.printing.escpos_render import render
from drivers.printing.profiles import PROFILES, columns, get_profile, paper_dots
from drivers.printing.textfit import text_width

URL = "https://zwfw.example.gov.cn/q/GA0101-20261127-0042"
PAPERS = [(58, 203), (80, 203), (58, 180), (80, 180)]


def sample_doc() -> d.Document:
    return d.Document(
        [
            d.Title("受理回执"),
            d.Text("样例村便民服务站（样例）", align="center"),
            d.Rule("double"),
            d.KeyValue("受理编号", "GA0101-20261127-0042"),
            d.KeyValue("申请人", "赵*六"),
            d.KeyValue("住址", "贵州省贵安新区样例镇样例村第三村民组一百二十八号，门牌：A-12（样例）"),
            d.Text("请于2026年12月04日前补交材料，谢谢！", bold=True),
            d.QR(URL, "扫码查询办理进度"),
            d.Cut(partial=True),
        ],
        title="受理回执",
    )


def qr_in(png: bytes) -> str:
    img = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(img)
    return str(text)


def test_chinese_mode_sends_gb18030_and_fs_where_the_profile_needs_it() -> None:
    doc = sample_doc()
    for name, fs in (("default", True), ("epson-sc", True), ("gb18030-nofs", False)):
        data = render(doc, get_profile(name), 576)
        assert ("受理回执".encode("gb18030") in data) is True
        assert "，谢谢！".encode("gb18030") in data  # full-width punctuation, not "?"
        assert b"?" not in data.replace(URL.encode(), b"")
        assert (b"\x1c&" in data) is fs
        assert (data.rstrip(b"\x00").endswith(b"\x1c.")) is fs
        assert b"\x1d(k" in data  # the printer's own QR command


def test_a_line_of_only_full_width_punctuation_is_not_question_marks() -> None:
    # python-escpos alone would send this as "?????" (it switches to GB18030 only for ideographs)
    doc = d.Document([d.Text("（）：，。！？《》“”")])
    data = render(doc, get_profile("default"), 384)
    assert "（）：，。！？《》“”".encode("gb18030") in data and b"??" not in data
    assert decode(data, get_profile("default"), 384).lines == ["（）：，。！？《》“”"]


@pytest.mark.parametrize(("paper", "dpi"), PAPERS)
def test_every_paper_width_decodes_back_within_its_columns(paper: int, dpi: int) -> None:
    dots = paper_dots(paper, dpi)
    profile = get_profile("default")
    out = decode(render(sample_doc(), profile, dots), profile, dots)
    assert out.garbled == 0 and out.overflowed == 0
    cols = columns(dots)
    assert cols == {384: 32, 576: 48, 360: 30, 512: 42}[dots]
    assert all(text_width(line) <= cols for line in out.lines)
    joined = "".join(line.strip() for line in out.lines)
    assert "住址：贵州省贵安新区样例镇样例村第三村民组一百二十八号，门牌：A-12（样例）" in joined
    assert out.lines[0] == "受理回执"
    assert out.qr_codes == [URL]
    assert out.cuts == ["partial"]
    assert qr_in(out.png()) == URL
    assert out.image().width == dots


def test_key_value_rows_keep_the_value_column_with_double_width_characters() -> None:
    doc = d.Document([d.KeyValue("住址", "一二三四五六七八九十" * 4)])
    out = decode(render(doc, get_profile("default"), 384), get_profile("default"), 384)
    first, *rest = out.lines
    assert first.startswith("住址：一二三")
    assert rest and all(line.startswith(" " * 6) and line[6] != " " for line in rest)
    assert all(text_width(line) <= 32 for line in out.lines)
    assert "".join(line.strip() for line in out.lines) == "住址：" + "一二三四五六七八九十" * 4


def test_no_line_starts_with_closing_punctuation() -> None:
    doc = d.Document([d.Text("一二三四五六七八九十一二三四五六，七八。")])
    out = decode(render(doc, get_profile("default"), 384), get_profile("default"), 384)
    assert len(out.lines) == 2
    assert not out.lines[1].startswith(("，", "。"))


@pytest.mark.parametrize("raster_profile", ["no-cjk", "basic"])
@pytest.mark.parametrize("dots", [384, 576])
def test_raster_fallback_prints_the_same_picture_as_chinese_mode(raster_profile: str, dots: int) -> None:
    doc = sample_doc()
    text_mode = decode(render(doc, get_profile("default"), dots), get_profile("default"), dots)
    raster_bytes = render(doc, get_profile(raster_profile), dots)
    assert "受".encode("gb18030") not in raster_bytes and b"\x1c&" not in raster_bytes
    raster = decode(raster_bytes, get_profile(raster_profile), dots)
    assert raster.images >= 1 and raster.garbled == 0
    a = np.asarray(text_mode.image().convert("L"))
    b = np.asarray(raster.image().convert("L"))
    assert a.shape == b.shape
    assert np.count_nonzero(a != b) == 0
    assert qr_in(raster.png()) == URL
    assert len(raster_bytes) > 10 * len(render(doc, get_profile("default"), dots))


def test_image_qr_for_printers_without_the_qr_command() -> None:
    data = render(sample_doc(), get_profile("basic"), 384)
    assert b"\x1d(k" not in data
    out = decode(data, get_profile("basic"), 384)
    assert out.qr_codes == [] and qr_in(out.png()) == URL


def test_full_cut_when_the_profile_has_no_partial_cut() -> None:
    out = decode(render(sample_doc(), get_profile("basic"), 384), get_profile("basic"), 384)
    assert out.cuts == ["full"]


def test_barcode_on_80mm_and_text_fallback_where_it_does_not_fit() -> None:
    doc = d.Document([d.Barcode("GA0101-0042"), d.Barcode("X" * 30), d.Barcode("编号")])
    out = decode(render(doc, get_profile("default"), 576), get_profile("default"), 576)
    assert out.barcodes == ["GA0101-0042"]
    assert "X" * 30 in out.lines and "编号" in out.lines


def test_decoder_rejects_commands_outside_the_subset_and_counts_bad_bytes() -> None:
    profile = get_profile("default")
    with pytest.raises(DecodeError):
        decode(b"\x1b@\x1b\x7bX", profile, 384)
    with pytest.raises(DecodeError):
        decode(b"\x1d(k", profile, 384)  # truncated
    out = decode(b"\x1b@\xff\xff\n", profile, 384)
    assert out.garbled >= 1
    single = decode(b"\x1b@\x1c.\xb0\xa1\n", profile, 384)  # single-byte mode: code page 437, not Chinese
    assert "啊" not in single.text


def test_document_json_round_trip_and_bad_json() -> None:
    doc = sample_doc()
    again = d.Document.from_json(doc.to_json())
    assert again == doc
    for bad in (
        "{",
        '{"version": 9, "blocks": []}',
        '{"version": 1, "blocks": [{"type": "laser"}]}',
        '{"version": 1, "blocks": [{"type": "text", "text": "a", "align": "diagonal"}]}',
    ):
        with pytest.raises(DocumentError):
            d.Document.from_json(bad)


def test_screen_preview_text_and_png() -> None:
    text = d.document_to_text(sample_doc())
    assert "受理编号：GA0101-20261127-0042" in text and f"[二维码] {URL}" in text
    png = d.render_png(sample_doc(), paper_mm=58)
    assert Image.open(io.BytesIO(png)).width == 384 and qr_in(png) == URL


def test_every_profile_renders_and_decodes() -> None:
    for profile in PROFILES.values():
        out = decode(render(sample_doc(), profile, 576), profile, 576)
        assert out.garbled == 0 and out.overflowed == 0


def test_missing_cjk_font_is_a_typed_error(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from drivers.printing import fonts

    monkeypatch.setattr(fonts, "_KNOWN", ())
    monkeypatch.setattr(fonts, "_SEARCH_DIRS", (str(tmp_path),))
    monkeypatch.delenv("KIOSK_CJK_FONT", raising=False)
    fonts.find_cjk_font.cache_clear()
    try:
        with pytest.raises(NoCjkFont):
            fonts.find_cjk_font()
    finally:
        fonts.find_cjk_font.cache_clear()
        monkeypatch.undo()
    assert fonts.find_cjk_font().is_file() is True
