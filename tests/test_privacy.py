"""Privacy end to end: a whole demo application through the real window, with every logger recording at
DEBUG, then a search of the log records, stderr and every file under the terminal's home for the sample
villager's name, ID number, address and the phone number typed on the form.

The sample person is fictional (样例). ``<home>/platform/`` is the embedded reference platform's own state
(it opens sealed applications by design) and is not the terminal's, so it is not searched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PHONE = "13907310258"  # typed on the form; fictional


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Every record of every logger at DEBUG, including loggers that do not propagate to the root."""
    caplog.set_level(logging.DEBUG)
    handler = _Everything()
    root = logging.getLogger()
    root.addHandler(handler)
    saved: list[tuple[logging.Logger, int, bool]] = []
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            saved.append((logger, logger.level, logger.propagate))
            logger.setLevel(logging.DEBUG)
            if not logger.propagate:
                logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        for logger, level, _ in saved:
            logger.setLevel(level)
            logger.removeHandler(handler)


def _formatted(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info:
        text += logging.Formatter().formatException(record.exc_info)
    return text + repr(record.args)


def _secrets(identity: Any) -> dict[str, str]:
    return {
        "name": identity.name,
        "id_number": identity.id_number,
        "address": identity.address,
        "phone": PHONE,
    }


def leaks_in_files(home: Path, secrets: dict[str, str]) -> list[str]:
    """The secrets in any file under ``home`` (kiosk/leak_scan.py, the scanner the log export uses too;
    GB18030 among its encodings: the ESC/POS renderer sends Chinese to the printer in it)."""
    from kiosk.leak_scan import leaks

    found = []
    for path in sorted(home.rglob("*")):
        if not path.is_file() or path.relative_to(home).parts[0] == "platform":
            continue
        data = path.read_bytes()
        found += [f"{path.relative_to(home)}: {what}" for what in leaks(data, secrets, patterns=False)]
    return found


def leaks_in_logs(records: list[logging.LogRecord], secrets: dict[str, str]) -> list[str]:
    found = []
    for record in records:
        text = _formatted(record)
        for what, secret in secrets.items():
            if secret in text:
                found.append(f"{record.name}:{record.levelname}: {what}")
    return found


def _texts_in(win: Any) -> list[str]:
    """Every word any widget of the window holds, shown or hidden (every page, not just the current one)."""
    from PySide6.QtWidgets import QWidget

    texts = []
    for w in win.findChildren(QWidget):
        for attr in ("text", "toPlainText", "placeholderText", "windowTitle", "toolTip"):
            getter = getattr(w, attr, None)
            if callable(getter):
                value = getter()
                if isinstance(value, str) and value:
                    texts.append(value)
        plain = getattr(w, "plain", None)
        if isinstance(plain, str) and plain:
            texts.append(plain)
    return texts


def _apply(win: Any, qtbot: Any) -> Any:
    from PySide6.QtCore import QPointF, Qt

    from ui.tour import _sample_jpeg, answer_form

    cat = win.terminal.catalogue
    item = next(i for i in cat.items if i.short_name == "低保申请")
    win.flow.start(item.code)
    qtbot.waitUntil(lambda: win.current().name == "form", timeout=15000)
    form = win.flow.form
    assert any(f.id == "mobile" for f in form.visible_fields()), "the sample item asks for a mobile number"
    form.set("mobile", PHONE)
    answer_form(form)
    assert form.get("mobile") == PHONE
    for m in win.flow.materials():
        win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    review = win.go("review")
    review.pad.stroke([QPointF(x, 60 + x % 30) for x in range(40, 400, 20)])
    qtbot.waitUntil(review.submit_button.isEnabled, timeout=5000)
    qtbot.mouseClick(review.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current().name == "receipt", timeout=20000)
    return win.flow.result.submitted


def test_a_whole_application_leaves_no_personal_data_in_logs_or_files_in_clear(
    qtbot: Any, terminal: Any, all_logs: list[logging.LogRecord], capfd: pytest.CaptureFixture[str]
) -> None:
    from kiosk.privacy import mask_id_number, mask_name
    from ui.app import application, build_window

    application()
    win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    try:
        submitted = _apply(win, qtbot)
        identity = win.flow.session.identity
        secrets = _secrets(identity)
        # the receipt is printed (print queue + simulated printer's out folder) and the application delivered
        printer = terminal.print_service.printer
        qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=15000)
        assert terminal.sync is not None
        terminal.sync.run_once()
        qtbot.waitUntil(
            lambda: terminal.store.application(submitted.app_id).platform_receipt_no != "", timeout=20000
        )
        shown = _texts_in(win)
        # the search reaches the screens: before the wipe the review screen still holds every answer, the ID
        # number masked as on every screen (the whole number is on none)
        assert [w for w, s in secrets.items() if any(s in t for t in shown)] == ["name", "address", "phone"]
        assert any(mask_id_number(identity.id_number) in t for t in shown)
        win.end_session()
        assert win.flow.session.is_empty()
        left = _texts_in(win)
        assert [w for w, s in secrets.items() if any(s in t for t in left)] == []
    finally:
        win.current().leave()
        win.allow_close()
        win.close()
        win.deleteLater()

    assert all_logs, "nothing was logged at all: the capture is not working"
    assert leaks_in_logs(all_logs, secrets) == []
    err = capfd.readouterr().err
    assert [w for w, s in secrets.items() if s in err] == []
    home: Path = terminal.home
    import sqlite3

    with sqlite3.connect(home / "kiosk.db") as db:  # everything into the main file, then search it all
        db.execute("PRAGMA wal_checkpoint(FULL)")
    assert leaks_in_files(home, secrets) == []
    # the database holds the masked forms only, which the status screens need (and the search reaches it)
    assert mask_name(identity.name).encode() in (home / "kiosk.db").read_bytes()


def test_the_scanners_catch_a_planted_leak(tmp_path: Path) -> None:
    """The searches above must be able to fail: plant a log line and a clear file and see both found."""
    from drivers.card.samples import ELDER

    secrets = _secrets(ELDER)
    record = logging.LogRecord("kiosk.x", logging.DEBUG, __file__, 1, "read %s", (ELDER.id_number,), None)
    assert leaks_in_logs([record], secrets) == ["kiosk.x:DEBUG: id_number"]
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "x.txt").write_bytes(ELDER.name.encode("utf-16-le"))
    (tmp_path / "platform").mkdir()
    (tmp_path / "platform" / "y.txt").write_text(ELDER.address, "utf-8")
    assert leaks_in_files(tmp_path, secrets) == ["cache/x.txt: name"]


def test_an_uncaught_error_is_logged_by_type_and_place_only(
    monkeypatch: pytest.MonkeyPatch, all_logs: list[logging.LogRecord], capfd: pytest.CaptureFixture[str]
) -> None:
    """`kiosk run` replaces Python's hooks, which would print the message (here: an ID number) to stderr."""
    import sys
    import threading

    from drivers.card.samples import ELDER
    from ui.tasks import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthook()

    def fail() -> None:
        raise ValueError(f"invalid literal: {ELDER.id_number}")

    t = threading.Thread(target=fail, name="leaky")
    t.start()
    t.join()
    try:
        fail()
    except ValueError as exc:
        sys.excepthook(ValueError, exc, exc.__traceback__)
    err = capfd.readouterr().err
    assert ELDER.id_number not in err
    unhandled = [r.getMessage() for r in all_logs if r.getMessage().startswith("unhandled error")]
    assert len(unhandled) == 2 and all("ValueError at " in m for m in unhandled)
    assert leaks_in_logs(all_logs, _secrets(ELDER)) == []


def test_reprs_of_card_data_and_form_answers_hold_no_personal_data() -> None:
    """A repr ends up in tracebacks, assertion messages and ``%r`` log lines."""
    from drivers.card.ga467_protocol import CardData, Reply
    from drivers.card.samples import ELDER
    from kiosk.forms import RowValues
    from kiosk.session import CapturedPage, Session

    text = (ELDER.name + ELDER.id_number + ELDER.address).encode("utf-16-le")
    shown = [
        repr(Reply(0, 0, 0x90, text)),
        repr(CardData(text, text, 0)),
        repr(RowValues((ELDER.name, PHONE))),
        repr(Session(identity=ELDER, form_values={"mobile": PHONE}, signature_png=text)),
        repr(CapturedPage(text, 1, 1)),
        repr(ELDER),
    ]
    for what, secret in _secrets(ELDER).items():
        for r in shown:
            assert secret not in r, what
            assert repr(secret.encode("utf-16-le"))[2:-1] not in r, what


def test_the_pinyin_keyboard_learns_no_typed_name(tmp_path: Path) -> None:
    """Qt Virtual Keyboard's pinyin would learn a composed name, offer it to the next visitor and keep it in
    a user dictionary file in clear; ``prepare_environment`` turns that dictionary off."""
    import os
    import subprocess
    import sys

    here = Path(__file__).resolve().parent
    old = tmp_path / "config" / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    old.parent.mkdir(parents=True)
    old.write_bytes("杨痒例".encode("utf-16-le"))  # what an earlier version may have left behind
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "QT_IM_MODULE"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QT_QUICK_BACKEND="software",
        PYTHONPATH=str(here.parent),
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    proc = subprocess.run(
        [sys.executable, str(here / "ui" / "vk_learning_script.py"), "yangyangli", "8,8,8"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=here.parent,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    assert len(lines.get("COMPOSED", "")) == 3, proc.stdout  # composed one character at a time
    assert lines["AGAIN"] and lines["AGAIN"] != lines["COMPOSED"]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert "杨痒例".encode("utf-16-le") not in path.read_bytes(), path


# -- redaction at the source: the real logging set-up of the CLI and of the app ------------------------------

_SAMPLES = """
import logging, sys
from drivers.card.samples import ELDER
from kiosk.session import Session
PHONE = "13907310258"

def log_samples(where):
    log = logging.getLogger(where)
    log.warning("card read for %s, ID %s, mobile %s", ELDER.name, ELDER.id_number, PHONE)
    log.error("form answers: %r", {"name": ELDER.name, "mobile": "139-0731-0258", "address": "样例"})
    try:
        raise ValueError(f"invalid literal for int() with base 10: '{ELDER.id_number}'")
    except ValueError:
        log.exception("a bug quoted a value")
"""


def _run_logged(tmp_path: Path, code: str) -> Path:
    """Run ``code`` in a process of its own, its stderr (where the CLI logs) into a file; that file."""
    import os
    import subprocess
    import sys

    out = tmp_path / "logs"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PYTHONPATH=str(Path(__file__).resolve().parent.parent), QT_QPA_PLATFORM="offscreen")
    env.update(QT_QUICK_BACKEND="software", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    with (out / "stderr.log").open("wb") as err:
        proc = subprocess.run(
            [sys.executable, "-c", _SAMPLES + code],
            stdout=subprocess.DEVNULL,
            stderr=err,
            timeout=180,
            env=env,
        )
    assert proc.returncode == 0, (out / "stderr.log").read_text("utf-8")[-3000:]
    return out


def test_the_cli_logging_masks_id_numbers_mobiles_and_session_names(tmp_path: Path) -> None:
    from drivers.card.samples import ELDER

    out = _run_logged(
        tmp_path,
        f"""
from kiosk.cli import main
assert main(["--home", {str(tmp_path / "home")!r}, "-v", "catalog", "list", "--json"]) == 0
session = Session(identity=ELDER)  # the session holds the name: it is masked while it does
log_samples("kiosk.sample")
log_samples("offline_cache.sync")
session.wipe()
""",
    )
    written = (out / "stderr.log").read_text("utf-8")
    assert written.count("a bug quoted a value") == 2 and "ValueError: invalid literal" in written
    assert "<id-number>" in written and "<mobile>" in written and "<name>" in written
    assert leaks_in_files(out, _secrets(ELDER)) == []


def test_the_app_logging_masks_them_too(tmp_path: Path) -> None:
    from drivers.card.samples import ELDER

    out = _run_logged(
        tmp_path,
        f"""
import ui.app
from kiosk.cli import main

def shown(win):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    win.flow.session.identity = ELDER  # as after the card is read
    log_samples("ui.sample")
    win.allow_close()
    QTimer.singleShot(0, QApplication.quit)

ui.app.ON_SHOWN = shown
assert main(["--home", {str(tmp_path / "home")!r}, "run", "--demo", "--windowed"]) == 0
""",
    )
    written = (out / "stderr.log").read_text("utf-8")
    assert "a bug quoted a value" in written and "<id-number>" in written and "<name>" in written
    assert leaks_in_files(out, _secrets(ELDER)) == []
