"""``kiosk-central`` subcommands for the services beside applications (``central/complaints.py``):

kiosk-central complaints list [--open] [--json]   the queue, oldest first (--open: not yet answered)
kiosk-central complaints reply COMPLAINT_ID TEXT  answer one; the terminal shows it in the progress query
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

COMMANDS = ("complaints",)
ABOUT = {"service": "事项", "department": "部门", "station": "本站"}


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    complaints = sub.add_parser("complaints", help="complaints and suggestions (监督举报) from the terminals")
    actions = complaints.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the queue, oldest first")
    common(listing)
    listing.add_argument("--open", action="store_true", help="only those not answered yet")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    reply = actions.add_parser("reply", help="answer a complaint (shown at the terminal: no personal data)")
    common(reply)
    reply.add_argument("complaint_id")
    reply.add_argument("text")


def run(platform: Any, args: argparse.Namespace) -> int:
    if args.command == "complaints":
        return _complaints(platform, args)
    raise AssertionError(args.command)


def _complaints(platform: Any, args: argparse.Namespace) -> int:
    if args.action == "reply":
        answer = platform.complaints.reply(args.complaint_id, args.text)
        print(f"已答复 (replied): {answer.complaint_id} {answer.replied_at.isoformat()}")
        return 0
    rows = platform.complaints.queue(unanswered_only=args.open)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        who = "实名" if r["named"] else "匿名"
        state = "已答复" if r["reply"] else "待答复"
        what = "；".join([*r["problems"], r["text"]]) if r["text"] else "；".join(r["problems"])
        print(
            f"{r['complaint_id']}  {r['local_no']}  {ABOUT.get(r['about'], r['about'])}  {who}  {state}  {what}"
        )
    return 0
