"""Finding the page: a quadrilateral in a camera frame, clockwise from the top-left corner.

Why not "the largest Canny contour": on a light desk the page border is faint, text and desk texture
make edge maps noisy, and a hand or a shadow breaks the outline. So:

1. work on a small copy (about 480 px wide) for speed; close away dark text strokes first so the page
   interior is flat and its own border is the strongest structure;
2. edges from every colour channel (a white page on a light wooden desk differs mostly in hue);
3. every closed region and outline becomes a candidate: its convex hull is reduced to the four lines
   that best explain it, which puts back a corner cut off by a thumb or bridged by a shadow;
4. candidates are scored by *edge support*: how much of each side lies on a real gradient across it.
   The largest well-supported candidate wins (a form's printed frame lies inside the page);
5. the four sides are re-found at full resolution (strongest edge along each side's normal, robust
   line fit) and intersected, so the corners are accurate to a pixel or so of the full frame.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.geometry import (
    FloatArray,
    Quad,
    corner_angles,
    intersect,
    is_convex,
    line_through,
    order_corners,
    quad_area,
)

WORK_WIDTH = 480
MIN_AREA_FRACTION = 0.04  # a page smaller than this in the frame is not worth finding
SUPPORT_SAMPLES = 40  # points checked along each side
SUPPORT_GRADIENT = 28.0  # Sobel units (x4 grey levels per pixel) that count as an edge
GOOD_MEAN_SUPPORT = 0.6
GOOD_MIN_SIDE = 0.3
MAX_HULLS = 12
SNAP_CANDIDATES = 4
SNAP_RADIUS = 4
U8 = npt.NDArray[np.uint8]


def detect_page(frame: U8, work_width: int = WORK_WIDTH) -> Quad | None:
    """The page quadrilateral in ``frame`` (BGR or grey), or None when there is no page."""
    small, scale = _shrink(frame, work_width)
    found = detect_page_small(small)
    if found is None:
        return None
    # pixel-centre coordinates: small pixel i covers full pixels [i*s, (i+1)*s)
    quad = (found.astype(np.float64) + 0.5) * scale - 0.5
    if scale > 1.0:
        quad = refine_quad(frame, quad, radius=int(np.ceil(1.5 * scale)) + 2)
    return order_corners(quad)


def detect_page_small(small: U8) -> FloatArray | None:
    """Detection on an already shrunk image; coordinates of ``small``."""
    colour = small if small.ndim == 3 else cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    flat = cv2.morphologyEx(colour, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    flat = cv2.GaussianBlur(flat, (5, 5), 0)
    gx = cv2.Sobel(flat, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(flat, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.abs(gx).max(axis=2) + np.abs(gy).max(axis=2)
    # What counts as an edge depends on the desk: a plain white desk has almost no gradient anywhere,
    # so its faint page border is significant; wood grain is full of gradients, so demand more.
    threshold = float(np.clip(1.6 * np.median(magnitude), 10.0, SUPPORT_GRADIENT))
    fallback: tuple[float, FloatArray] | None = None
    # Cheap first: each outline on its own. Only when that finds no well-supported page, try unions of
    # neighbouring regions (a cast shadow cuts a page in two) and fainter edges (white page, white desk).
    for thresholds, unions in (((12, 36), False), ((12, 36), True), ((5, 15), True)):
        hulls = _candidate_hulls(flat, thresholds)
        quads = [q for q in (_quad_of(h, flat.shape) for h in hulls) if q is not None]
        if unions:
            quads += _union_quads(hulls, flat.shape)
        best, weak = _choose(quads, gx, gy, flat, threshold)
        if best is not None:
            return best
        if weak is not None and (fallback is None or weak[0] > fallback[0]):
            fallback = weak
    return fallback[1] if fallback is not None and fallback[0] > 0.25 else None


def _choose(
    quads: list[FloatArray], gx: npt.NDArray[np.float32], gy: npt.NDArray[np.float32], flat: U8, threshold: float
) -> tuple[FloatArray | None, tuple[float, FloatArray] | None]:
    """The largest well-supported quad (a form's printed frame lies inside the page), else the best weak one.

    The most promising few are first snapped onto the strongest nearby edges: a hull is only roughly
    where the page is when its outline was broken.
    """
    h, w = flat.shape[:2]
    rough = []
    for quad in quads:
        supports, border = edge_support(gx, gy, quad, (w, h), threshold)
        real = supports[~border]
        if len(real) >= 2:
            rough.append((float(real.mean()) * quad_area(quad), quad))
    rough.sort(key=lambda item: -item[0])
    snapped = []
    for _, quad in rough[:SNAP_CANDIDATES]:
        better = refine_quad(flat, quad, radius=SNAP_RADIUS, samples=24)
        snapped.append(better if _plausible(better, w, h) else quad)
    best: tuple[float, float, FloatArray] | None = None
    weak: tuple[float, FloatArray] | None = None
    for quad in snapped:
        supports, border = edge_support(gx, gy, quad, (w, h), threshold)
        real = supports[~border]
        if len(real) < 2:  # the frame itself is not a page
            continue
        mean, low = float(real.mean()), float(real.min())
        area = quad_area(quad) / (w * h)
        if mean >= GOOD_MEAN_SUPPORT and low >= GOOD_MIN_SIDE:
            if best is None or area > best[0] * 1.02 or (area > best[0] * 0.98 and mean > best[1]):
                best = (area, mean, quad)
        elif low >= 0.12:
            score = mean * float(np.sqrt(area))
            if weak is None or score > weak[0]:
                weak = (score, quad)
    return (best[2] if best is not None else None), weak


def _shrink(frame: U8, work_width: int) -> tuple[U8, float]:
    h, w = frame.shape[:2]
    if w <= work_width:
        return frame, 1.0
    image = frame
    # Area averaging by exact halves is ~4x faster in OpenCV than one arbitrary-ratio INTER_AREA resize.
    while image.shape[1] >= 2 * work_width:
        image = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    if image.shape[1] != work_width:
        size = (work_width, max(1, round(image.shape[0] * work_width / image.shape[1])))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return np.asarray(image, dtype=np.uint8), w / image.shape[1]


def _candidate_hulls(flat: U8, thresholds: tuple[int, int]) -> list[npt.NDArray[np.int32]]:
    h, w = flat.shape[:2]
    min_area = MIN_AREA_FRACTION * w * h
    edges = np.zeros((h, w), np.uint8)
    for channel in cv2.split(flat):
        edges |= cv2.Canny(channel, thresholds[0], thresholds[1], L2gradient=True)
    edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    hulls: list[tuple[float, npt.NDArray[np.int32]]] = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch < min_area:
            continue
        hull = cv2.convexHull(contour)
        area = float(cv2.contourArea(hull))
        if area >= min_area:
            hulls.append((area, hull))
    hulls.sort(key=lambda item: -item[0])
    return [hull for _, hull in hulls[:MAX_HULLS]]


def _quad_of(hull: npt.NDArray[np.int32], shape: tuple[int, ...]) -> FloatArray | None:
    quad = hull_to_quad(hull.reshape(-1, 2).astype(np.float64))
    return quad if quad is not None and _plausible(quad, shape[1], shape[0]) else None


def _union_quads(hulls: list[npt.NDArray[np.int32]], shape: tuple[int, ...]) -> list[FloatArray]:
    """Quads around pairs of touching regions: the lit and the shadowed part of one page."""
    boxes = [cv2.boundingRect(h) for h in hulls]
    out: list[FloatArray] = []
    for i in range(len(hulls)):
        for j in range(i + 1, len(hulls)):
            if not _boxes_touch(boxes[i], boxes[j]):
                continue
            merged = cv2.convexHull(np.vstack([hulls[i], hulls[j]]))
            quad = _quad_of(merged, shape)
            if quad is not None:
                out.append(quad)
    return out


def _boxes_touch(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int = 4) -> bool:
    return not (
        a[0] + a[2] + gap < b[0] or b[0] + b[2] + gap < a[0] or a[1] + a[3] + gap < b[1] or b[1] + b[3] + gap < a[1]
    )


def hull_to_quad(hull: FloatArray) -> FloatArray | None:
    """Reduce a convex polygon to four vertices, each step adding the least area.

    Replacing an edge by the meeting point of its two neighbours re-creates a corner that was cut off
    (by a thumb, a shadow or the frame border) instead of dropping it.
    """
    perimeter = float(cv2.arcLength(hull.astype(np.float32).reshape(-1, 1, 2), True))
    pts = cv2.approxPolyDP(hull.astype(np.float32).reshape(-1, 1, 2), 0.01 * perimeter, True)
    poly = [p for p in pts.reshape(-1, 2).astype(np.float64)]
    while len(poly) > 4:
        n = len(poly)
        best_i, best_area, best_point = -1, np.inf, None
        for i in range(n):
            a, b, c, d = poly[i - 1], poly[i], poly[(i + 1) % n], poly[(i + 2) % n]
            p = intersect(line_through(a, b), line_through(c, d))
            if p is None:
                continue
            # the new vertex must lie beyond edge b-c (outside the polygon), not behind a or d
            if np.dot(p - b, b - a) < 0 or np.dot(p - c, c - d) < 0:
                continue
            added = abs((c[0] - b[0]) * (p[1] - b[1]) - (c[1] - b[1]) * (p[0] - b[0])) / 2.0
            if added < best_area:
                best_i, best_area, best_point = i, added, p
        if best_point is None:
            return None
        i = best_i
        poly[i] = best_point
        del poly[(i + 1) % n]
    if len(poly) < 4:
        return None
    return np.asarray(poly, dtype=np.float64)


def _plausible(quad: FloatArray, w: int, h: int) -> bool:
    if not is_convex(quad):
        return False
    margin = 0.25 * max(w, h)
    if np.any(quad[:, 0] < -margin) or np.any(quad[:, 0] > w + margin):
        return False
    if np.any(quad[:, 1] < -margin) or np.any(quad[:, 1] > h + margin):
        return False
    angles = corner_angles(quad)
    return bool(np.all(angles > 35) and np.all(angles < 145))


def edge_support(
    gx: npt.NDArray[np.float32],
    gy: npt.NDArray[np.float32],
    quad: FloatArray,
    size: tuple[int, int],
    threshold: float = SUPPORT_GRADIENT,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Per side, the share of points with a strong gradient across the side (in any colour channel),
    and which sides lie on the frame border (the page goes on beyond the frame there: not judged)."""
    w, h = size
    t = (np.arange(SUPPORT_SAMPLES) + 0.5) / SUPPORT_SAMPLES
    out = np.zeros(4)
    border = np.zeros(4, dtype=bool)
    for i in range(4):
        p, q = quad[i], quad[(i + 1) % 4]
        if _on_border(p, q, w, h):
            border[i] = True
            continue
        direction = q - p
        length = float(np.hypot(*direction))
        if length < 1:
            return np.zeros(4), border
        normal = np.array([-direction[1], direction[0]]) / length
        pts = p[None, :] + t[:, None] * direction[None, :]
        best = np.zeros(SUPPORT_SAMPLES)
        for offset in (-1.0, 0.0, 1.0):  # tolerate a pixel of misplacement
            xy = pts + offset * normal
            xi = np.clip(np.rint(xy[:, 0]).astype(int), 0, w - 1)
            yi = np.clip(np.rint(xy[:, 1]).astype(int), 0, h - 1)
            across = np.abs(gx[yi, xi] * normal[0] + gy[yi, xi] * normal[1])
            strength = across.max(axis=1) if across.ndim == 2 else across
            best = np.maximum(best, strength)
        inside = (pts[:, 0] >= 0) & (pts[:, 0] <= w - 1) & (pts[:, 1] >= 0) & (pts[:, 1] <= h - 1)
        out[i] = float(np.mean((best > threshold) & inside))
    return out, border


def _on_border(p: FloatArray, q: FloatArray, w: int, h: int, tol: float = 2.5) -> bool:
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
    lines: list[FloatArray | None] = []
    offsets = np.arange(-radius, radius + 1, dtype=np.float32)
    t = np.linspace(0.08, 0.92, samples)
    for i in range(4):
        p, q = quad[i], quad[(i + 1) % 4]
        direction = q - p
        length = float(np.hypot(*direction))
        if length < 4 or _on_border(p, q, w, h, tol=radius):
            lines.append(None)
            continue
        normal = np.array([-direction[1], direction[0]]) / length
        base = p[None, :] + t[:, None] * direction[None, :]
        map_x = (base[:, 0:1] + offsets[None, :] * normal[0]).astype(np.float32)
        map_y = (base[:, 1:2] + offsets[None, :] * normal[1]).astype(np.float32)
        profile = cv2.remap(frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        profile = profile.astype(np.float32).reshape(samples, len(offsets), -1)
        step = np.abs(np.diff(profile, axis=1)).sum(axis=2)  # (samples, 2*radius)
        j = np.argmax(step, axis=1)
        peak = step[np.arange(samples), j]
        # sub-pixel peak from a parabola through the neighbours
        left = step[np.arange(samples), np.clip(j - 1, 0, step.shape[1] - 1)]
        right = step[np.arange(samples), np.clip(j + 1, 0, step.shape[1] - 1)]
        denom = left - 2 * peak + right
        delta = np.where(np.abs(denom) > 1e-6, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0)
        delta = np.clip(delta, -0.5, 0.5)
        position = offsets[0] + j + 0.5 + delta
        keep = peak > 0.35 * np.median(peak)
        points = base + position[:, None] * normal[None, :]
        lines.append(_robust_line(points[keep]))
    refined = quad.copy()
    for i in range(4):
        before, after = lines[i - 1], lines[i]
        if before is None or after is None:
            continue
        corner = intersect(before, after)
        if corner is not None and np.hypot(*(corner - quad[i])) <= 2 * radius:
            refined[i] = corner
    return refined


def _robust_line(points: FloatArray) -> FloatArray | None:
    if len(points) < 6:
        return None
    pts = points.astype(np.float32)
    for _ in range(2):
        vx, vy, x0, y0 = cv2.fitLine(pts, cv2.DIST_HUBER, 0, 0.01, 0.01).reshape(4)
        residual = np.abs((pts[:, 0] - x0) * vy - (pts[:, 1] - y0) * vx)
        inliers = pts[residual < max(1.0, 2.5 * float(np.median(residual)))]
        if len(inliers) < 6:
            break
        pts = inliers
    vx, vy, x0, y0 = cv2.fitLine(pts, cv2.DIST_L2, 0, 0.01, 0.01).reshape(4)
    p = np.array([x0, y0], dtype=np.float64)
    return line_through(p, p + np.array([vx, vy], dtype=np.float64))


def detect_page_baseline(frame: U8, work_width: int = WORK_WIDTH) -> Quad | None:
    """The textbook pipeline, kept as the benchmark's baseline: grey, blur, Canny, largest 4-gon contour."""
    small, scale = _shrink(frame, work_width)
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 75, 200)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if len(approx) == 4:
            return order_corners((approx.reshape(4, 2).astype(np.float64) + 0.5) * scale - 0.5)
    return None
