"""``kiosk tour --out DIR``: every screen rendered to PNG offscreen, with simulated devices and sample data."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("tour", help="render every screen to PNG files (no display needed)")
    p.add_argument("--out", required=True, help="folder for the PNG files")
    p.add_argument("--elder", action="store_true", help="only the elder (large text) mode")
    p.add_argument("--normal", action="store_true", help="only the normal mode")
    p.add_argument("--lang", choices=("zh_CN", "en"), help="only this language (default: both)")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported: the tour never needs a screen
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from kiosk.commands._common import config_from
    from ui.tour import tour

    modes = [True] if args.elder else [False] if args.normal else [False, True]
    languages = [args.lang] if args.lang else ["zh_CN", "en"]
    written = tour(config_from(args), Path(args.out), elder_modes=modes, languages=languages)
    print(f"{len(written)} screens written to {args.out}")
    return 0
