"""``kiosk audit verify [--json]``: check the terminal's audit log, its chain and its newest signed heads.

It walks every entry (each hash recomputed, each link to the one before), then checks that the newest head
the device signed and the newest one the platform countersigned are still in the log, with valid
signatures. Each problem names the entry's seq. Exit status: 0 intact, 1 a problem found, 2 the store
cannot be opened (a damaged store is left as it is, never recovered by this command).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("audit", help="审计日志 / the audit log")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="检查审计日志是否被改动 (check the audit log for tampering)")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(func=handle_verify)


def handle_verify(args: argparse.Namespace) -> int:
    from kiosk.audit import report_lines
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.audit import device_key
    from offline_cache.errors import OfflineCacheError
    from offline_cache.store import Store

    config, home = config_from(args), home_from(args)
    try:
        key = device_key(home, make=False)
        store = Store.open(
            home / "kiosk.db", home / "attachments", config.get("station", "code"), recover=False
        )
    except OfflineCacheError as exc:
        print(message_for(exc), file=sys.stderr)
        return 2
    try:
        report = store.audit.verify(key.public_key() if key else None)
    finally:
        store.close()
    if args.json:
        body = {
            "ok": report.ok,
            "entries": report.entries,
            "signed_seq": report.signed_seq,
            "countersigned_seq": report.countersigned_seq,
            "signatures_checked": key is not None,
            "problems": [
                {
                    "seq": p.seq,
                    "code": p.code,
                    "detail": p.detail,
                    "message": message_for(p.code).format(seq=p.seq),
                }
                for p in report.problems
            ],
        }
        print(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        out, err = report_lines(report, key is not None)
        for line in out:
            print(line)
        for line in err:
            print(line, file=sys.stderr)
    return 0 if report.ok else 1
