"""Chinese text for the form engine's validation codes and the catalogue's error codes.

Form messages are templates: ``{label}`` is the field's label (for a field inside a repeating group it
already names the row), ``{min}``/``{max}``/``{unit}`` come from the field description. They never contain
the value the villager typed. ``kiosk.forms.FieldError.message()`` fills them in.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Missing answers.
    "form.required": "请填写{label}。",
    "form.choice.required": "请选择{label}。",
    "form.yes_no.required": "请选择“是”或“否”：{label}。",
    "form.mobile.required": "请填写{label}，11位数字，以1开头。",
    "form.id_number.required": "请填写{label}，共18位。",
    "form.uscc.required": "请填写{label}，共18位，照着营业执照填写。",
    "form.bank_account.required": "请填写{label}，照着存折或银行卡上的号码填。",
    "form.region.required": "请选择{label}。",
    "form.date.required": "请填写{label}，例如2024-03-08。",
    # Wrong answers.
    "form.text.too_short": "{label}至少要写{min}个字。",
    "form.text.too_long": "{label}最多写{max}个字。",
    "form.number.invalid": "{label}请只填数字。",
    "form.number.not_integer": "{label}请填整数，不要带小数点。",
    "form.number.too_small": "{label}不能小于{min}{unit}。",
    "form.number.too_large": "{label}不能大于{max}{unit}。",
    "form.date.invalid": "{label}请按“年-月-日”填写，例如2024-03-08。",
    "form.date.future": "{label}不能晚于今天。",
    "form.date.too_young": "本事项须年满{age}周岁才能办理，按{label}还未满{age}周岁。",
    "form.choice.invalid": "请从列出的选项中选择{label}。",
    "form.region.invalid": "请从列表中选择{label}。",
    "form.region.level": "{label}请一直选到{level}。",
    "form.id_number.length": "{label}应为18位，请逐位核对。",
    "form.id_number.invalid": "{label}有误，请逐位核对；最后一位可能是数字或字母X。",
    "form.uscc.invalid": "{label}有误，应为18位数字和大写字母，请照着营业执照逐位核对。",
    "form.mobile.invalid": "请填写正确的{label}，11位数字，以1开头。",
    "form.bank_account.invalid": "{label}应为12到30位数字，请照着存折或银行卡填写。",
    "form.yes_no.invalid": "请选择“是”或“否”：{label}。",
    "form.group.invalid": "{label}填写有误，请重新填写。",
    "form.group.too_few": "{label}至少要填{min}项。",
    "form.group.too_many": "{label}最多只能填{max}项。",
    # A rule across fields (form.rules): its message comes from the catalogue.
    "form.rule": "{message}",
    # Words the engine puts together on the screen.
    "form.row_field": "{row}（第{n}项）的{field}",
    "form.label_unit": "{label}（{unit}）",
    "form.value_unit": "{value}{unit}",
    "form.yes": "是",
    "form.no": "否",
    "form.level.district": "区（县）",
    "form.level.township": "乡镇（街道）",
    "form.level.village": "村（社区）",
    # Errors raised by the engine (programming or UI mistakes, still shown politely).
    "form.unknown_field": "表格中没有这一项，请返回重新操作。",
    "form.locked": "这一项是从身份证上读取的，不能修改。",
    "form.error": "表格出了问题，请返回重新操作。",
    # Catalogue.
    "catalog.error": "服务事项目录出了问题，请联系工作人员。",
    "catalog.invalid": "服务事项目录文件有误，已继续使用原来的目录。请联系工作人员。",
    "catalog.unreadable": "服务事项目录文件无法读取，请联系工作人员。",
    "catalog.outdated": "收到的服务事项目录比正在使用的旧，已继续使用现有目录。",
    "catalog.not_found": "没有找到这个服务事项，可能已经调整，请重新选择。",
}

# Level names used in "form.region.level".
LEVEL_NAMES: dict[str, str] = {"district": "区（县）", "township": "乡镇（街道）", "village": "村（社区）"}
