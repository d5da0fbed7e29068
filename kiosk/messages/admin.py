"""What the terminal says about the administrator PIN (kiosk/admin_pin.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "admin.pin_not_set": "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin",
    "admin.pin_damaged": "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin",
}
