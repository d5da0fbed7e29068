"""Driving the kiosk like a visitor: real touches on real widgets (tests/ui/touch.py), counted."""

from __future__ import annotations

from typing import Any

from touch import Finger, Untouchable

from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget

from ui.tour import sample_value

Tapper = Finger  # the fixture's older name


def wait_page(qtbot: Any, win: Any, name: str, timeout: int = 15000) -> Any:
    qtbot.waitUntil(lambda: win.current().name == name, timeout=timeout)
    return win.current()


def answer_form_page(
    finger: Finger,
    qtbot: Any,
    page: Any,
    answers: dict[str, Any] | None = None,
    optional: bool = False,
    counter: bool = False,
) -> int:
    """Answer the form page's unanswered fields through their widgets, as a visitor does: answer tiles
    tapped, digits pressed on the app's digit pad. Optional fields are left alone unless ``optional`` or
    named in ``answers``. Text fields are typed on the on-screen keyboard in its own process
    (tests/ui/vk_touch.py); with ``counter`` they are typed here as staff type them at the counter, on a
    hardware keyboard (Latin letters: QTest's key clicks cannot type Chinese). Returns the number of
    questions answered."""
    from kiosk.regions import bundled_regions
    from ui.widgets.fields import DIGIT_TYPES

    answers = answers or {}
    done = 0
    for fid, editor in list(page.editors.items()):
        spec = editor.spec
        if editor.is_answered() or (not spec.required and not optional and fid not in answers):
            continue
        value = answers.get(fid, sample_value(spec))
        if editor.choices:
            key = ("true" if value else "false") if spec.type == "yes_no" else value
            key = key[0] if isinstance(key, list) else key
            finger.answer(editor.choices[str(key)], f"{fid}={key}")
        elif editor.region is not None:
            for code in [r.code for r in bundled_regions().path(value)][1:]:
                finger.answer(editor.region.tiles[code], f"{fid}={code}")
        elif editor.counts is not None:
            _count_on_tiles(finger, editor.counts, int(value), fid)
        elif editor.edit is not None and spec.type in DIGIT_TYPES:
            if QApplication.focusWidget() is not editor.edit:
                finger.tap(editor.edit, fid, "focus")
            finger.keys(page.pad, str(value))
        elif counter and editor.edit is not None:
            finger.tap(editor.edit, fid, "focus")
            qtbot.keyClicks(editor.edit, str(answers.get(fid, f"Sample {fid.rsplit('.', 1)[-1]}")))
        else:
            raise Untouchable(f"{fid}: text is typed on the on-screen keyboard (tests/ui/vk_touch.py)")
        done += 1
    return done


def _count_on_tiles(finger: Finger, tiles: Any, n: int, fid: str) -> None:
    if n in tiles.tiles:
        finger.answer(tiles.tiles[n], f"{fid}={n}")
        return
    top = max(tiles.tiles)
    finger.answer(tiles.tiles[top], f"{fid}={top}")
    for _ in range(n - top):
        finger.answer(tiles.plus, f"{fid}+1")


def fast_to_review(win: Any, qtbot: Any, code: str | None = None, defer: bool = False) -> Any:
    """Skip the screens other tests cover: card read for real, answers and pages set directly."""
    from ui.tour import _sample_jpeg, answer_form

    cat = win.terminal.catalogue
    code = code or next(i.code for i in cat.items if i.short_name == "低保申请")
    win.flow.start(code)
    wait_page(qtbot, win, "form")
    answer_form(win.flow.form)
    for m in win.flow.materials():
        if defer and m.deferrable:
            win.flow.session.defer(m.id)
        else:
            win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    return win.go("review")


def sign_and_submit(taps: Tapper, qtbot: Any, win: Any) -> Any:
    review = win.pages["review"]
    taps.sign(review.pad)
    taps.tap(review.submit_button, "确认并提交")
    return wait_page(qtbot, win, "receipt", timeout=20000)


def submitted_then_sent_back(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any, reasons: list[str], missing: tuple[str, ...] = ()
) -> str:
    """Submit the 低保 sample, let it reach the platform, have the platform ask for 补正, wait for the status
    to come back, end the visit; the application's id."""
    fast_to_review(win, qtbot)
    sign_and_submit(taps, qtbot, win)
    app_id: str = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    terminal.embedded_platform.set_status(app_id, "needs_supplement", reasons, list(missing))
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "needs_supplement", timeout=30000)
    win.end_session()
    return app_id


def all_visible_text(root: QWidget) -> list[str]:
    """Every string the widget tree holds: labels, buttons, edits, combo and list items, item models."""
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QTextEdit

    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            found.append(w.text())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            found.append(w.toPlainText())
        plain = getattr(w, "plain", None)
        if isinstance(plain, str):
            found.append(plain)
    for model in root.findChildren(QAbstractItemModel):
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                value = model.data(model.index(r, c))
                if isinstance(value, str):
                    found.append(value)
    return found
