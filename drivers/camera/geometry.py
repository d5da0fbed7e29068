"""Quadrilateral helpers shared by detection, tracking, warping and the benchmark."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Quad = npt.NDArray[np.float32]  # shape (4, 2): x, y in pixel-centre coordinates
FloatArray = npt.NDArray[np.float64]


def order_corners(points: npt.ArrayLike) -> Quad:
    """Four points clockwise (on screen, y down) starting from the top-left one."""
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # increasing angle with y down = clockwise on screen
    start = int(np.argmin(pts[:, 0] + pts[:, 1]))
    return np.roll(pts, -start, axis=0).astype(np.float32)


def quad_area(quad: npt.ArrayLike) -> float:
    pts = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
    x, y = pts[:, 0], pts[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def is_convex(quad: npt.ArrayLike) -> bool:
    pts = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    e = np.roll(pts, -1, axis=0) - pts
    f = np.roll(e, -1, axis=0)
    cross = e[:, 0] * f[:, 1] - e[:, 1] * f[:, 0]
    return bool(np.all(cross > 0) or np.all(cross < 0))


def line_through(p: FloatArray, q: FloatArray) -> FloatArray:
    """Homogeneous line through two points."""
    # cross product written out: np.cross costs ~20 us of overhead, and this runs thousands of times a frame
    return np.array([p[1] - q[1], q[0] - p[0], p[0] * q[1] - p[1] * q[0]], dtype=np.float64)


def intersect(l1: FloatArray, l2: FloatArray) -> FloatArray | None:
    a1, b1, c1 = float(l1[0]), float(l1[1]), float(l1[2])
    a2, b2, c2 = float(l2[0]), float(l2[1]), float(l2[2])
    w = a1 * b2 - b1 * a2
    if abs(w) < 1e-9:
        return None
    return np.array([(b1 * c2 - c1 * b2) / w, (c1 * a2 - a1 * c2) / w])


def side_lengths(quad: npt.ArrayLike) -> FloatArray:
    pts = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    return np.asarray(np.linalg.norm(pts - np.roll(pts, -1, axis=0), axis=1), dtype=np.float64)


def corner_angles(quad: npt.ArrayLike) -> FloatArray:
    """Interior angles in degrees."""
    pts = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    a = np.roll(pts, 1, axis=0) - pts
    b = np.roll(pts, -1, axis=0) - pts
    cos = (a * b).sum(axis=1) / (np.hypot(a[:, 0], a[:, 1]) * np.hypot(b[:, 0], b[:, 1]) + 1e-12)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def jaccard_in_page_frame(
    truth: npt.ArrayLike, found: npt.ArrayLike | None, page_size: tuple[float, float]
) -> float:
    """SmartDoc 2015 measure: both quads warped into the true page's frame, intersection over union.

    A miss (None) scores 0. ``page_size`` is the page's (width, height) in any unit.
    """
    if found is None:
        return 0.0
    w, h = page_size
    rect = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    homography = cv2.getPerspectiveTransform(order_corners(truth), rect)
    mapped = cv2.perspectiveTransform(order_corners(found).reshape(1, 4, 2), homography).reshape(4, 2)
    if not np.all(np.isfinite(mapped)):
        return 0.0
    hull = cv2.convexHull(mapped.astype(np.float32))
    inter, _ = cv2.intersectConvexConvex(rect, hull)
    union = w * h + float(cv2.contourArea(hull)) - inter
    return float(inter / union) if union > 0 else 0.0
