"""The delegation consent (委托代办授权书) a villager gives an agent, and how presence was proven.

The text says who files for whom, which item, what data goes where and that it is free of charge. It is
shown in large type, printed on the receipt printer for the villager to keep, and signed on the screen by
the villager, then the agent. The filing carries the text's ``version`` and its SHA-256 (``sha256``, over
the exact text shown and printed), both signatures and ``presence``: ``id_card`` when the villager's own
card was read, or ``manual:<reason>`` with a reason from ``MANUAL_REASONS`` when the item allows manual
entry and the card could not be read. Names and ID numbers in the text are masked, as on every paper the
terminal prints: the text is the same on the screen, on paper and in what is hashed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime

from drivers.printing.document import Block, Cut, Document, KeyValue, Rule, Spacer, Text, Title
from kiosk.privacy import mask_id_number, mask_name
from kiosk.receipts import SAMPLE_MARK, cn_datetime

VERSION = "2026.12-1"
KIND = "consent"
PRESENCE_CARD = "id_card"
# Why the card could not be read, when the item allows manual entry: a fixed list, never free text.
MANUAL_REASONS: dict[str, str] = {
    "card_damaged": "身份证损坏，读不出",
    "reader_failed": "读卡器故障",
    "temporary_card": "持临时身份证",
    "card_being_replaced": "身份证遗失或正在补办",
}

_BODY = (
    "本人自愿委托上述代办员，在本便民服务站为本人代为办理上述事项。",
    "代办员可在本机读取本人身份证，代为填写申请表、拍摄所需材料，并将申请和材料加密后送往政务服务平台，"
    "仅用于办理本事项，不作他用。",
    "代办服务完全免费，代办员不得以任何理由收取费用。",
    "本人可随时凭回执查询办理进度；如不同意，可在提交前取消。",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Consent:
    version: str
    text: str
    sha256: str

    def record(
        self, presence: str, villager_png: bytes, agent_png: bytes, agent_no: str
    ) -> dict[str, object]:
        """What goes into the sealed manifest's ``consent`` (the signatures base64 by the store)."""
        return {
            "version": self.version,
            "sha256": self.sha256,
            "text": self.text,
            "presence": presence,
            "agent_id": agent_no,
            "signature_png": villager_png,
            "agent_signature_png": agent_png,
        }


def presence_for(reason: str | None) -> str:
    if reason is None:
        return PRESENCE_CARD
    if reason not in MANUAL_REASONS:
        raise ValueError(f"not a reason of the fixed list: {reason}")
    return f"manual:{reason}"


def consent_for(
    *, villager_name: str, id_number: str, agent_no: str, agent_name: str, item_name: str, item_code: str,
    station_name: str,
) -> Consent:  # fmt: skip
    lines = [
        "委托代办授权书",
        f"委托人（村民）：{mask_name(villager_name)}　身份证号：{mask_id_number(id_number)}",
        f"受托人（代办员）：{agent_no} {agent_name[:1]}*",  # as the receipt says it
        f"代办事项：{item_name}（{item_code}）",
        f"办理地点：{station_name}",
        *_BODY,
    ]
    text = "\n".join(lines)
    return Consent(VERSION, text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def consent_document(consent: Consent, *, at: datetime, hotline: str, sample: bool) -> Document:
    """The villager's paper copy, for the receipt printer."""
    title, *lines = consent.text.split("\n")
    blocks: list[Block] = [Title(title)]
    if sample:
        blocks.append(Text(SAMPLE_MARK, align="center", bold=True))
    blocks.append(Rule("double"))
    blocks += [Text(line) for line in lines]
    blocks += [
        Rule(),
        KeyValue("授权时间", cn_datetime(at)),
        KeyValue("版本", f"{consent.version}  {consent.sha256[:16]}"),
        Text("委托人与代办员已在终端屏幕上签名确认。"),
        Text(f"咨询投诉电话：{hotline or '12345'}", align="center"),
        Text("请妥善保管本授权书", align="center"),
        Spacer(1),
        Cut(),
    ]
    return Document(blocks, title="委托代办授权书", meta={"kind": KIND})
