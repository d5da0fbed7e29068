"""The four printed documents: golden text on both paper widths, QR codes read back by OpenCV.

Golden files live in tests/kiosk/receipts_golden/; after a deliberate layout change, regenerate them with
``python -m tests.kiosk.update_receipts_golden [--png]`` and review the diff. The test itself only reads
them: a test that may write what it then compares against can pass on any output.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from drivers.printing.decoder import Printout, decode
from drivers.printing.document import QR, Document, KeyValue, Text, document_to_text
from drivers.printing.escpos_render import render
from drivers.printing.profiles import get_profile, paper_dots
from drivers.printing.textfit import text_width
from kiosk import receipts as r

GOLDEN = Path(__file__).parent / "receipts_golden"
SAMPLES: dict[str, Callable[[], Document]] = {
    "acceptance": r.sample_acceptance_receipt,
    "one_time_notice": r.sample_one_time_notice,
    "supplement_notice": r.sample_supplement_notice,
    "progress_slip": r.sample_progress_slip,
}
QR_URLS = {
    "acceptance": r.SAMPLE_URL,
    "one_time_notice": "https://zwfw.example.gov.cn/guide/QT00012000",
    "supplement_notice": r.SAMPLE_URL,
    "progress_slip": r.SAMPLE_URL,
}


def printout(doc: Document, paper: int, dpi: int = 203, profile: str = "default") -> Printout:
    dots = paper_dots(paper, dpi)
    prof = get_profile(profile)
    return decode(render(doc, prof, dots), prof, dots)


def qr_from_png(png: bytes) -> str:
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(gray)
    return str(text)


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_golden_text_and_qr(kind: str, paper: int) -> None:
    out = printout(SAMPLES[kind](), paper)
    assert out.text == (GOLDEN / f"{kind}_{paper}.txt").read_text(encoding="utf-8")
    assert out.garbled == 0 and out.overflowed == 0
    assert out.qr_codes == [QR_URLS[kind]]
    assert qr_from_png(out.png()) == QR_URLS[kind]  # the picture itself scans


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_180_dpi_and_raster_fallback_scan_too(kind: str, paper: int) -> None:
    for dpi, profile in ((180, "epson-sc"), (203, "basic")):
        out = printout(SAMPLES[kind](), paper, dpi, profile)
        assert out.garbled == 0 and out.overflowed == 0
        assert all(text_width(line) <= paper_dots(paper, dpi) // 12 for line in out.lines)
        assert qr_from_png(out.png()) == QR_URLS[kind]


def test_acceptance_receipt_content() -> None:
    doc = r.acceptance_receipt(
        station_name="样例站（样例）",
        station_code="GA0101",
        hotline="0851-12345678",
        local_receipt_no="GA0101-20261127-0009",
        platform_receipt_no="",
        item_name="低保申请",
        applicant_masked="张*三",
        agent=None,
        materials_received=[],
        materials_owed=[("收入证明", date(2026, 12, 1)), ("残疾证复印件", date(2026, 12, 2))],
        promised_date=date(2026, 12, 20),
        query_url="https://q.example/GA0101-20261127-0009",
    )
    text = "\n".join(printout(doc, 58).lines)
    for expected in (
        "受理回执",
        "受理编号：GA0101-20261127-0009",
        "平台编号：待联网同步后生成",
        "申请人：张*三",
        "已收材料：",
        "1. 收入证明",
        "补交期限：2026年12月01日前",
        "2. 残疾证复印件",
        "承诺办结：2026年12月20日前",
        "咨询投诉电话：0851-12345678",
    ):
        assert expected in text
    assert "代办人" not in text and "样例 仅供演示" not in text
    assert doc.meta == {"kind": r.KIND_ACCEPTANCE}
    assert any(isinstance(b, QR) and b.data.endswith("0009") for b in doc.blocks)


def test_agent_and_sample_marks() -> None:
    doc = r.sample_acceptance_receipt()
    rows = {b.key: b.value for b in doc.blocks if isinstance(b, KeyValue)}
    assert rows["代办员"] == "8001 李*" and rows["申请人"] == "王*明"
    assert any(isinstance(b, Text) and "样例" in b.text for b in doc.blocks)
    for build in SAMPLES.values():
        assert r.SAMPLE_MARK in document_to_text(build())


def test_every_document_survives_the_queue_round_trip() -> None:
    for build in SAMPLES.values():
        doc = build()
        assert Document.from_json(doc.to_json()) == doc


def test_empty_and_huge_inputs_never_break_a_document() -> None:
    docs = [
        r.one_time_notice(
            station_name="",
            hotline="",
            item_name="",
            item_code="",
            materials=[],
            conditions=[],
            where="",
            legal_limit="",
            promised_limit="",
        ),
        r.supplement_notice(
            station_name="站" * 80,
            hotline="12345",
            local_receipt_no="X" * 60,
            item_name="事项" * 50,
            applicant_masked="欧" + "*" * 30 + "😀",
            missing=[("材料" * 40, "原因" * 40)] * 12,
            deadline=date(2026, 12, 31),
            query_url="https://q.example/" + "x" * 200,
        ),
        r.progress_slip(
            station_name="站",
            hotline="12345",
            local_receipt_no="GA0101-1",
            platform_receipt_no="",
            item_name="事项",
            applicant_masked="",
            status="",
            steps=[],
            printed_at=datetime(2026, 11, 27, 8, 0),
            query_url="",
        ),
    ]
    for doc in docs:
        for paper in (58, 80):
            out = printout(doc, paper)
            assert out.garbled == 0 and out.overflowed == 0
            assert "—" in out.text or "暂无记录" in out.text or "□" in out.text


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(st.text(max_size=60), min_size=4, max_size=4),
    materials=st.lists(st.text(max_size=40), max_size=6),
    paper=st.sampled_from([58, 80]),
)
def test_any_values_make_a_clean_acceptance_receipt(
    words: list[str], materials: list[str], paper: int
) -> None:
    station, item, applicant, agent = words
    doc = r.acceptance_receipt(
        station_name=station,
        station_code="GA0101",
        hotline="12345",
        local_receipt_no="GA0101-20261127-0001",
        platform_receipt_no="",
        item_name=item,
        applicant_masked=applicant,
        agent=agent or None,
        materials_received=materials,
        materials_owed=[(m, date(2026, 12, 1)) for m in materials[:2]],
        promised_date=date(2026, 12, 20),
        query_url="https://q.example/GA0101-20261127-0001",
    )
    logging.disable(logging.WARNING)
    try:
        out = printout(doc, paper)
    finally:
        logging.disable(logging.NOTSET)
    assert out.garbled == 0 and out.overflowed == 0
    assert out.qr_codes == ["https://q.example/GA0101-20261127-0001"]
    assert "受理编号：GA0101-20261127-0001" in out.lines


def test_kiosk_receipt_sample_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    out_bin, out_png = tmp_path / "r.bin", tmp_path / "r.png"
    assert main(["receipt", "sample", "--paper", "58", "--out", str(out_bin), "--png", str(out_png)]) == 0
    assert out_bin.read_bytes() == render(r.sample_acceptance_receipt(), get_profile("default"), 384)
    assert qr_from_png(out_png.read_bytes()) == r.SAMPLE_URL
    capsys.readouterr()
    assert main(["receipt", "decode", str(out_bin), "--paper", "58"]) == 0
    assert capsys.readouterr().out == (GOLDEN / "acceptance_58.txt").read_text(encoding="utf-8")
    assert main(["receipt", "sample", "--profile", "nope"]) == 1
    capsys.readouterr()
    assert main(["--home", str(tmp_path), "receipt", "test", "--kind", "progress_slip"]) == 0
    assert "正常 (ok)" in capsys.readouterr().out
    printed = decode((tmp_path / "printer-out" / "1.bin").read_bytes(), get_profile("default"), 576)
    assert printed.lines[0] == "办理进度单"
