"""``kiosk enroll URL CODE [--fingerprint FP] [--ca-file F]``: exchange a one-time enrolment code for this
terminal's device credential.

The code and the fingerprint come from the platform's enrolment slip (``kiosk-central enrolment-code
--station CODE``). The terminal checks the platform's key against the fingerprint before it spends the
code, and again in the answer (``offline_cache/enrolment.py``); the fingerprint may also come from the site
configuration (``[platform] key_fingerprint``) and is required unless the platform is on this machine.
``https://`` is checked against the system's certificates, or ``--ca-file`` (copied into ``<home>/secrets/``
and remembered in the credentials), or ``[platform] ca_file``; plain ``http://`` goes only to a loopback
address (tests, the demo).

The token and the platform public key are saved in ``<home>/secrets/credentials.json`` (0600); nothing is
saved when a check fails. The terminal's audit signing key
(``<home>/secrets/audit_key.pem``, made now if absent) is registered with the platform at enrolment. Exit status: 0 enrolled, 1 refused (bad or used code), 2 refused before asking
(URL, fingerprint or CA file not usable), 3 platform unreachable, 4 the platform could not be trusted
(certificate or key not the expected one: the connection may be intercepted).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "enroll", help="注册本终端到政务服务平台 / enrol this terminal with the platform"
    )
    p.add_argument("url", help="platform base URL, e.g. https://platform.example/")
    p.add_argument("code", help="one-time enrolment code from the platform")
    p.add_argument("--name", default="", help="device name shown to platform staff")
    p.add_argument(
        "--fingerprint", default="", help="platform key fingerprint from the enrolment slip (平台密钥指纹)"
    )
    p.add_argument("--ca-file", default="", help="PEM CA certificate(s) of the platform's TLS certificate")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    import dataclasses
    import socket

    from kiosk import __version__
    from kiosk.audit import record_enrolment
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.audit import AuditKeyUnavailable, device_public_key_text
    from offline_cache.credentials import describe, install_ca_file, save_credentials
    from offline_cache.enrolment import BadFingerprint, FingerprintRequired, KeyMismatch, enrol
    from offline_cache.platform_client import (
        BadPlatformUrl,
        CertificateRejected,
        DeviceRejected,
        EntryRejected,
        InsecureLink,
        SyncError,
    )

    config, home = config_from(args), home_from(args)
    ca_file = args.ca_file or config.get("platform", "ca_file")
    ca_pem = _read_ca_file(ca_file) if ca_file else None
    if ca_file and ca_pem is None:
        print(message_for("enroll.bad_ca_file"), file=sys.stderr)
        return 2
    try:
        audit_key = device_public_key_text(home)
    except AuditKeyUnavailable as exc:
        print(message_for(exc), file=sys.stderr)
        return 1
    try:
        done = enrol(
            args.url,
            args.code,
            fingerprint=args.fingerprint or config.get("platform", "key_fingerprint"),
            ca_file=ca_file or None,
            device_name=args.name or socket.gethostname(),
            software_version=__version__,
            device_public_key=audit_key,
            timeout=float(config.get("platform", "timeout_s")),
        )
    except (InsecureLink, BadPlatformUrl, FingerprintRequired, BadFingerprint) as exc:
        print(message_for(exc), file=sys.stderr)
        return 2
    except (KeyMismatch, CertificateRejected) as exc:
        print(message_for(exc), file=sys.stderr)
        return 4
    except (DeviceRejected, EntryRejected):
        print(message_for("enroll.bad_code"), file=sys.stderr)
        return 1
    except SyncError as exc:
        print(message_for(exc), file=sys.stderr)
        return 3
    # --ca-file is copied and remembered; the site configuration's CA file is read where it is at every start.
    kept = str(install_ca_file(home, ca_pem)) if args.ca_file and ca_pem is not None else ""
    creds = dataclasses.replace(done.credentials, ca_file=kept)
    save_credentials(home, creds)
    station = config.get("station", "code")
    record_enrolment(home, station, creds)
    print(message_for("enroll.done"))
    print(describe(creds))
    how = "与注册单一致 (matches the slip)" if done.pinned else "本机平台，未核对 (loopback, not pinned)"
    print(f"平台密钥指纹 (platform key fingerprint): {done.fingerprint}  [{how}]")
    if creds.station_code != station:
        print(
            f"注意：平台登记的站点编号 {creds.station_code} 与本机配置 {station} 不同 "
            f"(station code differs from the configuration)",
            file=sys.stderr,
        )
    return 0


def _read_ca_file(path: str) -> bytes | None:
    """The file's bytes if it holds PEM certificates (checked now, not at the first sync)."""
    from cryptography import x509

    try:
        data = Path(path).read_bytes()
        x509.load_pem_x509_certificates(data)
    except (OSError, ValueError):
        return None
    return data
