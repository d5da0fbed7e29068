"""Plain-Chinese words for every error code, chosen from the error's TYPE/code, never from str(exc).

The areas keep their messages in ``kiosk/messages/<area>.py`` as ``MESSAGES: dict[str, str]``; this module
merges them once. A code without a message falls back along its dotted prefix ("card.expired.x" ->
"card.expired" -> "card") and finally to a general sentence.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

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


def text_for_code(code: str) -> str:
    messages = all_messages()
    parts = code.split(".")
    while parts:
        text = messages.get(".".join(parts))
        if text:
            return text
        parts.pop()
    return GENERAL


def text_for(exc: BaseException) -> str:
    """The villager's words for an error; walks the type's bases until one has a message."""
    messages = all_messages()
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code in messages:
            return messages[code]
    return text_for_code(code_of(exc)) if code_of(exc) else GENERAL
