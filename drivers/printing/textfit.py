"""Text that fits the printer: printable characters only, widths in half-width cells, wrapping.

In Chinese mode every character outside ASCII is sent as two GB18030 bytes and printed full-width
(two cells); ASCII takes one. Characters the printer cannot show (outside the two-byte GB18030/GBK
range, controls, private use) are replaced by a visible □ and counted, so a line is never garbled
and never silently shortened.
"""

from __future__ import annotations

import logging
import unicodedata

log = logging.getLogger(__name__)

REPLACEMENT = "□"
# Look-alikes that are outside the two-byte range but have an obvious printable twin.
_TWINS = str.maketrans(
    {
        "\u2022": "·",  # bullet
        "\u00a5": "￥",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": "　",
        "\u2009": " ",
        "\u2013": "-",
        "\u2212": "-",
        "\t": " ",
    }
)
# Characters that must not start a line (kinsoku): closing punctuation.
_NO_LINE_START = set("，。、；：？！）》」』】〕”’…·％")
# ... and opening punctuation must not end one.
_NO_LINE_END = set("（《「『【〔“‘")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def char_width(ch: str) -> int:
    return 1 if ord(ch) < 0x80 else 2


def text_width(text: str) -> int:
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


def _printable(ch: str) -> bool:
    if ord(ch) < 0x80:
        return 0x20 <= ord(ch) < 0x7F
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return False
    try:
        return len(ch.encode("gb18030")) == 2
    except UnicodeEncodeError:
        return False


def sanitize(text: str, where: str = "text") -> str:
    """Printable form of one line of text; replacements are logged by count and place, never content."""
    text = unicodedata.normalize("NFC", text).translate(_TWINS)
    out: list[str] = []
    replaced = 0
    for ch in text:
        if ch in _ZERO_WIDTH:
            continue
        if _printable(ch):
            out.append(ch)
        else:
            out.append(REPLACEMENT)
            replaced += 1
    if replaced:
        log.warning("replaced %d unprintable character(s) in a %s", replaced, where)
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` cells; ASCII words stay whole where they fit."""
    if width < 2:
        width = 2
    lines: list[str] = []
    line = ""
    used = 0
    i = 0
    while i < len(text):
        ch = text[i]
        w = char_width(ch)
        if used + w <= width:
            line += ch
            used += w
            i += 1
            continue
        cut = _break_point(line, ch, width)
        lines.append(line[:cut].rstrip(" "))
        line = line[cut:].lstrip(" ")
        used = text_width(line)
        if used + w > width:  # a single word longer than the line: hard break
            lines.append(line)
            line, used = "", 0
    if line or not lines:
        lines.append(line.rstrip(" "))
    return lines


def _break_point(line: str, next_ch: str, width: int) -> int:
    """Where to end ``line`` when ``next_ch`` does not fit: ASCII words stay whole, no closing punctuation first."""
    if next_ch.isascii() and next_ch != " ":
        k = len(line)
        while k > 0 and line[k - 1].isascii() and line[k - 1] != " ":
            k -= 1
        if 0 < k < len(line) and text_width(line[k:]) + 1 < width:
            return k
    cut = len(line)
    if next_ch in _NO_LINE_START and cut > 1:
        cut -= 1
    if cut > 1 and line[cut - 1] in _NO_LINE_END:
        cut -= 1
    return cut


def pad_to(text: str, width: int, align: str) -> str:
    """Pad ``text`` with spaces to ``width`` cells (used for key columns)."""
    gap = max(0, width - text_width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap
