"""``kiosk sync [--once]``: deliver the outbox to the platform, pull status changes, send heartbeats.

Without ``--once`` it runs until SIGTERM/SIGINT (for systemd: ``Restart=always``); with ``--once`` it does
one pass and exits: 0 when the platform was reached, 3 when it was not, 4 when not enrolled (or the
credentials may not be used: plain http off this machine, a key the site did not pin), 2 when the store
cannot be opened. SQLite's WAL lets it share the database with a running terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
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
    import datetime as dt
    import shutil
    import signal
    import threading

    from kiosk import __version__
    from kiosk.audit import record_catalogue, sender_for
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.catalogue_cache import CatalogueCache
    from offline_cache.credentials import load_credentials, saved_token
    from offline_cache.enrolment import check_pin
    from offline_cache.errors import OfflineCacheError
    from offline_cache.permissions import tighten_tree
    from offline_cache.platform_client import PlatformClient, SyncError
    from offline_cache.store import Store
    from offline_cache.sync import SyncEngine

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
        store = Store.open(home / "kiosk.db", home / "attachments", config.get("station", "code"))
    except OfflineCacheError as exc:
        print(message_for(exc), file=sys.stderr)
        return 2

    def heartbeat_info() -> dict[str, Any]:
        return {
            "pending_count": store.pending_count(),
            "oldest_pending_age_s": store.oldest_pending_age(dt.datetime.now(dt.UTC)),
            "printer_paper": "unknown",  # the printer belongs to the terminal process, not this one
            "free_disk_bytes": shutil.disk_usage(home).free,
            "versions": {"kiosk": __version__},
        }

    try:  # an http:// URL off this machine, a missing CA file, a key the site did not pin: nothing is sent
        check_pin(creds.platform_public_key, config.get("platform", "key_fingerprint"))
        client = PlatformClient(
            creds,
            timeout=float(config.get("platform", "timeout_s")),
            chunk_size=int(args.chunk_mb * 1024 * 1024),
            ca_file=config.get("platform", "ca_file") or None,
        )
    except SyncError as exc:
        store.close()
        print(message_for(exc), file=sys.stderr)
        return 4
    try:
        audit = sender_for(home, store, creds)
    except OfflineCacheError as exc:  # deliver the outbox all the same
        print(message_for(exc), file=sys.stderr)
        audit = None
    engine = SyncEngine(
        store,
        client,
        heartbeat_info=heartbeat_info,
        catalogue=CatalogueCache.in_home(
            home, _catalogue_validator(home), on_replaced=lambda data: record_catalogue(store, data)
        ),
        audit=audit,
        idle_interval_s=float(config.get("sync", "interval_s")),
        save_token=lambda token: _save_token(home, token),
        load_token=lambda: saved_token(home),
        agents=store.agents,
    )
    try:
        if args.once:
            report = engine.run_once()
            if args.json:
                print(json.dumps(dataclasses.asdict(report), ensure_ascii=False))
            else:
                print(
                    f"已发送 {report.delivered} 份，失败 {report.failed} 份，状态更新 {report.status_changes} 条"
                    f"{'' if report.online else '；' + message_for(report.error or 'sync.platform_unreachable')}"
                )
            return 0 if report.online else 3
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        engine.run_forever(stop)
        return 0
    finally:
        client.close()
        store.close()


def _catalogue_validator(home: Path) -> Any:
    """Valid and not older than the catalogue the terminal uses now (the same rule as the app's)."""
    from kiosk.catalog import check_download, load_active_catalogue

    current = load_active_catalogue(home / "catalogue" / "current.json").version
    return lambda data: check_download(data, current)


def _save_token(home: Path, token: str) -> None:
    from offline_cache.credentials import replace_token

    replace_token(home, token)
