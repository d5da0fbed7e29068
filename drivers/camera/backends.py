"""The camera backends, one builder each, by the names ``drivers.backends.CAMERAS`` gives them: the
simulated camera (image files or a video, the bundled sample pages by default) and OpenCV's capture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drivers.camera.base import ThreadedCamera
from drivers.camera.opencv_backend import OpenCVCamera
from drivers.camera.simulated import BUNDLED_PAGES, SimulatedCamera


def simulated(section: dict[str, Any]) -> ThreadedCamera:
    images = str(section.get("images", "") or "")
    return SimulatedCamera(Path(images) if images else BUNDLED_PAGES, fps=float(section.get("fps", 30)))


def opencv(section: dict[str, Any]) -> ThreadedCamera:
    return OpenCVCamera(section.get("device", 0), fps=float(section.get("fps", 30)))
