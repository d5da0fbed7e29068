"""Synthetic camera frames of documents with exact ground truth, for the benchmark, tests and demo.

Pages (household-register pages, 证明 letters, application forms, ID card fronts and backs; all
fictional and marked 样例) are rendered once with Pillow, then each frame warps one onto a background
(wood, white desk, cloth, cluttered desk) with a random homography, adds a drop shadow, a lighting
gradient, sometimes a cast shadow, a thumb over an edge, a lamp's glare, blur, noise and JPEG.
``make_frame(rng)`` returns the frame and its truth; ``make_set(seed, n)`` is reproducible.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.synth_pages import PAGE_KINDS, render_page

U8 = npt.NDArray[np.uint8]
BACKGROUNDS = ("wood", "white_desk", "cloth", "clutter")
FRAME_SIZE = (1920, 1080)


@dataclasses.dataclass(frozen=True)
class SynthFrame:
    image: U8
    quad: npt.NDArray[np.float32]  # true corners, clockwise from the page's top-left
    page_size: tuple[int, int]  # (width, height) of the rendered page
    page_kind: str
    background: str
    blurry: bool
    glare: bool
    occluded: bool
    shadow: bool


# ---------------------------------------------------------------- backgrounds


def _noise(
    rng: np.random.Generator, shape: tuple[int, int], cells: tuple[int, int]
) -> npt.NDArray[np.float32]:
    small = rng.standard_normal((cells[1], cells[0])).astype(np.float32)
    return np.asarray(
        cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC), dtype=np.float32
    )


def make_background(
    rng: np.random.Generator, kind: str, size: tuple[int, int] = FRAME_SIZE
) -> npt.NDArray[np.float32]:
    if kind != "clutter":  # textures are computed at half size: full-size numpy maths is the slow part
        half = _texture(rng, kind, (size[0] // 2, size[1] // 2))
        return np.asarray(cv2.resize(half, size, interpolation=cv2.INTER_LINEAR), dtype=np.float32)
    return _texture(rng, kind, size)


def _texture(rng: np.random.Generator, kind: str, size: tuple[int, int]) -> npt.NDArray[np.float32]:
    w, h = size
    shape = (h, w)
    if kind == "wood":
        base = np.array([rng.uniform(60, 110), rng.uniform(100, 150), rng.uniform(150, 200)], np.float32)
        angle = rng.uniform(0, np.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        u = xx * np.cos(angle) + yy * np.sin(angle)
        grain = (
            np.sin(u / rng.uniform(3, 7) + 3 * _noise(rng, shape, (8, 5))) * 0.5
            + _noise(rng, shape, (60, 40)) * 0.3
        )
        out = base[None, None, :] * (1 + 0.12 * grain[..., None])
    elif kind == "white_desk":
        tone = rng.uniform(200, 238)
        tint = np.array([rng.uniform(-6, 6), rng.uniform(-4, 4), rng.uniform(-6, 6)], np.float32)
        out = np.full((h, w, 3), tone, np.float32) + tint + 3 * _noise(rng, shape, (30, 18))[..., None]
    elif kind == "cloth":
        base = rng.uniform(40, 200, 3).astype(np.float32)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        period = rng.uniform(1.5, 3.5)
        weave = np.sin(xx / period) * np.sin(yy / period)
        folds = _noise(rng, shape, (6, 4))
        out = base[None, None, :] * (1 + 0.08 * weave[..., None] + 0.1 * folds[..., None])
    else:  # clutter: a desk with things on it
        out = make_background(rng, str(rng.choice(["wood", "white_desk"])), size).copy()
        for _ in range(int(rng.integers(4, 9))):
            colour = tuple(float(c) for c in rng.uniform(0, 255, 3))
            cx, cy = int(rng.uniform(0, w)), int(rng.uniform(0, h))
            shape_kind = rng.integers(0, 3)
            if shape_kind == 0:  # phone, notebook, sticky note
                box = (
                    (cx, cy),
                    (float(rng.uniform(80, 380)), float(rng.uniform(60, 300))),
                    float(rng.uniform(0, 180)),
                )
                pts = cv2.boxPoints(box).astype(np.int32)
                cv2.fillConvexPoly(out, pts, colour, lineType=cv2.LINE_AA)
            elif shape_kind == 1:  # cup, tape
                cv2.circle(out, (cx, cy), int(rng.uniform(30, 110)), colour, -1, lineType=cv2.LINE_AA)
            else:  # pen
                a = rng.uniform(0, np.pi)
                length = rng.uniform(120, 320)
                end = (int(cx + length * np.cos(a)), int(cy + length * np.sin(a)))
                cv2.line(out, (cx, cy), end, colour, int(rng.integers(6, 14)), lineType=cv2.LINE_AA)
    return np.asarray(out, dtype=np.float32)


# ---------------------------------------------------------------- frames


def random_quad(
    rng: np.random.Generator, page_wh: tuple[int, int], frame_wh: tuple[int, int]
) -> npt.NDArray[np.float32]:
    """Where the page lands: a real pinhole view of the page rectangle, turned in its plane, tilted up to
    25 degrees, covering 18-60 % of the frame and fully inside it with a margin."""
    fw, fh = frame_wh
    pw, ph = page_wh
    focal = fw * rng.uniform(0.9, 1.5)
    for _ in range(200):
        area = rng.uniform(0.18, 0.6) * fw * fh
        s = np.sqrt(area / (pw * ph))
        w, h = pw * s, ph * s
        corners = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
        spin = np.deg2rad(rng.uniform(-25, 25) + (90 if rng.random() < 0.15 else 0))
        tilt_x, tilt_y = np.deg2rad(rng.uniform(-25, 25, 2))
        rz = np.array([[np.cos(spin), -np.sin(spin), 0], [np.sin(spin), np.cos(spin), 0], [0, 0, 1]])
        rx = np.array([[1, 0, 0], [0, np.cos(tilt_x), -np.sin(tilt_x)], [0, np.sin(tilt_x), np.cos(tilt_x)]])
        ry = np.array([[np.cos(tilt_y), 0, np.sin(tilt_y)], [0, 1, 0], [-np.sin(tilt_y), 0, np.cos(tilt_y)]])
        shift = np.array([rng.uniform(-0.35, 0.35) * fw, rng.uniform(-0.35, 0.35) * fh, focal])
        world = corners @ (rx @ ry @ rz).T + shift
        pts = focal * world[:, :2] / world[:, 2:3] + np.array([fw / 2, fh / 2])
        margin = 12
        if (
            pts[:, 0].min() < margin
            or pts[:, 1].min() < margin
            or pts[:, 0].max() > fw - margin
            or pts[:, 1].max() > fh - margin
        ):
            continue
        return np.asarray(pts, dtype=np.float32)
    raise RuntimeError("cannot place the page")


def _page_homography(page_wh: tuple[int, int], quad: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    pw, ph = page_wh
    src = np.array([[-0.5, -0.5], [pw - 0.5, -0.5], [pw - 0.5, ph - 0.5], [-0.5, ph - 0.5]], np.float32)
    return np.asarray(cv2.getPerspectiveTransform(src, quad), dtype=np.float64)


def _soft_mask(points: npt.NDArray[np.int32], shape: tuple[int, int], blur: float) -> npt.NDArray[np.float32]:
    mask = np.zeros(shape, np.float32)
    cv2.fillPoly(mask, [points], 1.0, lineType=cv2.LINE_AA)
    return np.asarray(cv2.GaussianBlur(mask, (0, 0), blur) if blur > 0 else mask, dtype=np.float32)


def make_frame(
    rng: np.random.Generator,
    background: str | None = None,
    page_kind: str | None = None,
    blurry: bool | None = None,
    glare: bool | None = None,
    size: tuple[int, int] = FRAME_SIZE,
    jpeg: bool = True,
    troubles: bool = True,
) -> SynthFrame:
    """One frame. ``troubles=False`` leaves out the cast shadow and the thumb (demo pages)."""
    fw, fh = size
    background = background or str(rng.choice(BACKGROUNDS))
    page_kind = page_kind or str(rng.choice(PAGE_KINDS))
    blurry = bool(rng.random() < 0.2) if blurry is None else blurry
    glare = bool(rng.random() < 0.15) if glare is None else glare
    page = render_page(page_kind, int(rng.integers(0, 3)))
    ph, pw = page.shape[:2]
    quad = random_quad(rng, (pw, ph), size)
    out = make_background(rng, background, size)
    # drop shadow: pages lie slightly above the desk and cast a soft dark rim (computed at 1/4 size)
    direction = rng.uniform(0, 2 * np.pi)
    offset = rng.uniform(3, 8) * np.array([np.cos(direction), np.sin(direction)])
    shade = _soft_mask(
        np.rint((quad + offset) / 4).astype(np.int32), (fh // 4, fw // 4), rng.uniform(0.6, 1.5)
    )
    shade = np.asarray(
        cv2.resize(1 - rng.uniform(0.12, 0.35) * shade, (fw, fh), interpolation=cv2.INTER_LINEAR),
        dtype=np.float32,
    )
    homography = _page_homography((pw, ph), quad)
    warped = np.asarray(
        cv2.warpPerspective(page, homography, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT),
        dtype=np.uint8,
    )
    alpha = np.asarray(
        cv2.warpPerspective(np.ones((ph, pw), np.float32), homography, size, flags=cv2.INTER_LINEAR),
        dtype=np.float32,
    )
    occluded = bool(rng.random() < 0.2) and troubles
    if occluded:  # drawn into the page layer so the lighting falls on the hand too
        _draw_thumb(rng, warped, alpha, quad)
    field, shadow = _lighting(rng, quad, (fw, fh), troubles)
    # out = background * shade * field * (1 - alpha) + page * alpha * field, with single-channel factors
    desk_gain = cv2.multiply(cv2.multiply(shade, field), 1 - alpha)
    page_gain = cv2.multiply(alpha, field)
    out = np.asarray(
        cv2.add(
            cv2.multiply(out, cv2.merge([desk_gain] * 3)),
            cv2.multiply(warped.astype(np.float32), cv2.merge([page_gain] * 3)),
        ),
        dtype=np.float32,
    )
    if glare:  # a lamp reflected in glossy paper: burnt-out white over the text
        _add_glare(rng, out, quad)
    out8: U8 = np.clip(out, 0, 255).astype(np.uint8)
    if blurry:
        if rng.random() < 0.5:
            out8 = np.asarray(cv2.GaussianBlur(out8, (0, 0), rng.uniform(2.5, 4.5)), dtype=np.uint8)
        else:  # the hand moved while the shutter was open: motion blur along x or y
            length = int(rng.integers(11, 21))
            out8 = np.asarray(
                cv2.blur(out8, (length, 1) if rng.random() < 0.5 else (1, length)), dtype=np.uint8
            )
    else:
        sigma = rng.uniform(0.0, 0.8)
        if sigma > 0.3:
            out8 = np.asarray(cv2.GaussianBlur(out8, (0, 0), sigma), dtype=np.uint8)
    noise = _sensor_noise(int(rng.integers(0, 3)), (fw, fh))
    dx, dy = (int(v) for v in rng.integers(0, 64, 2))
    out8 = np.asarray(cv2.add(out8, noise[dy : dy + fh, dx : dx + fw], dtype=cv2.CV_8U), dtype=np.uint8)
    if jpeg:
        ok, data = cv2.imencode(".jpg", out8, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 95))])
        out8 = np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), dtype=np.uint8)
    return SynthFrame(out8, quad, (pw, ph), page_kind, background, blurry, glare, occluded, shadow)


@functools.lru_cache(maxsize=8)
def _sensor_noise(level: int, size: tuple[int, int]) -> npt.NDArray[np.int16]:
    """Gaussian sensor noise (sigma 2, 3.5 or 5), made once; frames take random crops of it."""
    rng = np.random.default_rng(9000 + level)  # not cv2.randn: its global state differs per process
    noise = rng.normal(0.0, (2.0, 3.5, 5.0)[level], (size[1] + 64, size[0] + 64, 3))
    return np.rint(noise).astype(np.int16)


def _lighting(
    rng: np.random.Generator, quad: npt.NDArray[np.float32], size: tuple[int, int], troubles: bool
) -> tuple[npt.NDArray[np.float32], bool]:
    """A brightness field: a gradient across the frame and sometimes a cast shadow (an arm, the hood)."""
    fw, fh = size
    sw, sh = fw // 8, fh // 8  # smooth fields are computed small and enlarged
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32) * 8
    a = rng.uniform(0, 2 * np.pi)
    ramp = ((xx - fw / 2) * np.cos(a) + (yy - fh / 2) * np.sin(a)) / max(fw, fh)
    # auto-exposure keeps paper below clipping; only a lamp reflection burns it out
    field = rng.uniform(0.68, 0.85) * (1 + rng.uniform(0.0, 0.3) * ramp)
    shadow = bool(rng.random() < 0.3) and troubles
    if shadow:  # a head or an arm between the lamp and the page: a smooth blob with a soft rim
        centre = quad.mean(axis=0) + rng.uniform(-250, 250, 2)
        r = rng.uniform(200, 550)
        theta = np.linspace(0, 2 * np.pi, 48, endpoint=False)
        wobble = (
            1 + 0.3 * np.sin(theta + rng.uniform(0, 6.3)) + 0.15 * np.sin(2 * theta + rng.uniform(0, 6.3))
        )
        stretch = rng.uniform(0.5, 1.0)
        turn = rng.uniform(0, np.pi)
        x = r * wobble * np.cos(theta)
        y = r * stretch * wobble * np.sin(theta)
        pts = (
            np.stack([x * np.cos(turn) - y * np.sin(turn), x * np.sin(turn) + y * np.cos(turn)], axis=1)
            + centre
        )
        mask = _soft_mask(np.rint(pts / 8).astype(np.int32), (sh, sw), rng.uniform(1.0, 3.0))
        field = field * (1 - rng.uniform(0.25, 0.5) * mask)
    return np.asarray(
        cv2.resize(field.astype(np.float32), (fw, fh), interpolation=cv2.INTER_LINEAR), np.float32
    ), shadow


def _add_glare(rng: np.random.Generator, out: npt.NDArray[np.float32], quad: npt.NDArray[np.float32]) -> None:
    fh, fw = out.shape[:2]
    centre = quad.mean(axis=0) + rng.uniform(-0.25, 0.25, 2) * (quad.max(axis=0) - quad.min(axis=0))
    sx, sy = rng.uniform(40, 110, 2)
    x0, x1 = int(max(0, centre[0] - 4 * sx)), int(min(fw, centre[0] + 4 * sx))
    y0, y1 = int(max(0, centre[1] - 4 * sy)), int(min(fh, centre[1] + 4 * sy))
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    g = np.exp(-(((xx - centre[0]) / sx) ** 2 + ((yy - centre[1]) / sy) ** 2) / 2)
    out[y0:y1, x0:x1] += rng.uniform(260, 400) * g[..., None]


def _draw_thumb(
    rng: np.random.Generator, out: U8, alpha: npt.NDArray[np.float32], quad: npt.NDArray[np.float32]
) -> None:
    """A hand holding the page: a thumb over one edge, the palm outside the page."""
    side = int(rng.integers(0, 4))
    p, q = quad[side].astype(np.float64), quad[(side + 1) % 4].astype(np.float64)
    t = rng.uniform(0.1, 0.9)
    point = p + t * (q - p)
    edge = q - p
    normal = np.array([edge[1], -edge[0]]) / np.linalg.norm(edge)  # outward for clockwise quads
    if np.dot(normal, point - quad.mean(axis=0)) < 0:
        normal = -normal
    skin = (float(rng.uniform(120, 170)), float(rng.uniform(150, 190)), float(rng.uniform(200, 235)))
    tip = point - normal * rng.uniform(25, 60)
    base = point + normal * rng.uniform(120, 220)
    width = int(rng.uniform(45, 65))
    palm = base + normal * 80
    axes = (int(rng.uniform(90, 140)), int(rng.uniform(70, 110)))
    angle = float(np.degrees(np.arctan2(normal[1], normal[0])))
    for layer, colour in ((out, skin), (alpha, 1.0)):
        cv2.line(
            layer,
            (int(tip[0]), int(tip[1])),
            (int(base[0]), int(base[1])),
            colour,
            width,
            lineType=cv2.LINE_AA,
        )
        cv2.ellipse(
            layer, (int(palm[0]), int(palm[1])), axes, angle, 0, 360, colour, -1, lineType=cv2.LINE_AA
        )


def set_frame(seed: int, index: int, size: tuple[int, int] = FRAME_SIZE) -> SynthFrame:
    """Frame ``index`` of the set ``seed``: each frame has its own generator, so a set can be made in
    parallel and any single frame re-made for a closer look."""
    rng = np.random.default_rng([seed, index])
    return make_frame(rng, background=BACKGROUNDS[index % len(BACKGROUNDS)], size=size)


def make_set(seed: int, count: int, size: tuple[int, int] = FRAME_SIZE) -> list[SynthFrame]:
    """A reproducible set, backgrounds in equal shares."""
    return [set_frame(seed, i, size) for i in range(count)]


SAMPLE_PAGES = (
    ("1_hukou.jpg", "hukou", "wood"),
    ("2_certificate.jpg", "certificate", "white_desk"),
    ("3_id_front.jpg", "id_front", "cloth"),
    ("4_id_back.jpg", "id_back", "cloth"),
    ("5_form.jpg", "form", "wood"),
)


def write_samples(folder: Path, seed: int = 20261127) -> list[Path]:
    """The bundled demo pages (config/samples/pages): clean, sharp shots, small JPEGs."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, kind, background in SAMPLE_PAGES:
        rng = np.random.default_rng([seed, PAGE_KINDS.index(kind)])
        frame = make_frame(
            rng, background=background, page_kind=kind, blurry=False, glare=False, jpeg=False, troubles=False
        )
        path = folder / name
        ok, data = cv2.imencode(".jpg", frame.image, [cv2.IMWRITE_JPEG_QUALITY, 72])
        path.write_bytes(data.tobytes())
        written.append(path)
    return written
