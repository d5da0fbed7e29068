"""The catalogue's new guide fields (delivery, visit_hall, faq) under the schema and content checks, the
sample content for them, and the two-trips check (kiosk/visits.py) for every item of the sample catalogue."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from kiosk.catalog import BUNDLED_CATALOGUE, check_catalogue, load_catalogue
from kiosk.visits import trips_for, within_limit, worst_path


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    return data


def _item(data: dict[str, Any], short: str) -> dict[str, Any]:
    return next(it for it in data["items"] if it.get("short_name") == short)


def _problems(data: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in check_catalogue(data)}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda g: g.update(delivery=["courier"]), "guide.delivery[0]"),
        (lambda g: g.update(delivery=[]), "guide.delivery"),
        (lambda g: g.update(delivery=["mail", "mail"]), "guide.delivery"),
        (lambda g: g.update(visit_hall="yes"), "guide.visit_hall"),
        (lambda g: g.update(faq=[{"q": "多久？"}]), "guide.faq[0]"),
        (lambda g: g.update(faq=[{"q": "多久？", "a": ""}]), "guide.faq[0].a"),
        (lambda g: g.update(faq=[{"q": "多久？", "a": "十天", "x": 1}]), "guide.faq[0]"),
    ],
)
def test_the_schema_check_covers_the_new_fields(raw: dict[str, Any], change: Any, where: str) -> None:
    data = copy.deepcopy(raw)
    change(_item(data, "低保申请")["guide"])
    index = data["items"].index(_item(data, "低保申请"))
    problems = _problems(data)
    assert any(p.startswith(f"items[{index}].{where}") for p in problems), problems


def test_the_sample_items_have_their_common_questions_and_delivery(raw: dict[str, Any]) -> None:
    catalogue = load_catalogue()
    with_faq = [i for i in catalogue.items if i.guide.faq]
    assert len(with_faq) >= 10
    village = [i for i in catalogue.items if i.level == "village"]
    assert village and all(i.guide.faq for i in village)  # every village item answers its questions
    for item in with_faq:
        assert all(f.q.strip() and f.a.strip() for f in item.guide.faq)
    dibao = next(i for i in catalogue.items if i.short_name == "低保申请")
    assert dibao.guide.delivery == ("station", "township", "mail")
    # a result that is money paid into an account is no paper to fetch
    assert next(i for i in catalogue.items if i.short_name == "高龄补贴").guide.delivery == ()


def test_every_sample_item_needs_no_more_trips_than_its_guide_says() -> None:
    """The two-trips check (plan §6) for every item of the sample catalogue, whatever the applicant chooses
    at the terminal; and the guide says how many (0 to 2)."""
    catalogue = load_catalogue()
    for item in catalogue.items:
        g = item.guide
        assert 0 <= g.max_visits <= 2, item.name
        assert within_limit(g), (item.name, [t.why for t in worst_path(g)], g.max_visits)
        for way in g.delivery:
            assert trips_for(g, way) <= g.max_visits, (item.name, way)
    # the counting itself: an ID card needs the applicant once in person; the township pickup a trip
    card = next(i for i in catalogue.items if i.short_name == "身份证办理").guide
    assert [t.why for t in worst_path(card)] == ["visit_hall"] and card.max_visits == 1
    dibao = next(i for i in catalogue.items if i.short_name == "低保申请").guide
    assert trips_for(dibao, "township") == 1 and trips_for(dibao, "mail") == 0 == trips_for(dibao, "station")


def test_a_guide_that_promises_fewer_trips_than_its_path_needs_is_refused(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    dibao = _item(data, "低保申请")
    index = data["items"].index(dibao)
    dibao["guide"]["max_visits"] = 0  # yet the township pickup is offered
    assert _problems(data)[f"items[{index}].guide.max_visits"] == (
        "the terminal's path needs 1 trip(s) (pickup), more than max_visits 0"
    )
    dibao["guide"]["delivery"] = ["station", "mail"]  # no township pickup: no trip left
    assert f"items[{index}].guide.max_visits" not in _problems(data)
    dibao["guide"]["visit_hall"] = True
    assert f"items[{index}].guide.max_visits" in _problems(data)
