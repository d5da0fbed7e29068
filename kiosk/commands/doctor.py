"""``kiosk doctor``: check every configured device and the platform link, in plain words."""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.commands._common import config_from, home_from
from kiosk.config import Config

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


@dataclasses.dataclass
class Check:
    part: str
    ok: bool
    code: str = ""
    detail: str = ""
    message: str = ""


def register(sub: Subparsers) -> None:
    p = sub.add_parser("doctor", help="check devices and the platform link / 检查设备和平台连接")
    p.add_argument("--json", action="store_true", help="one JSON object per check")
    p.add_argument("--demo", action="store_true", help="check the demo's data folder (as kiosk run --demo)")
    p.set_defaults(func=run)


def _guard(part: str, fn: Callable[[], Check]) -> Check:
    try:
        return fn()
    except Exception as exc:  # a check must never crash the doctor; the error type says what is wrong
        return Check(part, False, getattr(exc, "code", f"{part}.error"), type(exc).__name__)


def _card(cfg: Config) -> Check:
    from drivers.card import open_reader

    reader = open_reader(cfg.section("card_reader"))
    try:
        ok, why = reader.available()
    finally:
        reader.close()
    return Check(
        "card_reader", ok, "" if ok else "card.no_reader", f"{cfg.get('card_reader', 'backend')}: {why}"
    )


def _camera(cfg: Config) -> Check:
    from drivers.camera import open_camera

    camera = open_camera(cfg.section("camera"))
    try:
        ok, why = camera.available()
    finally:
        camera.close()
    return Check("camera", ok, "" if ok else "camera.unavailable", f"{cfg.get('camera', 'backend')}: {why}")


def _printer(cfg: Config, home: Path) -> Check:
    from drivers.printing import open_printer

    printer = open_printer(cfg.section("printer"), home)
    ok, why = printer.available()
    if not ok:
        return Check("printer", False, "printer.offline", why)
    state = printer.status()
    value = getattr(state, "value", str(state))
    return Check("printer", value == "ok", "" if value == "ok" else f"printer.{value}", f"status: {value}")


def _platform(cfg: Config, home: Path, demo: bool) -> Check:
    from offline_cache.credentials import load_credentials
    from offline_cache.enrolment import check_pin
    from offline_cache.platform_client import PlatformClient

    if demo:
        from kiosk.demo_platform import check_demo_home

        check_demo_home(home)
    creds = load_credentials(home)
    if creds is None:
        detail = (
            "demo: the embedded platform enrols the terminal on start"
            if demo
            else "run `kiosk enroll URL CODE`"
        )
        return Check("platform", demo, "" if demo else "sync.not_enrolled", detail)
    if demo:
        return Check("platform", True, "", "demo: the embedded platform starts with the terminal")
    check_pin(creds.platform_public_key, cfg.get("platform", "key_fingerprint"))
    client = PlatformClient(
        creds, timeout=float(cfg.get("platform", "timeout_s")), ca_file=cfg.get("platform", "ca_file") or None
    )
    client.ping()
    return Check("platform", True, "", creds.url)


def _catalogue(home: Path) -> Check:
    from kiosk.catalog import load_catalogue

    cached = home / "catalogue" / "current.json"
    cat = load_catalogue(cached if cached.exists() else None)
    return Check("catalogue", True, "", f"version {cat.version}, {len(cat.items)} items")


def _disk(home: Path) -> Check:
    free = shutil.disk_usage(home).free
    ok = free > 500 * 1024 * 1024
    return Check("disk", ok, "" if ok else "disk.low", f"{free // (1024 * 1024)} MiB free")


def _admin_pin(home: Path, demo: bool) -> Check:
    from kiosk.admin_pin import STATE_CODES, AdminPin, PinState

    pin = AdminPin(home, demo=False)
    state = pin.state()
    if state is PinState.READY:
        return Check("admin_pin", True, "", f"{pin.path}")
    if state is PinState.NOT_SET and demo:
        return Check("admin_pin", True, "", "demo: the demo starts with the DEMO-ONLY PIN")
    return Check("admin_pin", False, STATE_CODES[state], f"{pin.path}: {state.value}; run `kiosk set-pin`")


def run(args: argparse.Namespace) -> int:
    from kiosk.messages import message_for

    cfg = config_from(args)
    home = home_from(args) / "demo" if args.demo else home_from(args)
    home.mkdir(parents=True, exist_ok=True)
    checks = [
        _guard("card_reader", lambda: _card(cfg)),
        _guard("camera", lambda: _camera(cfg)),
        _guard("printer", lambda: _printer(cfg, home)),
        _guard("platform", lambda: _platform(cfg, home, bool(args.demo))),
        _guard("catalogue", lambda: _catalogue(home)),
        _guard("disk", lambda: _disk(home)),
        _guard("admin_pin", lambda: _admin_pin(home, bool(args.demo))),
    ]
    for c in checks:
        c.message = "正常" if c.ok else message_for(c.code)
    if args.json:
        for c in checks:
            print(json.dumps(dataclasses.asdict(c), ensure_ascii=False))
    else:
        names = {
            "card_reader": "读卡器",
            "camera": "摄像头",
            "printer": "打印机",
            "platform": "政务平台",
            "catalogue": "事项目录",
            "disk": "磁盘",
            "admin_pin": "管理员密码",
        }
        for c in checks:
            mark = "✔" if c.ok else "✘"
            print(f"{mark} {names[c.part]} ({c.part}): {c.message}  [{c.detail}]")
    return 0 if all(c.ok for c in checks) else 1
