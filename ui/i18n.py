"""Languages: Simplified Chinese is the source language; English comes from ui/translations/kiosk_en.qm.

Regenerate after changing UI text (from the repository root):
    .venv/bin/pyside6-lupdate $(ls ui/*.py ui/*/*.py) -ts ui/translations/kiosk_en.ts
    .venv/bin/pyside6-lrelease ui/translations/kiosk_en.ts -qm ui/translations/kiosk_en.qm
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP as _qt_translate_noop
from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
_installed: QTranslator | None = None


def QT_TRANSLATE_NOOP(context: str, message: str) -> str:
    """Mark ``message`` for lupdate (which finds calls by this exact name) and return it unchanged.

    PySide6's own QT_TRANSLATE_NOOP returns its argument, but its stub declares ``-> object``, which makes
    every ``translate(context, MARKED[...])`` a type error; this keeps the name lupdate looks for and says str.
    """
    return cast(str, _qt_translate_noop(context, message))


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
