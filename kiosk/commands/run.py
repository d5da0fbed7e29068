"""``kiosk run [--demo] [--windowed]``: the kiosk application (Qt is imported only inside the handler)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("run", help="start the kiosk screen (full-screen unless --windowed)")
    p.add_argument("--demo", action="store_true", help="demo: simulated devices, embedded reference platform")
    p.add_argument(
        "--windowed", action="store_true", help="a normal window instead of full-screen kiosk mode"
    )
    p.set_defaults(func=handler)


def data_folder(args: argparse.Namespace) -> Path:
    """``--home`` as given, also for the demo; without it, the demo keeps to a ``demo`` folder of the
    default data folder so it never mixes with a real terminal's (``var/demo`` used to become
    ``var/demo/demo``)."""
    from kiosk.commands._common import home_from

    home = home_from(args)
    return home / "demo" if args.demo and not getattr(args, "home", None) else home


def handler(args: argparse.Namespace) -> int:
    from kiosk.commands._common import config_from

    config = config_from(args)
    home = data_folder(args)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    from kiosk.logfile import log_to_home

    log_to_home(home)
    if args.demo:
        from kiosk.demo_platform import ForeignCredentials, check_demo_home
        from kiosk.messages import message_for

        try:  # before the window: a home enrolled elsewhere is refused, never re-enrolled
            check_demo_home(home)
        except ForeignCredentials as exc:
            print(message_for(exc), file=sys.stderr)
            return 1
    try:
        from ui.app import has_display
    except ImportError:
        print("无法启动界面：本机没有安装 Qt (PySide6)。The Qt UI is not installed.", file=sys.stderr)
        return 1
    if not has_display():
        print(
            "没有找到显示屏，无法打开窗口。No display found (DISPLAY / WAYLAND_DISPLAY not set).\n"
            "要在没有屏幕的机器上查看所有界面，请运行：kiosk tour --out 目录\n"
            "To review every screen without a display, run: kiosk tour --out DIR",
            file=sys.stderr,
        )
        return 1
    from kiosk.terminal import Terminal
    from ui.app import run

    terminal = Terminal(config, home, demo=bool(args.demo))
    code = run(terminal, windowed=bool(args.windowed))
    if code == RESTART_EXIT:  # the admin area's "restart": a fresh process reads the settings anew
        import os

        os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])
    return code


RESTART_EXIT = 75  # what the app's event loop ends with when the administrator asked for a restart
