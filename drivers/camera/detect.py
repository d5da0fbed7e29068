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
MIN_AREA_FRACTION = 0.08  # smaller pages would be refused as too small anyway (quality.too_small)
SUPPORT_SAMPLES = 40  # points checked along each side
SUPPORT_GRADIENT = 28.0  # Sobel units (x4 grey levels per pixel) that count as an edge
GOOD_MEAN_SUPPORT = 0.5
GOOD_MIN_SIDE = 0.3
STRICT_MIN_SIDE = 0.85
MIXED_STEP_FACTOR = 0.4
SOFT_EDGE_WIDTH = 4.6  # px at work size; paper edges ~3.2 (blurred shots up to ~4.3), shadow rims more
SOFT_FACTOR = 0.3
MAX_HULLS = 10
EARLY_EXIT = True  # accept a closed, fully backed outline without the costlier candidates
MAX_LINES = 10
MAX_UNION_HULLS = 7
SNAP_CANDIDATES = 6
SNAP_RADIUS = 4
U8 = npt.NDArray[np.uint8]
F32 = npt.NDArray[np.float32]


def detect_page(frame: U8, work_width: int = WORK_WIDTH, hint: npt.ArrayLike | None = None) -> Quad | None:
    """The page quadrilateral in ``frame`` (BGR or grey), or None when there is no page.

    ``hint`` is where the page was in the previous frame (live tracking): when edges still back it all
    round, it is only snapped to them, which skips the candidate search.
    """
    small, scale = _shrink(frame, work_width)
    small_hint = None if hint is None else (np.asarray(hint, np.float64).reshape(4, 2) + 0.5) / scale - 0.5
    found = detect_page_small(small, small_hint)
    if found is None:
        return None
    # pixel-centre coordinates: small pixel i covers full pixels [i*s, (i+1)*s)
    quad = (found.astype(np.float64) + 0.5) * scale - 0.5
    if scale > 1.0:
        quad = refine_quad(frame, quad, radius=int(np.ceil(1.5 * scale)) + 2)
    return order_corners(quad)


def detect_page_small(small: U8, hint: FloatArray | None = None) -> FloatArray | None:
    """Detection on an already shrunk image; coordinates of ``small``."""
    colour = small if small.ndim == 3 else cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    closed = cv2.morphologyEx(colour, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    flat: U8 = np.asarray(cv2.GaussianBlur(closed, (5, 5), 0), dtype=np.uint8)
    gx: F32 = np.asarray(cv2.Sobel(flat, cv2.CV_32F, 1, 0, ksize=3), dtype=np.float32)
    gy: F32 = np.asarray(cv2.Sobel(flat, cv2.CV_32F, 0, 1, ksize=3), dtype=np.float32)
    # What counts as an edge depends on the desk: a plain white desk has almost no gradient anywhere,
    # so its faint page border is significant; wood grain is full of gradients, so demand more.
    sample = cv2.magnitude(gx[::4, ::4, 1].copy(), gy[::4, ::4, 1].copy())  # green: close to luminance
    threshold = float(np.clip(1.6 * np.median(sample), 10.0, SUPPORT_GRADIENT))
    if hint is not None:
        tracked = _follow(hint, gx, gy, flat, threshold)
        if tracked is not None:
            return tracked
    # Cheap first: each closed outline on its own, accepted only when edges back it all round. Otherwise
    # every kind of candidate competes: unions of touching regions (a cast shadow cuts a page in two),
    # quads from the longest straight edges (a thumb or a faint white-on-white border leaves the outline
    # open), and outlines from fainter edges.
    hulls = _candidate_hulls(flat, (12, 36))
    quads = [q for q in (_quad_of(hull, flat.shape) for hull in hulls) if q is not None]
    if quads and EARLY_EXIT:
        best, _ = _choose(quads, gx, gy, flat, threshold, strict=True)
        if best is not None:
            return best
    faint = _candidate_hulls(flat, (5, 15))
    quads += [q for q in (_quad_of(hull, flat.shape) for hull in faint) if q is not None]
    quads += _union_quads(hulls[:MAX_UNION_HULLS], flat.shape)
    quads += _union_quads(faint[:MAX_UNION_HULLS], flat.shape)
    quads += _line_quads(flat)
    if not quads:
        return None
    best, weak = _choose(quads, gx, gy, flat, threshold)
    if best is not None:
        return best
    return weak[1] if weak is not None and weak[0] > 0.25 else None


def _follow(
    hint: FloatArray, gx: npt.NDArray[np.float32], gy: npt.NDArray[np.float32], flat: U8, threshold: float
) -> FloatArray | None:
    """The previous frame's page, snapped onto this frame's edges, if they still back it all round."""
    h, w = flat.shape[:2]
    moved = refine_quad(flat, hint, radius=SNAP_RADIUS + 2, samples=24)
    if not _plausible(moved, w, h):
        return None
    supports, border, _ = edge_support(gx, gy, moved[None], (w, h), threshold)
    real = supports[0][~border[0]]
    if len(real) < 3 or float(real.min()) < STRICT_MIN_SIDE:
        return None
    return moved


def _choose(
    quads: list[FloatArray],
    gx: npt.NDArray[np.float32],
    gy: npt.NDArray[np.float32],
    flat: U8,
    threshold: float,
    strict: bool = False,
) -> tuple[FloatArray | None, tuple[float, FloatArray] | None]:
    """The best-scoring well-supported quad, else the best weak one (with its score).

    Every candidate is scored cheaply first; the best few are snapped onto the strongest nearby edges
    (a hull is only roughly where the page is when its outline was broken) and judged once more, now
    also by how soft their sides are.
    """
    h, w = flat.shape[:2]
    first, first_border = _scores(np.stack(quads), gx, gy, (w, h), threshold)
    order = [int(i) for i in np.argsort(-first[:, 0]) if first[i, 0] > 0][:SNAP_CANDIDATES]
    weak_order = [int(i) for i in np.argsort(-first[:, 1]) if first[i, 1] > 0][:2]
    if not order and (strict or not weak_order):
        return None, None
    chosen = order + ([] if strict else weak_order)
    snapped: list[FloatArray] = []
    for i in chosen:
        if strict or first[i, 2] >= STRICT_MIN_SIDE:  # on the edges all round: snapping would not move it
            snapped.append(quads[i])
            continue
        better = refine_quad(flat, quads[i], radius=SNAP_RADIUS, samples=24)
        snapped.append(better if _plausible(better, w, h) else quads[i])
    if all(a is quads[i] for a, i in zip(snapped, chosen, strict=True)):  # nothing moved: no need to rescore
        again, border = first[chosen], first_border[chosen]
    else:
        again, border = _scores(np.stack(snapped), gx, gy, (w, h), threshold)
    best: tuple[float, FloatArray] | None = None
    weak: tuple[float, FloatArray] | None = None
    for quad, (good, poor, low, consistent), on_border in zip(snapped, again, border, strict=True):
        if strict and (low < STRICT_MIN_SIDE or not consistent or good <= 0):
            continue
        # A cast shadow's rim is a soft ramp; paper edges are steps. A quad with a soft side is most
        # likely the lit (or shadowed) part of a page, cut off by the shadow.
        widths = edge_widths(flat, quad)[~on_border]
        soft = bool(np.any(widths > SOFT_EDGE_WIDTH))
        if strict and (soft or bool(np.any(widths == 0.0))):  # soft or barely visible: look further
            continue
        if good > 0:
            score = good * (SOFT_FACTOR if soft else 1.0)
            if best is None or score > best[0]:
                best = (score, quad)
        elif poor > 0 and (weak is None or poor > weak[0]):
            weak = (poor, quad)
    return (best[1] if best is not None else None), weak


def _scores(
    batch: FloatArray,
    gx: npt.NDArray[np.float32],
    gy: npt.NDArray[np.float32],
    size: tuple[int, int],
    threshold: float,
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Per quad: (score if well supported else 0, score if only weakly supported else 0, weakest side,
    1 if all sides step the same way else 0); and which sides lie on the frame border."""
    w, h = size
    supports, border, polarity = edge_support(gx, gy, batch, size, threshold)
    out = np.zeros((len(batch), 4))
    for k in range(len(batch)):
        real = supports[k][~border[k]]
        if len(real) < 2:  # the frame itself is not a page
            continue
        mean_support, low = float(real.mean()), float(real.min())
        area = quad_area(batch[k]) / (w * h)
        # A page's border usually steps the same way all round; a quad mixing "inside lighter" and
        # "inside darker" sides is often a shadow's edge or a neighbour's outline borrowed for one side.
        # Not always: on a desk lighter than the page, the side away from the page's own shadow is
        # darker inside. So mixing costs, but does not disqualify.
        consistent = len(set(polarity[k][~border[k]].tolist())) == 1
        out[k, 2] = low
        out[k, 3] = 1.0 if consistent else 0.0
        if mean_support >= GOOD_MEAN_SUPPORT and low >= GOOD_MIN_SIDE and len(real) >= 3:
            # Larger wins (a printed frame lies inside the page), but weak support costs steeply: a quad
            # stretched over wood grain is large and only partly backed by edges.
            out[k, 0] = area * mean_support**3 * (1.0 if consistent else MIXED_STEP_FACTOR)
        elif low >= 0.12:
            out[k, 1] = mean_support * float(np.sqrt(area))
    return out, border


def _shrink(frame: U8, work_width: int) -> tuple[U8, float]:
    h, w = frame.shape[:2]
    if w <= work_width:
        return frame, 1.0
    image: U8 = frame
    # Area averaging by exact halves is ~4x faster in OpenCV than one arbitrary-ratio INTER_AREA resize.
    while image.shape[1] >= 2 * work_width:
        half = (image.shape[1] // 2, image.shape[0] // 2)
        image = np.asarray(cv2.resize(image, half, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    if image.shape[1] != work_width:
        size = (work_width, max(1, round(image.shape[0] * work_width / image.shape[1])))
        image = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    return np.asarray(image, dtype=np.uint8), w / image.shape[1]


def _candidate_hulls(flat: U8, thresholds: tuple[int, int]) -> list[npt.NDArray[np.int32]]:
    h, w = flat.shape[:2]
    min_area = MIN_AREA_FRACTION * w * h
    edges: U8 = np.zeros((h, w), np.uint8)
    for channel in cv2.split(flat):
        edges |= np.asarray(cv2.Canny(channel, thresholds[0], thresholds[1], L2gradient=True), dtype=np.uint8)
    edges = np.asarray(cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))), dtype=np.uint8)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    hulls: list[tuple[float, npt.NDArray[np.int32]]] = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch < min_area:
            continue
        hull = cv2.convexHull(contour)
        area = float(cv2.contourArea(hull))
        if area >= min_area:
            hulls.append((area, np.asarray(hull, dtype=np.int32)))
    hulls.sort(key=lambda item: -item[0])
    return [hull for _, hull in hulls[:MAX_HULLS]]


def _quad_of(hull: npt.NDArray[np.int32], shape: tuple[int, ...]) -> FloatArray | None:
    quad = hull_to_quad(hull.reshape(-1, 2).astype(np.float64))
    return quad if quad is not None and _plausible(quad, shape[1], shape[0]) else None


def _union_quads(hulls: list[npt.NDArray[np.int32]], shape: tuple[int, ...]) -> list[FloatArray]:
    """Quads around pairs of touching regions: the lit and the shadowed part of one page."""
    boxes = [tuple(int(v) for v in cv2.boundingRect(h)) for h in hulls]
    out: list[FloatArray] = []
    for i in range(len(hulls)):
        for j in range(i + 1, len(hulls)):
            if not _boxes_touch(boxes[i], boxes[j]):  # type: ignore[arg-type]
                continue
            merged = np.asarray(cv2.convexHull(np.vstack([hulls[i], hulls[j]])), dtype=np.int32)
            quad = _quad_of(merged, shape)
            if quad is not None:
                out.append(quad)
    return out


def _line_quads(flat: U8) -> list[FloatArray]:
    """Quads from the longest straight edges: two roughly parallel lines crossed by two others."""
    h, w = flat.shape[:2]
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
    edges: U8 = np.asarray(cv2.Canny(grey, 5, 15, L2gradient=True), dtype=np.uint8)
    for channel in cv2.split(flat) if flat.ndim == 3 else []:
        edges |= np.asarray(cv2.Canny(channel, 12, 36, L2gradient=True), dtype=np.uint8)
    min_length = 0.12 * min(w, h)
    segments = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=25, minLineLength=min_length, maxLineGap=6)
    if segments is None:
        return []
    lines = _merge_segments(segments.reshape(-1, 4).astype(np.float64))
    quads: list[FloatArray] = []
    pairs = [
        (i, j)
        for i in range(len(lines))
        for j in range(i + 1, len(lines))
        if _angle_between(lines[i][0], lines[j][0]) < np.deg2rad(35)
        and abs(lines[i][1] - lines[j][1]) > min_length
    ]
    for a, b in pairs:
        for c, d in pairs:
            if c <= a or len({a, b, c, d}) < 4:
                continue
            if _angle_between(lines[a][0], lines[c][0]) < np.deg2rad(40):
                continue
            hom = [_homogeneous(lines[k]) for k in (a, c, b, d)]
            corners = [intersect(hom[k], hom[(k + 1) % 4]) for k in range(4)]
            if any(p is None for p in corners):
                continue
            quad = np.array(corners, dtype=np.float64)
            if _plausible(quad, w, h) and quad_area(quad) >= MIN_AREA_FRACTION * w * h:
                quads.append(quad)
    return quads


def _merge_segments(segments: FloatArray) -> list[tuple[float, float, float]]:
    """Collinear segments as lines (angle, offset, total length), longest first, at most MAX_LINES."""
    dx = segments[:, 2] - segments[:, 0]
    dy = segments[:, 3] - segments[:, 1]
    lengths = np.hypot(dx, dy)
    theta = np.mod(np.arctan2(dy, dx) + np.pi / 2, np.pi)  # normal angle in [0, pi)
    rho = segments[:, 0] * np.cos(theta) + segments[:, 1] * np.sin(theta)
    lines: list[list[float]] = []
    for k in np.argsort(-lengths):
        for line in lines:
            if (
                _angle_between(line[0], theta[k]) < np.deg2rad(3)
                and abs(_rho_at(line[0], line[1], theta[k]) - rho[k]) < 4
            ):
                line[2] += lengths[k]
                break
        else:
            lines.append([float(theta[k]), float(rho[k]), float(lengths[k])])
    lines.sort(key=lambda line: -line[2])
    return [(line[0], line[1], line[2]) for line in lines[:MAX_LINES]]


def _rho_at(theta: float, rho: float, other: float) -> float:
    # a line stored as (theta, rho) compared at a nearly equal angle: flip the sign across the 0/pi seam
    return -rho if abs(theta - other) > np.pi / 2 else rho


def _angle_between(t1: float, t2: float) -> float:
    d = abs(t1 - t2) % np.pi
    return float(min(d, np.pi - d))


def _homogeneous(line: tuple[float, float, float]) -> FloatArray:
    theta, rho, _ = line
    return np.array([np.cos(theta), np.sin(theta), -rho])


def _boxes_touch(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int = 4) -> bool:
    return not (
        a[0] + a[2] + gap < b[0]
        or b[0] + b[2] + gap < a[0]
        or a[1] + a[3] + gap < b[1]
        or b[1] + b[3] + gap < a[1]
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
    p = quad.astype(np.float64)
    direction = np.roll(p, -1, axis=0) - p
    length = np.maximum(np.hypot(direction[:, 0], direction[:, 1]), 1e-6)
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1) / length[:, None]
    t = np.linspace(0.15, 0.85, samples)
    offsets = np.arange(-reach, reach + 1, dtype=np.float64)
    base = p[:, None, :] + t[None, :, None] * direction[:, None, :]
    grid = base[:, :, None, :] + offsets[None, None, :, None] * normal[:, None, None, :]
    map_x = grid[..., 0].reshape(4 * samples, -1).astype(np.float32)
    map_y = grid[..., 1].reshape(4 * samples, -1).astype(np.float32)
    profile = cv2.remap(grey, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    step = np.diff(profile.astype(np.float32).reshape(4, samples, -1), axis=2)
    sign = np.sign(step.sum(axis=2, keepdims=True))
    signed = np.clip(step * sign, 0.0, None)
    peak = signed.max(axis=2)
    width = signed.sum(axis=2) / np.maximum(peak, 1e-3)
    width = np.where(peak > 2.0, width, 0.0)  # no step at all (a border side): not soft
    return np.asarray(np.median(width, axis=1), dtype=np.float64)


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
    p = quad.astype(np.float64)
    direction = np.roll(p, -1, axis=0) - p
    length = np.maximum(np.hypot(direction[:, 0], direction[:, 1]), 1e-6)
    normal = np.stack([-direction[:, 1], direction[:, 0]], axis=1) / length[:, None]
    t = np.linspace(0.08, 0.92, samples)
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    base = p[:, None, :] + t[None, :, None] * direction[:, None, :]  # (4, S, 2)
    grid = base[:, :, None, :] + offsets[None, None, :, None] * normal[:, None, None, :]  # (4, S, K, 2)
    map_x = grid[..., 0].reshape(4 * samples, -1).astype(np.float32)
    map_y = grid[..., 1].reshape(4 * samples, -1).astype(np.float32)
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
        if length[i] < 4 or _on_border(p[i], p[(i + 1) % 4], w, h, tol=radius):
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


def detect_page_baseline(frame: U8, work_width: int = 480) -> Quad | None:
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
