"""Languages: Simplified Chinese is the source language; English comes from ui/translations/kiosk_en.qm.

Regenerate after changing UI text (from the repository root):
    .venv/bin/pyside6-lupdate $(ls ui/*.py ui/*/*.py) -ts ui/translations/kiosk_en.ts
    .venv/bin/pyside6-lrelease ui/translations/kiosk_en.ts -qm ui/translations/kiosk_en.qm
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
_installed: QTranslator | None = None


def install_language(language: str) -> bool:
    """Install the translator for ``language`` ("zh_CN" removes it). Returns False if none could load."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language.startswith("zh"):
        return True
    translator = QTranslator(app)
    if not translator.load(str(TRANSLATIONS / f"kiosk_{language}.qm")):
        log.warning("no translation for %s; showing Chinese", language)
        return False
    app.installTranslator(translator)
    _installed = translator
    return True
