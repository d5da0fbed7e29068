"""``kiosk sync [--once]``: deliver the outbox to the platform, pull status changes, send heartbeats.

Without ``--once`` it runs until SIGTERM/SIGINT (for systemd: ``Restart=always``); with ``--once`` it does
one pass and exits: 0 when the platform was reached, 3 when it was not, 4 when not enrolled (or the
credentials may not be used: plain http off this machine, a key the site did not pin), 2 when the store
cannot be opened, 5 when another process already syncs this data folder (it holds ``<home>/sync.lock``,
see ``kiosk/sync_setup.py``; the message names its pid). The engine is built as the app builds it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("sync", help="与政务服务平台同步 / sync with the central platform")
    p.add_argument("--once", action="store_true", help="one pass, then exit")
    p.add_argument("--json", action="store_true", help="--once: print the pass report as JSON")
    p.add_argument("--chunk-mb", type=float, default=32.0, help="largest tus PATCH in MiB (default 32)")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    import contextlib
    import dataclasses

    from kiosk.audit import record_catalogue
    from kiosk.commands._common import config_from, home_from
    from kiosk.health import collect
    from kiosk.messages import message_for
    from kiosk.sync_setup import (
        SyncAlreadyRunning,
        acquire_sync_lock,
        attach_audit,
        attach_complaints,
        build_engine,
        catalogue_on_disk,
    )
    from offline_cache.credentials import load_credentials
    from offline_cache.errors import OfflineCacheError
    from offline_cache.permissions import tighten_tree
    from offline_cache.platform_client import SyncError
    from offline_cache.store import Store

    config, home = config_from(args), home_from(args)
    try:
        creds = load_credentials(home)
    except OfflineCacheError as exc:  # enrolled once, but the file is damaged: not "not enrolled"
        print(message_for(exc), file=sys.stderr)
        return 4
    if creds is None:
        print(message_for("sync.not_enrolled"), file=sys.stderr)
        return 4
    with contextlib.suppress(OSError):  # the terminal's own start says so when this fails
        tighten_tree(home)  # this process may start before the terminal: the same owner-only rule
    try:
        lock = acquire_sync_lock(home)
    except SyncAlreadyRunning as exc:
        print(message_for(exc).format(pid=exc.holder or "?"), file=sys.stderr)
        return 5
    with lock:
        try:
            store = Store.open(home / "kiosk.db", home / "attachments", config.get("station", "code"))
        except OfflineCacheError as exc:
            print(message_for(exc), file=sys.stderr)
            return 2
        current = catalogue_on_disk(home)
        try:
            engine = build_engine(
                config,
                home,
                store,
                creds,
                # The printer and the devices belong to the terminal process: "unknown" here, not a guess.
                health=lambda: collect(store, home, catalogue_version=current()),
                current_catalogue=current,
                on_catalogue_replaced=lambda data: record_catalogue(store, data),
                chunk_size=int(args.chunk_mb * 1024 * 1024),
            )
        except SyncError as exc:
            store.close()
            print(message_for(exc), file=sys.stderr)
            return 4
        audit_problem = attach_audit(engine, home, store, creds)
        if audit_problem:  # deliver the outbox all the same
            print(message_for(audit_problem), file=sys.stderr)
        attach_complaints(engine, store)
        try:
            if args.once:
                report = engine.run_once()
                if args.json:
                    print(json.dumps(dataclasses.asdict(report), ensure_ascii=False))
                else:
                    print(_summary(report, message_for))
                return 0 if report.online else 3
            _run_until_signalled(engine)
            return 0
        finally:
            engine.client.close()
            store.close()


def _summary(report: Any, message_for: Any) -> str:
    problem = "" if report.online else "；" + message_for(report.error or "sync.platform_unreachable")
    return (
        f"已发送 {report.delivered} 份，失败 {report.failed} 份，状态更新 {report.status_changes} 条{problem}"
    )


def _run_until_signalled(engine: Any) -> None:
    import signal
    import threading

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    engine.run_forever(stop)
