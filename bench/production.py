"""A terminal as deployed, for the start-up and memory benchmark and the production-mode import test.

``enrolled_home(folder)`` starts the reference platform (``kiosk-central serve``) in a process of its own,
issues an enrolment code with ``kiosk-central enrolment-code`` and enrols a fresh data folder with
``kiosk enroll``, exactly as an installer does; the terminal then runs with no platform in its process.

``TERMINAL`` is the terminal's own program: ``kiosk run --windowed`` (not the demo) with a hook on the
home screen's first frame that prints one JSON line (seconds since the interpreter began, resident memory,
the top-level modules loaded), then drives ``argv[2]`` full applications through the screens (card, form,
every material captured by the simulated camera, signature, submit, receipt, home) and prints a line after
the first and after the last. Offscreen unless a display is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

TERMINAL = r"""
import json, os, sys, time
STARTED = time.perf_counter()
import ui.app

def rss_kb():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1])

def report(what, **more):
    print(json.dumps({"at": what, "rss_kb": rss_kb(), **more}), flush=True)

def one_application(app, win):
    from PySide6.QtCore import QPointF
    from drivers.card.samples import ELDER
    from ui.tour import answer_form, wait_for
    term = win.terminal
    if hasattr(term.card_reader, "place"):
        term.card_reader.place(ELDER)
    code = next(i.code for i in term.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    assert wait_for(app, lambda: win.current().name == "form", 30), win.current().name
    answer_form(win.flow.form)
    for i, m in enumerate(win.flow.materials()):
        page = win.go("capture", index=i)
        if m.deferrable:
            win.flow.session.defer(m.id)
        else:
            assert wait_for(app, lambda: bool(win.flow.session.pages.get(m.id)), 60), m.id
        page.leave()
    review = win.go("review")
    review.pad.stroke([QPointF(50 + x * 10, 100) for x in range(30)])
    review.submit()
    assert wait_for(app, lambda: win.current().name == "receipt", 60), win.current().name
    assert wait_for(app, lambda: not win.pages["receipt"].preview.pixmap().isNull(), 30)
    win.go("home")
    if hasattr(term.card_reader, "lift"):
        term.card_reader.lift()

def shown(win):
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    win.repaint()
    seconds = time.perf_counter() - STARTED
    loaded = sorted({m.split(".")[0] for m in sys.modules})
    report("home", seconds=seconds, modules=loaded)
    count = int(sys.argv[2])
    if count:
        from ui.tour import wait_for
        assert wait_for(app, lambda: win.terminal.status().checked, 60), "terminal never started"
        for n in range(1, count + 1):
            one_application(app, win)
            if n == 1 or n == count:
                import gc
                gc.collect()
                report(f"after {n}", applications=n, pending=win.terminal.status().pending)
    app.quit()

ui.app.ON_SHOWN = shown
from kiosk.cli import main
sys.exit(main(["--home", sys.argv[1], "run", "--windowed"]))
"""

BARE = r"""
import json, sys, time
STARTED = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(1920, 1080)
w.show()
def shown():
    w.repaint()
    with open("/proc/self/status") as f:
        rss = int(next(l for l in f if l.startswith("VmRSS")).split()[1])
    print(json.dumps({"at": "home", "rss_kb": rss, "seconds": time.perf_counter() - STARTED}), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def environment(pycache: Path) -> dict[str, str]:
    """The environment of the processes measured: this tree first on the path, offscreen unless a display
    is set, and compiled bytecode kept (in ``pycache``) as an installed package has it: a shell that sets
    PYTHONDONTWRITEBYTECODE would otherwise make every start compile the terminal's sources again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def enrolled_home(folder: Path, env: dict[str, str]) -> Iterator[Path]:
    """A data folder enrolled with a reference platform running in another process (stopped on exit)."""
    import requests

    db, blobs, home = f"sqlite:///{folder / 'central.db'}", folder / "blobs", folder / "home"
    port = _free_port()
    central = [sys.executable, "-m", "central.cli"]
    server = subprocess.Popen(
        [*central, "serve", "--db", db, "--blobs", str(blobs), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/openapi.json", timeout=2).ok:
                    break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("kiosk-central serve did not start") from None
                time.sleep(0.1)
        issue = [*central, "enrolment-code", "--db", db, "--blobs", str(blobs), "--station", "GA0101"]
        code = subprocess.run(
            [*issue, "--code-only"], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        subprocess.run(
            [sys.executable, "-m", "kiosk", "--home", str(home), "enroll", url, code],
            env=env,
            capture_output=True,
            check=True,
        )
        yield home
    finally:
        server.terminate()
        server.wait(30)


def run_terminal(home: Path, env: dict[str, str], applications: int = 0) -> list[dict[str, Any]]:
    """Start the deployed terminal in a fresh process; its JSON lines, each with ``wall`` (seconds from
    spawning the process to the line)."""
    return _lines(
        [sys.executable, "-c", TERMINAL, str(home), str(applications)], env, 120 + 30 * applications
    )


def run_bare(env: dict[str, str]) -> list[dict[str, Any]]:
    return _lines([sys.executable, "-c", BARE], env, 60)


def _lines(cmd: list[str], env: dict[str, str], timeout: float) -> list[dict[str, Any]]:
    # stderr to a file: Qt's offscreen warnings could fill a pipe nobody reads while stdout is read.
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        with subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True
        ) as proc:
            assert proc.stdout is not None
            out: list[dict[str, Any]] = []
            for line in proc.stdout:
                if line.startswith("{"):
                    out.append({**json.loads(line), "wall": time.perf_counter() - start})
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.returncode != 0 or not out:
            errors.seek(0)
            raise RuntimeError(f"{cmd[:3]} failed ({proc.returncode}):\n{errors.read()[-3000:]}")
    return out
