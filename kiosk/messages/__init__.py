"""Plain-Chinese messages for error and problem codes, merged from one module per area.

Each area (card, printer, camera, forms, store, sync...) keeps ``MESSAGES: dict[str, str]`` in its own
module here. The UI and the CLI pick text by the error's ``code``, never from ``str(exc)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

GENERIC = "出了点问题，请稍后再试，或请工作人员帮忙。"

_OWN: dict[str, str] = {
    "store.recovered": "本机数据文件损坏，已另存并重新开始；请联系管理员。",
    "sync.not_enrolled": "终端尚未注册到政务服务平台，申请会先保存在本机。",
    "sync.platform_unreachable": "暂时连不上政务服务平台，申请会先保存在本机，联网后自动上传。",
    "card.no_reader": "没有找到身份证读卡器，请联系工作人员。",
    "camera.unavailable": "没有找到摄像头，请联系工作人员。",
    "printer.offline": "打印机没有连接，回执会在打印机恢复后补打。",
    "disk.low": "磁盘空间不足，请联系管理员清理。",
}


@cache
def all_messages() -> dict[str, str]:
    merged = dict(_OWN)
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        merged.update(getattr(module, "MESSAGES", {}))
    return merged


def message_for(code_or_error: str | BaseException) -> str:
    """The Chinese text for an error code, or for an exception by its ``code`` attribute."""
    code = code_or_error if isinstance(code_or_error, str) else getattr(code_or_error, "code", "")
    return all_messages().get(code, GENERIC)
