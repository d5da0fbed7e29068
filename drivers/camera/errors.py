"""Errors of the camera driver and the page pipeline.

Each class has a stable ``code``; the Chinese text a villager sees is chosen from that code in
``kiosk/messages/camera.py``, never from ``str(exc)``. Messages never carry personal data (page images
are personal data, so nothing about a page's content ends up here).

::

    CameraError                      camera.error
    ├── CameraUnavailable            camera.unavailable     no such device / cannot be opened
    ├── CameraDisconnected           camera.disconnected    unplugged (or died) while capturing
    ├── CaptureTimeout               camera.timeout         no frame arrived in time
    └── DocumentError                camera.document        the pipeline cannot produce a document
        ├── NoPageFound              camera.no_page         no page quadrilateral in the still
        └── PdfTooLarge              camera.pdf_too_large   a page cannot be fitted into its size budget
"""

from __future__ import annotations

from typing import ClassVar


class CameraError(Exception):
    code: ClassVar[str] = "camera.error"


class CameraUnavailable(CameraError):
    code: ClassVar[str] = "camera.unavailable"


class CameraDisconnected(CameraError):
    code: ClassVar[str] = "camera.disconnected"


class CaptureTimeout(CameraError):
    code: ClassVar[str] = "camera.timeout"


class DocumentError(CameraError):
    code: ClassVar[str] = "camera.document"


class NoPageFound(DocumentError):
    code: ClassVar[str] = "camera.no_page"


class PdfTooLarge(DocumentError):
    code: ClassVar[str] = "camera.pdf_too_large"
