"""``kiosk outbox [--json] [--housekeeping]``: what this terminal still has to send, oldest first.

``--housekeeping`` first applies retention (sealed copies and scans the platform confirmed more than
``[sync] retention_days`` ago are deleted) and removes orphan attachment files, then lists; it is what a
daily timer runs on a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers

KIND_NAMES = {"application": "申请", "rating": "评价"}


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("outbox", help="查看待发送队列 / list what is waiting to be sent")
    p.add_argument("--json", action="store_true", help="one JSON object per entry, in a list")
    p.add_argument("--limit", type=int, default=200, help="at most this many entries (default 200)")
    p.add_argument(
        "--housekeeping",
        action="store_true",
        help="先清理已确认超期的密封副本和孤立文件 / apply retention and remove orphan files first",
    )
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.errors import OfflineCacheError
    from offline_cache.store import Store

    config, home = config_from(args), home_from(args)
    try:
        store = Store.open(home / "kiosk.db", home / "attachments", config.get("station", "code"))
    except OfflineCacheError as exc:
        print(message_for(exc), file=sys.stderr)
        return 1
    try:
        if args.housekeeping:
            done = store.apply_retention(dt.datetime.now(dt.UTC), float(config.get("sync", "retention_days")))
            orphans = store.clean_orphans()
            print(
                f"已清理：{done.revisions_purged} 份已确认的申请副本，{done.files_removed + orphans} 个文件，"
                f"{done.ratings_purged} 条评价。",
                file=sys.stderr,
            )
        rows = store.outbox(args.limit)
        total = store.pending_count()
        age = store.oldest_pending_age(dt.datetime.now(dt.UTC))
    finally:
        store.close()
    if args.json:
        print(json.dumps([_json_row(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("没有待发送的内容。")
        return 0
    print(f"待发送 {total} 项，最早的已等待 {_age_text(age)}。")
    print(
        f"{'序号':>6}  {'类型':4}  {'回执号':24}  {'事项':20}  {'版':>2}  {'尝试':>4}  {'大小':>10}  下次尝试 / 上次错误"
    )
    for r in rows:
        when = r.next_attempt_at.astimezone().strftime("%m-%d %H:%M:%S")
        print(
            f"{r.outbox_id:>6}  {KIND_NAMES.get(r.kind, r.kind):4}  {r.local_receipt_no or '-':24}  "
            f"{_clip(r.item_name or '-', 20):20}  {r.revision:>2}  {r.attempts:>4}  {r.size_bytes:>10}  "
            f"{when}{'  ' + r.last_error if r.last_error else ''}"
        )
    return 0


def _json_row(r: Any) -> dict[str, Any]:
    return {
        "outbox_id": r.outbox_id,
        "kind": r.kind,
        "ref_id": r.ref_id,
        "revision": r.revision,
        "local_receipt_no": r.local_receipt_no,
        "item_name": r.item_name,
        "created_at": r.created_at.isoformat(),
        "attempts": r.attempts,
        "next_attempt_at": r.next_attempt_at.isoformat(),
        "last_error": r.last_error,
        "size_bytes": r.size_bytes,
    }


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _age_text(seconds: float | None) -> str:
    if seconds is None:
        return "0 秒"
    if seconds < 120:
        return f"{seconds:.0f} 秒"
    if seconds < 7200:
        return f"{seconds / 60:.0f} 分钟"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} 小时"
    return f"{seconds / 86400:.1f} 天"
