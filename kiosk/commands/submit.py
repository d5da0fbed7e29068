"""``kiosk submit FILE.json ... [--attach [MATERIAL=]PATH ...]``: queue applications exactly as the UI does.

The file is one JSON object (``kiosk submit --example`` prints a complete one)::

    item              {"code": ..., "name": ...}           the service item
    catalogue_version text
    applicant         the identity: name, sex ("1" male, "2" female), nation, birth_date (YYYY-MM-DD),
                      address, id_number, issuing_authority, valid_from, valid_to (null = 长期), source
    form              {field id: value}
    materials         [{"material": id, "path": file, "content_type": optional}]   paths relative to FILE
    deferred          [material id, ...]                    容缺: owed later
    consent           {"signature_png": base64 or null, ...}
    agent_id          text or null                          代办员
    app_id            null, or the id of an application on this terminal: the file is then a supplement

``--attach`` adds files from the command line (material = the file name without extension unless given
as ``MATERIAL=PATH``). The platform key comes from the terminal's enrolment; ``--platform-key`` overrides
it (tests, demo). Several files (bulk import) are queued one transaction each; ``--json`` prints one JSON
line per file. Exit status: 0 all queued, 1 some refused (the Chinese reason is printed), 2 some file
unreadable.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import mimetypes
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from drivers.card.identity import Identity
    from kiosk.commands._common import Subparsers
    from offline_cache.store import Store

EXIT_OK, EXIT_REFUSED, EXIT_BAD_FILE = 0, 1, 2

EXAMPLE: dict[str, Any] = {
    "item": {"code": "520900-GA-0001", "name": "城乡居民最低生活保障申请（样例）"},
    "catalogue_version": "1.0.0",
    "applicant": {
        "name": "杨样例",
        "sex": "2",
        "nation": "汉",
        "birth_date": "1948-03-15",
        "address": "贵州省贵安新区样例镇样例村三组12号（样例）",
        "id_number": "520100194803150025",
        "issuing_authority": "贵安新区公安局（样例）",
        "valid_from": "2016-05-01",
        "valid_to": None,
        "source": "manual",
        "sample": True,
    },
    "form": {"household_size": 2, "monthly_income": 600, "reason": "年老体弱，无固定收入（样例）"},
    "materials": [{"material": "hukou", "path": "hukou.pdf", "content_type": "application/pdf"}],
    "deferred": ["income_proof"],
    "consent": {"signature_png": None, "agreed": True},
    "agent_id": None,
    "app_id": None,
}


@dataclasses.dataclass(frozen=True, slots=True)
class ItemRef:
    code: str
    name: str


class BadFile(KioskError):
    """The application file cannot be used; the message names the key (never its value)."""

    code: ClassVar[str] = "submit.bad_file"


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "submit", help="提交一份申请到本机待发送队列 / queue an application from a JSON file"
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="application JSON files (see --example)")
    p.add_argument(
        "--attach", action="append", default=[], metavar="[MATERIAL=]PATH", help="add a material file"
    )
    p.add_argument("--example", action="store_true", help="print an example application file and exit")
    p.add_argument("--platform-key", help="platform public key (base64 X25519); default: from enrolment")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    if args.example:
        print(json.dumps(EXAMPLE, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not args.files:
        print("请指定申请文件（kiosk submit FILE.json），或用 --example 查看格式。", file=sys.stderr)
        return EXIT_BAD_FILE
    if args.attach and len(args.files) > 1:
        print("--attach 只能与一个申请文件一起使用 (--attach needs exactly one file).", file=sys.stderr)
        return EXIT_BAD_FILE
    from kiosk.commands._common import config_from, home_from
    from kiosk.messages import message_for
    from offline_cache.errors import OfflineCacheError
    from offline_cache.store import Store

    config, home = config_from(args), home_from(args)
    key = args.platform_key or _enrolled_platform_key(home)
    if not key:
        print("终端尚未注册，请先完成注册（或用 --platform-key 指定平台公钥）。", file=sys.stderr)
        return EXIT_REFUSED
    try:
        store = Store.open(home / "kiosk.db", home / "attachments", config.get("station", "code"))
    except OfflineCacheError as exc:
        print(message_for(exc), file=sys.stderr)
        return EXIT_REFUSED
    worst = EXIT_OK
    try:
        if store.recovered_from is not None:
            print(message_for("store.recovered"), file=sys.stderr)
        for file in args.files:  # bulk import: each file is its own transaction
            worst = max(worst, _submit_file(store, home, Path(file), args, key))
    finally:
        store.close()
    return worst


def _submit_file(store: Store, home: Path, path: Path, args: argparse.Namespace, key: str) -> int:
    from kiosk.messages import message_for
    from kiosk.submission import submit_application

    try:
        data, materials = read_application_file(path, args.attach)
        identity = identity_from(data.get("applicant"))
        item = ItemRef(str(data["item"]["code"]), str(data["item"]["name"]))
    except (BadFile, KeyError, TypeError, ValueError) as exc:
        print(
            f"{path.name}: 申请文件无法使用 (cannot use the file): {type(exc).__name__} {exc}",
            file=sys.stderr,
        )
        return EXIT_BAD_FILE
    try:
        submitted = submit_application(
            store,
            home=home,
            item=item,
            form_values=dict(data.get("form") or {}),
            identity=identity,
            materials=materials,
            deferred=[str(m) for m in data.get("deferred") or []],
            consent=dict(data.get("consent") or {}),
            catalogue_version=str(data.get("catalogue_version", "")),
            platform_public_key=key,
            agent_id=data.get("agent_id"),
            app_id=data.get("app_id"),
        )
    except Exception as exc:  # typed errors only reach the user as their Chinese message
        if not hasattr(exc, "code"):
            raise
        print(f"{path.name}: {message_for(exc)}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:  # one JSON object per line (JSON Lines), one line per file
        result = {
            "file": str(path),
            "app_id": submitted.app_id,
            "revision": submitted.revision,
            "local_receipt_no": submitted.local_receipt_no,
            "created_at": submitted.created_at.isoformat(),
        }
        print(json.dumps(result, ensure_ascii=False), flush=True)
    else:
        print(
            f"{path.name}: 已保存，等待发送。回执号 {submitted.local_receipt_no}"
            f"（申请编号 {submitted.app_id}，第 {submitted.revision} 版）",
            flush=True,
        )
    return EXIT_OK


def _enrolled_platform_key(home: Path) -> str | None:
    try:
        from offline_cache.credentials import load_credentials
    except ImportError:  # enrolment not built into this installation
        return None
    from offline_cache.errors import CredentialsDamaged

    try:
        credentials = load_credentials(home)
    except CredentialsDamaged:  # said by the terminal and `kiosk doctor`; here: no key, nothing sealed
        return None
    return None if credentials is None else str(credentials.platform_public_key)


def read_application_file(
    path: Path, attach: list[str]
) -> tuple[dict[str, Any], dict[str, list[tuple[str, str, bytes]]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadFile(f"{path.name}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise BadFile("the file must hold one JSON object")
    specs = list(data.get("materials") or [])
    for arg in attach:
        material, sep, rest = arg.partition("=")
        # Command-line paths are relative to the working folder, file paths to the file's folder.
        file = Path(rest if sep else arg).resolve()
        specs.append({"material": material if sep else file.stem, "path": str(file)})
    materials: dict[str, list[tuple[str, str, bytes]]] = {}
    for i, spec in enumerate(specs):
        if not isinstance(spec, dict) or not spec.get("material") or not spec.get("path"):
            raise BadFile(f"materials[{i}] needs material and path")
        file = Path(spec["path"])
        file = file if file.is_absolute() else path.parent / file
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise BadFile(f"materials[{i}]: {exc.strerror}") from None
        ctype = spec.get("content_type") or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        materials.setdefault(str(spec["material"]), []).append((file.name, str(ctype), content))
    return data, materials


def identity_from(raw: Any) -> Identity:
    from drivers.card.identity import CardSource, Identity, Sex

    if not isinstance(raw, dict):
        raise BadFile("applicant must be an object")

    def day(key: str) -> dt.date | None:
        value = raw.get(key)
        return dt.date.fromisoformat(value) if value else None

    birth = day("birth_date")
    if birth is None:
        raise BadFile("applicant.birth_date is required")
    return Identity(
        name=str(raw["name"]),
        sex=Sex(str(raw.get("sex", "0"))),
        nation=str(raw.get("nation", "")),
        birth_date=birth,
        address=str(raw.get("address", "")),
        id_number=str(raw["id_number"]),
        issuing_authority=str(raw.get("issuing_authority", "")),
        valid_from=day("valid_from"),
        valid_to=day("valid_to"),
        source=CardSource(str(raw.get("source", "manual"))),
        sample=bool(raw.get("sample", False)),
    )
