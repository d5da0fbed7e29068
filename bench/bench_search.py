"""Search latency per keystroke over a catalogue of 10,000 generated items.

Each query is typed one character at a time ("d", "db", "dbs", "dbsq") and every prefix is searched, as
the touch keyboard does. The figure is the pinyin-aware ``SearchIndex`` (Chinese text, full pinyin,
initials, ranked); the baseline, measured in the same run over the same items, is a plain substring scan
of the names (Chinese text only, unranked). Goal: median under 5 ms per keystroke.

    .venv/bin/python bench/bench_search.py [--items 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.catalog import load_catalogue  # noqa: E402
from kiosk.catalog_search import SearchIndex, substring_scan  # noqa: E402

WHO = ["城乡居民", "农村", "老年人", "残疾人", "企业", "个体工商户", "农民专业合作社", "退役军人", "学生", "困难家庭",
       "独生子女", "外来务工人员", "林农", "养殖户", "建筑企业", "食品经营者", "村集体", "高龄老人", "新生儿", "失业人员"]  # fmt: skip
WHAT = ["养老保险", "医疗保险", "最低生活保障", "临时救助", "住房", "宅基地", "林木", "农机", "营业执照", "食品经营许可",
        "户口", "居住证", "身份证", "生育", "就业", "技能培训", "危房改造", "耕地地力保护", "教育资助", "护理",
        "取水", "排污", "道路运输", "渔业捕捞", "种子生产", "兽药经营", "动物防疫", "建筑施工", "消防", "殡葬"]  # fmt: skip
ACT = ["申请", "登记", "变更", "注销", "补领", "审批", "核发", "备案", "缴纳", "查询", "补贴发放", "资格认定", "年度报告",
       "证明开具", "待遇申领", "延续", "换证", "认证"]  # fmt: skip
QUERIES = ["dbsq", "laonianzheng", "lnz", "低保申请", "yanglaobaoxian", "ylbx", "hukou", "林木采伐", "gaoling",
           "身份证补领", "nongji", "jzzm", "营业执照", "weifang"]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Item:
    name: str
    short_name: str | None
    keywords: tuple[str, ...]
    category_ids: tuple[str, ...]


def generate(n: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    real = [Item(it.name, it.short_name, it.keywords, it.category_ids) for it in load_catalogue().items]
    out = list(real)
    while len(out) < n:
        who, what, act = rng.choice(WHO), rng.choice(WHAT), rng.choice(ACT)
        name = f"{who}{what}{act}" if rng.random() < 0.6 else f"{what}{act}"
        short = f"{what}{act}" if rng.random() < 0.3 else None
        out.append(Item(f"{name}（{len(out)}）", short, (what, act), ("generated",)))
    rng.shuffle(out)
    return out


def keystrokes() -> list[str]:
    return [q[:end] for q in QUERIES for end in range(1, len(q) + 1)]


def measure(search: Callable[[str], Sequence[object]], strokes: list[str], repeat: int) -> list[float]:
    times = []
    for stroke in strokes:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            search(stroke)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per keystroke; the fastest counts")
    args = parser.parse_args()
    items = generate(args.items)
    start = time.perf_counter()
    index = SearchIndex(items)
    build_s = time.perf_counter() - start
    strokes = keystrokes()
    ours = measure(lambda q: index.search(q, 20), strokes, args.repeat)
    base = measure(lambda q: substring_scan(items, q, 20), strokes, args.repeat)
    assert index.search("dbsq")[0].name == "最低生活保障申请", "the benchmark must search for real"
    ours_med, base_med = statistics.median(ours), statistics.median(base)
    p95 = statistics.quantiles(ours, n=20)[-1]
    print(f"items: {len(items)}   keystrokes: {len(strokes)}   index build: {build_s:.2f} s")
    print(f"pinyin index (text + pinyin + initials, ranked): median {ours_med:.3f} ms, p95 {p95:.3f} ms, "
          f"max {max(ours):.3f} ms per keystroke")  # fmt: skip
    print(f"baseline substring scan of names (text only):    median {base_med:.3f} ms, "
          f"max {max(base):.3f} ms per keystroke")  # fmt: skip
    print(f"ratio (index / baseline, median): {ours_med / base_med:.2f}x   goal < 5 ms: "
          f"{'met' if ours_med < 5 else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
