"""`kiosk tour` renders every screen, in both modes and both languages, to PNG files that show something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SCREENS = 49  # card-read; the admin area (7); delivery, consult (2), complaint, appointment; the agent's: login, lockout, consent, six queues


@pytest.mark.slow
def test_tour_renders_every_screen_in_both_modes_and_languages(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    # its own process, as a reviewer runs it: nothing from this test session's QApplication leaks in
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(tmp_path / "home"), "tour", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**_env(), "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = sorted(out.glob("*.png"))
    assert len(files) == 4 * SCREENS, [f.name for f in files][:10]
    for prefix in ("zh_CN-normal", "zh_CN-elder", "en-normal", "en-elder"):
        names = [f.name for f in files if f.name.startswith(prefix)]
        assert len(names) == SCREENS
        assert any("receipt" in n for n in names) and any("capture-live" in n for n in names)
    for f in files:
        image = QImage(str(f))
        assert (image.width(), image.height()) == (1920, 1080), f.name
        colours = {image.pixel(x, y) for x in range(0, 1920, 97) for y in range(0, 1080, 53)}
        assert len(colours) > 3, f"{f.name} looks empty"


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
