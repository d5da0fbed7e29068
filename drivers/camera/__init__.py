"""Document capture by camera: camera backends and the page pipeline (pure functions over numpy arrays).

Backends (``open_camera`` picks one from the ``[camera]`` config section) deliver BGR uint8 frames on
their own capture thread. The pipeline finds the page (``detect_page``), follows it and decides when to
capture (``PageTracker``), straightens (``warp_page``), enhances (``enhance``) and judges the shot
(``assess``); ``process_capture`` chains them for a still. ``pages_to_pdf``, ``id_card_sheet`` and
``read_qr`` produce what the service hall keeps. No Qt here.
"""

from __future__ import annotations

from typing import Any

from drivers.camera.base import Camera, ErrorCallback, Frame, FrameCallback, ThreadedCamera
from drivers.camera.capture import CaptureResult, process_capture
from drivers.camera.detect import detect_page, detect_page_baseline
from drivers.camera.enhance import enhance
from drivers.camera.errors import (
    CameraDisconnected,
    CameraError,
    CameraUnavailable,
    CaptureTimeout,
    DocumentError,
    NoPageFound,
    PdfTooLarge,
)
from drivers.camera.geometry import Quad, order_corners
from drivers.camera.idcard import id_card_sheet
from drivers.camera.opencv_backend import CameraInfo, OpenCVCamera, enumerate_devices
from drivers.camera.pdf import pages_to_pdf
from drivers.camera.qr import read_qr
from drivers.camera.quality import QualityVerdict, assess
from drivers.camera.simulated import BUNDLED_PAGES, SimulatedCamera
from drivers.camera.tracking import PageTracker, TrackState
from drivers.camera.warp import warp_page


def open_camera(section: dict[str, Any]) -> ThreadedCamera:
    """The camera the ``[camera]`` section asks for (keys: backend, device, images, fps; the backend from
    ``drivers.backends.CAMERAS``). Opens lazily."""
    from drivers.backends import CAMERAS, describe

    backend = str(section.get("backend", "simulated"))
    build = CAMERAS.builder(backend)
    if build is None:
        raise CameraUnavailable(f"unknown camera backend {backend!r} (known: {describe(CAMERAS)})")
    return build(section)


__all__ = [
    "BUNDLED_PAGES",
    "Camera",
    "CameraDisconnected",
    "CameraError",
    "CameraInfo",
    "CameraUnavailable",
    "CaptureResult",
    "CaptureTimeout",
    "DocumentError",
    "ErrorCallback",
    "Frame",
    "FrameCallback",
    "NoPageFound",
    "OpenCVCamera",
    "PageTracker",
    "PdfTooLarge",
    "QualityVerdict",
    "Quad",
    "SimulatedCamera",
    "TrackState",
    "assess",
    "detect_page",
    "detect_page_baseline",
    "enhance",
    "enumerate_devices",
    "id_card_sheet",
    "open_camera",
    "order_corners",
    "pages_to_pdf",
    "process_capture",
    "read_qr",
    "warp_page",
]
