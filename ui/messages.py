"""Plain-Chinese words for every error code, chosen from the error's TYPE/code, never from str(exc).

The areas keep their messages in ``kiosk/messages/<area>.py`` as ``MESSAGES: dict[str, str]``; this module
merges them once. A code without a message falls back along its dotted prefix ("card.expired.x" ->
"card.expired" -> "card") and finally to a general sentence.

On an English screen every message comes from ``ui/translations/messages_en.qm`` (context "Messages", the
Chinese as source, the code as disambiguation; ui/message_catalogue.py keeps the file complete); so do the
status words of an application and the words the form engine composes (``form_templates``).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

GENERAL = "出了点问题，请稍后再试，或请工作人员帮忙。"

# The UI's own codes (problems it detects itself), in the same style.
UI_MESSAGES: dict[str, str] = {
    "ui.card_removed": "身份证拿开了，请把身份证重新放到读卡区，放好后不要移动。",
    "ui.no_card": "没有读到身份证，请把身份证放到读卡区。",
    "ui.camera_lost": "摄像头断开了，正在重新连接。请稍等，或请工作人员帮忙。",
    "ui.printer_later": "打印机暂时不能打印，您的申请已经保存好，回执会在打印机恢复后打印出来。",
    "ui.offline_copy": "现在连不上网络，下面是本机保存的记录，可能不是最新的。",
    "ui.online_copy": "下面是政务服务平台上的最新记录。",
    "ui.pin_wrong": "密码不对，请重新输入。",
    "ui.qr_unknown": "没有认出这张回执上的二维码，请把回执上的二维码对准摄像头。",
    "ui.nothing_found": "没有找到您的办件记录。",
    # How the screens join words, so that an English screen joins them with English punctuation.
    "ui.pair": "{key}：{value}",
    "ui.note": "{text}（{note}）",
    "ui.list": "；",
    "ui.series": "、",
    "ui.gap": "　",
}

_merged: dict[str, str] | None = None


def all_messages() -> dict[str, str]:
    global _merged
    if _merged is None:
        merged: dict[str, str] = {}
        try:
            package = importlib.import_module("kiosk.messages")
            for info in pkgutil.iter_modules(package.__path__):
                module = importlib.import_module(f"kiosk.messages.{info.name}")
                merged.update(getattr(module, "MESSAGES", {}))
        except ImportError:
            log.warning("kiosk.messages not importable; using general messages")
        merged.update(UI_MESSAGES)
        _merged = merged
    return _merged


def code_of(exc: BaseException) -> str:
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str):
            return code
    return ""


def translated(code: str, chinese: str) -> str:
    """``chinese`` (the text of ``code``) in the installed language."""
    return QCoreApplication.translate("Messages", chinese, code)


def text_for_code(code: str) -> str:
    messages = all_messages()
    parts = code.split(".")
    while parts:
        found = ".".join(parts)
        text = messages.get(found)
        if text:
            return translated(found, text)
        parts.pop()
    return translated("general", GENERAL)


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


def item_name(win: Any, code: str, recorded: str) -> str:
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
    messages = all_messages()
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code in messages:
            return translated(code, messages[code])
    return text_for_code(code_of(exc)) if code_of(exc) else translated("general", GENERAL)
