"""``kiosk-central``: run the reference platform and administer it.

Every subcommand takes ``--db URL`` (default: $KIOSK_CENTRAL_DB, else sqlite:///./kiosk-central.db)
and ``--key-file FILE`` (the private key, see ``central/keys.py``); admin subcommands work on the
database directly, so they also work while the server runs.

    kiosk-central serve [--host H] [--port N] [--db URL] [--blobs DIR] [--catalogue FILE]
                        [--tls-cert FILE --tls-key FILE] [--upload-quota BYTES]
    kiosk-central enrolment-code --station CODE [--url URL] [--code-only] [--replaces DEVICE_ID]
    kiosk-central key fingerprint
    kiosk-central tls make-ca --out DIR
    kiosk-central tls make-cert --ca DIR --host NAME [--host IP ...] --out DIR
    kiosk-central terminals [list] [--json] [--silent-hours N]
    kiosk-central terminals revoke DEVICE_ID
    kiosk-central applications list [--json]
    kiosk-central set-status APP_ID STATUS [--reason TEXT ...] [--missing MATERIAL ...]
                             [--tracking NO] [--delivery station|township|mail]
    kiosk-central complaints list [--open] [--json]
    kiosk-central complaints reply COMPLAINT_ID TEXT
    kiosk-central slots add --hall CODE --hall-name NAME --item CODE --at TIME [--count N --every MIN]
    kiosk-central slots list [--item CODE] [--json]
    kiosk-central agents add NUMBER --name NAME --station CODE [--village V ...] [--pin-stdin]
    kiosk-central agents list [--json] | disable NUMBER | enable NUMBER | reset-pin NUMBER [--pin-stdin]
    kiosk-central housekeeping
    kiosk-central audit verify --terminal DEVICE_ID [--json]
    kiosk-central openapi
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from central import agents_cli, errors, services_cli, trust

log = logging.getLogger(__name__)


def _default_db() -> str:
    return os.environ.get("KIOSK_CENTRAL_DB", "sqlite:///./kiosk-central.db")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=_default_db(), help="database URL (sqlite:///file.db or postgresql://...)")
    p.add_argument(
        "--blobs", help="attachment folder (default: beside a SQLite file, else ./kiosk-central-blobs)"
    )
    p.add_argument("--catalogue", help="catalogue JSON file served at /api/v1/catalogue")
    p.add_argument(
        "--key-file",
        default=os.environ.get("KIOSK_CENTRAL_KEY_FILE"),
        help="the platform's private key, 0600 (default: $KIOSK_CENTRAL_KEY_FILE, else keys/ beside the "
        "SQLite file or the attachment folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-central", description="reference central platform")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP API")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    trust.add_serve_options(serve)
    serve.add_argument(
        "--upload-quota",
        type=int,
        default=None,
        metavar="BYTES",
        help="per device: unfinished uploads plus finished ones no application uses yet (default 2 GiB)",
    )
    code = sub.add_parser("enrolment-code", help="print a one-time enrolment code for a station")
    _common(code)
    code.add_argument("--station", required=True, help="station code, e.g. GA0101")
    trust.add_slip_options(code)
    code.add_argument(
        "--replaces",
        metavar="DEVICE_ID",
        help="the terminal being replaced (same station): the new one takes over its applications, "
        "the old one is revoked when the new one enrols",
    )
    terminals = sub.add_parser("terminals", help="the fleet: state, last seen, pending, paper, versions")
    terminals_sub = terminals.add_subparsers(dest="action")  # no action: list
    t_list = terminals_sub.add_parser("list", help="the fleet (the same as no action)")
    for fleet in (terminals, t_list):
        _common(fleet)
        fleet.add_argument("--json", action="store_true", help="machine-readable output")
        fleet.add_argument(
            "--silent-hours",
            type=float,
            default=24.0,
            metavar="N",
            help="flag a terminal whose last heartbeat is older than N hours (default 24)",
        )
    t_revoke = terminals_sub.add_parser("revoke", help="stop a terminal: its token is refused from now on")
    _common(t_revoke)
    t_revoke.add_argument("device_id")
    apps = sub.add_parser("applications", help="applications received")
    apps_sub = apps.add_subparsers(dest="action", required=True)
    listing = apps_sub.add_parser("list")
    _common(listing)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    status = sub.add_parser("set-status", help="move an application to a new status")
    _common(status)
    status.add_argument("app_id")
    status.add_argument("status", help="accepted | needs_supplement | approved | rejected | ready | mailed")
    status.add_argument("--reason", action="append", default=[], help="reason shown to the applicant")
    status.add_argument("--missing", nargs="+", action="extend", default=[], help="material ids owed")
    status.add_argument("--tracking", default="", help="mailed: the courier's tracking number")
    status.add_argument(
        "--delivery", choices=("station", "township", "mail"), help="change how the result comes"
    )
    house = sub.add_parser(
        "housekeeping", help="forget abandoned uploads and old heartbeats (serve does it every hour)"
    )
    _common(house)
    audit = sub.add_parser("audit", help="terminals' audit logs held by the platform")
    audit_sub = audit.add_subparsers(dest="action", required=True)
    verify = audit_sub.add_parser("verify", help="check a terminal's audit chain and its signed head")
    _common(verify)
    verify.add_argument("--terminal", required=True, metavar="DEVICE_ID", help="the terminal's device id")
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    openapi = sub.add_parser("openapi", help="print the OpenAPI description")
    _common(openapi)
    trust.register(sub, _common)
    services_cli.register(sub, _common)
    agents_cli.register(sub, _common)
    return parser


def _platform(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from central.app import default_blob_dir
    from central.service import Platform

    blobs = Path(args.blobs) if args.blobs else default_blob_dir(args.db)
    key_file = Path(args.key_file) if args.key_file else None
    return Platform(args.db, blobs, Path(args.catalogue) if args.catalogue else None, key_file=key_file)


HOUSEKEEPING_INTERVAL_S = 3600.0


def _housekeeping_loop(platform: Any, stop: threading.Event) -> None:
    while not stop.wait(HOUSEKEEPING_INTERVAL_S):
        try:
            log.info("housekeeping: %s", platform.housekeeping())
        except Exception:  # the API keeps serving; the next round tries again
            log.exception("housekeeping failed")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except errors.PlatformError as exc:
        print(f"{exc.code}: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        import uvicorn

        from central.app import create_app
        from central.uploads import DEFAULT_UPLOAD_QUOTA

        tls = trust.serve_tls(args)
        platform = _platform(args)
        platform.private_key()  # a missing or wrong key file stops the start, not the first delivery
        quota = DEFAULT_UPLOAD_QUOTA if args.upload_quota is None else args.upload_quota
        stop = threading.Event()
        threading.Thread(
            target=_housekeeping_loop, args=(platform, stop), name="housekeeping", daemon=True
        ).start()
        try:
            uvicorn.run(
                create_app(args.db, platform=platform, upload_quota=quota),
                host=args.host,
                port=args.port,
                log_level="info",
                **tls,
            )
        finally:
            stop.set()
        return 0
    if args.command in ("key", "tls"):
        return trust.run(args, lambda: _platform(args))
    platform = _platform(args)
    try:
        if args.command == "enrolment-code":
            code = platform.issue_enrolment_code(args.station, args.replaces)
            slip = trust.enrolment_slip(code, args.station, args.url, platform.public_key_text)
            print(code if args.code_only else slip)
        elif args.command == "terminals":
            _terminals(platform, args)
        elif args.command == "applications":
            rows = platform.list_applications()
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    print(f"{r['app_id']}  {r['platform_receipt_no']}  {r['station_code']}  {r['status']}")
        elif args.command == "set-status":
            change = platform.set_status(
                args.app_id,
                args.status,
                tuple(args.reason),
                tuple(args.missing),
                tracking_no=args.tracking,
                delivery=args.delivery,
            )
            print(change.model_dump_json())
        elif args.command == "agents":
            return agents_cli.run(platform, args)
        elif args.command == "housekeeping":
            print(json.dumps(platform.housekeeping()))
        elif args.command in services_cli.COMMANDS:
            return services_cli.run(platform, args)
        elif args.command == "audit":
            return _audit_verify(platform, args.terminal, args.json)
        elif args.command == "openapi":
            from central.app import create_app

            print(json.dumps(create_app(args.db, platform=platform).openapi(), ensure_ascii=False, indent=2))
        return 0
    finally:
        platform.dispose()


def _audit_verify(platform: Any, device_id: str, as_json: bool) -> int:
    """0: the chain held is whole and its head signed by both; 1: a problem, each named by its seq."""
    from central.audit import AuditLedger

    result = AuditLedger(platform).verify(device_id)
    if as_json:
        problems = [
            {"seq": p.seq, "code": p.code, "detail": p.detail, "message": result.describe(p)}
            for p in result.problems
        ]
        body = {
            "ok": result.ok,
            "device_id": device_id,
            "entries": result.entries,
            "head_seq": result.head_seq,
        }
        print(json.dumps({**body, "problems": problems}, ensure_ascii=False, indent=2))
    elif result.ok:
        print(
            f"审计日志完好：共 {result.entries} 条，终端签名和平台副签有效至第 {result.head_seq} 条 "
            f"(audit log intact: {result.entries} entries, head {result.head_seq} signed and countersigned)"
        )
    else:
        for p in result.problems:
            print(result.describe(p), file=sys.stderr)
    return 0 if result.ok else 1


def _terminals(platform: Any, args: argparse.Namespace) -> None:
    if args.action == "revoke":
        platform.revoke(args.device_id)
        print(f"终端已停用 (revoked): {args.device_id}")
        return
    import datetime as dt

    from central.fleet import fleet_line, fleet_status

    hours = args.silent_hours
    rows = fleet_status(platform, silent_after=dt.timedelta(hours=hours))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        print(fleet_line(r, hours))


if __name__ == "__main__":
    sys.exit(main())
