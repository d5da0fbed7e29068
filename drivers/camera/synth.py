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
from PIL import Image, ImageDraw, ImageFont

U8 = npt.NDArray[np.uint8]
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
BACKGROUNDS = ("wood", "white_desk", "cloth", "clutter")
PAGE_KINDS = ("hukou", "certificate", "form", "id_front", "id_back")
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


# ---------------------------------------------------------------- pages


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size)


def _sample_mark(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
    size = max(24, w // 8)
    draw.text((w * 0.62, h * 0.04), "样例", font=_font(size), fill=(200, 60, 60))


def _lines(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    texts: list[str],
    size: int,
    step: float,
    ink: tuple[int, int, int],
) -> None:
    for i, text in enumerate(texts):
        draw.text((x, y + i * step), text, font=_font(size), fill=ink)


@functools.lru_cache(maxsize=32)
def render_page(kind: str, variant: int = 0) -> U8:
    """A flat page image (BGR), about 100 ppi for A4-sized kinds. Cached: rendering text is slow."""
    rng = np.random.default_rng(1000 + variant * 7 + PAGE_KINDS.index(kind))
    tone = int(rng.integers(236, 252))
    paper = (tone, tone, max(200, tone - int(rng.integers(0, 12))))
    ink = (25, 25, 30)
    if kind in ("id_front", "id_back"):
        return _render_id(kind, rng)
    w, h = (720, 1018) if kind != "hukou" else (700, 980)
    img = Image.new("RGB", (w, h), paper)
    draw = ImageDraw.Draw(img)
    if kind == "certificate":
        draw.text((w // 2 - 60, 70), "证  明", font=_font(52), fill=ink)
        body = [
            "兹证明样例村村民样例张三，性别男，",
            "系我村常住居民，家庭成员共四人，",
            "现居住于样例镇样例村三组十二号。",
            "该户家庭情况属实，特此证明。",
            "本证明仅供办理业务使用（样例）。",
            "",
            "有效期：自开具之日起三十日内。",
        ]
        _lines(draw, 70, 190, body, 28, 52, ink)
        draw.text((w - 330, h - 260), "样例村民委员会（盖章）", font=_font(26), fill=ink)
        draw.text((w - 300, h - 210), "二〇二六年十一月二十日", font=_font(26), fill=ink)
        cx, cy, r = w - 200, h - 230, 80
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 40, 40), width=5)
        draw.text((cx - 34, cy - 16), "样例", font=_font(34), fill=(210, 40, 40))
    elif kind == "form":
        draw.text((w // 2 - 160, 50), "城乡居民医疗保险参保登记表", font=_font(30), fill=ink)
        top, rows = 130, 16
        row_h = (h - top - 80) / rows
        for r in range(rows + 1):
            y = int(top + r * row_h)
            draw.line((50, y, w - 50, y), fill=ink, width=2)
        for x in (50, 230, 420, 560, w - 50):
            draw.line((x, top, x, int(top + rows * row_h)), fill=ink, width=2)
        labels = [
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "身份证号",
            "联系电话",
            "户籍地址",
            "参保类别",
            "缴费档次",
            "银行账号",
            "开户银行",
            "家庭成员",
            "关系",
            "备注",
            "经办人",
            "日期",
        ]
        for r, label in enumerate(labels):
            draw.text((62, int(top + r * row_h + 12)), label, font=_font(24), fill=ink)
            draw.text((240, int(top + r * row_h + 12)), "样例", font=_font(24), fill=(120, 60, 20))
    else:  # hukou: 常住人口登记卡
        draw.text((w // 2 - 120, 40), "常住人口登记卡", font=_font(36), fill=(30, 30, 150))
        top = 110
        for r in range(12):
            y = top + r * 68
            draw.line((40, y, w - 40, y), fill=(60, 60, 140), width=2)
        draw.rectangle((40, top, w - 40, top + 11 * 68), outline=(60, 60, 140), width=3)
        fields = [
            "姓名  样例张三",
            "户主或与户主关系  户主",
            "曾用名  无",
            "性别  男    民族  汉",
            "出生地  样例省样例县",
            "籍贯  样例省样例县",
            "出生日期  一九八〇年一月一日",
            "本市（县）其他住址  无",
            "宗教信仰  无",
            "公民身份证件编号  样例",
            "文化程度  初中",
        ]
        _lines(draw, 56, top + 20, fields, 26, 68, ink)
        draw.text((w // 2 - 50, h - 90), "承办人签章  样例", font=_font(24), fill=ink)
    _sample_mark(draw, w, h)
    return np.asarray(cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR), dtype=np.uint8)


def _render_id(kind: str, rng: np.random.Generator) -> U8:
    w, h = 856, 540
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.empty((h, w, 3), np.float32)
    wave = 8 * np.sin(xx / 23.0 + yy / 41.0) + 6 * np.cos(yy / 17.0)
    base[..., 0] = 238 + wave  # light blue-grey guilloche
    base[..., 1] = 232 + wave * 0.6
    base[..., 2] = 222 + wave * 0.3
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)[..., ::-1].copy())
    draw = ImageDraw.Draw(img)
    ink = (20, 20, 20)
    if kind == "id_front":
        rows = [
            "姓名  样例张三",
            "性别  男     民族  汉",
            "出生  1980 年 1 月 1 日",
            "住址  样例省样例县样例镇",
            "      样例村三组十二号",
        ]
        _lines(draw, 60, 60, rows, 30, 62, ink)
        draw.text((60, 440), "公民身份号码  000000198001010000", font=_font(32), fill=ink)
        draw.rectangle((600, 70, 800, 330), fill=(205, 215, 230))
        draw.ellipse((650, 110, 750, 230), fill=(120, 110, 100))
        draw.rectangle((630, 230, 770, 330), fill=(60, 60, 80))
    else:
        draw.ellipse((60, 50, 190, 180), outline=(200, 40, 40), width=6)
        draw.text((240, 70), "中华人民共和国", font=_font(48), fill=ink)
        draw.text((260, 170), "居民身份证", font=_font(58), fill=ink)
        draw.text((120, 380), "签发机关  样例县公安局", font=_font(30), fill=ink)
        draw.text((120, 440), "有效期限  2020.01.01-2040.01.01", font=_font(30), fill=ink)
    draw.text((620, 10), "样例", font=_font(60), fill=(200, 60, 60))
    del rng
    return np.asarray(np.asarray(img)[..., ::-1], dtype=np.uint8).copy()


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
