"""``kiosk-central`` subcommands for the services beside applications (``central/complaints.py``,
``central/appointments.py``)::

    kiosk-central complaints list [--open] [--json]   the queue, oldest first (--open: not yet answered)
    kiosk-central complaints reply COMPLAINT_ID TEXT  answer one; the terminal shows it in the progress query
    kiosk-central slots add --hall CODE --hall-name NAME --item CODE --at 2026-12-10T09:00
                            [--minutes 30] [--capacity 4] [--every 30 --count 8] [--address TEXT]
    kiosk-central slots list [--item CODE] [--json]   with the places left
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

COMMANDS = ("complaints", "slots")
CHINA = dt.timezone(dt.timedelta(hours=8))
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
    slots = sub.add_parser("slots", help="appointment slots (预约) per hall and item")
    slot_actions = slots.add_subparsers(dest="action", required=True)
    add = slot_actions.add_parser("add", help="offer times at a hall for an item")
    common(add)
    add.add_argument("--hall", required=True, help="hall code, e.g. the township centre's")
    add.add_argument("--hall-name", required=True)
    add.add_argument("--address", default="", help="where the hall is (printed on the slip)")
    add.add_argument("--item", required=True, help="the item's implementation code")
    add.add_argument("--at", required=True, help="first start, China time: 2026-12-10T09:00")
    add.add_argument("--minutes", type=int, default=30)
    add.add_argument("--capacity", type=int, default=4, help="people per slot")
    add.add_argument("--every", type=int, default=0, help="minutes between starts, with --count")
    add.add_argument("--count", type=int, default=1)
    show = slot_actions.add_parser("list", help="slots with the places left")
    common(show)
    show.add_argument("--item", default=None)
    show.add_argument("--json", action="store_true")


def run(platform: Any, args: argparse.Namespace) -> int:
    if args.command == "complaints":
        return _complaints(platform, args)
    if args.command == "slots":
        return _slots(platform, args)
    raise AssertionError(args.command)


def _slots(platform: Any, args: argparse.Namespace) -> int:
    if args.action == "add":
        from central import errors

        try:
            first = dt.datetime.fromisoformat(args.at)
        except ValueError:
            raise errors.Unprocessable(f"--at {args.at!r} is not a time like 2026-12-10T09:00") from None
        first = first if first.tzinfo else first.replace(tzinfo=CHINA)
        for n in range(max(1, args.count)):
            slot = platform.appointments.add_slot(
                args.hall,
                args.hall_name,
                args.item,
                first + dt.timedelta(minutes=n * args.every),
                args.minutes,
                args.capacity,
                args.address,
            )
            print(f"已添加 (added): {slot.slot_id}  {slot.starts_at.astimezone(CHINA):%Y-%m-%d %H:%M}")
        return 0
    rows = platform.appointments.listing(args.item)
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print(
            f"{r.slot_id}  {r.starts_at.astimezone(CHINA):%Y-%m-%d %H:%M}  {r.minutes}分钟  {r.hall_name}  "
            f"{r.item_code}  还剩 {r.remaining} (left)"
        )
    return 0


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
