"""Printer-independent documents: a receipt is a list of blocks that knows nothing about ESC/POS.

The kiosk core builds documents (``kiosk/receipts.py``); the ESC/POS renderer turns them into bytes for a
given paper width and printer profile; ``document_to_text`` and ``render_png`` give the screen preview.
Documents round-trip through JSON so the print queue can store them before anything is sent.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from drivers.printing.errors import DocumentError

Align = Literal["left", "center", "right"]
_ALIGNS = ("left", "center", "right")
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Title:
    """A heading: centred, bold, double width and height."""

    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped to the paper width."""

    text: str
    align: Align = "left"
    bold: bool = False
    large: bool = False  # double height, for numbers the villager must find at a glance
    indent: int = 0  # hanging indent (half-width cells) of continuation lines, e.g. 3 for "1. "


@dataclass(frozen=True)
class KeyValue:
    """One row "key：value"; long values wrap under the value column."""

    key: str
    value: str


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""

    style: Literal["single", "double"] = "single"


@dataclass(frozen=True)
class QR:
    """A QR code with an optional caption printed under it."""

    data: str
    caption: str = ""
    module: int = 6  # dots per module on a 203 dpi printer


@dataclass(frozen=True)
class Barcode:
    """A CODE128 barcode (ASCII only), human-readable text below."""

    data: str


@dataclass(frozen=True)
class Spacer:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = False


Block = Title | Text | KeyValue | Rule | QR | Barcode | Spacer | Cut

_TYPES: dict[str, type[Any]] = {
    "title": Title,
    "text": Text,
    "kv": KeyValue,
    "rule": Rule,
    "qr": QR,
    "barcode": Barcode,
    "spacer": Spacer,
    "cut": Cut,
}
_NAMES: dict[type[Any], str] = {cls: name for name, cls in _TYPES.items()}


@dataclass(frozen=True)
class Document:
    blocks: list[Block]
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # e.g. {"kind": "acceptance"}; never personal data

    def to_json(self) -> str:
        blocks = [{"type": _NAMES[type(b)], **dataclasses.asdict(b)} for b in self.blocks]
        payload = {"version": FORMAT_VERSION, "title": self.title, "meta": self.meta, "blocks": blocks}
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Document:
        try:
            payload = json.loads(text)
            if payload.get("version") != FORMAT_VERSION:
                raise DocumentError(f"unsupported document version {payload.get('version')!r}")
            blocks = [_block_from_dict(item) for item in payload["blocks"]]
            meta = {str(k): str(v) for k, v in dict(payload.get("meta", {})).items()}
            return cls(blocks=blocks, title=str(payload.get("title", "")), meta=meta)
        except DocumentError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DocumentError(f"not a stored document: {type(exc).__name__}") from exc


def _block_from_dict(item: dict[str, Any]) -> Block:
    kind = item.pop("type")
    cls = _TYPES.get(kind)
    if cls is None:
        raise DocumentError(f"unknown block type {kind!r}")
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    unknown = set(item) - set(fields)
    if unknown:
        raise DocumentError(f"unknown fields {sorted(unknown)} in {kind} block")
    block: Block = cls(**item)
    if isinstance(block, Text) and block.align not in _ALIGNS:
        raise DocumentError(f"bad alignment {block.align!r}")
    return block


def document_to_text(doc: Document) -> str:
    """Plain text for the screen preview (the UI wraps it; the printed layout is ``render_png``)."""
    lines: list[str] = []
    for block in doc.blocks:
        match block:
            case Title(text=text):
                lines.append(text)
            case Text(text=text):
                lines.append(text)
            case KeyValue(key=key, value=value):
                lines.append(f"{key}：{value}")
            case Rule(style=style):
                lines.append("=" * 24 if style == "double" else "-" * 24)
            case QR(data=data, caption=caption):
                lines.append(f"[二维码] {data}")
                if caption:
                    lines.append(caption)
            case Barcode(data=data):
                lines.append(f"[条码] {data}")
            case Spacer(lines=n):
                lines.extend([""] * max(0, min(n, 10)))
            case Cut():
                pass
    return "\n".join(lines) + "\n"


def render_png(doc: Document, paper_mm: int = 80, dpi: int = 203, profile: str = "default") -> bytes:
    """The printed look of ``doc`` as a PNG: rendered to ESC/POS, then drawn back by the decoder."""
    from drivers.printing.decoder import decode
    from drivers.printing.escpos_render import render
    from drivers.printing.profiles import get_profile, paper_dots

    prof = get_profile(profile)
    data = render(doc, prof, paper_dots(paper_mm, dpi))
    return decode(data, prof, paper_dots(paper_mm, dpi)).png()
