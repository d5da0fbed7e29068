"""The guided consultation (kiosk/consult.py): plain questions, suggestions from the catalogue alone."""

from __future__ import annotations

import pytest

from kiosk.catalog import load_catalogue
from kiosk.consult import QUESTIONS, suggest
from kiosk.messages import all_messages


def _names(answers: dict[str, str]) -> list[str]:
    return [i.short_name or i.name for i in suggest(load_catalogue().items, answers)]


@pytest.mark.parametrize(
    ("answers", "first", "absent"),
    [
        ({"who": "child", "what": "birth", "want": "paper"}, "新生儿入户", "养老金申领"),
        ({"who": "elder", "what": "old_age", "want": "paper"}, "老年证办理", "新生儿入户"),
        ({"who": "elder", "what": "old_age", "want": "money"}, "高龄补贴", "新生儿入户"),
        ({"who": "family", "what": "death", "want": "paper"}, "户口注销", "学生资助"),
        ({"who": "self", "what": "house", "want": "any"}, "危房改造", "低保申请"),
        ({"who": "child", "what": "school", "want": "money"}, "学生资助", "林木采伐"),
        ({"who": "self", "what": "hardship", "want": "money"}, "低保申请", "个体户登记"),
    ],
)
def test_three_answers_point_to_the_item(answers: dict[str, str], first: str, absent: str) -> None:
    names = _names(answers)
    assert first in names[:3], names
    assert absent not in names
    assert names[-1] == "政策咨询"  # a person to ask, always offered last


def test_money_or_paper_ranks_without_hiding() -> None:
    money = _names({"who": "elder", "what": "old_age", "want": "money"})
    paper = _names({"who": "elder", "what": "old_age", "want": "paper"})
    assert money.index("高龄补贴") < money.index("老年证办理")
    assert paper.index("老年证办理") < paper.index("高龄补贴")


def test_every_answer_has_words_and_finds_something() -> None:
    words = all_messages()
    catalogue = load_catalogue()
    for q in QUESTIONS:
        assert f"consult.question.{q.id}" in words
        for a in q.answers:
            assert a.words in words
            if q.id == "what":
                assert len(suggest(catalogue.items, {"what": a.id})) >= 2, a.id  # more than the advice
            for c in a.categories:
                assert c in {cat.id for cat in catalogue.categories}, (a.id, c)
