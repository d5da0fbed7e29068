"""Finding the page: a quadrilateral in a camera frame, clockwise from the top-left corner.

Why not "the largest Canny contour": on a light desk the page border is faint, text and desk texture
make edge maps noisy, and a hand or a cast shadow breaks the outline or joins it to other things. So:

1. work on a small copy (480 px wide) for speed; close away dark text strokes first so the page
   interior is flat; take edges from every colour channel (paper on a light wooden desk differs in hue);
   when the cheap search below fails, add a warm-cold channel, (R - B) / (R + G + B): a white page on a
   white desk often differs from it only in hue, and as a ratio the channel ignores cast shadows and
   wood grain (they darken every channel alike); the step *direction* is still judged on brightness;
2. candidates (``candidates.py``): closed outlines, each reduced from its convex hull to the four lines
   that explain it best (a corner cut off by a thumb comes back); when none of those is convincing,
   also unions of touching regions (a page cut in two by a shadow), outlines from fainter edges, and
   quads from the longest straight edges;
3. each candidate is scored by *edge support* (``edges.py``): the share of each side lying on a step
   across it, in one direction, facing across the side (texture under a wrong side steps every way);
   sides that mix "inside lighter" and "inside darker", or that are soft ramps (a shadow's rim), cost.
   Score = area x support^3: larger wins (a form's printed frame lies inside the page) unless it is
   worse backed. The best few are snapped onto the nearest strong edges and judged again;
4. the winner's sides are re-found at full resolution (strongest colour step along each side's normal,
   robust line fit) and intersected, so the corners are accurate to about a pixel of the full frame.

Live, ``hint`` (the previous frame's quad) is checked first and only snapped when edges still back it.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.candidates import (
    MAX_UNION_HULLS,
    candidate_hulls,
    line_quads,
    plausible,
    quad_of,
    union_quads,
)
from drivers.camera.edges import SUPPORT_GRADIENT, edge_support, edge_widths, refine_quad
from drivers.camera.geometry import (
    FloatArray,
    Quad,
    order_corners,
    quad_area,
)

WORK_WIDTH = 480
GOOD_MEAN_SUPPORT = 0.5
GOOD_MIN_SIDE = 0.3
STRICT_MIN_SIDE = 0.85
FOLLOW_MIN_SIDE = 0.6
MIXED_STEP_FACTOR = 0.4
SOFT_EDGE_WIDTH = 4.6  # px at work size; paper edges ~3.2 (blurred shots up to ~4.3), shadow rims more
SOFT_FACTOR = 0.3
EARLY_EXIT = True  # accept a closed, fully backed outline without the costlier candidates
SNAP_CANDIDATES = 6
SNAP_RADIUS = 4
POLARITY_MIN_SUPPORT = 0.3  # a side with less brightness step has no say in which way the page steps
CHROMA_GAIN = 900.0  # a warm-cold ratio step of 0.03 (cream paper on a grey desk) becomes ~27 grey levels
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
    # Cheap first: each closed outline on its own, accepted only when edges back it all round.
    hulls = candidate_hulls(flat, (12, 36))
    quads = [q for q in (quad_of(hull, flat.shape) for hull in hulls) if q is not None]
    if quads and EARLY_EXIT:
        best, _ = _choose(quads, gx, gy, flat, threshold, strict=True)
        if best is not None:
            return best
    # Otherwise every kind of candidate competes: unions of touching regions (a cast shadow cuts a page
    # in two), quads from the longest straight edges (a thumb or a faint white-on-white border leaves
    # the outline open), and outlines from fainter edges. First with a warm-cold channel added (a white
    # page on a white desk differs mostly in hue); if that finds nothing, on the colour image alone.
    weak: FloatArray | None = None
    for view in (_warm_view, _plain_view):
        image, vgx, vgy = view(flat, gx, gy)
        strong, weak_here = _search(image, vgx, vgy, flat, threshold, hulls if view is _plain_view else None)
        if strong is not None:
            return strong
        weak = weak if weak is not None else weak_here
    return weak


def _plain_view(flat: U8, gx: F32, gy: F32) -> tuple[U8, F32, F32]:
    return flat, gx, gy


def _warm_view(flat: U8, gx: F32, gy: F32) -> tuple[U8, F32, F32]:
    rich = _with_chroma(flat)
    warm = rich[:, :, 3:]
    rich_gx = np.asarray(np.dstack([gx, cv2.Sobel(warm, cv2.CV_32F, 1, 0, ksize=3)]), dtype=np.float32)
    rich_gy = np.asarray(np.dstack([gy, cv2.Sobel(warm, cv2.CV_32F, 0, 1, ksize=3)]), dtype=np.float32)
    return rich, rich_gx, rich_gy


def _search(
    image: U8, gx: F32, gy: F32, flat: U8, threshold: float, hulls: list[npt.NDArray[np.int32]] | None = None
) -> tuple[FloatArray | None, FloatArray | None]:
    """Every kind of candidate from ``image``'s channels: the best well-backed one, else a weak one."""
    hulls = candidate_hulls(image, (12, 36)) if hulls is None else hulls
    quads = [q for q in (quad_of(hull, flat.shape) for hull in hulls) if q is not None]
    faint = candidate_hulls(image, (5, 15))
    quads += [q for q in (quad_of(hull, flat.shape) for hull in faint) if q is not None]
    quads += union_quads(hulls[:MAX_UNION_HULLS], flat.shape)
    quads += union_quads(faint[:MAX_UNION_HULLS], flat.shape)
    quads += line_quads(image, gx, gy, threshold)
    if not quads:
        return None, None
    best, weak = _choose(quads, gx, gy, flat, threshold)
    if best is not None:
        return best, None
    return None, (weak[1] if weak is not None and weak[0] > 0.25 else None)


def _with_chroma(flat: U8) -> U8:
    """The colour image plus a warm-cold channel, (R - B) / (R + G + B): a white page is often warmer or
    colder than a white desk of the same brightness. As a ratio it ignores shading: a cast shadow or wood
    grain darkens every channel alike and leaves no step in it."""
    if flat.ndim != 3:
        return flat
    b, g, r = (c.astype(np.float32) for c in cv2.split(flat))
    warm = 128.0 + CHROMA_GAIN * (r - b) / (r + g + b + 30.0)
    warm8 = np.clip(warm, 0, 255).astype(np.uint8)
    return np.asarray(np.dstack([flat, warm8]), dtype=np.uint8)


def _follow(
    hint: FloatArray, gx: npt.NDArray[np.float32], gy: npt.NDArray[np.float32], flat: U8, threshold: float
) -> FloatArray | None:
    """The previous frame's page, snapped onto this frame's edges, if they still back it all round."""
    h, w = flat.shape[:2]
    moved = refine_quad(flat, hint, radius=SNAP_RADIUS + 2, samples=24)
    if not plausible(moved, w, h):
        return None
    supports, border, _ = edge_support(gx, gy, moved[None], (w, h), threshold)
    real = supports[0][~border[0]]
    # Looser than a first find: a thumb moving over one side must not throw the page away.
    if len(real) < 3 or float(real.min()) < FOLLOW_MIN_SIDE or float(real.mean()) < STRICT_MIN_SIDE:
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
        snapped.append(better if plausible(better, w, h) else quads[i])
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
    judged = np.ones_like(border)
    if gx.ndim == 3 and gx.shape[2] > 3:
        # Which way a side steps is a matter of brightness: a hue step's sign says nothing about it, so
        # judge the direction on the colour channels alone, where they step at all.
        bright, _, polarity = edge_support(gx[..., :3], gy[..., :3], batch, size, threshold)
        judged = bright >= POLARITY_MIN_SUPPORT
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
        consistent = len(set(polarity[k][~border[k] & judged[k]].tolist())) <= 1
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
