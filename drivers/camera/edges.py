"""Measuring a side of a candidate quad against the image: is there an edge, how soft is it, where is it.

Used to score candidates (``edge_support``, ``edge_widths``) and to put the winner's corners where the
page really is, at full resolution (``refine_quad``).
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.geometry import FloatArray, intersect

U8 = npt.NDArray[np.uint8]
SUPPORT_SAMPLES = 40  # points checked along each side
SUPPORT_GRADIENT = 28.0  # Sobel units (x8 grey levels per pixel) that count as an edge on a busy desk


def edge_support(
    gx: npt.NDArray[np.float32],
    gy: npt.NDArray[np.float32],
    quads: FloatArray,
    size: tuple[int, int],
    threshold: float = SUPPORT_GRADIENT,
) -> tuple[FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.int8]]:
    """For a batch of quads (n, 4, 2), each of shape (n, 4): per side, the share of points with a strong
    step across the side in one direction; which sides lie on the frame border (the page goes on beyond
    the frame there, so those sides are not judged); and the step's direction (+1: inside lighter)."""
    w, h = size
    quads = quads.reshape(-1, 4, 2)
    p = quads
    q = np.roll(quads, -1, axis=1)
    direction = q - p  # (n, 4, 2)
    length = np.maximum(np.hypot(direction[..., 0], direction[..., 1]), 1e-6)
    normal = np.stack([-direction[..., 1], direction[..., 0]], axis=-1) / length[..., None]
    t = (np.arange(SUPPORT_SAMPLES) + 0.5) / SUPPORT_SAMPLES
    pts = p[:, :, None, :] + t[None, None, :, None] * direction[:, :, None, :]  # (n, 4, S, 2)
    # Signed step across the side, in whichever colour channel steps most. A page border steps the same
    # way all along (page lighter than the desk, or darker); wood grain or cloth under a wrong side
    # steps both ways at random, so a side counts only its majority direction.
    best = np.zeros(pts.shape[:3], np.float32)
    tx = direction[..., 0] / length
    ty = direction[..., 1] / length
    for offset in (-1.0, 0.0, 1.0):  # tolerate a pixel of misplacement
        xy = pts + offset * normal[:, :, None, :]
        xi = np.clip(np.rint(xy[..., 0]).astype(np.intp), 0, w - 1)
        yi = np.clip(np.rint(xy[..., 1]).astype(np.intp), 0, h - 1)
        gxs, gys = gx[yi, xi], gy[yi, xi]
        if gxs.ndim == 4:
            across = gxs * normal[:, :, None, 0, None] + gys * normal[:, :, None, 1, None]
            along = gxs * tx[:, :, None, None] + gys * ty[:, :, None, None]
            pick = np.argmax(np.abs(across), axis=-1)[..., None]
            across = np.take_along_axis(across, pick, axis=-1)[..., 0]
            along = np.take_along_axis(along, pick, axis=-1)[..., 0]
        else:
            across = gxs * normal[:, :, None, 0] + gys * normal[:, :, None, 1]
            along = gxs * tx[:, :, None] + gys * ty[:, :, None]
        # only steps facing across the side count: texture under a wrong side has gradients every way
        across = np.where(np.abs(across) > 2.0 * np.abs(along), across, 0.0)
        best = np.where(np.abs(across) > np.abs(best), across, best)
    inside = (pts[..., 0] >= 0) & (pts[..., 0] <= w - 1) & (pts[..., 1] >= 0) & (pts[..., 1] <= h - 1)
    rising = ((best > threshold) & inside).mean(axis=2)
    falling = ((best < -threshold) & inside).mean(axis=2)
    support = np.maximum(rising, falling)
    # Which way the side steps, seen from inside: +1 when the inside is lighter (paper on a desk, with
    # the page's own shadow outside). The normal used above points inward for counter-clockwise quads.
    orientation = np.sign(
        (
            direction[:, :, 0] * np.roll(direction, -1, axis=1)[:, :, 1]
            - direction[:, :, 1] * np.roll(direction, -1, axis=1)[:, :, 0]
        ).sum(axis=1)
    )
    polarity = np.where(rising >= falling, 1, -1) * np.where(orientation < 0, 1, -1)[:, None]
    tol = 2.5
    border = (
        ((p[..., 0] < tol) & (q[..., 0] < tol))
        | ((p[..., 1] < tol) & (q[..., 1] < tol))
        | ((p[..., 0] > w - 1 - tol) & (q[..., 0] > w - 1 - tol))
        | ((p[..., 1] > h - 1 - tol) & (q[..., 1] > h - 1 - tol))
    )
    return np.asarray(support, np.float64), np.asarray(border), np.asarray(polarity, np.int8)


def edge_widths(flat: U8, quad: FloatArray, samples: int = 16, reach: int = 8) -> FloatArray:
    """Per side, the typical width in pixels of the intensity step across it (area over peak of the
    derivative: 2.5 sigma for a blurred step)."""
    grey = flat[:, :, 1] if flat.ndim == 3 else flat  # green: close to luminance, no conversion needed
    offsets = np.arange(-reach, reach + 1, dtype=np.float64)
    _, _, _, map_x, map_y = _across_sides(quad.astype(np.float64), np.linspace(0.15, 0.85, samples), offsets)
    profile = cv2.remap(grey, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    step = np.diff(profile.astype(np.float32).reshape(4, samples, -1), axis=2)
    sign = np.sign(step.sum(axis=2, keepdims=True))
    signed = np.clip(step * sign, 0.0, None)
    peak = signed.max(axis=2)
    width = signed.sum(axis=2) / np.maximum(peak, 1e-3)
    width = np.where(peak > 2.0, width, 0.0)  # no step at all (a border side): not soft
    return np.asarray(np.median(width, axis=1), dtype=np.float64)


def _across_sides(
    p: FloatArray, t: FloatArray, offsets: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Where to sample across each side of the quad ``p``: at fractions ``t`` along the side, ``offsets``
    pixels along its unit normal. Returns each side's length (4,), the normals (4, 2), the points on the
    sides (4, S, 2) and the ``cv2.remap`` maps, one row per point on a side (4 * S, K)."""
    direction = np.roll(p, -1, axis=0) - p
    length = np.maximum(np.hypot(direction[:, 0], direction[:, 1]), 1e-6)
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1) / length[:, None]
    base = p[:, None, :] + t[None, :, None] * direction[:, None, :]  # (4, S, 2)
    grid = base[:, :, None, :] + offsets[None, None, :, None] * normal[:, None, None, :]  # (4, S, K, 2)
    map_x = grid[..., 0].reshape(4 * len(t), -1).astype(np.float32)
    map_y = grid[..., 1].reshape(4 * len(t), -1).astype(np.float32)
    return length, normal, base, map_x, map_y


def on_border(p: FloatArray, q: FloatArray, w: int, h: int, tol: float = 2.5) -> bool:
    return bool(
        (p[0] < tol and q[0] < tol)
        or (p[1] < tol and q[1] < tol)
        or (p[0] > w - 1 - tol and q[0] > w - 1 - tol)
        or (p[1] > h - 1 - tol and q[1] > h - 1 - tol)
    )


def refine_quad(frame: U8, quad: FloatArray, radius: int, samples: int = 48) -> FloatArray:
    """Re-find each side at full resolution and intersect the fitted lines.

    Along each side's normal the strongest colour step within ``radius`` pixels is the edge; a robust
    line fit ignores points where a thumb or text spoiled the profile. A corner that would move further
    than ``2 * radius`` is kept as it was (the refinement latched onto something else).
    """
    h, w = frame.shape[:2]
    p = quad.astype(np.float64)
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    length, normal, base, map_x, map_y = _across_sides(p, np.linspace(0.08, 0.92, samples), offsets)
    profile = cv2.remap(frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    profile = profile.astype(np.float32).reshape(4, samples, len(offsets), -1)
    step = np.abs(np.diff(profile, axis=2)).sum(axis=3)  # (4, S, K-1)
    j = np.argmax(step, axis=2)
    take = np.take_along_axis
    peak = take(step, j[..., None], axis=2)[..., 0]
    left = take(step, np.clip(j - 1, 0, step.shape[2] - 1)[..., None], axis=2)[..., 0]
    right = take(step, np.clip(j + 1, 0, step.shape[2] - 1)[..., None], axis=2)[..., 0]
    denom = left - 2 * peak + right
    safe = np.where(np.abs(denom) > 1e-6, denom, -1.0)
    delta = np.clip(np.where(np.abs(denom) > 1e-6, 0.5 * (left - right) / safe, 0.0), -0.5, 0.5)
    position = offsets[0] + j + 0.5 + delta  # sub-pixel peak from a parabola through the neighbours
    points = base + position[..., None] * normal[:, None, :]
    lines: list[FloatArray | None] = []
    for i in range(4):
        if length[i] < 4 or on_border(p[i], p[(i + 1) % 4], w, h, tol=radius):
            lines.append(None)
            continue
        keep = peak[i] > 0.3 * float(peak[i].mean())
        lines.append(_robust_line(points[i][keep]))
    refined = p.copy()
    for i in range(4):
        before, after = lines[i - 1], lines[i]
        if before is None or after is None:
            continue
        corner = intersect(before, after)
        if corner is not None and np.hypot(*(corner - p[i])) <= 2 * radius:
            refined[i] = corner
    return refined


def _robust_line(points: FloatArray) -> FloatArray | None:
    """Total-least-squares line, refitted once without the points far from the first fit."""
    pts = points
    for _ in range(2):
        if len(pts) < 6:
            return None
        centre = pts.mean(axis=0)
        d = pts - centre
        sxx, syy, sxy = float(d[:, 0] @ d[:, 0]), float(d[:, 1] @ d[:, 1]), float(d[:, 0] @ d[:, 1])
        angle = 0.5 * np.arctan2(2 * sxy, sxx - syy)  # direction of largest spread, closed form for 2-D
        normal = np.array([-np.sin(angle), np.cos(angle)])
        residual = np.abs(d @ normal)
        limit = max(1.0, 3.0 * float(residual.mean()))
        inliers = residual <= limit
        if inliers.all():
            break
        pts = pts[inliers]
    return np.array([normal[0], normal[1], -float(normal @ centre)])
