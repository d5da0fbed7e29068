"""What the terminal says to a villager for each card reader error code and identifier problem."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "card.error": "读卡出现问题，请重试或联系工作人员。",
    "card.no_reader": "未连接读卡器，请联系工作人员。",
    "card.reader_unplugged": "读卡器已断开，请联系工作人员。",
    "card.reader_fault": "读卡器故障，请联系工作人员。",
    "card.no_card": "请将身份证或社保卡放在读卡区。",
    "card.removed": "卡片已移开，请重新放好，读卡完成前不要移动。",
    "card.lift_and_replace": "请将卡片拿起，再重新放到读卡区。",
    "card.read_failed": "读卡失败，请将卡片拿起后重新放置。",
    "card.expired": "您的身份证已过期，请到派出所办理新证。",
    "card.unsupported": "无法识别这张卡，请使用居民身份证或社会保障卡。",
    "card.protocol": "读卡器通信出错，请重试。",
    "card.checksum": "读卡器通信出错，请重试。",
    "card.timeout": "读卡器没有响应，请重试或联系工作人员。",
    "id.invalid": "号码有误，请核对后重新输入。",
    "id.resident_invalid": "身份证号码有误，请核对后重新输入。",
    "id.uscc_invalid": "统一社会信用代码有误，请核对后重新输入。",
    "id.mobile_invalid": "手机号码有误，请输入11位手机号码。",
    "id.birth_mismatch": "出生日期与身份证号码不一致，请联系工作人员。",
    "id.sex_mismatch": "性别与身份证号码不一致，请联系工作人员。",
    "id.not_yet_valid": "证件尚未生效，请联系工作人员。",
    "id.expired": "您的证件已过期，请到相关部门办理新证。",
}
