"""What the terminal says for the core's own errors (kiosk/errors.py) that no other area owns."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "kiosk.error": "终端出现问题，请稍后再试，或请工作人员帮忙。",
    "config.invalid": "终端的配置文件有误，终端不能启动，请联系管理员。",
    "submit.bad_file": "申请文件有误，没有提交，请检查文件后重试。",
    "messages.duplicate": "终端软件的提示文字有误，请联系管理员。",
}
