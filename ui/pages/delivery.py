"""How the result comes (kiosk/delivery.py): picked up at the village station, at the township hall, or
mailed to an address read from the card (editable) with a mobile number for the courier.

The screen is the form engine's (``kiosk.delivery.delivery_form``) shown with the form's own editors, so
the address types on the pinyin keyboard and the mobile on the digit pad like every other field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.messages import pair, text_for_code
from ui.pages.base import Page
from ui.widgets.common import Text, button
from ui.widgets.fields import FieldEditor
from ui.widgets.keypad import DigitPad
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit

    from kiosk.forms import FormState
    from ui.window import KioskWindow


class DeliveryChoice(QWidget):
    """The review's row of ways (kiosk/delivery.py): a tap on a pickup place chooses it; mail opens the
    delivery screen for the address and the courier's number, and the review then shows them."""

    def __init__(self, win: KioskWindow) -> None:
        from kiosk.delivery import offered

        super().__init__()
        self.win = win
        flow = win.flow
        self.methods = offered(flow.item) if flow.item is not None else ()
        if self.methods and flow.session.delivery is None and self.methods[0] != "mail":
            from kiosk.delivery import Delivery

            flow.session.delivery = Delivery(self.methods[0])  # the nearest, and no trip
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(Text(QCoreApplication.translate("ReviewPage", "办好以后，结果怎么给您"), "heading"))
        # One way per row: the review's column is narrow, and a way's words must not be cut (elder, English)
        row = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for m in self.methods:
            b = button(text_for_code(f"delivery.method.{m}"), "choice")
            b.setCheckable(True)
            b.setObjectName(f"delivery:{m}")
            b.clicked.connect(lambda _=False, m=m: self.pick(m))
            row.addWidget(b)
            self.buttons[m] = b
        lay.addLayout(row)
        self.detail = Text("")
        lay.addWidget(self.detail)
        self._show()

    def pick(self, method: str) -> None:
        from kiosk.delivery import Delivery

        if method == "mail":
            self._show()  # checked once the address is given
            self.win.go("delivery", method="mail")
            return
        self.win.flow.session.delivery = Delivery(method)
        self._show()

    def _show(self) -> None:
        from kiosk.privacy import mask_phone
        from kiosk.visits import trips_for

        d, item = self.win.flow.session.delivery, self.win.flow.item
        for m, b in self.buttons.items():
            b.setChecked(d is not None and d.method == m)
        if d is None or item is None:
            self.detail.set_plain("")
            return
        trips = trips_for(item.guide, d.method)
        words = (
            QCoreApplication.translate("DeliveryPage", "这样选，办这件事不用再跑。")
            if trips == 0
            else QCoreApplication.translate("DeliveryPage", "这样选，还要跑 {n} 次。").format(n=trips)
        )
        if d.method == "mail":  # the whole address (the applicant checks it), the number masked
            words = (
                pair(text_for_code("delivery.method.mail"), f"{d.address}　{mask_phone(d.mobile)}")
                + "\n"
                + words
            )
        self.detail.set_plain(words)


class DeliveryPage(Page):
    name = "delivery"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        self.scroll_area = TouchScrollArea()
        row.addWidget(self.scroll_area, 3)
        self.pad = DigitPad()
        self.pad.setVisible(False)
        row.addWidget(self.pad, 1)
        self.body.addLayout(row, 1)
        self.trips = Text("", "muted")
        self.body.addWidget(self.trips)
        self.next_button = self.set_primary(QCoreApplication.translate("DeliveryPage", "下一步"))
        self.next_button.clicked.connect(self.next)
        self.editors: dict[str, FieldEditor] = {}
        self.form: FormState | None = None

    def enter(self, **kw: Any) -> None:
        from kiosk.delivery import delivery_form, offered
        from kiosk.forms import FormState
        from ui.messages import form_templates

        flow = self.win.flow
        assert flow.item is not None and flow.session.identity is not None
        self.methods = offered(flow.item)
        words = form_templates_with_services(form_templates())
        self.form = FormState(delivery_form(self.methods, words), templates=words)
        self.form.prefill(flow.session.identity)
        chosen = flow.session.delivery
        self.form.set("method", kw.get("method") or (chosen.method if chosen else "mail"))
        if chosen is not None and chosen.method == "mail":  # changing the address given before
            self.form.set("address", chosen.address)
            self.form.set("mobile", chosen.mobile)
        page = self.form.pages()[0]
        self.title.set_plain(page.title)
        self.hint.set_plain(page.hint)
        self.show_fields()

    def show_fields(self) -> None:
        assert self.form is not None
        self._clear()
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(24)
        for spec in self.form.pages()[0].fields:
            ed = FieldEditor(spec, spec.id, self.form, self._digits_for)
            if spec.id == "method":
                ed.answered.connect(self._method_chosen)
            self.editors[spec.id] = ed
            lay.addWidget(ed)
        lay.addStretch(1)
        self.scroll_area.setWidget(inner)
        self.pad.setVisible(False)
        self._say_trips()

    def _say_trips(self) -> None:
        from kiosk.visits import trips_for

        flow, method = self.win.flow, self.form.get("method") if self.form else None
        if flow.item is None or not method:
            self.trips.set_plain("")
            return
        n = trips_for(flow.item.guide, str(method))
        self.trips.set_plain(
            QCoreApplication.translate("DeliveryPage", "这样选，办这件事不用再跑。")
            if n == 0
            else QCoreApplication.translate("DeliveryPage", "这样选，还要跑 {n} 次。").format(n=n)
        )

    def _method_chosen(self) -> None:
        # Mail brings up the address and the number; the other two hide them. Laid out after this tap.
        QTimer.singleShot(0, self, self._after_choice)

    def _after_choice(self) -> None:
        if self.win.current() is not self:
            return
        self.show_fields()
        address = self.editors.get("address")
        if address is not None and address.edit is not None:
            self.scroll_area.ensureWidgetVisible(address, 0, 24)

    def _digits_for(self, edit: QLineEdit | None) -> None:
        self.pad.attach(edit)
        self.pad.setVisible(edit is not None)

    def next(self) -> None:
        from kiosk.delivery import DeliveryInvalid, choice, problems
        from kiosk.identifiers import IdentifierError
        from ui.messages import form_templates, text_for

        assert self.form is not None
        found = problems(self.form, form_templates_with_services(form_templates()))
        for fid, ed in self.editors.items():
            ed.show_error(found.get(fid, ""))
        if found:
            first = next((self.editors[f] for f in found if f in self.editors), None)
            if first is not None:
                first.focus()
                self.scroll_area.ensureWidgetVisible(first)
            self.win.say(next(iter(found.values())))
            return
        try:
            self.win.flow.session.delivery = choice(self.methods, self.form.values())
        except (DeliveryInvalid, IdentifierError) as exc:  # said in its own words
            self.editors["method"].show_error(text_for(exc))
            return
        self.win.back()  # to the review it came from (its choice row shows the address now)

    def _clear(self) -> None:
        for ed in self.editors.values():
            ed.wipe()
        self.editors.clear()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()

    def wipe(self) -> None:
        self._clear()
        self.form = None
        self.pad.attach(None)
        self.trips.clear()


def form_templates_with_services(templates: dict[str, str]) -> dict[str, str]:
    """The delivery checks' words in the installed language, beside the form engine's."""
    from kiosk.messages.services import MESSAGES
    from ui.messages import translated

    return {**templates, **{code: translated(code, text) for code, text in MESSAGES.items()}}


def result_word(win: Any, status: str, history: list[Any]) -> str:
    """The current status as the progress query says it: where to go or what is coming for a result that
    is ready or mailed (``kiosk.delivery.result_status``), else the plain status words."""
    from kiosk.delivery import result_status
    from ui.messages import status_word

    found = result_status(history) if history and history[-1].status == status else None
    if found is None:
        return status_word(status)
    code, values = found
    return text_for_code(code).format(station=win.terminal.station.name, **values)
