"""``kiosk agent add|list``: agent accounts on this terminal (kiosk/agents.py).

Accounts come from the platform at each sync; ``add`` makes a local first-boot account for a terminal
that has not synced yet (marked local; an account of the same number from the platform replaces it).
The PIN is asked twice, or read as one line from standard input with ``--pin-stdin``; never an argument.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from kiosk.commands._common import config_from, home_from

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(sub: Subparsers) -> None:
    p = sub.add_parser("agent", help="agent accounts on this terminal / 本机代办员账号")
    acts = p.add_subparsers(dest="action", required=True)
    add = acts.add_parser("add", help="a local first-boot agent account / 添加本机代办员")
    add.add_argument("number", help="agent number, 4-12 digits")
    add.add_argument("--name", required=True, help="display name")
    add.add_argument("--village", action="append", default=[], help="a village it serves (repeat)")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    acts.add_parser("list", help="accounts and their sync state / 账号和同步情况")
    p.set_defaults(func=run)


def _pin(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass("代办员密码 (6-12 位数字) / PIN: ")
    if getpass.getpass("再输入一次 / again: ") != pin:
        print("两次输入不一致，未添加。/ The two entries differ; nothing added.", file=sys.stderr)
        return None
    return pin


def run(args: argparse.Namespace) -> int:
    from kiosk.agents import AgentError, new_verifier
    from kiosk.messages import message_for
    from offline_cache.errors import OfflineCacheError
    from offline_cache.store import Store
    from offline_cache.wire import AgentAccountWire

    home = home_from(args)
    station = str(config_from(args).get("station", "code"))
    with Store.open(home / "kiosk.db", home / "attachments", station) as store:
        if args.action == "list":
            state = store.agents.state()
            synced = state.synced_at.isoformat() if state.synced_at else "从未 never"
            print(f"共 {state.accounts} 个账号，停用 {state.disabled}，本机 {state.local}；上次同步 {synced}")
            for a in store.agents.all():
                tags = ["本机 local" if a.local else "平台 platform"] + (
                    ["停用 disabled"] if a.disabled else []
                )
                print(f"{a.number}  {a.name}  {','.join(a.villages) or '-'}  {' '.join(tags)}")
            return 0
        pin = _pin(args.pin_stdin)
        if pin is None:
            return 1
        try:
            AgentAccountWire.model_validate(
                {"number": args.number, "name": args.name, "villages": args.village, "pin_verifier": "",
                 "updated_at": "2026-01-01T00:00:00Z"}
            )  # fmt: skip
        except ValueError as exc:
            if any(e["loc"][0] != "pin_verifier" for e in getattr(exc, "errors", list)()):
                print(f"{message_for('agent.invalid')} (number 4-12 digits, name 1-40)", file=sys.stderr)
                return 1
        try:
            store.agents.add_local(args.number, args.name, args.village, new_verifier(pin))
        except (AgentError, OfflineCacheError) as exc:
            print(f"{message_for(exc)} ({exc.code})", file=sys.stderr)
            return 1
    print(f"本机代办员已添加 (local agent added): {args.number} {args.name}")
    return 0
