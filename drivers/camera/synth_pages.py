"""Fictional document pages for the synthetic camera frames, all marked 样例: a household-register page
(常住人口登记卡), a 证明 letter with a red seal, an application form with a ruled table, and the front and
back of a resident ID card. Rendered with Pillow and the WenQuanYi font; cached, since text is slow.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

U8 = npt.NDArray[np.uint8]
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE_KINDS = ("hukou", "certificate", "form", "id_front", "id_back")


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
