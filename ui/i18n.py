"""Languages: Simplified Chinese is the source language; English comes from two translation files:

* ``ui/translations/kiosk_en.qm``: the screens' own words (found by lupdate in ui/);
* ``ui/translations/messages_en.qm``: the words chosen by code (``kiosk/messages/*.py``, the UI's own
  codes, the status words), context "Messages", the code as the disambiguation (ui/messages.py).
The catalogue's words (item names, guides, forms) come with the catalogue (kiosk/catalog_i18n.py).

Regenerate after changing UI text (from the repository root):
    .venv/bin/pyside6-lupdate $(ls ui/*.py ui/*/*.py) -ts ui/translations/kiosk_en.ts
    .venv/bin/python -m ui.message_catalogue   # adds new codes to messages_en.ts, unfinished
    .venv/bin/pyside6-lrelease ui/translations/kiosk_en.ts -qm ui/translations/kiosk_en.qm
    .venv/bin/pyside6-lrelease ui/translations/messages_en.ts -qm ui/translations/messages_en.qm
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP as _qt_translate_noop
from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
_installed: list[QTranslator] = []
_language = "zh_CN"
FILES = ("kiosk", "messages")


def QT_TRANSLATE_NOOP(context: str, message: str) -> str:
    """Mark ``message`` for lupdate (which finds calls by this exact name) and return it unchanged.

    PySide6's own QT_TRANSLATE_NOOP returns its argument, but its stub declares ``-> object``, which makes
    every ``translate(context, MARKED[...])`` a type error; this keeps the name lupdate looks for and says str.
    """
    return cast(str, _qt_translate_noop(context, message))


def install_language(language: str) -> bool:
    """Install the translator for ``language`` ("zh_CN" removes it). Returns False if none could load."""
    global _language
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _language = "zh_CN"
    if language.startswith("zh"):
        return True
    for name in FILES:
        translator = QTranslator(app)
        if not translator.load(str(TRANSLATIONS / f"{name}_{language}.qm")):
            log.warning("no %s translation for %s; showing Chinese", name, language)
            continue
        app.installTranslator(translator)
        _installed.append(translator)
    _language = language if _installed else "zh_CN"
    return bool(_installed)


def current_language() -> str:
    """The language installed last ("zh_CN" when none): the catalogue's words follow it."""
    return _language
