"""``kiosk enroll URL CODE``: exchange a one-time enrolment code for this terminal's device credential.

The code comes from the platform's staff (``kiosk-central enrolment-code --station CODE``). The token
and the platform public key are saved in ``<home>/secrets/credentials.json`` (0600); the terminal's audit
signing key (``<home>/secrets/audit_key.pem``, made now if absent) is registered with it. Exit status: 0
enrolled, 1 refused (bad or used code), 3 platform unreachable.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "enroll", help="注册本终端到政务服务平台 / enrol this terminal with the platform"
    )
    p.add_argument("url", help="platform base URL, e.g. https://platform.example/")
    p.add_argument("code", help="one-time enrolment code from the platform")
    p.add_argument("--name", default="", help="device name shown to platform staff")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    import socket

    from kiosk import __version__
    from kiosk.audit import record_enrolment
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.audit import AuditKeyUnavailable, device_public_key_text
    from offline_cache.credentials import describe, save_credentials
    from offline_cache.platform_client import DeviceRejected, EntryRejected, PlatformClient, SyncError

    config, home = config_from(args), home_from(args)
    timeout = float(config.get("platform", "timeout_s"))
    try:
        audit_key = device_public_key_text(home)
    except AuditKeyUnavailable as exc:
        print(message_for(exc), file=sys.stderr)
        return 1
    try:
        creds = PlatformClient.enrol(
            args.url,
            args.code,
            device_name=args.name or socket.gethostname(),
            software_version=__version__,
            device_public_key=audit_key,
            timeout=timeout,
        )
    except (DeviceRejected, EntryRejected):
        print(message_for("enroll.bad_code"), file=sys.stderr)
        return 1
    except SyncError as exc:
        print(message_for(exc), file=sys.stderr)
        return 3
    save_credentials(home, creds)
    station = config.get("station", "code")
    record_enrolment(home, station, creds)
    print(message_for("enroll.done"))
    print(describe(creds))
    if creds.station_code != station:
        print(
            f"注意：平台登记的站点编号 {creds.station_code} 与本机配置 {station} 不同 "
            f"(station code differs from the configuration)",
            file=sys.stderr,
        )
    return 0
