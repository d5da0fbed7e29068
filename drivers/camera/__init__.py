"""Document capture by camera: camera backends and the page pipeline (pure functions over numpy arrays).

Backends (``open_camera`` picks one from the ``[camera]`` config section) deliver BGR uint8 frames on
their own capture thread. The pipeline finds the page (``detect_page``), follows it and decides when to
capture (``PageTracker``), straightens (``warp_page``), enhances (``enhance``) and judges the shot
(``assess``); ``process_capture`` chains them for a still. ``pages_to_pdf``, ``id_card_sheet`` and
``read_qr`` produce what the service hall keeps. No Qt here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Everything above is imported when first asked for (PEP 562), so that importing this package, or a
# backend through ``open_camera``, loads no more of OpenCV, numpy and the PDF libraries than it uses.
_WHERE = {
    "Camera": "drivers.camera.base",
    "ErrorCallback": "drivers.camera.base",
    "Frame": "drivers.camera.base",
    "FrameCallback": "drivers.camera.base",
    "ThreadedCamera": "drivers.camera.base",
    "CaptureResult": "drivers.camera.capture",
    "process_capture": "drivers.camera.capture",
    "detect_page": "drivers.camera.detect",
    "detect_page_baseline": "drivers.camera.detect",
    "enhance": "drivers.camera.enhance",
    "CameraDisconnected": "drivers.camera.errors",
    "CameraError": "drivers.camera.errors",
    "CameraUnavailable": "drivers.camera.errors",
    "CaptureTimeout": "drivers.camera.errors",
    "DocumentError": "drivers.camera.errors",
    "NoPageFound": "drivers.camera.errors",
    "PdfTooLarge": "drivers.camera.errors",
    "Quad": "drivers.camera.geometry",
    "order_corners": "drivers.camera.geometry",
    "id_card_sheet": "drivers.camera.idcard",
    "CameraInfo": "drivers.camera.opencv_backend",
    "OpenCVCamera": "drivers.camera.opencv_backend",
    "enumerate_devices": "drivers.camera.opencv_backend",
    "pages_to_pdf": "drivers.camera.pdf",
    "read_qr": "drivers.camera.qr",
    "QualityVerdict": "drivers.camera.quality",
    "assess": "drivers.camera.quality",
    "BUNDLED_PAGES": "drivers.camera.simulated",
    "SimulatedCamera": "drivers.camera.simulated",
    "PageTracker": "drivers.camera.tracking",
    "TrackState": "drivers.camera.tracking",
    "warp_page": "drivers.camera.warp",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
