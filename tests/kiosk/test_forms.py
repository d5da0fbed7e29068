"""The form engine on the bundled items' forms: prefill, conditions, groups, messages, materials."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from drivers.card.identity import CardSource, Identity, Sex
from drivers.card.samples import ELDER, FARMER, SAMPLE_PEOPLE, sample_id_number
from kiosk.catalog import load_catalogue
from kiosk.forms import FieldLocked, FormSpec, FormState, UnknownField
from kiosk.regions import bundled_regions

TODAY = dt.date(2026, 11, 27)
VILLAGE = "520900100201"  # 样例村 in the sample region tree


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return load_catalogue()


def _item(catalogue: Any, short_name: str) -> Any:
    return next(it for it in catalogue.items if it.short_name == short_name)


def _state(catalogue: Any, short_name: str) -> FormState:
    return FormState(_item(catalogue, short_name).form, today=TODAY)


def test_prefill_from_a_sample_card_fills_and_locks(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    filled = state.prefill(FARMER)
    assert {"name", "id_number", "sex", "birth_date", "address"} <= filled
    values = state.values()
    assert values["name"] == FARMER.name and values["id_number"] == FARMER.id_number
    assert values["sex"] == "1" and values["birth_date"] == "1975-08-20"
    assert state.display_value("sex") == "男"
    assert state.is_locked("name") and state.is_locked("id_number")
    with pytest.raises(FieldLocked) as info:
        state.set("id_number", "x")
    assert info.value.code == "form.locked"
    # The card's address may be out of date: the villager may correct it.
    assert not state.is_locked("address")
    state.set("address", "贵州省贵安新区样例镇样例村新址1号（样例）")


@pytest.mark.parametrize("person", SAMPLE_PEOPLE, ids=lambda p: p.name)
def test_prefilled_fields_of_every_item_are_valid(catalogue: Any, person: Identity) -> None:
    for item in catalogue.items:
        state = FormState(item.form, today=TODAY)
        filled = state.prefill(person)
        # A card is always well-formed; only eligibility by age may refuse a prefilled field.
        codes = {k: e.code for k, e in state.error_codes().items() if k in filled}
        assert set(codes.values()) <= {"form.date.too_young"}, (item.name, codes)


def test_age_limits_of_items_for_the_elderly(catalogue: Any) -> None:
    elder_card = _state(catalogue, "老年证办理")
    elder_card.prefill(ELDER)  # born 1948: 78 years old
    assert "birth_date" not in elder_card.errors()
    allowance = _state(catalogue, "高龄补贴")  # 80 and over
    allowance.prefill(ELDER)
    assert allowance.errors()["birth_date"] == "本事项须年满80周岁才能办理，按出生日期还未满80周岁。"
    young = _state(catalogue, "老年证办理")
    young.prefill(FARMER)  # born 1975
    assert young.error_codes()["birth_date"].code == "form.date.too_young"
    # The day of the 60th birthday counts.
    turning = FormState(_item(catalogue, "老年证办理").form, today=dt.date(2035, 8, 20))
    turning.prefill(FARMER)
    assert "birth_date" not in turning.errors()


def test_manual_identity_is_not_locked(catalogue: Any) -> None:
    typed = dataclasses.replace(ELDER, source=CardSource.MANUAL)
    state = _state(catalogue, "老年证办理")
    state.prefill(typed)
    assert not state.is_locked("name")
    state.set("name", "杨样例")


def test_unstated_sex_is_left_for_the_person_to_choose(catalogue: Any) -> None:
    person = dataclasses.replace(FARMER, sex=Sex.UNSTATED)
    state = _state(catalogue, "低保申请")
    assert "sex" not in state.prefill(person)
    assert state.errors()["sex"] == "请选择性别。"


def _fill_dibao(state: FormState) -> None:
    state.prefill(FARMER)
    state.set("village", VILLAGE)
    state.set("mobile", "13812345678")
    state.set("household_kind", "rural")
    state.set("household_size", "2")
    state.set("reason", "illness")
    state.set("monthly_income_total", "1800")  # the member below earns 1200 of it
    for field in ("has_vehicle", "has_business", "has_seriously_ill", "has_disabled"):
        state.set(field, False)
    state.set("bank_name", "rcc")


def test_a_complete_dibao_application(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)
    row = state.add_row("members")
    state.set(f"members.{row}.name", "李样例")
    state.set(f"members.{row}.relation", "spouse")
    state.set(f"members.{row}.id_number", sample_id_number(dt.date(1977, 2, 3), 42))
    state.set(f"members.{row}.health", "healthy")
    state.set(f"members.{row}.working", "是")
    state.set(f"members.{row}.monthly_income", "１２００")  # full-width digits from a Chinese keyboard
    assert state.errors() == {}
    assert state.is_complete()
    values = state.values()
    assert values["household_size"] == 2 and values["village"] == VILLAGE
    assert values["members"] == [
        {"name": "李样例", "relation": "spouse", "id_number": sample_id_number(dt.date(1977, 2, 3), 42),
         "health": "healthy", "working": True, "monthly_income": 1200}
    ]  # fmt: skip
    assert "bank_account" not in values  # optional (容缺), not given
    assert state.display_value("village") == "贵安新区样例镇样例村"


def test_errors_in_group_rows_name_the_row(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)
    state.add_row("members")
    state.add_row("members")
    state.set("members.1.id_number", "52090019770203004")
    state.set("members.1.health", "disabled")
    errors = state.errors()
    assert errors["members.0.name"] == "请填写家庭成员（第1项）的姓名。"
    assert errors["members.1.id_number"].startswith("家庭成员（第2项）的公民身份号码应为18位")
    assert "members.1.disability_no" in errors  # visible because this member is disabled
    assert "members.0.disability_no" not in errors
    assert "members.0.monthly_income" not in errors  # hidden until "working" is yes
    state.remove_row("members", 1)
    assert not any(k.startswith("members.1.") for k in state.errors())
    with pytest.raises(UnknownField):
        state.set("members.5.name", "x")
    with pytest.raises(UnknownField):
        state.set("members.0.nope", "x")


def test_conditional_fields_and_pages(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    ids = [f.id for f in state.visible_fields()]
    assert "reason_detail" not in ids
    state.set("reason", "other")
    assert "reason_detail" in [f.id for f in state.visible_fields()]
    assert state.errors()["reason_detail"] == "请填写其他困难原因说明。"
    state.set("reason_detail", "房屋倒塌")
    state.set("reason", "illness")
    assert "reason_detail" not in state.values()  # hidden answers are not sent
    pages = state.pages()
    assert [p.id for p in pages] == ["applicant", "household", "members", "economy", "payment"]
    assert all(p.fields for p in pages)
    assert set(state.errors("payment")) == {"bank_name"}


def test_materials_depend_on_the_answers(catalogue: Any) -> None:
    item = _item(catalogue, "低保申请")
    all_ids = [m.id for m in item.guide.materials]
    state = FormState(item.form, today=TODAY)
    _fill_dibao(state)
    needed = state.needed_materials(all_ids)
    assert "disability_cert" not in needed and "medical_record" not in needed
    assert "id_card" in needed and "bank_book" in needed
    # A disabled family member, not only the applicant, makes the disability certificate needed.
    row = state.add_row("members")
    state.set(f"members.{row}.health", "disabled")
    assert "disability_cert" in state.needed_materials(all_ids)
    assert "medical_record" not in state.needed_materials(all_ids)
    state.set(f"members.{row}.health", "serious")
    assert "disability_cert" not in state.needed_materials(all_ids)
    assert "medical_record" in state.needed_materials(all_ids)
    state.remove_row("members", row)
    state.set("has_disabled", True)
    assert "disability_cert" in state.needed_materials(all_ids)


def test_plain_chinese_messages(catalogue: Any) -> None:
    state = _state(catalogue, "老年证办理")
    errors = state.errors()
    assert errors["mobile"] == "请填写联系电话（手机），11位数字，以1开头。"
    state.set("mobile", "1381234")
    assert state.errors()["mobile"] == "请填写正确的联系电话（手机），11位数字，以1开头。"
    assert errors["filed_by"] == "请选择谁来办理。"
    assert errors["is_local"] == "请选择“是”或“否”：老人是否为本区户籍。"


SPEC = FormSpec.from_dict(
    {
        "pages": [
            {
                "id": "p",
                "title": "测试",
                "fields": [
                    {"id": "mobile", "type": "mobile", "label": "手机号码"},
                    {"id": "village", "type": "region", "label": "所在村", "level": "village"},
                    {"id": "born", "type": "date", "label": "出生日期", "not_future": True},
                    {"id": "kids", "type": "number", "label": "子女人数", "integer": True, "min": 0, "max": 10,
                     "unit": "人"},
                    {"id": "note", "type": "text", "label": "备注", "required": False, "max_length": 5},
                ],
            }
        ]
    }
)  # fmt: skip


def test_messages_for_each_kind_of_mistake() -> None:
    state = FormState(SPEC, today=TODAY)
    assert state.errors()["mobile"] == "请填写手机号码，11位数字，以1开头。"
    state.set("village", "520900100")  # a township, not a village
    state.set("born", "2030-01-01")
    state.set("kids", "2.5")
    state.set("note", "一二三四五六")
    errors = state.errors()
    assert errors["village"] == "所在村请一直选到村（社区）。"
    assert errors["born"] == "出生日期不能晚于今天。"
    assert errors["kids"] == "子女人数请填整数，不要带小数点。"
    assert errors["note"] == "备注最多写5个字。"
    state.set("kids", "11")
    assert state.errors()["kids"] == "子女人数不能大于10人。"
    state.set("born", "1990年2月30日")
    assert state.errors()["born"] == "出生日期请按“年-月-日”填写，例如2024-03-08。"
    state.set("born", "1990年2月3日")
    assert state.values()["born"] == "1990-02-03"


def test_unknown_field() -> None:
    state = FormState(SPEC, today=TODAY)
    with pytest.raises(UnknownField) as info:
        state.set("nope", 1)
    assert info.value.code == "form.unknown_field"


def test_region_tree_is_a_marked_sample() -> None:
    regions = bundled_regions()
    assert regions.sample
    assert regions.get(regions.root).name == "贵安新区"
    villages = regions.at_level("village")
    assert villages and all(regions.path(v.code)[1].level == "township" for v in villages)


def test_summary_for_the_confirmation_screen(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)
    row = state.add_row("members")
    state.set(f"members.{row}.name", "李样例")
    state.set(f"members.{row}.working", False)
    summary = dict(state.summary())
    assert summary["姓名"] == FARMER.name
    assert summary["性别"] == "男"
    assert summary["现在居住的村（社区）"] == "贵安新区样例镇样例村"
    assert summary["家里是否有汽车（不含摩托车、农用车）"] == "否"
    assert summary["家庭成员（第1项）的是否有劳动能力并在务工或务农"] == "否"
    assert "家庭成员（第1项）的月收入" not in summary  # hidden: not working
    assert "其他困难原因说明" not in summary


def test_restore_saved_answers_for_a_supplement(catalogue: Any) -> None:
    first = _state(catalogue, "低保申请")
    _fill_dibao(first)
    first.add_row("members")
    first.set("members.0.name", "李样例")
    saved = first.values()
    again = _state(catalogue, "低保申请")
    again.restore({**saved, "field_of_an_older_form": "x"}, locked=["name", "id_number"])
    assert again.values() == saved
    assert again.is_locked("id_number") and not again.is_locked("mobile")
    assert set(again.errors()) == set(first.errors())


def test_the_members_listed_must_make_up_the_household(catalogue: Any) -> None:
    """A household of 3 with no family members listed was accepted: the 低保 form says members + 1 = size."""
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)
    state.set("household_size", "3")
    assert state.errors("household") == {}  # the rule waits for the page where the members are listed
    assert state.errors("members") == {
        "members": "按您填写的共同生活家庭人数，除您本人外应填写2位家庭成员，现在填了0位。"
    }
    for name in ("李样例", "王样例"):
        row = state.add_row("members")
        for member, value in (
            ("name", name),
            ("relation", "child"),
            ("health", "healthy"),
            ("working", False),
        ):
            state.set(f"members.{row}.{member}", value)
        state.set(f"members.{row}.id_number", sample_id_number(dt.date(2001, 2, 3), 40 + row * 2))
    assert state.errors("members") == {} and state.is_complete()
    state.remove_row("members", 1)
    assert "现在填了1位" in state.errors()["members"]


def test_the_household_income_covers_the_members_incomes(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)  # a household of 2
    row = state.add_row("members")
    for member, value in (
        ("name", "李样例"),
        ("relation", "spouse"),
        ("health", "healthy"),
        ("working", True),
    ):
        state.set(f"members.{row}.{member}", value)
    state.set(f"members.{row}.id_number", sample_id_number(dt.date(1977, 2, 3), 42))
    state.set(f"members.{row}.monthly_income", "900")
    state.set("monthly_income_total", "500")
    assert state.errors("economy") == {
        "monthly_income_total": "全家月总收入不能少于家庭成员月收入之和（900元）。"
    }
    state.set("monthly_income_total", "900")
    assert state.errors("economy") == {}
    state.set("monthly_income_total", "abc")  # the field's own error, not the rule's
    assert state.errors("economy")["monthly_income_total"] == "全家月总收入请只填数字。"


def test_a_hint_about_the_earlier_page_only_when_something_was_entered_there(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)

    def help_of(field_id: str) -> str:
        return next(f.help for p in state.pages() for f in p.fields if f.id == field_id)

    assert help_of("has_seriously_ill") == ""  # no family member listed: nothing was filled in there
    row = state.add_row("members")
    assert help_of("has_seriously_ill") == ""
    state.set(f"members.{row}.health", "chronic")
    assert help_of("has_seriously_ill") == "家庭成员的健康状况已在上一页填写。"


def test_numbers_carry_their_unit_on_screen(catalogue: Any) -> None:
    state = _state(catalogue, "低保申请")
    _fill_dibao(state)
    shown = {f.id: f for p in state.pages() for f in p.fields}
    assert shown["monthly_income_total"].label == "全家月总收入（元）"
    assert shown["household_size"].label == "共同生活家庭人数（人）"
    member = {m.id: m for m in shown["members"].fields}
    assert member["monthly_income"].label == "月收入（元）" and member["name"].label == "姓名"
    assert state.display_value("monthly_income_total") == "1800元"
    state.set("monthly_income_total", "-1")
    assert (
        state.errors("economy")["monthly_income_total"] == "全家月总收入不能小于0元。"
    )  # the label stays plain


def test_the_engine_speaks_the_language_of_its_templates(catalogue: Any) -> None:
    from kiosk.messages.forms import MESSAGES

    english = {**MESSAGES, "form.required": "Please fill in {label}.", "form.row_field": "{row} {n}: {field}"}
    english |= {"form.yes": "Yes", "form.no": "No", "form.label_unit": "{label} ({unit})"}
    state = FormState(_item(catalogue, "低保申请").form, today=TODAY, templates=english)
    state.prefill(FARMER)
    state.set("mobile", "1380013")  # optional, but a wrong one is said in its own words
    assert state.errors()["mobile"] != "Please fill in 手机号码."  # a mobile has its own message
    assert state.errors()["household_kind"] == "请选择户籍类别。"  # templates not given stay Chinese
    state.add_row("members")
    assert state.errors()["members.0.name"] == "Please fill in 家庭成员 1: 姓名."
    state.set("has_vehicle", False)
    assert state.display_value("has_vehicle") == "No"
    assert {f.id: f.label for p in state.pages() for f in p.fields}[
        "monthly_income_total"
    ] == "全家月总收入 (元)"
