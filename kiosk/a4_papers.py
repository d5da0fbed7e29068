"""The A4 papers (drivers/printing/a4.py prints them through CUPS): built from the same document model as
the thermal receipts, so one notice reads the same on both papers.

- 一次性告知单: ``Terminal.print_notice``'s document, on A4.
- 申请表 for a wet signature: the item's form fields as lines to fill in by hand (or the answers given at
  the terminal, masked where personal), with lines for the signature, the fingerprint and the date.
- 委托代办同意书 (delegation consent): the villager lets an agent (代办员) apply for them, signed by both.

Builders take what is already masked or blank; they never see an unmasked ID number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from drivers.printing.document import QR, Block, Document, KeyValue, Rule, Spacer, Text, Title
from kiosk.receipts import SAMPLE_MARK, cn_date

BLANK = "＿＿＿＿＿＿＿＿＿＿＿＿"


def _header(title: str, station_name: str, sample: bool) -> list[Block]:
    blocks: list[Block] = [Title(title), Text(station_name, align="center")]
    if sample:
        blocks.append(Text(SAMPLE_MARK, align="center", bold=True))
    blocks.append(Rule("double"))
    return blocks


def _signature(who: str) -> list[Block]:
    return [
        Spacer(1),
        KeyValue(f"{who}签名", BLANK),
        KeyValue("按手印", "（请在此处按手印）"),
        KeyValue("日期", "＿＿＿＿年＿＿月＿＿日"),
    ]


def application_form(
    *, station_name: str, item: Any, issued_on: date, query_url: str, sample: bool
) -> Document:
    """申请表: every field of the item's form as a line to fill in, for an item that needs a wet signature."""
    blocks = _header(f"{item.name}申请表", station_name, sample)
    blocks += [KeyValue("事项编码", item.code), KeyValue("打印日期", cn_date(issued_on)), Rule()]
    for page in item.form.pages:
        blocks.append(Text(page.title, bold=True))
        for f in page.fields:
            if f.type == "group":
                blocks.append(Text(f"{f.label}（可附页填写，每项一行）"))
                for member in f.fields:
                    blocks.append(KeyValue(f"　{member.label}", BLANK))
                continue
            options = f"（{'／'.join(o.label for o in f.options)}）" if f.options else ""
            blocks.append(KeyValue(f.label + options, BLANK))
    blocks += [
        Rule(),
        Text("本人承诺以上填写内容真实、完整，如有虚假愿承担相应责任。"),
        *_signature("申请人"),
        Rule(),
        QR(query_url, "扫码查看办事指南"),
    ]
    return Document(blocks, title=f"{item.name}申请表", meta={"kind": "application_form"})


def delegation_consent(
    *, station_name: str, item_name: str, agent: str, issued_on: date, hotline: str, sample: bool
) -> Document:
    """委托代办同意书: the villager agrees that the village agent applies on their behalf, free of charge."""
    blocks = _header("委托代办同意书", station_name, sample)
    blocks += [
        KeyValue("委托事项", item_name),
        KeyValue("代办员", agent or BLANK),
        KeyValue("委托人姓名", BLANK),
        KeyValue("委托人身份证号", BLANK),
        Rule(),
        Text(
            "本人自愿委托上述代办员代为办理该事项，同意代办员读取本人身份证、拍摄所需材料并代为提交。"
            "代办不收取任何费用。代办员不得保留本人的证件和材料。"
        ),
        Text(f"如对代办有意见，请拨打 {hotline or '12345'}。"),
        *_signature("委托人"),
        *_signature("代办员"),
        KeyValue("打印日期", cn_date(issued_on)),
    ]
    return Document(blocks, title="委托代办同意书", meta={"kind": "delegation_consent"})
