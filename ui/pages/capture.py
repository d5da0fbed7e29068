"""Capture one material with the camera: live view with the page outlined, auto-capture when steady and
sharp, the quality gate's reason for a retake, the page count, and 我以后再带来 where 容缺 allows it."""

from __future__ import annotations

import concurrent.futures
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import joined, text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.camera_view import CameraView, PreviewPipeline
from ui.widgets.common import Text, button

if TYPE_CHECKING:
    from drivers.camera.base import Camera
    from ui.window import KioskWindow

log = logging.getLogger(__name__)
ADVANCE_MS = 3000  # after a good capture, go on to the next material unless 再拍一页 is pressed
PAGES_BEFORE_ADVANCE = {"id_card": 2}  # both sides of a card before moving on

KIND_HINTS = {
    "a4": QT_TRANSLATE_NOOP(
        "CapturePage", "把材料平放在拍摄区，整页都要在画面里，放好后不要动，机器会自动拍照。"
    ),
    "id_card": QT_TRANSLATE_NOOP(
        "CapturePage", "把证件平放在拍摄区，先拍正面，再翻过来拍背面。放好后不要动，机器会自动拍照。"
    ),
    "free": QT_TRANSLATE_NOOP("CapturePage", "把材料放在拍摄区，放好后不要动，机器会自动拍照。"),
}


class CameraControl:
    """Starts and stops the camera and its preview pipeline in the order the screens ask: the camera's
    own calls only queue work on its worker (``drivers/worker.py``), which the capture loop runs on too,
    and the pipeline's start and stop are queued there beside them. So this thread never waits for the
    device, no other thread touches it, and a stop asked for before its start has run still stops it."""

    def __init__(self) -> None:
        self.running = False

    def start(self, camera: Camera | None, pipeline: PreviewPipeline) -> None:
        if self.running or camera is None:
            return
        self.running = True
        camera.worker.submit(pipeline.start)  # after the previous loop and its pipeline's stop
        try:
            camera.start(pipeline.offer, pipeline.on_error)  # the loop, queued behind the pipeline
        except Exception as exc:
            pipeline.on_error(exc)

    def stop(
        self, camera: Camera | None, pipeline: PreviewPipeline
    ) -> concurrent.futures.Future[None] | None:
        if not self.running or camera is None:
            return None
        self.running = False
        camera.stop(wait=False)  # the loop ends (or, not begun yet, ends at once); then the pipeline
        done: concurrent.futures.Future[None] = camera.worker.submit(pipeline.stop)
        return done


def take_page(camera: Camera | None, kind: str) -> tuple[bytes | None, int, int, list[str]]:
    """Blocking: a full-resolution still, straightened, judged and JPEG-encoded (worker thread)."""
    import cv2

    from drivers.camera.capture import process_capture

    if camera is None:  # none could be opened: the retake words say so, as for a still that failed
        return None, 0, 0, ["camera.unavailable"]

    still = camera.still()
    result = process_capture(still, kind)  # type: ignore[arg-type]
    if result.page is None or not result.verdict.ok:
        return None, 0, 0, list(result.verdict.problems) or ["camera.no_page"]
    ok, buf = cv2.imencode(".jpg", result.page, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        return None, 0, 0, ["camera.document"]
    h, w = result.page.shape[:2]
    return buf.tobytes(), w, h, []


class CapturePage(Page):
    name = "capture"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        self.view = CameraView()
        row.addWidget(self.view, 3)
        side = QVBoxLayout()
        top = QHBoxLayout()
        self.thumb = QLabel()
        self.thumb.setFixedSize(QSize(150, 150))
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.thumb)
        self.count = Text("", "heading")
        top.addWidget(self.count, 1)
        side.addLayout(top)
        self.message = Text("", "")
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        side.addWidget(self.message, 1)
        self.shoot_button = button(QCoreApplication.translate("CapturePage", "现在拍照"))
        self.shoot_button.clicked.connect(self.capture)
        side.addWidget(self.shoot_button)
        self.more_button = button(QCoreApplication.translate("CapturePage", "再拍一页"))
        self.more_button.clicked.connect(self.more)
        side.addWidget(self.more_button)
        self.retake_button = button(QCoreApplication.translate("CapturePage", "重拍上一页"))
        self.retake_button.clicked.connect(self.retake)
        side.addWidget(self.retake_button)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(460)  # the live view keeps its size whatever the messages say
        row.addWidget(side_box)
        self.body.addLayout(row, 1)
        self.later_button = self.add_footer_button(QCoreApplication.translate("CapturePage", "我以后再带来"))
        self.later_button.clicked.connect(self.later)
        self.done_button = self.set_primary(QCoreApplication.translate("CapturePage", "这份材料拍好了"))
        self.done_button.clicked.connect(self.done)
        self.pipeline = PreviewPipeline()
        self.pipeline.frame_ready.connect(self._frame)
        self.pipeline.camera_error.connect(self._camera_error)
        self.control = CameraControl()
        self.advance = QTimer(self)
        self.advance.setSingleShot(True)
        self.advance.timeout.connect(self.done)
        self.material: Any = None
        self.index = 0
        self.capturing = False
        self._generation = 0

    # --- lifecycle ----------------------------------------------------------------------------------
    def enter(self, **kw: Any) -> None:
        self.index = int(kw.get("index", self.index))
        mats = self.win.flow.materials()
        self.material = mats[self.index]
        m = self.material
        self.title.set_plain(QCoreApplication.translate("CapturePage", "请拍摄：{name}").format(name=m.name))
        self.hint.set_plain(
            QCoreApplication.translate("CapturePage", KIND_HINTS.get(m.kind, KIND_HINTS["free"]))
        )
        # a 补正 brings exactly what the platform asked for: nothing can be deferred again
        self.later_button.setVisible(bool(m.deferrable) and self.win.flow.session.supplement_of is None)
        self.message.set_plain(
            QCoreApplication.translate("CapturePage", "材料 {n}/{total}").format(
                n=self.index + 1, total=len(mats)
            )
        )
        self.capturing = False
        self._generation += 1
        self._show_count()
        self.win.say(self.title.plain)
        self.control.start(self.win.terminal.camera, self.pipeline)

    def leave(self) -> None:
        self._generation += 1
        self.advance.stop()
        self.control.stop(self.win.terminal.camera, self.pipeline)
        self.view.clear()

    # --- frames and captures ------------------------------------------------------------------------
    def _frame(self, image: QImage, quad: Any, ready: bool) -> None:
        if self.win.current() is not self:
            return
        self.view.show_frame(image, quad, ready)
        self.pipeline.shown += 1
        if ready and not self.capturing and not self.advance.isActive():
            self.capture()

    def _camera_error(self, code: str) -> None:
        if self.win.current() is self:
            self.view.message = text_for_code("ui.camera_lost")
            self.message.set_plain(text_for_code(code) + "\n" + text_for_code("ui.camera_lost"))
            self.view.update()

    def capture(self) -> None:
        if self.capturing or self.material is None:
            return
        self.capturing = True
        self.message.set_plain(QCoreApplication.translate("CapturePage", "正在拍照，请不要移动……"))
        camera, kind, generation = self.win.terminal.camera, self.material.kind, self._generation
        run_task(lambda: take_page(camera, kind), lambda r, e: self._captured(generation, r, e), owner=self)

    def _captured(self, generation: int, result: Any, error: BaseException | None) -> None:
        self.capturing = False
        if generation != self._generation or self.advance.isActive():
            return
        if error is not None:
            self.message.set_plain(text_for(error))
            self.win.say(text_for(error))
            return
        jpeg, w, h, problems = result
        self.pipeline.mark_captured()
        if jpeg is None:
            reason = joined([text_for_code(p) for p in problems])
            self.message.set_plain(
                QCoreApplication.translate("CapturePage", "需要重拍：{why}").format(why=reason)
            )
            self.win.say(reason)
            return
        self.view.message = ""
        self.win.flow.add_page(self.material.id, jpeg, w, h)
        # The stub says the format is bytes; PySide6 6.11 rejects bytes there and takes str (char *).
        image = QImage.fromData(jpeg, "JPEG")  # type: ignore[arg-type]
        self.thumb.setPixmap(
            QPixmap.fromImage(image).scaled(self.thumb.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )
        self._show_count()
        n = len(self.win.flow.session.pages.get(self.material.id, []))
        if n >= PAGES_BEFORE_ADVANCE.get(self.material.kind, 1):
            self.message.set_plain(
                QCoreApplication.translate(
                    "CapturePage", "拍好了。马上进入下一份材料；这份还有下一页，请点“再拍一页”。"
                )
            )
            self.advance.start(ADVANCE_MS)
        else:
            self.message.set_plain(
                QCoreApplication.translate("CapturePage", "拍好了。请把背面朝上放好，机器会再拍一张。")
            )

    def more(self) -> None:
        self.advance.stop()
        self.message.set_plain(QCoreApplication.translate("CapturePage", "请放上下一页，放好后不要动。"))

    def _show_count(self) -> None:
        n = len(self.win.flow.session.pages.get(self.material.id, [])) if self.material else 0
        self.count.set_plain(QCoreApplication.translate("CapturePage", "已拍 {n} 页").format(n=n))
        self.done_button.setEnabled(n > 0)
        self.retake_button.setEnabled(n > 0)
        self.more_button.setEnabled(n > 0)
        if n == 0:
            self.thumb.clear()

    def retake(self) -> None:
        self.advance.stop()
        self.win.flow.remove_last_page(self.material.id)
        self.pipeline.mark_captured()
        self._show_count()
        self.message.set_plain(QCoreApplication.translate("CapturePage", "上一页已删除，请重新放好材料。"))

    def later(self) -> None:
        self.advance.stop()
        self.win.flow.session.defer(self.material.id)
        self.win.flow.next_material(self.index)

    def done(self) -> None:
        self.advance.stop()
        self.win.flow.next_material(self.index)

    def wipe(self) -> None:
        self.thumb.clear()
        self.view.clear()
        self.message.clear()
        self.material = None
