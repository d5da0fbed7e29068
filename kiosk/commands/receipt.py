"""``kiosk receipt``: print sample receipts to files, and read ESC/POS files back.

kiosk receipt sample [--kind acceptance] [--paper 58|80] [--dpi 203|180] [--profile default]
                     [--out FILE.bin] [--png FILE.png]
kiosk receipt decode FILE.bin [--paper 58|80] [--dpi 203|180] [--profile default] [--png FILE.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers

_KINDS = ("acceptance", "one_time_notice", "supplement_notice", "progress_slip")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("receipt", help="打印样例回执到文件 / print sample receipts to files")
    sub = parser.add_subparsers(dest="receipt_command", metavar="ACTION")
    sample = sub.add_parser("sample", help="render a sample document (样例) to ESC/POS bytes and a PNG")
    sample.add_argument("--kind", choices=_KINDS, default="acceptance")
    decode = sub.add_parser("decode", help="decode an ESC/POS file to text and a PNG")
    decode.add_argument("file", help="ESC/POS bytes (.bin)")
    for p in (sample, decode):
        p.add_argument("--paper", type=int, choices=(58, 80), default=80)
        p.add_argument("--dpi", type=int, choices=(203, 180), default=203)
        p.add_argument("--profile", default="default")
        p.add_argument("--png", help="write the rendered picture here")
    sample.add_argument("--out", help="write the ESC/POS bytes here (default: the text goes to stdout)")
    test = sub.add_parser("test", help="print a sample (样例) on the configured printer and report its state")
    test.add_argument("--kind", choices=_KINDS, default="acceptance")
    parser.set_defaults(func=handler)


def handler(args: argparse.Namespace) -> int:
    from drivers.printing.decoder import decode
    from drivers.printing.errors import PrintError
    from drivers.printing.escpos_render import render
    from drivers.printing.profiles import get_profile, paper_dots

    if getattr(args, "receipt_command", None) == "test":
        return _print_test(args)
    try:
        profile = get_profile(args.profile)
        dots = paper_dots(args.paper, args.dpi)
        if getattr(args, "receipt_command", None) == "sample":
            data = render(_sample(args.kind), profile, dots)
            if args.out:
                Path(args.out).write_bytes(data)
        elif getattr(args, "receipt_command", None) == "decode":
            data = Path(args.file).read_bytes()
        else:
            print("usage: kiosk receipt {sample,decode} ...", file=sys.stderr)
            return 2
        printout = decode(data, profile, dots)
        if args.png:
            Path(args.png).write_bytes(printout.png())
        if args.receipt_command == "decode" or not args.out:
            sys.stdout.write(printout.text)
        else:
            print(f"{len(data)} bytes -> {args.out}" + (f", picture -> {args.png}" if args.png else ""))
        return 0
    except PrintError as exc:
        print(f"打印错误 ({exc.code})", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"文件错误 (file error): {exc.strerror}", file=sys.stderr)
        return 1


def _sample(kind: str) -> Any:
    from kiosk import receipts

    builders = {
        "acceptance": receipts.sample_acceptance_receipt,
        "one_time_notice": receipts.sample_one_time_notice,
        "supplement_notice": receipts.sample_supplement_notice,
        "progress_slip": receipts.sample_progress_slip,
    }
    return builders[kind]()


def _print_test(args: argparse.Namespace) -> int:
    from drivers.printing import open_printer
    from drivers.printing.errors import PrintError
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages.printer import MESSAGES, STATES

    section = config_from(args).section("printer")
    try:
        printer = open_printer(section, home_from(args))
        ok, why = printer.available()
        if not ok:
            print(f"{MESSAGES['printer.unavailable']} ({why})", file=sys.stderr)
            return 1
        state = printer.status()
        print(f"打印机状态 (printer state): {STATES[state.value]} ({state.value})")
        printer.print_document(_sample(args.kind))
    except PrintError as exc:
        print(f"{MESSAGES.get(exc.code, MESSAGES['printer.error'])} ({exc.code})", file=sys.stderr)
        return 1
    print(f"已打印样例 (sample printed) on {section['backend']}")
    return 0
