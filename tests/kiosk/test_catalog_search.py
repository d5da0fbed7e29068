"""Search by Chinese text, full pinyin and pinyin initials over the bundled catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import load_catalogue
from kiosk.catalog_search import SearchIndex, normalize


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue()


def _names(found: list[Any]) -> list[str]:
    return [it.name for it in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dbsq", "最低生活保障申请"),  # initials of the short name 低保申请
        ("DBSQ", "最低生活保障申请"),
        ("dibao", "最低生活保障申请"),
        ("di bao", "最低生活保障申请"),
        ("低保", "最低生活保障申请"),
        ("lnz", "老年人优待证办理"),  # initials of 老年证
        ("laonianzheng", "老年人优待证办理"),
        ("laonianz", "老年人优待证办理"),  # the last syllable half typed
        ("老年证", "老年人优待证办理"),
        ("ｄｂｓｑ", "最低生活保障申请"),  # full-width letters from a Chinese keyboard
    ],
)
def test_finds_by_text_pinyin_and_initials(catalogue: Any, query: str, expected: str) -> None:
    assert _names(catalogue.search(query))[0] == expected


def test_pinyin_matches_only_from_a_syllable_start(catalogue: Any) -> None:
    assert "最低生活保障申请" in _names(catalogue.search("bao"))
    assert "最低生活保障申请" not in _names(catalogue.search("ibao"))


def test_nothing_found_and_empty_query(catalogue: Any) -> None:
    assert catalogue.search("qqqqxz") == []
    assert catalogue.search("没有这种事") == []
    assert len(catalogue.search("", limit=1000)) == len(catalogue.items)


def test_category_filter(catalogue: Any) -> None:
    elderly = catalogue.search("", category="elderly", limit=100)
    assert elderly and all("elderly" in it.category_ids for it in elderly)
    assert "老年人优待证办理" in _names(elderly)
    assert all("elderly" in it.category_ids for it in catalogue.search("l", category="elderly"))


def test_limit_is_respected(catalogue: Any) -> None:
    assert len(catalogue.search("s", limit=2)) <= 2


class _Item:
    def __init__(self, name: str, keywords: tuple[str, ...] = (), short_name: str | None = None) -> None:
        self.name = name
        self.short_name = short_name
        self.keywords = keywords
        self.category_ids: tuple[str, ...] = ()


def test_ranking_puts_whole_and_starting_matches_first() -> None:
    items = [
        _Item("农村危房改造补助申请", keywords=("低保户住房",)),
        _Item("城乡居民最低生活保障金发放查询"),
        _Item("低保"),
        _Item("低保申请"),
    ]
    index = SearchIndex(items)
    # 最低生活保障 does not contain 低保: no fuzzy matches.
    assert _names(index.search("低保")) == ["低保", "低保申请", "农村危房改造补助申请"]
    assert _names(index.search("db"))[:2] == ["低保", "低保申请"]
    # The keyword match comes after every name match.
    assert _names(index.search("dibao"))[-1] == "农村危房改造补助申请"


def test_every_prefix_of_a_query_finds_the_item() -> None:
    """Per keystroke: the item must stay in the results while the query grows."""
    index = SearchIndex([_Item("老年人优待证办理", short_name="老年证办理"), _Item("临时救助申请")])
    for query in ("laonianzheng", "lnzbl", "老年证办理"):
        for end in range(1, len(query) + 1):
            assert "老年人优待证办理" in _names(index.search(query[:end])), query[:end]


def test_polyphones_read_by_phrase() -> None:
    index = SearchIndex([_Item("重度残疾人护理补贴申请")])
    assert index.search("zhongdu") and not index.search("chongdu")


def test_normalize() -> None:
    assert normalize(" Di·Bao（低保）") == "dibao低保"


def test_counter_staff_may_type_a_code(catalogue: Any) -> None:
    assert _names(catalogue.search("JF00101000")) == ["最低生活保障申请"]
    found = catalogue.search("xk0")
    assert found and all(it.basic_code.startswith("XK0") for it in found)
    # Two letters alone are pinyin initials, not a code: "xk" is 许可.
    assert "许可" in catalogue.search("xk")[0].name


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_item_is_found_by_its_name_pinyin_and_initials(catalogue: Any, data: st.DataObject) -> None:
    from pypinyin import Style, lazy_pinyin

    item = data.draw(st.sampled_from(catalogue.items))
    term = data.draw(st.sampled_from([item.name] + ([item.short_name] if item.short_name else [])))
    assert catalogue.search(term)[0] is item
    han = "".join(c for c in term if "\u4e00" <= c <= "\u9fff")
    syllables = lazy_pinyin(han, style=Style.NORMAL)
    initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
    assert item in catalogue.search("".join(syllables), limit=50)
    assert item in catalogue.search(initials, limit=50)
    # Any run of whole syllables inside the name, as a villager might type a middle word.
    start = data.draw(st.integers(0, len(syllables) - 1))
    end = data.draw(st.integers(start + 1, len(syllables)))
    assert item in catalogue.search("".join(syllables[start:end]), limit=len(catalogue.items))
