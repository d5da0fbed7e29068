"""The villager's words for an error, for the screens: ``kiosk.messages.resolve`` chooses them by the
error's codes (never from ``str(exc)``; the table and its fallbacks are described there), and the UI's
own codes are ``ui.*`` in that same table (``kiosk/messages/screen.py``). This module is where the
screens ask, so that whatever the screens do with the words happens in one place.

On an English screen every message comes from ``ui/translations/messages_en.qm`` (context "Messages", the
Chinese as source, the code ``resolve`` names as disambiguation; ui/message_catalogue.py keeps the file
complete); so do the status words of an application and the words the form engine composes
(``form_templates``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from kiosk.messages import GENERIC, all_messages, codes_of, resolve

if TYPE_CHECKING:
    from ui.window import KioskWindow

GENERAL = GENERIC  # the general sentence, by the name the screens' callers know
__all__ = [
    "GENERAL",
    "all_messages",
    "code_of",
    "form_templates",
    "item_name",
    "joined",
    "status_word",
    "text_for",
    "text_for_code",
]


def code_of(exc: BaseException) -> str:
    codes = codes_of(exc)
    return codes[0] if codes else ""


def translated(code: str, chinese: str) -> str:
    """``chinese`` (the text of ``code``) in the installed language."""
    return QCoreApplication.translate("Messages", chinese, code)


def text_for_code(code: str) -> str:
    found, text = resolve(code)
    return translated(found, text)


def status_word(status: str) -> str:
    """How an application's status reads (``kiosk.terminal.STATUS_WORDS``), in the installed language."""
    from kiosk.terminal import STATUS_WORDS

    return translated(f"status.{status}", STATUS_WORDS[status]) if status in STATUS_WORDS else status


def form_templates() -> dict[str, str]:
    """The form engine's words (kiosk/messages/forms.py) in the installed language."""
    from kiosk.messages.forms import MESSAGES

    return {code: translated(code, text) for code, text in MESSAGES.items()}


def pair(key: str, value: str) -> str:
    return text_for_code("ui.pair").format(key=key, value=value)


def note(text: str, note: str) -> str:
    return text_for_code("ui.note").format(text=text, note=note)


def joined(parts: list[str], how: str = "ui.list") -> str:
    """``parts`` joined the screen language's way: "ui.list" (；), "ui.series" (、) or "ui.gap" (a space)."""
    return text_for_code(how).join(parts)


def item_name(win: KioskWindow, code: str, recorded: str) -> str:
    """An application's item in the screen's language, by its code (or, where only the name was kept, by
    the Chinese name recorded); the recorded name when the catalogue no longer has the item."""
    if not code:
        code = next((it.code for it in win.terminal.catalogue.items if it.name == recorded), "")
    try:
        return str(win.catalogue.item(code).name)
    except KeyError:
        return recorded


def text_for(exc: BaseException) -> str:
    """The villager's words for an error; walks the type's bases until one has a message."""
    found, text = resolve(exc)
    return translated(found, text)
