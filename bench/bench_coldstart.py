"""Cold start: `kiosk run --demo` until the home screen is shown, vs a bare PySide6 window shown by the
same interpreter. Each is a fresh process; the time runs from spawning it to its "shown" line.

    .venv/bin/python bench/bench_coldstart.py [--runs 5]

Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set; prints the medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KIOSK = """
import sys
import ui.app
from PySide6.QtWidgets import QApplication

def shown(win):
    win.repaint()
    print("SHOWN", flush=True)
    QApplication.instance().quit()

ui.app.ON_SHOWN = shown
from kiosk.cli import main
sys.exit(main(["--home", sys.argv[1], "run", "--demo", "--windowed"]))
"""

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(1920, 1080)
w.show()
def shown():
    w.repaint()
    print("SHOWN", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def time_to_shown(code: str, home: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, home],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("the window was never shown")
    proc.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kiosk, bare = [], []
    with tempfile.TemporaryDirectory() as tmp:
        time_to_shown(KIOSK, tmp)  # first run creates the demo data folder (enrolment, database); not timed
        for _ in range(args.runs):
            bare.append(time_to_shown(BARE, tmp))
            kiosk.append(time_to_shown(KIOSK, tmp))
    k, b = statistics.median(kiosk), statistics.median(bare)
    print(
        f"cold start kiosk run --demo -> home shown: {k:.2f} s   baseline bare PySide6 window shown: {b:.2f} s   "
        f"ratio {k / b:.2f}   (median of {args.runs})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
