"""The bundled catalogue, the schema and content checks, versions and the ``kiosk catalog`` command."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk import cli
from kiosk.catalog import (
    BUNDLED_CATALOGUE,
    CatalogueInvalid,
    CatalogueOutdated,
    CatalogueUnreadable,
    ItemNotFound,
    check_catalogue,
    install_catalogue,
    load_active_catalogue,
    load_catalogue,
)
from kiosk.catalog_readings import readings_path
from kiosk.forms import FormState

ROOT = Path(__file__).resolve().parents[2]
# Stable codes other areas (UI, demo, platform fixtures) refer to.
DIBAO = "JF00101000452090011520900MB1H0F011U"
LAONIANZHENG = "GG00201000352090011520900MB1A0W001N"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue()


def _problems_at(data: dict[str, Any]) -> dict[str, str]:
    return {p.path: p.message for p in check_catalogue(data)}


def test_bundled_catalogue_passes_every_check(raw: dict[str, Any]) -> None:
    assert check_catalogue(raw) == []
    assert raw["sample"] is True and raw["version"]


def test_stable_codes_and_the_items_the_app_builds_on(catalogue: Any) -> None:
    dibao = catalogue.item(DIBAO)
    assert dibao.name == "最低生活保障申请" and dibao.short_name == "低保申请"
    assert any(m.deferrable and m.defer_days for m in dibao.guide.materials)
    assert any(m.e_licence for m in dibao.guide.materials)
    assert catalogue.item(LAONIANZHENG).short_name == "老年证办理"
    for item in (dibao, catalogue.item(LAONIANZHENG)):
        assert item.guide.materials and item.form.pages
        assert item.ref() == {"item_code": item.code, "catalogue_version": catalogue.version}
    with pytest.raises(ItemNotFound):
        catalogue.item("XK00000000")


# What the plan (section 23) asks every township/village station to offer, and how a villager would ask.
PLAN_VILLAGE_SERVICES = {
    "政策咨询": "政策咨询",
    "低保": "最低生活保障申请",
    "农机补贴": "农机购置补贴申请",
    "养老保险缴费": "城乡居民基本养老保险费缴纳",
    "新农合": "城乡居民基本医疗保险参保登记及缴费（原新农合）",
    "老年证": "老年人优待证办理",
    "户口迁移": "户口迁移（迁入）审批",
    "上户口": "出生登记（新生儿入户）",
    "居住证明": "居住证明开具",
    "计生证明": "计划生育情况证明开具",
    "林木采伐": "林木采伐许可证核发",
    "木材运输": "木材运输检疫（森林植物检疫证书核发）",
    "高龄补贴": "高龄老人津贴申请",
}


def test_the_plan_village_services_are_all_there(catalogue: Any) -> None:
    assert len(catalogue.items) >= 25
    for query, name in PLAN_VILLAGE_SERVICES.items():
        assert catalogue.search(query)[0].name == name, query
    assert len(catalogue.items_in("household")) >= 4
    levels = {it.level for it in catalogue.items}
    kinds = {it.power_kind for it in catalogue.items}
    assert levels == {"district", "township", "village"}
    assert kinds == {"licence", "payment", "confirmation", "other", "public_service"}


def test_every_item_is_complete(catalogue: Any) -> None:
    category_ids = {c.id for c in catalogue.categories}
    for item in catalogue.items:
        g = item.guide
        assert g.basis and g.conditions and g.materials and g.process and g.consult and g.complain and g.notes
        assert 2 * g.promised_days <= g.legal_days, item.name
        assert set(item.category_ids) <= category_ids
        material_ids = [m.id for m in g.materials]
        # Every material a form can ask for is in the guide.
        assert {m for m, _ in item.form.conditional_materials} <= set(material_ids)
        assert FormState(item.form).needed_materials(material_ids)  # something is always asked for
    codes = [it.code for it in catalogue.items]
    assert len(codes) == len(set(codes))


def test_categories_have_chinese_names_and_pictograms(catalogue: Any) -> None:
    for c in catalogue.categories:
        assert c.name and c.pictogram
    assert catalogue.departments


# -- content checks find what a schema cannot say ---------------------------------------------------------
def test_promised_more_than_half_the_legal_limit_is_reported(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["items"][1]["guide"]["promised_days"] = data["items"][1]["guide"]["legal_days"] // 2 + 1
    assert "more than half" in _problems_at(data)["items[1].guide.promised_days"]


def test_duplicate_and_malformed_codes_are_reported(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["items"][2]["code"] = data["items"][1]["code"]
    data["items"][3]["basic_code"] = "XK0010"
    problems = _problems_at(data)
    assert any("duplicate item code" in m for m in problems.values())
    assert "items[3].basic_code" in problems
    assert "items[2].code" in problems  # no longer matches its own basic code and department


def test_code_must_agree_with_the_kind_of_power(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["items"][1]["power_kind"] = "licence"  # the 低保 item is a payment (JF)
    assert "starts with XK" in _problems_at(data)["items[1].basic_code"]


def test_unknown_material_in_a_form_is_reported(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    item = data["items"][1]
    item["form"]["conditional_materials"][0]["material"] = "no_such_material"
    assert "unknown material" in _problems_at(data)["items[1].form.conditional_materials[0]"]


def test_condition_on_an_unknown_field_is_reported(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    field = data["items"][1]["form"]["pages"][1]["fields"][3]
    field["visible_if"] = {"field": "not_there", "equals": "x"}
    assert "not_there" in _problems_at(data)["items[1].form.pages[1].fields[3]"]


def test_condition_on_a_group_member_must_name_a_real_member(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    rule = data["items"][1]["form"]["conditional_materials"][0]
    rule["visible_if"] = {"field": "members.no_such_member", "equals": "disabled"}
    assert "members.no_such_member" in _problems_at(data)["items[1].form.conditional_materials[0]"]
    rule["visible_if"] = {"field": "members.health", "equals": "disabled"}
    assert _problems_at(data) == {}


def test_schema_problems_carry_their_path(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["items"][1]["guide"]["materials"][0]["copies"] = "two"
    data["items"][0]["guide"]["notes"] = []
    del data["items"][2]["form"]
    problems = _problems_at(data)
    assert "items[1].guide.materials[0].copies" in problems
    assert "items[0].guide.notes" in problems
    assert any(path == "items[2]" and "form" in msg for path, msg in problems.items())


def test_deferrable_material_needs_its_days(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    material = next(m for m in data["items"][1]["guide"]["materials"] if m["deferrable"])
    del material["defer_days"]
    assert any("defer_days" in m for m in _problems_at(data).values())


def test_load_rejects_invalid_and_unreadable_files(tmp_path: Path, raw: dict[str, Any]) -> None:
    bad = copy.deepcopy(raw)
    bad["items"][0]["guide"]["legal_days"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as info:
        load_catalogue(path)
    assert info.value.code == "catalog.invalid"
    assert any(p.path.startswith("items[0].guide") for p in info.value.problems)
    path.write_bytes(b"\xff not json")
    with pytest.raises(CatalogueUnreadable):
        load_catalogue(path)
    with pytest.raises(CatalogueUnreadable):
        load_catalogue(tmp_path / "missing.json")


# -- versions ---------------------------------------------------------------------------------------------
def _with_version(raw: dict[str, Any], version: str) -> bytes:
    data = copy.deepcopy(raw)
    data["version"] = version
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_newer_download_replaces_the_bundled_one(tmp_path: Path, raw: dict[str, Any]) -> None:
    cached = tmp_path / "cache" / "catalogue.json"
    assert load_active_catalogue(cached).version == raw["version"]  # first boot: bundled
    installed = install_catalogue(_with_version(raw, "2099.1.1"), cached, raw["version"])
    assert installed.version == "2099.1.1"
    active = load_active_catalogue(cached)
    assert active.version == "2099.1.1"
    assert active.item(DIBAO).ref()["catalogue_version"] == "2099.1.1"


def test_older_or_broken_download_keeps_the_one_in_use(tmp_path: Path, raw: dict[str, Any]) -> None:
    cached = tmp_path / "catalogue.json"
    install_catalogue(_with_version(raw, "2099.1.2"), cached)
    before = cached.read_bytes()
    with pytest.raises(CatalogueOutdated):
        install_catalogue(_with_version(raw, "2099.1.1"), cached, "2099.1.2")
    with pytest.raises(CatalogueInvalid):
        install_catalogue(_with_version(raw, "not-a-version"), cached, "2099.1.2")
    assert cached.read_bytes() == before
    # No temporary files left behind: the catalogue and the pinyin computed when it was installed.
    assert sorted(tmp_path.iterdir()) == [cached, readings_path(cached)]


def test_a_corrupt_cache_falls_back_to_the_bundled_catalogue(tmp_path: Path, raw: dict[str, Any]) -> None:
    cached = tmp_path / "catalogue.json"
    cached.write_bytes(_with_version(raw, "2099.1.1")[:-200])
    assert load_active_catalogue(cached).version == raw["version"]
    cached.write_bytes(_with_version(raw, "2000.1.1"))  # valid but older than the bundled one
    assert load_active_catalogue(cached).version == raw["version"]


# -- the command ------------------------------------------------------------------------------------------
def _kiosk(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["catalog", *args])
    return code, capsys.readouterr().out


def test_cli_list_search_and_check(
    tmp_path: Path, raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _kiosk(capsys, "list", "--json")
    assert code == 0 and len(json.loads(out)["items"]) == len(raw["items"])
    code, out = _kiosk(capsys, "search", "dbsq", "--json")
    assert json.loads(out)["items"][0]["code"] == DIBAO
    assert "最低生活保障申请" in _kiosk(capsys, "search", "低保")[1]
    assert _kiosk(capsys, "check", str(BUNDLED_CATALOGUE))[0] == 0
    bad = copy.deepcopy(raw)
    bad["items"][1]["guide"]["promised_days"] = 29
    bad["items"][0]["level"] = "county"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    code, out = _kiosk(capsys, "check", str(path))
    assert code == 1
    assert "items[1].guide.promised_days" in out and "items[0].level" in out
    path.write_text('{"items": [', encoding="utf-8")
    assert cli.main(["catalog", "check", str(path)]) == 1
    assert "line 1 column 12" in capsys.readouterr().err


def test_cli_show_prints_the_whole_guide(capsys: pytest.CaptureFixture[str], catalogue: Any) -> None:
    code, out = _kiosk(capsys, "show", LAONIANZHENG)
    assert code == 0
    item = catalogue.item(LAONIANZHENG)
    for text in (item.name, item.guide.basis[0], item.guide.materials[-1].name, item.guide.notes[-1]):
        assert text in out
    assert f"法定{item.guide.legal_days}个工作日" in out
    code, out = _kiosk(capsys, "show", "dbsq")  # words: the best match
    assert code == 0 and "最低生活保障申请" in out and "可容缺" in out and "平台调取" in out
    assert cli.main(["catalog", "show", "没有这种事"]) == 1


def test_cli_runs_as_a_program() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "catalog", "search", "lnz"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "老年人优待证办理" in done.stdout


def test_blank_text_anywhere_in_an_item_is_reported(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["items"][1]["guide"]["materials"][2]["format"] = "  "
    data["items"][1]["form"]["pages"][0]["fields"][0]["label"] = " "
    problems = _problems_at(data)
    assert problems["items[1].guide.materials[2].format"] == "empty text"
    assert problems["items[1].form.pages[0].fields[0].label"] == "empty text"


def _dibao_form(data: dict[str, Any]) -> dict[str, Any]:
    form: dict[str, Any] = next(it for it in data["items"] if it["code"] == DIBAO)["form"]
    return form


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"left": {"rows": "nobody"}, "right": {"value": 1}}, "unknown field 'nobody'"),
        ({"left": {"rows": "household_size"}, "right": {"value": 1}}, "not a repeating group"),
        ({"left": {"field": "members"}, "right": {"value": 1}}, "not a number field"),
        ({"left": {"sum": "members.name"}, "right": {"value": 1}}, "not a number in a repeating group"),
        ({"left": {"rows": "members"}, "right": {"value": 1}, "message": "还差{need}位"}, "only use {left}"),
    ],
)
def test_a_rule_across_fields_that_cannot_work_is_reported(
    raw: dict[str, Any], rule: dict[str, Any], words: str
) -> None:
    data = copy.deepcopy(raw)
    _dibao_form(data)["rules"].append({"id": "broken", "op": "==", "message": "有误（{left}）", **rule})
    problems = _problems_at(data)
    where = next(p for p in problems if p.endswith(".form.rules[2]"))
    assert words in problems[where]


def test_help_if_and_answered_refer_to_earlier_fields(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    first = _dibao_form(data)["pages"][0]["fields"][0]
    first["help"] = "说明"
    first["help_if"] = {"answered": "members.health"}  # the members come two pages later
    problems = _problems_at(data)
    assert any("help_if refers to 'members.health'" in m for m in problems.values()), problems
    data = copy.deepcopy(raw)
    _dibao_form(data)["rules"][0]["op"] = "≈"
    assert any(p.endswith("form.rules[0].op") for p in _problems_at(data))


@pytest.mark.parametrize(
    ("source", "text", "words"),
    [
        ("没有这段文字", "No such text", "stale"),
        ("最低生活保障申请", "Dibao：minimum living allowance", "Chinese punctuation"),
        (
            "按您填写的共同生活家庭人数，除您本人外应填写{right}位家庭成员，现在填了{left}位。",
            "List {right} family members.",
            "placeholders",
        ),
    ],
)
def test_a_wrong_translation_is_reported(raw: dict[str, Any], source: str, text: str, words: str) -> None:
    data = copy.deepcopy(raw)
    data["translations"]["en"][source] = text
    problems = _problems_at(data)
    where = next(p for p in problems if p.startswith("translations.en["))
    assert words in problems[where], problems


def test_the_english_catalogue_keeps_codes_and_pinyin_search(catalogue: Any) -> None:
    english = catalogue.localized("en")
    assert english.version == catalogue.version and english is catalogue.localized("en")
    assert catalogue.localized("zh_CN") is catalogue
    dibao = english.item(DIBAO)
    assert dibao.name == "Minimum living allowance (dibao)"
    assert dibao.form.pages[1].fields[0].options[0].value == "rural"  # values never translated
    assert [o.label for o in dibao.form.pages[1].fields[0].options] == ["Rural", "Urban"]
    assert english.search("dbsq")[0].code == DIBAO  # pinyin initials still find it on an English screen
    assert catalogue.item(DIBAO).name == "最低生活保障申请"  # the catalogue itself stays Chinese (receipts)
