"""Progress query: by ID card or by the receipt's QR code held to the camera; status history; a slip."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.china_time import in_china
from kiosk.query_codes import QueryToken, ReceiptNumber, parse
from ui.flow import SUPPLEMENT, supplement_request
from ui.messages import item_name, joined, note, status_word, text_for, text_for_code
from ui.pages.base import Page
from ui.pages.capture import CameraControl
from ui.pages.complaint import complaint_box
from ui.pages.delivery import result_word
from ui.tasks import run_task
from ui.widgets.camera_view import CameraView, PreviewPipeline
from ui.widgets.common import Text, TileButton, button, panel
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from drivers.camera.base import Camera
    from ui.window import KioskWindow

QR_EVERY_MS = 400


def scan_qr(camera: Camera | None) -> QueryToken | ReceiptNumber | None:
    """Blocking (worker thread): what the QR code in the newest frame offers, if there is one."""
    from drivers.camera.qr import read_qr

    frame = camera.latest() if camera is not None else None
    if frame is None:
        return None
    text = read_qr(frame)
    return parse(text) if text else None


class ProgressPage(Page):
    name = "progress"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.states = QStackedWidget()
        self.body.addWidget(self.states, 1)
        # choose
        choose = QWidget()
        row = QHBoxLayout(choose)
        self.by_card = TileButton(
            "card", QCoreApplication.translate("ProgressPage", "放身份证查询"), "primary"
        )
        self.by_qr = TileButton("qr", QCoreApplication.translate("ProgressPage", "扫回执上的二维码"), "")
        row.addWidget(self.by_card)
        row.addWidget(self.by_qr)
        self.by_card.clicked.connect(lambda: self.win.go("card", purpose="progress"))
        self.by_qr.clicked.connect(self.scan)
        self.states.addWidget(choose)
        self.choose = choose
        # scan
        scan = QWidget()
        sl = QVBoxLayout(scan)
        self.view = CameraView()
        sl.addWidget(self.view, 1)
        self.scan_message = Text("", "heading")
        sl.addWidget(self.scan_message)
        self.states.addWidget(scan)
        self.scan_widget = scan
        # results
        self.results_scroll = TouchScrollArea()
        self.states.addWidget(self.results_scroll)
        self.source = Text("", "muted")
        self.body.addWidget(self.source)
        self.print_button = self.add_footer_button(QCoreApplication.translate("ProgressPage", "打印进度单"))
        self.print_button.clicked.connect(self.print_slip)
        self.pipeline = PreviewPipeline(detect=False)
        self.pipeline.frame_ready.connect(lambda img, q, r: self._frame(img))
        self.control = CameraControl()
        self.qr_timer = QTimer(self)
        self.qr_timer.setInterval(QR_EVERY_MS)
        self.qr_timer.timeout.connect(self._look_for_qr)
        self._scanning = False
        self.progress: Any = None
        self.supplement_buttons: dict[str, QPushButton] = {}  # app id -> its 补正材料 button
        self._generation = 0

    def enter(self, **kw: Any) -> None:
        self._generation += 1
        self.title.set_plain(QCoreApplication.translate("ProgressPage", "查询办理进度"))
        self.print_button.setVisible(False)
        self.source.set_plain("")
        session = self.win.flow.session
        identity = session.identity
        if kw.get("by") == "card" and identity is not None:
            self.hint.set_plain(QCoreApplication.translate("ProgressPage", "正在查询，请稍等……"))
            self._query(
                lambda t: t.progress(
                    identity=identity, applicant_key=session.applicant_key_for(identity, t.applicant_key)
                )
            )
            return
        self.hint.set_plain(QCoreApplication.translate("ProgressPage", "请选择查询方式。"))
        self.states.setCurrentWidget(self.choose)

    def leave(self) -> None:
        self._generation += 1
        self.qr_timer.stop()
        self.control.stop(self.win.terminal.camera, self.pipeline)
        self.view.clear()

    # --- QR ------------------------------------------------------------------------------------------
    def scan(self) -> None:
        self.states.setCurrentWidget(self.scan_widget)
        self.hint.set_plain(
            QCoreApplication.translate("ProgressPage", "把回执上的二维码对准摄像头，离开一拃远。")
        )
        self.scan_message.set_plain(QCoreApplication.translate("ProgressPage", "正在找二维码……"))
        self.control.start(self.win.terminal.camera, self.pipeline)
        self.qr_timer.start()

    def _frame(self, image: QImage) -> None:
        if self.states.currentWidget() is self.scan_widget:
            self.view.show_frame(image, None, False)

    def _look_for_qr(self) -> None:
        if self._scanning:
            return
        self._scanning = True
        camera, generation = self.win.terminal.camera, self._generation
        run_task(lambda: scan_qr(camera), lambda no, err: self._qr(generation, no, err), owner=self)

    def _qr(
        self, generation: int, code: QueryToken | ReceiptNumber | None, error: BaseException | None
    ) -> None:
        self._scanning = False
        if generation != self._generation or code is None:
            return
        self.qr_timer.stop()
        self.control.stop(self.win.terminal.camera, self.pipeline)
        self.found_by_qr(code)

    def found_by_qr(self, code: QueryToken | ReceiptNumber) -> None:
        self.hint.set_plain(QCoreApplication.translate("ProgressPage", "正在查询，请稍等……"))
        if isinstance(code, QueryToken):
            token = code.token
            self._query(lambda t: t.progress(token=token))
        else:  # an old receipt's number: the terminal says what to do instead (progress.number_only)
            number = code.number
            self._query(lambda t: t.progress(receipt_no=number))

    # --- results -------------------------------------------------------------------------------------
    def _query(self, ask: Any) -> None:
        terminal, generation = self.win.terminal, self._generation
        run_task(lambda: ask(terminal), lambda p, e: self._show(generation, p, e), owner=self)

    def _show(self, generation: int, progress: Any, error: BaseException | None) -> None:
        if generation != self._generation:
            return
        if error is not None:
            self.hint.set_plain(text_for(error))
            self.states.setCurrentWidget(self.choose)  # the card is the way on from here
            return
        self.progress = progress
        self.source.set_plain(text_for_code("ui.online_copy" if progress.online else "ui.offline_copy"))
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.supplement_buttons = {}
        if not progress.applications and not getattr(progress, "complaints", []):
            lay.addWidget(Text(text_for_code("ui.nothing_found"), "heading"))
        for app in progress.applications:
            box = panel()
            bl = QVBoxLayout(box)
            bl.addWidget(Text(item_name(self.win, app.item_code, app.item_name), "heading"))
            bl.addWidget(
                Text(
                    QCoreApplication.translate("ProgressPage", "受理编号：{no}　申请人：{name}").format(
                        no=app.local_receipt_no, name=app.masked_name
                    )
                )
            )
            bl.addWidget(
                Text(
                    QCoreApplication.translate("ProgressPage", "现在的状态：{s}").format(
                        s=result_word(self.win, app.status, progress.history.get(app.app_id, []))
                    ),
                    "heading",
                )
            )
            steps = [
                f"{in_china(c.at).strftime('%Y-%m-%d %H:%M')}  "
                + (
                    note(status_word(c.status), joined(list(c.reasons)))
                    if c.reasons
                    else status_word(c.status)
                )
                for c in progress.history.get(app.app_id, [])
            ]
            if steps:
                bl.addWidget(Text("\n".join(steps)))
            missing = supplement_request(progress.history.get(app.app_id, []))[1]
            if app.status == SUPPLEMENT and missing:
                b = button(QCoreApplication.translate("ProgressPage", "补正材料"), "primary")
                b.clicked.connect(lambda _=False, a=app, m=missing: self.win.flow.start_supplement(a, m))
                self.supplement_buttons[app.app_id] = b
                bl.addWidget(b)
            lay.addWidget(box)
        for c in getattr(progress, "complaints", []):
            lay.addWidget(complaint_box(c))
        lay.addStretch(1)
        old = self.results_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.results_scroll.setWidget(inner)
        self.states.setCurrentWidget(self.results_scroll)
        self.hint.set_plain(
            QCoreApplication.translate("ProgressPage", "共 {n} 件").format(n=len(progress.applications))
        )
        self.print_button.setVisible(bool(progress.applications))

    def print_slip(self) -> None:
        progress, terminal = self.progress, self.win.terminal
        self.print_button.setEnabled(False)

        def done(_: Any, error: BaseException | None) -> None:
            self.print_button.setEnabled(True)
            self.source.set_plain(
                text_for(error)
                if error
                else QCoreApplication.translate("ProgressPage", "进度单已送去打印，请在出纸口取走。")
            )

        run_task(lambda: terminal.print_progress(progress), done, owner=self)

    def wipe(self) -> None:
        self.progress = None
        self.supplement_buttons = {}
        old = self.results_scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.view.clear()
        self.source.clear()
        self.states.setCurrentWidget(self.choose)
