"""Reading the QR code printed on a receipt, held up to the camera, for the progress query."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

U8 = npt.NDArray[np.uint8]


def read_qr(frame: U8) -> str | None:
    """The text of the first QR code found, or None. Tries the frame as it is, then larger and sharper."""
    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    detector = cv2.QRCodeDetector()
    attempts = [grey]
    if max(grey.shape) < 1600:  # small codes decode better enlarged
        attempts.append(cv2.resize(grey, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC))
    attempts.append(
        cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 5)
    )
    for image in attempts:
        try:
            text, points, _ = detector.detectAndDecode(np.ascontiguousarray(image))
        except cv2.error:
            continue
        if text:
            return str(text)
    return None
