"""Appointments (预约; kiosk/appointments.py): the hall's times for an item with the places left, booked with
the ID card, a slip printed; the card holder's bookings here can be cancelled or moved. Online only: when
the platform cannot be reached the screen says so and offers the one-time notice instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.messages import text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button, panel
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow


def when(slot: Any) -> str:
    from kiosk.appointments import CHINA

    t = slot.starts_at.astimezone(CHINA)
    return f"{t.month}月{t.day}日 {t:%H:%M}"


class AppointmentPage(Page):
    name = "appointment"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.scroll_area = TouchScrollArea()
        self.body.addWidget(self.scroll_area, 1)
        self.status = Text("", "heading")
        self.body.addWidget(self.status)
        self.notice_button = self.add_footer_button(
            QCoreApplication.translate("AppointmentPage", "打印一次性告知单")
        )
        self.notice_button.clicked.connect(self.print_notice)
        self.code = ""
        self.slots: list[Any] = []
        self.mine: list[Any] = []
        self.slot_buttons: dict[int, QPushButton] = {}
        self.cancel_buttons: dict[str, QPushButton] = {}
        self.move_buttons: dict[str, QPushButton] = {}
        self.wanted: Any = None  # the slot tapped before the card was read
        self.moving: str | None = None  # the booking being moved
        self.offline = False

    def enter(self, **kw: Any) -> None:
        self.title.set_plain(text_for_code("appointment.title"))
        if kw.get("back") and self.win.flow.session.identity is not None and self.wanted is not None:
            self._book(self.wanted)  # back from the card: book the time chosen before it
            return
        if kw.get("back"):
            return
        self.code, self.wanted, self.moving, self.offline = str(kw.get("code", self.code)), None, None, False
        self.status.set_plain("")
        self.hint.set_plain(self.win.catalogue.item(self.code).name)
        self.refresh()

    def refresh(self) -> None:
        terminal, code, session = self.win.terminal, self.code, self.win.flow.session
        identity = session.identity

        def ask() -> tuple[list[Any], list[Any]]:
            mine = []
            if identity is not None:
                key = session.applicant_key_for(identity, terminal.applicant_key)
                mine = [b for b in terminal.bookings_for(identity, key) if b.slot.item_code == code]
            return terminal.slots_for(code), mine

        run_task(ask, self._shown, owner=self)

    def _shown(self, found: Any, error: BaseException | None) -> None:
        from kiosk.appointments import AppointmentsOffline

        if error is not None:
            self.offline = isinstance(error, AppointmentsOffline)
            self._set(self._message(text_for(error)))
            self.status.set_plain("")
            return
        self.slots, self.mine = found
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.cancel_buttons, self.move_buttons, self.slot_buttons = {}, {}, {}
        if self.mine:
            lay.addWidget(Text(text_for_code("appointment.yours"), "heading"))
            for b in self.mine:
                lay.addWidget(self._booking_box(b))
        lay.addWidget(
            Text(text_for_code("appointment.choose" if self.slots else "appointment.none"), "heading")
        )
        for slot in self.slots:
            words = QCoreApplication.translate("AppointmentPage", "{when}　{hall}　还剩 {n} 个").format(
                when=when(slot), hall=slot.hall_name, n=slot.remaining
            )
            b = button(words, "choice")
            b.setEnabled(slot.remaining > 0)
            b.clicked.connect(lambda _=False, s=slot: self.choose(s))
            lay.addWidget(b)
            self.slot_buttons[slot.slot_id] = b
        lay.addStretch(1)
        self._set(inner)

    def _booking_box(self, b: Any) -> QWidget:
        box = panel()
        bl = QVBoxLayout(box)
        bl.addWidget(Text(f"{when(b.slot)}　{b.slot.hall_name}　{b.booking_no}"))
        cancel = button(QCoreApplication.translate("AppointmentPage", "取消这个预约"))
        cancel.clicked.connect(lambda _=False, bid=b.booking_id: self.cancel(bid))
        move = button(QCoreApplication.translate("AppointmentPage", "改个时间"))
        move.clicked.connect(lambda _=False, bid=b.booking_id: self.start_move(bid))
        bl.addWidget(cancel)
        bl.addWidget(move)
        self.cancel_buttons[b.booking_id], self.move_buttons[b.booking_id] = cancel, move
        return box

    def _message(self, words: str) -> QWidget:
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(Text(words, "heading"))
        lay.addStretch(1)
        return inner

    def _set(self, inner: QWidget) -> None:
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(inner)

    # --- booking -------------------------------------------------------------------------------------
    def choose(self, slot: Any) -> None:
        if self.win.flow.session.identity is None:
            self.wanted = slot
            self.win.go("card", purpose="appointment")  # back here once the card is read
            return
        self._book(slot)

    def start_move(self, booking_id: str) -> None:
        self.moving = booking_id
        self.status.set_plain(QCoreApplication.translate("AppointmentPage", "请在下面选新的时间。"))

    def _book(self, slot: Any) -> None:
        terminal, session, moving = self.win.terminal, self.win.flow.session, self.moving
        identity = session.identity
        assert identity is not None
        self.wanted = None
        self.status.set_plain(QCoreApplication.translate("AppointmentPage", "正在预约，请稍等……"))

        def book() -> Any:
            key = session.applicant_key_for(identity, terminal.applicant_key)
            if moving is not None:
                return terminal.move_booking(moving, slot, identity, key)
            return terminal.book(slot, identity, key)

        run_task(book, self._booked, owner=self)

    def _booked(self, result: Any, error: BaseException | None) -> None:
        self.moving = None
        if error is not None:
            self.status.set_plain(text_for(error))
            self.win.say(self.status.plain)
            self.refresh()  # the places as they are now
            return
        booking, _job = result
        self.status.set_plain(
            text_for_code("appointment.booked").format(when=when(booking.slot), hall=booking.slot.hall_name)
        )
        self.win.say(self.status.plain)
        self.refresh()

    def cancel(self, booking_id: str) -> None:
        terminal = self.win.terminal

        def done(_: Any, error: BaseException | None) -> None:
            self.status.set_plain(
                text_for(error) if error else QCoreApplication.translate("AppointmentPage", "预约已取消。")
            )
            self.refresh()

        run_task(lambda: terminal.cancel_booking(booking_id), done, owner=self)

    def print_notice(self) -> None:
        terminal, code = self.win.terminal, self.code

        def done(_: Any, error: BaseException | None) -> None:
            self.status.set_plain(
                text_for(error)
                if error
                else QCoreApplication.translate("GuidePage", "已送去打印，请在出纸口取走告知单。")
            )

        run_task(lambda: terminal.print_notice(code), done, owner=self)

    def wipe(self) -> None:
        self.slots, self.mine, self.wanted, self.moving = [], [], None, None
        self.slot_buttons, self.cancel_buttons, self.move_buttons = {}, {}, {}
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.status.clear()
