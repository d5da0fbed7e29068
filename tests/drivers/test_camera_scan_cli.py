"""``kiosk scan`` run as a real subprocess on the bundled sample pages and a synthetic frame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from drivers.camera import BUNDLED_PAGES
from drivers.camera.errors import CameraError
from drivers.camera.geometry import jaccard_in_page_frame
from drivers.camera.quality import BLURRY, CUT_OFF, GLARE, NO_PAGE, TOO_SMALL
from drivers.camera.synth import make_frame
from kiosk.messages.camera import MESSAGES

ROOT = Path(__file__).resolve().parents[2]


def run_scan(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "scan", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_scan_json_one_line_per_image(tmp_path: Path) -> None:
    frame = make_frame(
        np.random.default_rng(77),
        background="cloth",
        page_kind="form",
        blurry=False,
        glare=False,
        troubles=False,
    )
    shot = tmp_path / "拍摄.jpg"  # a Chinese file name must work
    cv2.imencode(".jpg", frame.image)[1].tofile(str(shot))
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), np.full((720, 1280, 3), 128, np.uint8))
    samples = sorted(str(p) for p in BUNDLED_PAGES.glob("*.jpg"))[:2]
    out_dir = tmp_path / "pages"
    result = run_scan(str(shot), str(empty), *samples, "--json", "--out", str(out_dir))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2 + len(samples)
    first = lines[0]
    assert first["ok"] is True and first["problems"] == []
    assert jaccard_in_page_frame(frame.quad, np.array(first["corners"]), frame.page_size) > 0.95
    corners = np.array(first["corners"])
    assert corners[0].sum() == min(c.sum() for c in corners)  # clockwise from top-left
    assert {"directional_steepness", "glare_fraction", "area_fraction"} <= set(first["measures"])
    assert Path(first["page"]).is_file()
    assert lines[1]["corners"] is None and lines[1]["problems"] == [NO_PAGE]
    assert all(line["ok"] for line in lines[2:])
    assert result.returncode == 3  # one image needs a retake


def test_scan_plain_output_is_chinese(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), np.full((720, 1280, 3), 128, np.uint8))
    result = run_scan(str(empty))
    assert MESSAGES[NO_PAGE] in result.stdout


def test_every_code_has_a_chinese_message() -> None:
    from drivers.camera import errors

    codes = {BLURRY, CUT_OFF, GLARE, NO_PAGE, TOO_SMALL}
    codes |= {
        cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, CameraError)
    }
    for code in codes:
        text = MESSAGES[code]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), code
    assert MESSAGES["quality.blurry"] == "照片有些模糊，请拿稳后重拍。"
