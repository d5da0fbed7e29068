"""The receipt: shown on screen as it prints; if the printer cannot print now, the application is still
safe and the receipt waits in the print queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from ui.messages import joined, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from drivers.printing.document import Document
    from kiosk.terminal import Terminal
    from ui.window import KioskWindow


def render_receipt(terminal: Terminal, doc: Document) -> bytes:
    from drivers.printing.document import render_png

    printer = terminal.config.section("printer")
    return render_png(doc, paper_mm=int(printer["paper_mm"]), dpi=int(printer["dpi"]))


def preview_pixmap(image: QImage, room: int) -> QPixmap:
    """The printer's 1-bit picture for the screen: dot for dot when it fits, else shrunk by averaging.

    Shrinking a 1-bit picture by picking pixels drops whole rows and columns of dots, and a thermal
    font's strokes are one or two dots thin: 生 lost its middle stroke and read as 壬. Averaging in grey keeps
    every stroke, a little lighter."""
    if image.width() <= room or room <= 0:
        return QPixmap.fromImage(image)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(grey.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation))


class ReceiptPage(Page):
    name = "receipt"
    has_back = False

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("ReceiptPage", "申请已提交"))
        row = QHBoxLayout()
        info = QVBoxLayout()
        self.number = Text("", "heading")
        info.addWidget(self.number)
        self.print_state = Text("", "")
        info.addWidget(self.print_state)
        self.owed = Text("", "")
        info.addWidget(self.owed)
        info.addStretch(1)
        row.addLayout(info, 3)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = TouchScrollArea()
        self.paper_area = scroll
        scroll.setWidget(self.preview)
        scroll.setMinimumWidth(560)
        row.addWidget(scroll, 2)
        self.body.addLayout(row, 1)
        self.finish_button = self.add_footer_button(QCoreApplication.translate("ReceiptPage", "办完了，退出"))
        self.finish_button.clicked.connect(self.win.end_session)
        self.rate_button = self.set_primary(QCoreApplication.translate("ReceiptPage", "评价本次服务"))
        self.rate_button.clicked.connect(self.rate)
        win.bridge.printer_state.connect(self._printer)
        self._generation = 0

    def enter(self, **kw: Any) -> None:
        flow = self.win.flow
        result, item = flow.result, flow.item
        # The flow goes to this screen only once a submit returned its result.
        assert result is not None and item is not None
        self._generation += 1
        supplement = flow.session.supplement_of is not None
        self.title.set_plain(
            QCoreApplication.translate("ReceiptPage", "补正材料已提交")
            if supplement
            else QCoreApplication.translate("ReceiptPage", "申请已提交")
        )
        self.number.set_plain(
            QCoreApplication.translate("ReceiptPage", "受理编号：{no}").format(
                no=result.submitted.local_receipt_no
            )
        )
        owed = [m.name for m in item.guide.materials if m.id in flow.session.deferred]
        self.owed.set_plain(
            QCoreApplication.translate(
                "ReceiptPage", "还要补交的材料：{list}。请在回执上写的日期前带来。"
            ).format(list=joined(owed, "ui.series"))
            if owed
            else QCoreApplication.translate("ReceiptPage", "这是受理编号 {no} 的补正材料。").format(
                no=flow.supplement_receipt_no
            )
            if supplement
            else ""
        )
        self._printer(self.win.header.printer_state, 0)
        self.win.say(QCoreApplication.translate("ReceiptPage", "申请已提交，请取走回执。"))
        generation, terminal, doc = self._generation, self.win.terminal, result.receipt
        run_task(
            lambda: render_receipt(terminal, doc),
            lambda png, err: self._show(generation, png, err),
            owner=self,
        )

    def _show(self, generation: int, png: bytes | None, error: BaseException | None) -> None:
        if generation != self._generation or png is None:
            return
        # The stub says the format is bytes; PySide6 6.11 rejects bytes there and takes str (char *).
        image = QImage.fromData(png, "PNG")  # type: ignore[arg-type]
        self.preview.setPixmap(preview_pixmap(image, self.paper_area.viewport().width() - 8))

    def _printer(self, state: str, pending: int) -> None:
        if state in ("ok", "unknown", "paper_low"):
            self.print_state.set_plain(
                QCoreApplication.translate(
                    "ReceiptPage", "回执正在打印，请在出纸口取走。回执上有查询进度用的二维码。"
                )
            )
        else:
            self.print_state.set_plain(text_for_code("ui.printer_later"))

    def rate(self) -> None:
        result = self.win.flow.result
        self.win.go("rating", app_id=result.submitted.app_id if result else None, remember=False)

    def wipe(self) -> None:
        self._generation += 1
        self.preview.clear()
        self.preview.setPixmap(QPixmap())
        self.number.clear()
        self.owed.clear()
        self.print_state.clear()

    def sizeHint(self) -> QSize:
        return QSize(1920, 900)
