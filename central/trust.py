"""What lets a terminal trust this platform, on the command line: TLS for ``serve``, the enrolment slip with
the platform key's fingerprint, ``key fingerprint`` and the private CA of ``tls make-ca / make-cert``.

A terminal enrols only with a platform whose sealing key matches the fingerprint it was given (see
``offline_cache/enrolment.py``), and talks plain HTTP only to a loopback address, so:

- ``serve --tls-cert FILE --tls-key FILE`` serves HTTPS (uvicorn's ssl options); without them on an address
  other than loopback it still serves (a TLS proxy may sit in front) but says loudly that terminals will
  refuse it;
- ``enrolment-code`` prints a slip: code, station, platform URL (``--url`` or ``$KIOSK_CENTRAL_URL``) and the
  fingerprint, with the ``kiosk enroll`` line to type; ``--code-only`` prints the bare code for scripts.
"""

from __future__ import annotations

import argparse
import os
import ssl
import sys
from pathlib import Path
from typing import Any

from offline_cache import sealing, wire


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--tls-cert", help="PEM certificate (chain) to serve HTTPS with")
    serve.add_argument("--tls-key", help="PEM private key of --tls-cert")


def serve_tls(args: argparse.Namespace) -> dict[str, Any]:
    """uvicorn's ssl keyword arguments for ``serve`` (empty: plain HTTP, with a warning off loopback)."""
    if bool(args.tls_cert) != bool(args.tls_key):
        raise SystemExit("--tls-cert 和 --tls-key 必须同时给出 (--tls-cert and --tls-key go together)")
    if args.tls_cert:
        try:  # here, so that a wrong file is one plain line rather than uvicorn's traceback
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as exc:
            raise SystemExit(
                f"无法使用证书或私钥 (cannot use the certificate or key): {args.tls_cert}, {args.tls_key}: "
                f"{type(exc).__name__}"
            ) from None
        return {"ssl_certfile": args.tls_cert, "ssl_keyfile": args.tls_key}
    if not wire.is_loopback_host(args.host):
        print(PLAIN_HTTP_WARNING.format(host=args.host), file=sys.stderr, flush=True)
    return {}


PLAIN_HTTP_WARNING = """\
!!! 警告 (WARNING) !!!
!!! 平台正在非本机地址 {host} 上以明文 HTTP 服务：终端会拒绝连接，设备令牌和申请在网络上可能被读取或篡改。
!!! 请加上 --tls-cert 和 --tls-key（可用 kiosk-central tls make-ca / make-cert 生成证书）。
!!! Serving plain HTTP on {host}, which is not a loopback address: terminals refuse plain HTTP to other
!!! machines, and device tokens and applications could be read or changed on the way.
!!! Serve HTTPS with --tls-cert/--tls-key (kiosk-central tls make-ca / make-cert make a private CA).
"""


def add_slip_options(code: argparse.ArgumentParser) -> None:
    code.add_argument(
        "--url",
        default=os.environ.get("KIOSK_CENTRAL_URL", ""),
        help="platform URL printed on the slip (default: $KIOSK_CENTRAL_URL)",
    )
    code.add_argument("--code-only", action="store_true", help="print only the code (for scripts)")


def enrolment_slip(code: str, station: str, url: str, public_key_text: str) -> str:
    fingerprint = sealing.key_fingerprint(public_key_text)
    shown_url = url or "未提供，请向平台管理员询问 (not given: ask the platform's administrator)"
    command_url = url or "平台地址(URL)"
    return "\n".join(
        [
            "======== 终端注册单 / terminal enrolment slip ========",
            f"注册码 (enrolment code):         {code}",
            f"站点编号 (station):              {station}",
            f"平台地址 (platform URL):         {shown_url}",
            f"平台密钥指纹 (key fingerprint):  {fingerprint}",
            "在终端上运行 (run on the terminal):",
            f"  kiosk enroll {command_url} {code} --fingerprint {fingerprint}",
            "注册码只能使用一次。终端显示的指纹必须与本单一致；不一致说明连接可能被拦截，请不要继续。",
            "The code works once. The terminal refuses a platform whose key has another fingerprint: if it",
            "does, the connection may be intercepted; do not go on.",
        ]
    )


def register(sub: Any, common: Any) -> None:
    """``key fingerprint`` and ``tls make-ca / make-cert``; ``common`` adds --db/--blobs/--catalogue."""
    key = sub.add_parser("key", help="the platform's sealing key")
    key_sub = key.add_subparsers(dest="action", required=True)
    common(key_sub.add_parser("fingerprint", help="print the fingerprint terminals pin at enrolment"))
    tls = sub.add_parser("tls", help="a private CA and server certificates for serve --tls-cert/--tls-key")
    tls_sub = tls.add_subparsers(dest="action", required=True)
    make_ca = tls_sub.add_parser("make-ca", help="a new private CA (ca.pem, ca-key.pem)")
    make_ca.add_argument("--out", required=True, help="folder for ca.pem and ca-key.pem")
    make_ca.add_argument("--name", default="kiosk-central private CA", help="the CA's common name")
    make_cert = tls_sub.add_parser("make-cert", help="a server certificate signed by the CA")
    make_cert.add_argument("--ca", required=True, help="folder of the CA (ca.pem, ca-key.pem)")
    make_cert.add_argument(
        "--host", action="append", required=True, help="DNS name or IP address of the server (repeatable)"
    )
    make_cert.add_argument("--out", required=True, help="folder for server.pem and server-key.pem")


def run(args: argparse.Namespace, platform: Any) -> int:
    """The commands of ``register``; ``platform()`` opens the platform (only ``key`` needs it)."""
    if args.command == "key":
        opened = platform()
        try:
            print(sealing.key_fingerprint(opened.public_key_text))
        finally:
            opened.dispose()
        return 0
    from central import tls

    if args.action == "make-ca":
        cert, key = tls.make_ca(Path(args.out), args.name)
        print(
            f"CA 证书 (give it to terminals: kiosk enroll --ca-file): {cert}\nCA 私钥 (keep it safe): {key}"
        )
    else:
        cert, key = tls.make_cert(Path(args.ca), list(args.host), Path(args.out))
        print(f"服务器证书 (--tls-cert): {cert}\n服务器私钥 (--tls-key): {key}")
    return 0
