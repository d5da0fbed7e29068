"""The screens' camera starts and stops (ui/pages/capture.py: CameraControl) on the real simulated camera:
queued on the camera's own worker in the order asked, so a stop asked for before its start has run still
stops that start's capture, and the next screen's preview gets the frames."""

from __future__ import annotations

from typing import Any


def test_quick_starts_and_stops_of_two_screens_leave_the_camera_to_the_last(qtbot: Any) -> None:
    from drivers.camera import SimulatedCamera
    from ui.app import application
    from ui.pages.capture import CameraControl
    from ui.widgets.camera_view import PreviewPipeline

    application()
    camera = SimulatedCamera(fps=30)
    capture, progress = PreviewPipeline(), PreviewPipeline(detect=False)
    frames: list[int] = []
    progress.frame_ready.connect(lambda *_: frames.append(1))
    on_capture, on_progress = CameraControl(), CameraControl()
    try:
        for _ in range(3):  # materials passed over at once: each start and stop before the camera ran
            on_capture.start(camera, capture)
            on_capture.stop(camera, capture)
        on_progress.start(camera, progress)  # the progress query's QR view
        qtbot.waitUntil(lambda: bool(frames), timeout=5000)
        assert camera.running
        done = on_progress.stop(camera, progress)
        assert done is not None
        done.result(timeout=5)
        assert not camera.running
    finally:
        camera.close()
