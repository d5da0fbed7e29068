"""``kiosk catalog list|search|check``: look at the service catalogue and check catalogue files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers

_POWER = {"licence": "行政许可", "payment": "行政给付", "confirmation": "行政确认", "other": "其他权力",
          "public_service": "公共服务"}  # fmt: skip
_LEVEL = {"district": "新区", "township": "乡镇", "village": "村（社区）"}


def register(subparsers: Subparsers) -> None:
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
    show = sub.add_parser("show", help="显示一个事项的完整办事指南 (show one item's guide)")
    show.add_argument("item", help="item code, or words to search for (the best match is shown)")
    show.set_defaults(func=_show)
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


_COPY = {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件"}
_SIGN = {
    "none": "",
    "applicant": "，需申请人签字",
    "seal": "，需加盖公章",
    "applicant_and_seal": "，需签字并盖章",
}


def _guide_lines(item: Any) -> list[str]:
    g = item.guide
    out = [
        f"【{item.name}】 {item.code}",
        f"实施机构：{item.department.name}    {item.summary}",
        f"申请对象：{g.applicant_scope}",
    ]
    out += ["设定依据："] + [f"  · {b}" for b in g.basis]
    out += ["办理条件："] + [f"  {i}. {c}" for i, c in enumerate(g.conditions, 1)]
    out.append("申请材料：")
    for i, m in enumerate(g.materials, 1):
        extra = (
            "（平台调取，无需提交）"
            if m.e_licence
            else (f"（可容缺，{m.defer_days}个工作日内补交）" if m.deferrable else "")
        )
        when = f"［{m.required_when}］" if m.required_when else ""
        out.append(
            f"  {i}. {m.name}{when}：{_COPY[m.original_or_copy]}{m.copies}份{_SIGN[m.signature]}{extra}"
        )
    out.append(f"办理时限：法定{g.legal_days}个工作日，{_promise(g.promised_days)}；最多跑{g.max_visits}次")
    out.append(
        "收费：" + ("不收费" if g.free else "；".join(f"{f.name} {f.amount}（{f.basis}）" for f in g.fees))
    )
    out += ["办理流程："] + [
        f"  {i}. {s.name}（{s.actor}，{s.days}个工作日）：{s.description}" for i, s in enumerate(g.process, 1)
    ]
    out.append(f"办理结果：{g.result}")
    out.append("咨询电话：" + "；".join(f"{c.name} {c.phone}" for c in g.consult))
    out.append("投诉电话：" + "；".join(f"{c.name} {c.phone}" for c in g.complain))
    out += ["注意事项："] + [f"  · {n}" for n in g.notes]
    return out


def _show(args: argparse.Namespace) -> int:
    from kiosk.catalog import ItemNotFound

    catalogue = _load(args)
    if catalogue is None:
        return 1
    try:
        item = catalogue.item(args.item)
    except ItemNotFound:
        found = catalogue.search(args.item, limit=1)
        if not found:
            print("没有找到相关事项。", file=sys.stderr)
            return 1
        item = found[0]
    print("\n".join(_guide_lines(item)))
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
