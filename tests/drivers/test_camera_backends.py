"""Camera backends: the simulated camera (the demo's), and the OpenCV backend driven by a real video file."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.camera import (
    BUNDLED_PAGES,
    CameraDisconnected,
    CameraError,
    CameraUnavailable,
    OpenCVCamera,
    SimulatedCamera,
    enumerate_devices,
    open_camera,
)


class Collector:
    def __init__(self) -> None:
        self.frames: list[np.ndarray] = []
        self.times: list[float] = []
        self.errors: list[CameraError] = []
        self.got = threading.Event()

    def frame(self, frame: np.ndarray) -> None:
        self.frames.append(frame)
        self.times.append(time.monotonic())
        self.got.set()

    def error(self, exc: CameraError) -> None:
        self.errors.append(exc)

    def wait_for(self, count: int, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.frames) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.frames) >= count, f"only {len(self.frames)} frames"


def test_bundled_samples_exist_small_and_marked() -> None:
    files = sorted(BUNDLED_PAGES.glob("*.jpg"))
    assert len(files) >= 4
    for path in files:
        assert path.stat().st_size < 300_000
        assert cv2.imread(str(path)) is not None


def test_open_camera_simulated_plays_bundled_pages_at_fps() -> None:
    camera = open_camera({"backend": "simulated", "device": 0, "images": "", "fps": 20})
    sink = Collector()
    camera.start(sink.frame, sink.error)
    try:
        sink.wait_for(12)
    finally:
        camera.stop()
    frame = sink.frames[-1]
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    intervals = np.diff(sink.times[2:])
    assert 0.03 < float(np.median(intervals)) < 0.08  # paced at 20 fps, not as fast as possible
    assert camera.latest() is not None
    assert sink.errors == []
    camera.close()


def test_start_does_not_block_and_callbacks_run_on_capture_thread() -> None:
    camera = SimulatedCamera(fps=30)
    names: list[str] = []
    started = time.monotonic()
    camera.start(lambda f: names.append(threading.current_thread().name))
    assert time.monotonic() - started < 0.5
    try:
        deadline = time.monotonic() + 3
        while not names and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        camera.close()
    assert names and names[0].startswith("device-camera")  # the camera's own worker


def test_still_is_full_resolution_while_streaming(tmp_path: Path) -> None:
    big = np.zeros((1500, 2600, 3), np.uint8)
    cv2.rectangle(big, (700, 300), (1900, 1200), (240, 240, 240), -1)
    cv2.imwrite(str(tmp_path / "a.png"), big)
    camera = SimulatedCamera(tmp_path, fps=30, preview_width=1300)
    sink = Collector()
    camera.start(sink.frame)
    try:
        sink.wait_for(2)
        still = camera.still(timeout=5)
    finally:
        camera.close()
    assert sink.frames[0].shape[:2] == (750, 1300)
    assert still.shape == big.shape
    assert np.array_equal(still, big)


def test_still_without_streaming() -> None:
    camera = SimulatedCamera()
    still = camera.still()
    assert still.ndim == 3 and still.shape[1] >= 1280
    camera.close()


def test_unplug_reports_disconnect_then_reconnects() -> None:
    camera = SimulatedCamera(fps=50)
    camera.reconnect_delays = (0.05, 0.1)
    sink = Collector()
    camera.start(sink.frame, sink.error)
    try:
        sink.wait_for(3)
        camera.unplug()
        deadline = time.monotonic() + 3
        while not sink.errors and time.monotonic() < deadline:
            time.sleep(0.01)
        assert [type(e) for e in sink.errors] == [CameraDisconnected]
        assert sink.errors[0].code == "camera.disconnected"
        assert camera.available() == (False, "camera.disconnected")
        with pytest.raises(CameraError):
            camera.still(timeout=1)
        count = len(sink.frames)
        time.sleep(0.3)
        assert len(sink.frames) == count  # no frames while unplugged
        camera.replug()
        sink.wait_for(count + 3)
        assert camera.available() == (True, "")
    finally:
        camera.close()


def test_missing_images_folder_is_unavailable(tmp_path: Path) -> None:
    camera = SimulatedCamera(tmp_path / "nothing")
    assert camera.available() == (False, "camera.unavailable")
    with pytest.raises(CameraUnavailable):
        camera.still()


def test_video_source_loops(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (320, 240))
    for i in range(5):
        writer.write(np.full((240, 320, 3), 40 * i, np.uint8))
    writer.release()
    camera = SimulatedCamera(path, fps=100)
    sink = Collector()
    camera.start(sink.frame)
    try:
        sink.wait_for(12)
    finally:
        camera.close()
    levels = [int(f.mean()) for f in sink.frames[:12]]
    assert levels[0] == levels[5]  # played through and started again


def test_opencv_backend_on_a_video_file_reports_end_as_disconnect(tmp_path: Path) -> None:
    path = tmp_path / "cam.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (640, 480))
    for i in range(4):
        writer.write(np.full((480, 640, 3), 30 + 50 * i, np.uint8))
    writer.release()
    camera = OpenCVCamera(str(path), fps=100, max_failed_reads=2)
    camera.reconnect_delays = (0.05,)
    sink = Collector()
    camera.start(sink.frame, sink.error)
    try:
        sink.wait_for(6, timeout=10)  # four frames, a "disconnect" at the end, reopened, more frames
    finally:
        camera.close()
    assert sink.frames[0].shape == (480, 640, 3)
    assert any(isinstance(e, CameraDisconnected) for e in sink.errors)
    assert camera.negotiated_preview == (640, 480)


def test_opencv_backend_missing_device_is_unavailable(tmp_path: Path) -> None:
    camera = OpenCVCamera(str(tmp_path / "no-such.avi"))
    ok, code = camera.available()
    assert (ok, code) == (False, "camera.unavailable")


def test_enumerate_devices_reads_sysfs(tmp_path: Path) -> None:
    for name, label, index in (
        ("video0", "USB Document Camera", "0"),
        ("video1", "USB Document Camera", "1"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "name").write_text(label + "\n")
        (tmp_path / name / "index").write_text(index + "\n")
    found = enumerate_devices(tmp_path)
    assert [(d.index, d.name, d.path) for d in found] == [(0, "USB Document Camera", "/dev/video0")]
    assert enumerate_devices(tmp_path / "absent") == []


def test_unknown_backend() -> None:
    with pytest.raises(CameraUnavailable):
        open_camera({"backend": "webcam9000"})
