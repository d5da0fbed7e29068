"""What the progress query says when it is offered only a receipt number (kiosk/query_codes.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "progress.number_only": (
        "为了保护您的信息，只凭受理编号或旧回执上的二维码不能查看办件情况。"
        "请放身份证查询，或扫描新回执上的二维码。"
    ),
}
