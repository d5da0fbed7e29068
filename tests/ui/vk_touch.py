"""Run in its own process by tests/ui/test_touch_keyboard.py: the kiosk window with the Qt Virtual Keyboard,
driven as a person drives it, by taps on the window (tests/ui/touch.py) and on the keyboard's own keys.

The input method is chosen when the QApplication starts, hence a process of its own, left with ``os._exit``
(the keyboard's QML objects outlive the QApplication otherwise). Each scenario named on the command line
prints one line ``RESULT {"name": ...}`` in JSON; the test asserts on those.

One thing here is not what a kiosk does: the offscreen platform activates every window it shows, so the
keyboard's window would take the focus from the field it types into (a real window system leaves the focus
alone: the keyboard's window does not accept it). The keyboard's window is marked a tool tip, the one kind
the offscreen platform does not activate.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.app import application, build_window, prepare_environment

prepare_environment(virtual_keyboard=True)

from touch import Finger, covering_surfaces  # noqa: E402

from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.config import load_config  # noqa: E402
from kiosk.terminal import Terminal  # noqa: E402
from ui import keyboard  # noqa: E402


def pump(until: Callable[[], bool] | None = None, timeout: float = 10.0) -> bool:
    """Run the event loop until ``until`` holds (or for a moment when there is nothing to wait for)."""
    end = time.monotonic() + (timeout if until is not None else 0.15)
    while time.monotonic() < end:
        QApplication.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.01)
    return until() if until is not None else True


class Bot:
    """What tests/ui/touch.py needs of pytest-qt's qtbot."""

    def waitUntil(self, check: Callable[[], bool], timeout: int = 5000) -> None:  # noqa: N802 - qtbot's name
        if not pump(check, timeout / 1000):
            raise TimeoutError("condition not met")


class Keys:
    """The on-screen keyboard's own keys, tapped where they are drawn."""

    def __init__(self) -> None:
        self._marked: object = None

    def window(self) -> Any:
        found = keyboard.keyboard_window()
        if found is not None and found is not self._marked:
            found.setFlags((found.flags() & ~Qt.WindowType.WindowType_Mask) | Qt.WindowType.ToolTip)
            self._marked = found
        return found

    def shown(self) -> bool:
        self.window()
        return QGuiApplication.inputMethod().isVisible() and not keyboard.keyboard_rect().isEmpty()

    def items(self) -> list[Any]:
        window = self.window()
        panel = keyboard.keyboard_panel(window) if window is not None else None
        out: list[Any] = []

        def walk(item: Any) -> None:
            for child in item.childItems():
                out.append(child)
                walk(child)

        if panel is not None:
            walk(panel)
        return out

    def key(self, text: str) -> Any:
        for item in self.items():
            kind = item.metaObject().className()
            if kind.startswith(("Key_", "SpaceKey")) and item.property("text") == text and item.isVisible():
                return item
        raise LookupError(f"no key {text!r} on the keyboard")

    def smallest_key(self) -> tuple[int, str]:
        """The smallest key drawn now (the side a finger must hit), and what it is."""
        keys = [
            i
            for i in self.items()
            if i.metaObject().className().split("_QML")[0].endswith("Key")
            and not i.metaObject().className().startswith("FillerKey")  # a gap, not a key
            and i.isVisible()
            and i.width() > 0
        ]
        key = min(keys, key=lambda i: min(i.width(), i.height()))
        name = key.metaObject().className().split("_QML")[0] + " " + repr(key.property("text") or "")
        return int(min(key.width(), key.height())), f"{name} {key.width():.0f}x{key.height():.0f}"

    def globe(self) -> Any:
        return next(i for i in self.items() if i.metaObject().className().startswith("ChangeLanguageKey"))

    def tap(self, item: Any) -> None:
        centre = item.mapToScene(item.boundingRect().center()).toPoint()
        window = self.window()
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        pump()

    def type(self, letters: str) -> None:
        for ch in letters:
            self.tap(self.key(ch))

    def candidates(self) -> list[str]:
        texts = []
        for item in self.items():
            if (
                "WordCandidate" in item.metaObject().className()
                or "SelectionListItem" in item.metaObject().className()
            ):
                t = item.property("display") or item.property("text")
                if t:
                    texts.append(str(t))
        return texts

    def pick_first(self) -> None:
        """Tap the first pinyin candidate, where it is drawn above the keys."""
        from PySide6.QtQml import QQmlEngine, QQmlExpression

        panel = keyboard.keyboard_panel(self.window())
        expr = QQmlExpression(
            QQmlEngine.contextForObject(panel),
            panel,
            "InputContext.inputEngine.wordCandidateListModel.selectItem(0)",
        )
        expr.evaluate()
        pump()

    def locale(self) -> str:
        from PySide6.QtQml import QQmlEngine, QQmlExpression

        panel = keyboard.keyboard_panel(self.window())
        value, _ = QQmlExpression(QQmlEngine.contextForObject(panel), panel, "InputContext.locale").evaluate()
        return str(value)

    def locales(self) -> list[str]:
        from PySide6.QtQml import QQmlEngine, QQmlExpression

        panel = keyboard.keyboard_panel(self.window())
        expr = "keyboard.listLocales(false, true).join(',')"
        value, _ = QQmlExpression(QQmlEngine.contextForObject(panel), panel, expr).evaluate()
        return str(value).split(",")


class Visit:
    def __init__(self, win: Any, terminal: Terminal) -> None:
        self.win, self.terminal = win, terminal
        self.finger = Finger(Bot())
        self.keys = Keys()

    def page(self, name: str) -> Any:
        if not pump(lambda: self.win.current().name == name, 20):
            raise TimeoutError(f"{name} did not come (on {self.win.current().name})")
        return self.win.current()

    def home(self) -> None:
        if self.win.current().name != "home":
            self.win.end_session()
        self.page("home")

    def elder(self, on: bool) -> None:
        if self.win.header.elder.isChecked() != on:
            self.finger.tap(self.win.header.elder, "大字模式")
        pump()

    def focus(self, field: QWidget, why: str) -> None:
        """Tap into a field and wait for its keyboard (the system's for text, a pad for digits)."""
        self.finger.tap(field, why, "focus")
        from ui.widgets.keypad import DigitPad

        def ready() -> bool:
            pads = [p for p in self.win.findChildren(DigitPad) if p.isVisible()]
            return QApplication.focusWidget() is field and (self.keys.shown() or bool(pads))

        if not pump(ready, 10):
            focus = QApplication.focusWidget()
            raise TimeoutError(
                f"{why}: no keyboard came (focus on {type(focus).__name__} {focus.objectName() if focus else ''}, "
                f"system keyboard {'up' if self.keys.shown() else 'down'})"
            )
        pump(
            lambda: (
                self.win.stack.geometry().bottom() < keyboard.keyboard_rect().top() or not self.keys.shown()
            ),
            3,
        )
        pump()

    def check_cover(self, where: str, field: QWidget) -> list[str]:
        """Problems a person would meet: two input surfaces at once, or one over the focused field or over
        the buttons that finish the page."""
        win, page = self.win, self.win.current()
        surfaces = covering_surfaces(win)
        problems = []
        if len(surfaces) != 1:
            problems.append(f"{where}: {len(surfaces)} input surfaces: {[s for s, _ in surfaces]}")
        guarded = [("the focused field", field)]
        guarded += [
            (b.text(), b) for b in (page.primary, page.back_button) if b is not None and b.isVisible()
        ]
        for what, widget in guarded:
            rect = QRect(widget.mapTo(win, QPoint(0, 0)), widget.size())
            if not win.rect().contains(rect):
                problems.append(f"{where}: {what} is cut off by the window's edge at {rect}")
            for surface, cover in surfaces:
                if cover.intersects(rect) and not widget.isAncestorOf(field) and surface:
                    problems.append(f"{where}: the {surface} covers {what} ({cover} over {rect})")
            if widget is not field and not self.finger.can_touch(widget):
                problems.append(f"{where}: {what} cannot be touched")
        return problems


# --- scenarios ---------------------------------------------------------------------------------------
def search_by_initials(v: Visit) -> dict[str, Any]:
    v.home()
    v.finger.tap(v.win.pages["home"].tiles["guide"], "办事指南")
    find = v.page("find")
    v.finger.tap(find.mode_buttons["search"], "搜索")
    v.focus(find.search_edit, "搜索框")
    out: dict[str, Any] = {}
    v.keys.type("dbsq")
    out["composing"] = [find.search_results.item(i).text() for i in range(find.search_results.count())]
    out["committed_while_composing"] = find.search_edit.text()
    v.finger.tap_row(find.search_results, 0)
    guide = v.page("guide")
    out["opened"] = guide.title.plain
    v.finger.tap(guide.back_button, "返回")
    v.page("find")
    out["box_after"] = find.search_edit.text()
    v.focus(find.search_edit, "搜索框")
    for _ in range(len(find.search_edit.text())):
        v.keys.tap(_backspace(v))
    v.keys.type("dibao")
    out["full_pinyin"] = [find.search_results.item(i).text() for i in range(find.search_results.count())]
    return out


def _backspace(v: Visit) -> Any:
    return next(i for i in v.keys.items() if i.metaObject().className().startswith("BackspaceKey"))


def languages(v: Visit) -> dict[str, Any]:
    v.home()
    v.finger.tap(v.win.pages["home"].tiles["rate"], "评价服务")
    rating = v.page("rating")
    v.focus(rating.comment, "想说的话")
    out: dict[str, Any] = {"locales": v.keys.locales(), "start": v.keys.locale()}
    v.keys.tap(v.keys.globe())
    out["after_one_tap"] = v.keys.locale()
    v.keys.tap(v.keys.globe())
    out["after_two_taps"] = v.keys.locale()
    return out


def rating_comment(v: Visit) -> dict[str, Any]:
    v.home()
    v.finger.tap(v.win.pages["home"].tiles["rate"], "评价服务")
    rating = v.page("rating")
    v.finger.answer(rating.faces[2], "不满意")
    v.finger.answer(next(iter(rating.reasons.values())), "原因")
    v.focus(rating.comment, "想说的话")
    problems = v.check_cover("rating comment", rating.comment)
    v.keys.type("hao")
    v.keys.pick_first()
    text = rating.comment.text()
    v.finger.tap(rating.send_button, "提交评价")
    pump(lambda: "谢谢" in rating.status.plain, 10)
    return {"problems": problems, "comment": text, "status": rating.status.plain}


def complaint(v: Visit) -> dict[str, Any]:
    """监督举报: what the villager wants to say typed in pinyin, then sent anonymously."""
    v.home()
    v.finger.tap(v.win.pages["home"].more["complaint"], "投诉建议")
    page = v.page("complaint")
    v.finger.answer(page.about["station"], "本服务站")
    v.finger.answer(page.who["anonymous"], "匿名")
    v.focus(page.text_edit, "想说的话")
    problems = v.check_cover("complaint text", page.text_edit)
    v.keys.type("hao")
    v.keys.pick_first()
    typed = page.text_edit.text()
    v.finger.tap(page.send_button, "提交")
    pump(lambda: page.filed is not None, 15)
    return {
        "problems": problems,
        "typed": typed,
        "filed": page.filed is not None,
        "left": page.text_edit.text(),
    }


def delivery_address(v: Visit) -> dict[str, Any]:
    """The mailing address corrected on the pinyin keyboard: too short, then with its village again."""
    from kiosk.messages import message_for
    from ui.tour import _sample_jpeg, answer_form

    v.home()
    code = next(i.code for i in v.terminal.catalogue.items if i.short_name == "低保申请")
    v.win.flow.start(code)  # the card and the form are other scenarios'
    v.page("form")
    answer_form(v.win.flow.form)
    for m in v.win.flow.materials():
        v.win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    v.win.flow.after_materials()
    review = v.page("review")
    v.finger.answer(review.delivery.buttons["mail"], "邮寄到家")
    page = v.page("delivery")
    address, mobile = page.editors["address"].edit, page.editors["mobile"].edit
    v.focus(mobile, "手机号码")
    v.finger.keys(page.pad, "13800138000")
    v.focus(address, "邮寄地址")
    problems = v.check_cover("delivery address", address)
    for _ in range(len(address.text())):
        v.keys.tap(_backspace(v))
    v.keys.type("cun")
    v.keys.pick_first()
    short = address.text()
    v.finger.tap(page.next_button, "下一步")
    refused = page.editors["address"].error.plain == message_for("delivery.address_short")
    return {"problems": problems, "short": short, "refused": refused, "still_here": v.win.current() is page}


def cover(v: Visit) -> dict[str, Any]:
    """Every field that types, on every screen that has one, in both modes."""
    problems: list[str] = []
    visited: list[str] = []
    smallest = (10**6, "")
    for elder in (False, True):
        mode = "elder" if elder else "normal"
        for where, reach in FIELDS:
            v.home()
            v.elder(elder)
            for label, field in reach(v):
                v.focus(field, label)
                problems += v.check_cover(f"{mode} {where} {label}", field)
                visited.append(f"{mode} {where} {label}")
                if v.keys.shown():
                    smallest = min(smallest, v.keys.smallest_key())
    v.home()
    v.elder(False)
    return {"problems": problems, "visited": visited, "smallest_key": smallest}


def _search_box(v: Visit) -> list[tuple[str, QWidget]]:
    v.finger.tap(v.win.pages["home"].tiles["guide"], "办事指南")
    find = v.page("find")
    v.finger.tap(find.mode_buttons["search"], "搜索")
    return [("搜索框", find.search_edit)]


def _rating(v: Visit) -> list[tuple[str, QWidget]]:
    v.finger.tap(v.win.pages["home"].tiles["rate"], "评价服务")
    rating = v.page("rating")
    v.finger.answer(rating.faces[1], "非常不满意")  # the reasons come up too: the tallest this page gets
    return [("想说的话", rating.comment)]


def _agent(v: Visit) -> list[tuple[str, QWidget]]:
    v.finger.tap(v.win.pages["home"].tiles["agent"], "代办员登录")
    page = v.page("agent")
    return [("代办员编号", page.number), ("密码", page.pin)]


def _admin(v: Visit) -> list[tuple[str, QWidget]]:
    v.win.open_admin()
    return [("管理员密码", v.page("admin").pin)]


def _manual(v: Visit) -> list[tuple[str, QWidget]]:
    code = next(i.code for i in v.terminal.catalogue.items if i.short_name == "居住证明")
    from drivers.card.errors import NoCard
    from drivers.card.simulated import SimulatedReader

    saved = v.terminal.card_reader
    v.terminal.card_reader = SimulatedReader([NoCard("no card (sample)")], loop=True)
    v.win.flow.start(code)  # the guide's 立即办理 (the guide is walked in other scenarios)
    card = v.page("card")
    pump(card.manual_button.isVisible, 5)
    v.finger.tap(card.manual_button, "没带身份证，手动填写")
    manual = v.page("manual")
    v.terminal.card_reader = saved
    return [("姓名", manual.name_edit), ("身份证号码", manual.id_edit), ("住址", manual.address_edit)]


def _form(v: Visit) -> list[tuple[str, QWidget]]:
    v.finger.tap(v.win.pages["home"].tiles["apply"], "办理业务")
    find = v.page("find")
    tile = next(
        t
        for t in find.frequent.findChildren(type(v.win.pages["home"].tiles["apply"]))
        if t.text() == "低保申请"
    )
    v.finger.tap(tile, "低保申请")
    form = v.page("form")
    return [("户籍地址", form.editors["address"].edit), ("手机号码", form.editors["mobile"].edit)]


FIELDS = [
    ("find", _search_box),
    ("rating", _rating),
    ("agent", _agent),
    ("admin", _admin),
    ("manual", _manual),
    ("form", _form),
]

SCENARIOS: dict[str, Callable[[Visit], dict[str, Any]]] = {
    "search": search_by_initials,
    "languages": languages,
    "rating": rating_comment,
    "complaint": complaint,
    "delivery": delivery_address,
    "cover": cover,
}


def make_keyboard(win: Any, keys: Keys) -> None:
    """Have Qt make the keyboard's window once, before the visit, and mark it (see the module text)."""
    field = win.go("rating", app_id=None).comment
    field.setFocus()
    QGuiApplication.inputMethod().show()
    if not pump(lambda: keys.window() is not None, 10):
        raise TimeoutError("the virtual keyboard's window did not appear")
    QGuiApplication.inputMethod().hide()
    win.activateWindow()
    pump(win.isActiveWindow, 5)
    win.end_session()
    pump()


def main(names: list[str]) -> int:
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        from drivers.card.samples import ELDER
        from drivers.card.simulated import SimulatedReader

        terminal = Terminal(load_config(None), Path(tmp), demo=True)
        terminal.card_reader = SimulatedReader([ELDER], loop=True)
        terminal.start()
        win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
        win.resize(1920, 1080)
        win.show()
        win.activateWindow()
        pump(win.isActiveWindow, 5)
        visit = Visit(win, terminal)
        make_keyboard(win, visit.keys)
        for name in names:
            try:
                result = SCENARIOS[name](visit)
            except Exception as exc:  # the test shows what went wrong, by scenario
                result = {"error": f"{type(exc).__name__}: {exc}"}
            print("RESULT " + json.dumps({name: result}, ensure_ascii=False), flush=True)
            visit.finger.log.append(f"--- {name}")
        print("TOUCHES " + json.dumps(visit.finger.log, ensure_ascii=False), flush=True)
        win.current().leave()
        win.allow_close()
        win.close()
        terminal.stop()
    del app
    return 0


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))
