"""Following the page across preview frames and deciding when to take the picture by itself.

A villager cannot press a shutter and hold a page steady at once, so the kiosk captures when the page
has stayed put for ``steady_frames`` frames and is sharp. Corners are smoothed over time (the preview
overlay should not jitter) and a page lost for a frame or two (a finger passing) is held briefly.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from drivers.camera.detect import detect_page
from drivers.camera.geometry import Quad
from drivers.camera.quality import is_blurry, measuring_page, sharpness_measures

U8 = npt.NDArray[np.uint8]


@dataclasses.dataclass(frozen=True)
class TrackState:
    quad: Quad | None
    steady: bool
    sharp: bool
    ready_to_capture: bool


class PageTracker:
    def __init__(
        self,
        steady_frames: int = 8,
        move_tolerance: float = 0.006,
        hold_frames: int = 3,
        smoothing: float = 0.5,
        sharp_every: int = 3,
    ) -> None:
        self.steady_frames = steady_frames
        self.move_tolerance = move_tolerance  # of the frame diagonal, per frame
        self.hold_frames = hold_frames
        self.smoothing = smoothing
        self.sharp_every = sharp_every  # sharpness is costlier than detection: not every frame
        self.reset()

    def reset(self) -> None:
        self._quad: npt.NDArray[np.float64] | None = None
        self._raw: npt.NDArray[np.float64] | None = None
        self._still_count = 0
        self._missed = 0
        self._sharp = False
        self._frame_no = 0
        self._captured = False

    def mark_captured(self) -> None:
        """Call after a capture: no new trigger until the page moves or is taken away."""
        self._captured = True

    def update(self, frame: U8) -> TrackState:
        self._frame_no += 1
        found = detect_page(frame, hint=self._raw)
        if found is None:
            self._missed += 1
            self._still_count = 0
            if self._missed > self.hold_frames:
                self._quad = self._raw = None
                self._captured = False
            quad = None if self._quad is None else self._quad.astype(np.float32)
            return TrackState(quad, False, False, False)
        self._missed = 0
        current = found.astype(np.float64)
        diagonal = float(np.hypot(frame.shape[0], frame.shape[1]))
        if (
            self._raw is not None
            and float(np.max(np.linalg.norm(current - self._raw, axis=1))) <= self.move_tolerance * diagonal
        ):
            self._still_count += 1
        else:
            self._still_count = 0
            if (
                self._raw is not None
                and float(np.max(np.linalg.norm(current - self._raw, axis=1))) > 0.05 * diagonal
            ):
                self._captured = False  # a new page or a new position
        self._raw = current
        self._quad = (
            current if self._quad is None else self.smoothing * self._quad + (1 - self.smoothing) * current
        )
        steady = self._still_count >= self.steady_frames
        if steady and (self._frame_no % self.sharp_every == 0 or not self._sharp):
            self._sharp = not is_blurry(sharpness_measures(measuring_page(frame, current, frame.shape)))
        elif not steady:
            self._sharp = False
        ready = steady and self._sharp and not self._captured
        return TrackState(self._quad.astype(np.float32), steady, self._sharp, ready)
