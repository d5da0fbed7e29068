"""``kiosk-central agents add|list|disable|enable|reset-pin``: agent accounts (central/agents.py).

A PIN is never an argument (it would sit in the shell's history and in ``ps``): it is asked twice on the
terminal, or read as one line from standard input with ``--pin-stdin`` (scripts, tests).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from central import errors


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    agents = sub.add_parser("agents", help="agent accounts (代办员)")
    acts = agents.add_subparsers(dest="action", required=True)
    add = acts.add_parser("add", help="a new agent; the PIN is asked for")
    common(add)
    add.add_argument("number", help="agent number, 4-12 digits, e.g. 8001")
    add.add_argument("--name", required=True, help="display name, e.g. 王小红")
    add.add_argument("--station", action="append", required=True, help="station code (repeat for more)")
    add.add_argument("--village", action="append", default=[], help="a village it serves (repeat)")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    listing = acts.add_parser("list", help="number, name, stations, villages, state")
    common(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    for name, text in (
        ("disable", "refuse its logins from each terminal's next sync"),
        ("enable", "allow again"),
    ):
        p = acts.add_parser(name, help=text)
        common(p)
        p.add_argument("number")
    reset = acts.add_parser("reset-pin", help="a new PIN; the old one stops at each terminal's next sync")
    common(reset)
    reset.add_argument("number")
    reset.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass("PIN (6-12 位数字 / digits): ")
    if getpass.getpass("再输一次 (again): ") != pin:
        raise errors.AgentInvalid("两次输入的 PIN 不一样 (the two PINs differ)")
    return pin


def run(platform: Any, args: argparse.Namespace) -> int:
    agents = platform.agents
    if args.action == "add":
        agents.add(args.number, args.name, args.station, args.village, _read_pin(args.pin_stdin))
        print(f"代办员已添加 (agent added): {args.number} {args.name}")
    elif args.action == "list":
        rows = agents.list_all()
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        for r in [] if args.json else rows:
            state = f"停用 disabled {r['disabled_at']}" if r["disabled_at"] else "启用 active"
            print(
                f"{r['number']}  {r['name']}  {','.join(r['stations'])}  {','.join(r['villages']) or '-'}  {state}"
            )
    elif args.action in ("disable", "enable"):
        agents.set_disabled(args.number, args.action == "disable")
        word = "已停用 (disabled)" if args.action == "disable" else "已启用 (enabled)"
        print(f"代办员{word}: {args.number}")
    elif args.action == "reset-pin":
        agents.reset_pin(args.number, _read_pin(args.pin_stdin))
        print(f"代办员 PIN 已重设 (PIN reset): {args.number}")
    return 0
