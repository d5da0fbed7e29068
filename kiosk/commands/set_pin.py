"""``kiosk set-pin``: set the administrator PIN that guards the way out of the kiosk.

Also the recovery when the PIN pad says the PIN is missing or damaged (kiosk/admin_pin.py), and the way
to lift a lockout at the console: a new PIN clears the count of wrong tries.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.commands._common import home_from

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(sub: Subparsers) -> None:
    p = sub.add_parser("set-pin", help="set the administrator PIN / 设置管理员密码")
    p.add_argument(
        "--stdin", action="store_true", help="read the PIN from standard input (for install scripts)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.admin_pin import AdminPin

    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("新的管理员密码 (6-12 位数字) / new PIN: ")
        if getpass.getpass("再输入一次 / again: ") != pin:
            print("两次输入不一致，未修改。/ The two entries differ; nothing changed.", file=sys.stderr)
            return 1
    try:
        AdminPin(home_from(args), demo=False).set_pin(pin)
    except ValueError:
        print(
            "密码须为 6 到 12 位数字，未修改。/ The PIN must be 6 to 12 digits; nothing changed.",
            file=sys.stderr,
        )
        return 1
    print("管理员密码已设置。/ The administrator PIN is set.")
    return 0
