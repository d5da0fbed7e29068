"""Find a CJK font for the raster fallback and the PNG rendering of printouts."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from drivers.printing.errors import NoCjkFont

# Debian: fonts-wqy-microhei (5 MB) is the one we depend on; the others are accepted where present.
_KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
_NAME_HINTS = ("wqy", "notosanscjk", "notoserifcjk", "sourcehansans", "uming", "ukai", "droidsansfallback")
_SEARCH_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


@functools.cache
def find_cjk_font() -> Path:
    """``$KIOSK_CJK_FONT``, then known paths, then any font file whose name says it is CJK."""
    env = os.environ.get("KIOSK_CJK_FONT", "")
    if env and Path(env).is_file():
        return Path(env)
    for known in _KNOWN:
        if Path(known).is_file():
            return Path(known)
    for folder in _SEARCH_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            name = path.name.lower().replace("-", "").replace("_", "")
            if path.suffix.lower() in (".ttf", ".ttc", ".otf") and any(h in name for h in _NAME_HINTS):
                return path
    raise NoCjkFont("no CJK font found; install fonts-wqy-microhei or set KIOSK_CJK_FONT")
