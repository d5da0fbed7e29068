"""`kiosk tour`: every screen rendered to PNG offscreen, with simulated devices and sample (样例) data.

The tour walks the real screens with the real Terminal (demo: embedded reference platform, simulated card
reader, camera and printer) in a throw-away data folder. Background tasks run through a ManualRunner so a
screen can be photographed while it waits (e.g. "place your ID card") before the wait is let go.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

LOW_INCOME_SHORT = "低保申请"


def sample_value(spec: Any) -> Any:
    """A valid sample answer for a form field (样例 values)."""
    from drivers.card.samples import sample_id_number
    from kiosk.regions import bundled_regions

    t = spec.type
    if t in ("text", "address"):
        return "样例" + ("地址" if t == "address" else "")
    if t == "number":
        low = spec.min if spec.min is not None else 1
        return str(int(max(low, 1 if spec.max is None else min(spec.max, max(low, 1)))))
    if t == "date":
        return "1960-03-08"
    if t == "choice":
        return [spec.options[0].value] if spec.multiple else spec.options[0].value
    if t == "yes_no":
        return False
    if t == "region":
        tree = bundled_regions()
        level = spec.level or "village"
        return tree.at_level(level)[0].code
    if t == "id_number":
        return sample_id_number(dt.date(1990, 1, 1), 7)
    if t == "mobile":
        return "13912345678"
    if t == "bank_account":
        return "6228480000000000017"
    return None


def answer_form(form: Any, page_fields: list[Any] | None = None) -> int:
    """Answer every unanswered visible field (and one row of each group); returns the number of answers."""
    count = 0
    for spec in page_fields if page_fields is not None else form.visible_fields():
        if form.is_locked(spec.id):
            continue
        if spec.type == "group":
            if not form.get(spec.id):
                row = form.add_row(spec.id)
                for member in spec.fields:
                    form.set(f"{spec.id}.{row}.{member.id}", sample_value(member))
                    count += 1
            continue
        if form.get(spec.id) in (None, "", []):
            form.set(spec.id, sample_value(spec))
            count += 1
    _agree_with_rows(form)
    return count


def _agree_with_rows(form: Any) -> None:
    """Sample numbers that a rule ties to a group's rows (household size = members + 1) follow the rows."""
    for rule in form.spec.rules:
        counted, number = rule.left, rule.right
        if counted.kind != "rows":
            counted, number = number, counted
        if rule.op == "==" and counted.kind == "rows" and number.kind == "field" and form.get(number.ref):
            rows = len(form.get(counted.ref) or [])
            form.set(number.ref, str(int(rows + counted.plus - number.plus)))


def settle(app: QApplication, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()
        QCoreApplication.sendPostedEvents()


def wait_for(app: QApplication, check: Callable[[], bool], timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if check():
            return True
        time.sleep(0.01)
    return check()


class Tour:
    def __init__(
        self,
        app: QApplication,
        win: Any,
        runner: Any,
        out: Path | None,
        prefix: str,
        on_screen: Callable[[str], None] | None = None,
    ) -> None:
        self.app, self.win, self.runner, self.out, self.prefix = app, win, runner, out, prefix
        self.on_screen = on_screen  # tests measure each screen here
        self.n = 0
        self.written: list[Path] = []
        self.names: list[str] = []

    def shot(self, name: str) -> None:
        settle(self.app)
        self.n += 1
        self.names.append(name)
        if self.on_screen is not None:
            self.on_screen(name)
        if self.out is not None:
            path = self.out / f"{self.prefix}-{self.n:02d}-{name}.png"
            self.win.grab().save(str(path))
            self.written.append(path)

    def drain(self) -> None:
        self.runner.drain()
        settle(self.app)

    def walk(self) -> None:
        from ui.messages import text_for_code

        win, flow = self.win, self.win.flow
        cat = win.terminal.catalogue
        item = (
            next(i for i in cat.items if i.short_name == LOW_INCOME_SHORT)
            if any(i.short_name == LOW_INCOME_SHORT for i in cat.items)
            else cat.items[0]
        )
        self.drain()
        self.shot("home")
        find = win.go("find", purpose="apply")
        self.shot("find-frequent")
        for mode in ("events", "departments"):
            find.show_mode(mode)
            self.shot(f"find-{mode}")
        find._pick_category(cat.categories[1].id)
        self.shot("find-items")
        find.show_mode("search")
        find.search_edit.setText("dbsq")
        self.shot("find-search")
        flow.show_guide(item.code)
        self.shot("guide")
        flow.start(item.code)
        self.shot("card-waiting")
        card = win.pages["card"]
        card.message.set_plain(text_for_code("card.expired"))
        self.shot("card-problem")
        self.drain()  # the read: "读卡成功" for a moment, then the form's first page
        self.shot("card-read")
        wait_for(self.app, lambda: win.current().name == "form", 5)
        pages = flow.form_pages()
        for i, page in enumerate(pages):
            win.go("form", index=i)
            if i == 0:
                win.pages["form"].next()  # show the plain-words errors once
                self.shot("form-errors")
            answer_form(flow.form, list(page.fields))
            win.pages["form"].show_fields()
            self.shot(f"form-{page.id}")
        self._materials()
        flow.after_materials()  # the review
        self._delivery()  # mail chosen there: the delivery screen, then back to the review
        review = win.pages["review"]
        review.pad.stroke([QPointF(60 + x * 12, 120 + (x % 5) * 14) for x in range(40)])
        self.shot("review-signed")
        review.submit()
        self.drain()
        wait_for(self.app, lambda: win.current().name == "receipt", 5)
        self.drain()
        self.shot("receipt")
        rating = win.go("rating", app_id=flow.result.submitted.app_id if flow.result else None)
        self.shot("rating")
        rating.pick(1)
        self.shot("rating-low")
        identity = flow.session.identity
        win.end_session()
        progress = win.go("progress")
        self.shot("progress-choose")
        progress.scan()
        wait_for(self.app, lambda: not progress.view.image.isNull(), 5)
        self.shot("progress-qr")
        progress.leave()
        flow.session.identity = identity
        win.go("progress", by="card")
        self.drain()
        self.shot("progress-results")
        win.end_session()
        self._services(item)
        win.go("manual", purpose="apply")
        self.shot("manual")
        self._agent_screens(item, identity)
        win.go("admin")
        self.shot("admin")
        self._admin()
        win.go("find", purpose="apply")
        win.countdown.start()
        self.shot("idle-countdown")
        win.end_session()

    ADMIN = ("admin_diagnostics", "admin_sync", "admin_settings", "admin_enrol", "admin_logs", "admin_pin")

    def _admin(self) -> None:
        """The admin area, as the right PIN opens it: its home and each section, their checks done."""
        from ui.pages.admin_base import open_area

        win = self.win
        open_area(win)
        self.drain()
        self.shot("admin-home")
        for name in self.ADMIN:
            win.go(name, remember=False)
            self.drain()
            self.drain()  # a section's answer may start the next look-up (the sync monitor's)
            self.shot(name.replace("_", "-"))
        win.end_session()

    def _services(self, item: Any) -> None:
        """The guided consultation (a question, its suggestions), a complaint, the hall's times."""
        win = self.win
        consult = win.go("consult")
        self.shot("consult")
        for qid, aid in (("who", "elder"), ("what", "old_age"), ("want", "paper")):
            consult.pick(qid, aid)
        self.shot("consult-result")
        win.end_session()
        complaint = win.go("complaint")
        complaint.about["station"].click()
        complaint.who["anonymous"].click()
        complaint.problems["slow"].click()
        self.shot("complaint")
        win.end_session()
        booked = next((i for i in win.terminal.catalogue.items if i.guide.visit_hall), item)
        win.go("appointment", code=booked.code)
        self.drain()
        self.shot("appointment")
        win.end_session()

    def _delivery(self) -> None:
        """The delivery screen with mail chosen: the card's address and a sample number (样例)."""
        win = self.win
        if win.flow.item is None or not win.flow.item.guide.delivery:
            return
        page = win.go("delivery", method="mail")
        page.form.set("mobile", "13800138000")
        page.show_fields()
        self.shot("delivery")
        page.next()  # back to the review, whose choice row shows the address

    def _agent_screens(self, item: Any, identity: Any) -> None:
        """Login with PIN, the lockout, each dashboard queue, the consent, the drafts (the demo's agents)."""
        from kiosk.agents import DEMO_AGENTS  # the tour runs the demo, whose platform has them

        win, terminal = self.win, self.win.terminal
        if terminal.sync is not None:
            terminal.sync.wake()
        wait_for(self.app, lambda: terminal.store.agents.get("8002") is not None, 30)
        page = win.go("agent")
        self.shot("agent-login")
        for _ in range(5):  # 8002 is locked from the first pass on: the same screen each time
            page.number.setText("8002")
            page.pin.setText("975310")
            page.login()
            self.drain()
        self.shot("agent-lockout")
        page.number.setText("8001")
        page.pin.setText(dict((n, p) for n, _name, p in DEMO_AGENTS)["8001"])
        page.login()
        self.drain()
        board = win.pages["agent_dashboard"]
        flow = win.flow
        flow.item, flow.session.item_code, flow.session.identity = item, item.code, identity
        win.agents.stamp(flow.session)
        consent = win.go("agent_consent")
        self.drain()
        self.shot("agent-consent")
        win.agents.save_draft(then_dashboard=True)
        self.drain()
        self.drain()
        # one filing on the villager's behalf, so that the queues show one
        flow.item, flow.session.item_code, flow.session.identity = item, item.code, identity
        win.agents.stamp(flow.session)
        flow.form = None
        consent = win.go("agent_consent")
        self.drain()
        record = consent.consent.record("id_card", _sample_jpeg(), _sample_jpeg(), "8001")
        flow.session.consent = record
        flow.submit(_sample_jpeg(), lambda _error: None)
        self.drain()
        win.end_session()
        self.drain()
        for tab in ("today", "waiting", "delivered", "supplement", "done", "drafts"):
            board.show_tab(tab)
            self.shot(f"agent-queue-{tab}")
        win.agents.logout()

    def _materials(self) -> None:
        win, flow = self.win, self.win.flow
        mats = flow.materials()
        for i, m in enumerate(mats):
            page = win.go("capture", index=i)
            if i == 0:
                wait_for(self.app, _has_outline(page), 8)
                self.shot("capture-live")
                page.capture()
                self.drain()
                wait_for(self.app, _has_pages(flow, m.id), 1)
                self.shot("capture-done")
                page.advance.stop()
            if not flow.session.pages.get(m.id):
                if m.deferrable:
                    flow.session.defer(m.id)
                else:
                    flow.add_page(m.id, _sample_jpeg(), 10, 10)
            page.leave()


def _has_outline(page: Any) -> Callable[[], bool]:
    return lambda: page.view.quad is not None


def _has_pages(flow: Any, material_id: str) -> Callable[[], bool]:
    return lambda: bool(flow.session.pages.get(material_id))


def _sample_jpeg() -> bytes:
    import cv2
    import numpy as np

    ok, buf = cv2.imencode(".jpg", np.full((10, 10, 3), 255, np.uint8))
    return bytes(buf.tobytes())


def tour(config: Any, out: Path, *, elder_modes: list[bool], languages: list[str]) -> list[Path]:
    from kiosk.terminal import Terminal
    from ui import theme
    from ui.app import application, build_window
    from ui.i18n import install_language
    from ui.tasks import ManualRunner, use_runner

    out.mkdir(parents=True, exist_ok=True)
    app = application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as tmp:
        terminal = Terminal(config, Path(tmp), demo=True)
        # one sample villager (样例) every time, so each pass of the tour shows the same screens
        from drivers.card.samples import ELDER
        from drivers.card.simulated import SimulatedReader

        terminal.card_reader = SimulatedReader([ELDER], loop=True)
        terminal.start()
        runner = ManualRunner()
        old = use_runner(runner)
        try:
            for language in languages:
                install_language(language)
                for elder in elder_modes:
                    theme.apply(app, theme.ELDER if elder else theme.NORMAL)
                    win = build_window(terminal, kiosk_mode=False, elder=elder, language=language)
                    win.resize(*theme.REFERENCE_SIZE)
                    win.show()
                    t = Tour(app, win, runner, out, f"{language}-{'elder' if elder else 'normal'}")
                    try:
                        t.walk()
                    finally:
                        win.allow_close()
                        win.close()
                        win.deleteLater()
                        settle(app)
                    written += t.written
        finally:
            use_runner(old)
            install_language("zh_CN")
            terminal.stop()
    return written
