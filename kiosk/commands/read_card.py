"""``kiosk read-card``: read one card with the configured reader (or ``--reader SPEC``) and print it.

Personal data is masked unless ``--show-full``; errors print the villager-facing Chinese text for their
code. ``doctor_check`` is what ``kiosk doctor`` shows for the card reader.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drivers.card import CardReader, Identity
    from kiosk.commands._common import Subparsers

EXIT_OK, EXIT_CARD_ERROR = 0, 1

SEX_NAMES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
SOURCE_NAMES = {
    "resident_id": "居民身份证",
    "social_security": "社会保障卡",
    "manual": "手工录入",
    "simulated": "模拟读卡器",
}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "read-card", help="读一次卡并显示（默认打码） / read one card and print it"
    )
    parser.add_argument(
        "--reader",
        metavar="SPEC",
        help="simulated | pcsc[:READER NAME] | ga467:DEVICE[@BAUD] (default: config)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a card (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--show-full", action="store_true", help="不打码 / do not mask personal data")
    parser.set_defaults(func=handle)


def _open(args: argparse.Namespace) -> CardReader:
    from drivers.card import open_reader, reader_from_spec
    from kiosk.commands._common import config_from

    if args.reader:
        return reader_from_spec(args.reader)
    return open_reader(config_from(args).section("card_reader"))


def identity_fields(identity: Identity, show_full: bool) -> dict[str, str]:
    """The identity as label -> text, masked unless ``show_full``."""
    from kiosk.privacy import mask_address, mask_id_number, mask_name

    def keep(value: str) -> str:
        return value

    name, number, address = (keep, keep, keep) if show_full else (mask_name, mask_id_number, mask_address)
    valid_to = identity.valid_to.isoformat() if identity.valid_to else "长期"
    valid_from = identity.valid_from.isoformat() if identity.valid_from else ""
    fields = {
        "name": name(identity.name),
        "sex": SEX_NAMES.get(identity.sex.value, identity.sex.value),
        "nation": identity.nation,
        "birth_date": identity.birth_date.isoformat() if show_full else f"{identity.birth_date:%Y}-**-**",
        "address": address(identity.address),
        "id_number": number(identity.id_number),
        "issuing_authority": identity.issuing_authority,
        "valid": f"{valid_from} 至 {valid_to}" if valid_from else valid_to,
        "source": SOURCE_NAMES.get(identity.source.value, identity.source.value),
    }
    if identity.card_number:
        fields["card_number"] = number(identity.card_number)
    if identity.sample:
        fields["sample"] = "样例"
    return fields


LABELS = {
    "name": "姓名",
    "sex": "性别",
    "nation": "民族",
    "birth_date": "出生",
    "address": "住址",
    "id_number": "公民身份号码",
    "issuing_authority": "签发机关",
    "valid": "有效期限",
    "source": "来源",
    "card_number": "卡号",
    "sample": "说明",
}


def handle(args: argparse.Namespace) -> int:
    from drivers.card import CardError
    from kiosk.identifiers import cross_check
    from kiosk.messages import message_for

    try:
        reader = _open(args)
        try:
            identity = reader.read(timeout=args.timeout)
        finally:
            reader.close()
    except CardError as exc:
        text = message_for(exc.code)
        if args.json:
            print(json.dumps({"ok": False, "error": exc.code, "message": text}, ensure_ascii=False))
        else:
            print(f"读卡失败：{text}（{exc.code}）", file=sys.stderr)
        return EXIT_CARD_ERROR
    fields = identity_fields(identity, args.show_full)
    problems = [p.code for p in cross_check(identity)]
    if args.json:
        out = {"ok": True, "identity": fields, "problems": problems, "has_photo": identity.photo is not None}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return EXIT_OK
    for key, value in fields.items():
        print(f"{LABELS[key]}：{value}")
    for code in problems:
        print(f"注意：{message_for(code)}（{code}）")
    return EXIT_OK


def doctor_check(section: dict[str, Any]) -> tuple[bool, str]:
    """For ``kiosk doctor``: can the configured card reader be used here, and why (English)."""
    from drivers.card import CardError, open_reader

    try:
        reader = open_reader(section)
    except CardError as exc:
        return False, f"card reader ({section.get('backend')}): {exc.detail}"
    try:
        ok, reason = reader.available()
    finally:
        reader.close()
    return ok, f"card reader ({section.get('backend')}): {reason}"
