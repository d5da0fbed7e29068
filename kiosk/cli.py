"""The ``kiosk`` command line.

Each subcommand lives in its own module under ``kiosk/commands/`` and exposes
``register(subparsers) -> None``; the parser calls ``args.func(args) -> int``. Command modules import
heavy libraries (Qt, OpenCV, the server) inside their handlers, so ``kiosk --version`` and every
subcommand that needs no window run without Qt's display libraries.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from kiosk import __version__, commands
from kiosk.config import ConfigError
from offline_cache import redaction


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="村镇政务服务自助终端 / village and township government service terminal"
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--home", help="data folder (default: $KIOSK_HOME or the per-user data folder)")
    parser.add_argument(
        "--config", help="site configuration file (default: $KIOSK_CONFIG or /etc/kiosk/kiosk.toml)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug lines (never personal data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kiosk.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    redaction.install()  # ID numbers, mobile numbers and the visitors' names are masked in every line
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        result: int = args.func(args)
        return result
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
