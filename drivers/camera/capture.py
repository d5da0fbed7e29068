"""From a still frame to a finished page: detect, straighten, judge, enhance."""

from __future__ import annotations

import dataclasses
from typing import Literal

import numpy as np
import numpy.typing as npt

from drivers.camera.detect import detect_page
from drivers.camera.enhance import EnhanceMode, enhance
from drivers.camera.geometry import Quad
from drivers.camera.quality import QualityVerdict, assess
from drivers.camera.warp import PageKind, guess_kind, warp_page

U8 = npt.NDArray[np.uint8]


@dataclasses.dataclass(frozen=True)
class CaptureResult:
    page: U8 | None  # straightened and enhanced; None when no page was found
    quad: Quad | None
    verdict: QualityVerdict


def process_capture(
    frame: U8, kind: PageKind | Literal["auto"] = "a4", mode: EnhanceMode | None = None
) -> CaptureResult:
    """The whole pipeline on one still. ID cards keep their colours (photo mode) unless told otherwise.

    ``kind="auto"`` tells an ID card from an A4 sheet by the page's true aspect ratio.
    """
    quad = detect_page(frame)
    if quad is None:
        return CaptureResult(None, None, assess(frame, None, frame.shape))
    if kind == "auto":
        kind = guess_kind(quad, frame.shape)
    warped = warp_page(frame, quad, kind=kind)
    verdict = assess(warped, quad, frame.shape)
    chosen: EnhanceMode = mode or ("photo" if kind == "id_card" else "document")
    return CaptureResult(np.asarray(enhance(warped, chosen), dtype=np.uint8), quad, verdict)
