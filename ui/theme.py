"""The look of the terminal in one place: colours, sizes for the normal and the elder mode, fonts.

Reference resolution: 1920x1080 landscape (the common 21.5"/23.8" kiosk panel, and the counter PC's
screen). Elder mode meets the national elderly-friendly figures at that resolution: body text >= 18 pt,
touch targets >= 60x60 px, contrast >= 4.5:1, line spacing >= 1.3. Every colour pair used for text below
is >= 4.5:1 (tests/ui/test_elder_metrics.py measures the real widgets).
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

REFERENCE_SIZE = (1920, 1080)
LINE_HEIGHT_PERCENT = 140  # >= 130 required by the elderly-friendly guidance

# Known places of a CJK font; the first that exists is loaded into the application.
CJK_FONT_PATHS = (
    Path(__file__).resolve().parent / "fonts" / "kiosk-cjk.ttf",
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)

# Colours (text/background pairs are all >= 4.5:1; see contrast_ratio()).
INK = "#1a1a1a"  # body text
PAPER = "#f6f3ea"  # page background
CARD = "#ffffff"  # panels and secondary buttons
PRIMARY = "#0b4f8a"  # primary buttons (white text, 8.3:1)
PRIMARY_DOWN = "#083a66"
ACCENT = "#a61b1b"  # government red: the header band and warnings (white text, 7.4:1)
MUTED = "#4a4a4a"  # secondary text on PAPER (8.2:1)
GOOD = "#1b5e20"  # "ok" text (white-on-green 7.9:1)
WARN_BG = "#fff3cd"  # soft warning panel (ink on it 15:1)
ERROR = "#b00020"  # error text on PAPER / CARD (6.2:1)
FOCUS = "#f2a900"  # keyboard focus ring (not a text colour)


@dataclasses.dataclass(frozen=True, slots=True)
class Theme:
    name: str
    body_pt: int
    small_pt: int
    heading_pt: int
    title_pt: int
    button_pt: int
    tile_pt: int
    target_px: int  # minimum height and width of anything touchable
    tile_px: int  # home/tile button edge
    margin_px: int
    spacing_px: int


NORMAL = Theme(
    "normal",
    body_pt=16,
    small_pt=14,
    heading_pt=24,
    title_pt=30,
    button_pt=18,
    tile_pt=22,
    target_px=56,
    tile_px=260,
    margin_px=28,
    spacing_px=16,
)
ELDER = Theme(
    "elder",
    body_pt=22,
    small_pt=18,
    heading_pt=30,
    title_pt=36,
    button_pt=24,
    tile_pt=28,
    target_px=80,
    tile_px=300,
    margin_px=24,
    spacing_px=20,
)

_current: Theme = NORMAL
_family: str = ""


def current() -> Theme:
    return _current


def family() -> str:
    return _family or QApplication.font().family()


def load_fonts() -> str:
    """Load a CJK font into the application so Chinese renders the same everywhere (offscreen too)."""
    global _family
    if _family:
        return _family
    for path in CJK_FONT_PATHS:
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            _family = families[0]
            return _family
    log.warning("no CJK font found; Chinese text may show as boxes")
    return ""


def apply(app: QApplication, theme: Theme) -> None:
    """Make ``theme`` the current one: application font and style sheet (widgets re-polish themselves)."""
    global _current
    _current = theme
    fam = load_fonts()
    font = QFont(fam) if fam else QFont()
    font.setPointSize(theme.body_pt)
    app.setFont(font)
    app.setStyleSheet(style_sheet(theme, fam))


def style_sheet(t: Theme, fam: str) -> str:
    f = f'font-family: "{fam}";' if fam else ""
    r = max(8, t.target_px // 6)
    return f"""
    QWidget {{ {f} font-size: {t.body_pt}pt; color: {INK}; }}
    QLabel {{ color: {INK}; }}
    QLabel[role="title"] {{ font-size: {t.title_pt}pt; font-weight: bold; }}
    QLabel[role="heading"] {{ font-size: {t.heading_pt}pt; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {MUTED}; }}
    QLabel[role="error"] {{ color: {ERROR}; font-weight: bold; }}
    QLabel[role="hint"] {{ color: {MUTED}; font-size: {max(t.small_pt, t.body_pt - 2)}pt; }}
    QWidget#header {{ background: {ACCENT}; }}
    QWidget#header QLabel {{ color: #ffffff; font-size: {t.small_pt + 2}pt; }}
    QWidget#header QLabel[role="title"] {{ font-size: {t.heading_pt}pt; }}
    QFrame[role="panel"] {{ background: {CARD}; border: 2px solid #c9c2b0; border-radius: {r}px; }}
    QFrame[role="warn"] {{ background: {WARN_BG}; border: 2px solid #c9a227; border-radius: {r}px; }}
    QPushButton {{
        font-size: {t.button_pt}pt; min-height: {t.target_px}px; min-width: {t.target_px}px;
        padding: 4px 24px; border-radius: {r}px; background: {CARD}; color: {PRIMARY};
        border: 3px solid {PRIMARY};
    }}
    QPushButton:pressed {{ background: #dfe9f3; }}
    QPushButton:focus {{ border: 4px solid {FOCUS}; }}
    QPushButton:disabled {{ color: {MUTED}; border-color: #9a9a9a; background: #ecebe6; }}
    QPushButton[kind="primary"] {{ background: {PRIMARY}; color: #ffffff; border: 3px solid {PRIMARY}; }}
    QPushButton[kind="primary"]:pressed {{ background: {PRIMARY_DOWN}; }}
    QPushButton[kind="primary"]:focus {{ border: 4px solid {FOCUS}; }}
    QPushButton[kind="header"] {{ background: #ffffff; color: {ACCENT}; border: 2px solid #ffffff;
        font-size: {t.small_pt + 2}pt; padding: 2px 16px; }}
    QPushButton[kind="choice"] {{ text-align: left; padding: 8px 24px; color: {INK}; border-color: #8a8372; }}
    QPushButton[kind="choice"]:checked {{ background: {PRIMARY}; color: #ffffff; border-color: {PRIMARY}; }}
    QPushButton[kind="choice"][count="true"] {{ text-align: center; font-size: {t.heading_pt}pt; }}
    QPushButton[kind="key"] {{ font-size: {t.heading_pt}pt; color: {INK}; border-color: #8a8372; }}
    QLineEdit, QComboBox, QDateEdit, QSpinBox, QPlainTextEdit {{
        font-size: {t.body_pt + 2}pt; min-height: {t.target_px}px; padding: 4px 12px; background: {CARD};
        color: {INK}; border: 2px solid #8a8372; border-radius: {r // 2}px;
    }}
    QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QPlainTextEdit:focus {{ border: 3px solid {FOCUS}; }}
    QLineEdit[invalid="true"] {{ border: 3px solid {ERROR}; }}
    QCheckBox, QRadioButton {{ font-size: {t.body_pt}pt; min-height: {t.target_px}px; spacing: 16px; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: {t.target_px // 2}px; height: {t.target_px // 2}px; }}
    QScrollArea {{ background: transparent; border: none; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QScrollBar:vertical {{
        width: {max(28, t.target_px * 3 // 4)}px; background: #e4dfd2; border: none; margin: 0;
        border-radius: {r // 2}px;
    }}
    QScrollBar::handle:vertical {{
        background: {PRIMARY}; min-height: {t.target_px}px; border-radius: {r // 2}px; margin: 4px;
    }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; border: none; background: none; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QListWidget {{ background: {CARD}; border: 2px solid #c9c2b0; font-size: {t.body_pt}pt; }}
    QListWidget::item {{ min-height: {t.target_px}px; padding: 4px 12px; color: {INK}; }}
    QListWidget::item:selected {{ background: {PRIMARY}; color: #ffffff; }}
    """


def _luminance(c: QColor) -> float:
    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(c.redF()) + 0.7152 * chan(c.greenF()) + 0.0722 * chan(c.blueF())


def contrast_ratio(fg: QColor, bg: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 .. 21)."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
