"""``kiosk catalog list|search|check``: look at the service catalogue and check catalogue files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

_POWER = {"licence": "行政许可", "payment": "行政给付", "confirmation": "行政确认", "other": "其他权力",
          "public_service": "公共服务"}  # fmt: skip
_LEVEL = {"district": "新区", "township": "乡镇", "village": "村（社区）"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("catalog", help="服务事项目录：列出、搜索、检查 (service catalogue)")
    parser.add_argument("--file", help="catalogue file (default: the bundled config/catalogue.json)")
    sub = parser.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="列出全部事项 (list the items)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=_list)
    search = sub.add_parser("search", help="按中文、拼音或拼音首字母搜索 (search)")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--category", help="only items of this life-event category id")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(func=_search)
    check = sub.add_parser("check", help="检查目录文件，列出全部问题 (validate a catalogue file)")
    check.add_argument("path", help="catalogue JSON file")
    check.set_defaults(func=_check)


def _summary(item: Any) -> dict[str, Any]:
    return {
        "code": item.code,
        "basic_code": item.basic_code,
        "name": item.name,
        "short_name": item.short_name,
        "categories": list(item.category_ids),
        "department": item.department.name,
        "level": item.level,
        "power_kind": item.power_kind,
        "legal_days": item.guide.legal_days,
        "promised_days": item.guide.promised_days,
    }


def _print(items: list[Any], as_json: bool, version: str) -> None:
    if as_json:
        json.dump(
            {"version": version, "items": [_summary(it) for it in items]},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return
    for it in items:
        print(f"{it.basic_code}  {it.name}  [{_POWER[it.power_kind]}·{_LEVEL[it.level]}]  {it.department.name}  "
              f"{_promise(it.guide.promised_days)}")  # fmt: skip


def _promise(days: int) -> str:
    return "即办" if days == 0 else f"承诺{days}个工作日"


def _load(args: argparse.Namespace) -> Any:
    from kiosk.catalog import CatalogueError, load_catalogue

    try:
        return load_catalogue(Path(args.file) if args.file else None)
    except CatalogueError as exc:
        print(f"目录无法使用 (catalogue unusable): {exc}", file=sys.stderr)
        return None


def _list(args: argparse.Namespace) -> int:
    catalogue = _load(args)
    if catalogue is None:
        return 1
    _print(catalogue.items, args.json, catalogue.version)
    if not args.json:
        print(
            f"共{len(catalogue.items)}项，目录版本 {catalogue.version}{'（样例数据）' if catalogue.sample else ''}"
        )
    return 0


def _search(args: argparse.Namespace) -> int:
    catalogue = _load(args)
    if catalogue is None:
        return 1
    found = catalogue.search(args.text, limit=args.limit, category=args.category)
    _print(found, args.json, catalogue.version)
    if not args.json and not found:
        print("没有找到相关事项。")
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.catalog import CatalogueInvalid, CatalogueUnreadable, check_catalogue, read_catalogue_data

    path = Path(args.path)
    try:
        data = read_catalogue_data(path.read_bytes())
        problems = check_catalogue(data)
    except OSError as exc:
        print(f"{path}: 无法读取 (cannot read): {exc.strerror}", file=sys.stderr)
        return 2
    except CatalogueUnreadable as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    except CatalogueInvalid as exc:
        problems = exc.problems
    for p in problems:
        print(f"{path}: {p.path}: {p.message}")
    if problems:
        print(f"{len(problems)} 个问题 (problems)", file=sys.stderr)
        return 1
    print(f"{path}: 通过检查 (ok), {len(data['items'])} items, version {data['version']}")
    return 0
