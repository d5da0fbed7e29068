"""Complaints and suggestions (监督举报, plan §31) at the terminal: what the form offers and the slip it prints.

A complaint is about a service item, a department, or this station; it is named (the ID card is read, so
the staff can call back and the card finds the reply later) or anonymous. Anonymous here means: the card
is not read and nothing says who filed it, but what is typed goes to the staff as typed (a name or a phone
number typed into it is theirs to see, sealed on the way like everything else), and the reply can be seen
only with the slip's QR code. The screen says exactly that (``complaint.anonymous_means``).

The text is typed on the pinyin keyboard or made of common problems tapped (``PROBLEMS``: fixed phrases,
kept in clear so the platform can count them); it is sealed for the platform at once
(``offline_cache/complaints.py``). The 12345 hotline is on the screen and the slip whatever is chosen.
"""

from __future__ import annotations

from datetime import datetime

from drivers.printing.document import QR, Block, Cut, Document, KeyValue, Rule, Spacer, Text, Title
from kiosk.receipts import SAMPLE_MARK, cn_datetime

ABOUT = ("service", "department", "station")
# Common problems to tap (message codes "complaint.problem.<id>"; kiosk/messages/services.py).
PROBLEMS = ("slow", "attitude", "many_trips", "fees", "unclear", "not_open", "machine", "other_place")
HOTLINE = "12345"


def slip(
    *,
    station_name: str,
    local_no: str,
    about: str,
    named: bool,
    problems: list[str],
    filed_at: datetime,
    query_url: str,
    hotline: str,
    sample: bool,
) -> Document:
    """投诉建议回执: the number, what it is about, named or not, the QR code that finds the reply."""
    blocks: list[Block] = [Title("投诉建议回执"), Text(station_name, align="center")]
    if sample:
        blocks.append(Text(SAMPLE_MARK, align="center", bold=True))
    blocks += [
        Rule("double"),
        KeyValue("回执编号", local_no),
        KeyValue("反映对象", {"service": "办理的事项", "department": "部门", "station": "本服务站"}[about]),
        KeyValue("方式", "实名" if named else "匿名"),
        KeyValue("提交时间", cn_datetime(filed_at)),
    ]
    if problems:
        blocks.append(KeyValue("反映的问题", "、".join(problems)))
    blocks += [
        Text("您写的内容已加密送往政务服务平台，本机和本回执上都没有。"),
        Rule(),
        QR(query_url, "扫码查看答复"),
        Text(_phones(hotline), align="center"),
        Text("答复会在查询进度时显示；匿名的只能凭本回执二维码查看。", align="center"),
        Spacer(1),
        Cut(),
    ]
    return Document(blocks, title="投诉建议回执", meta={"kind": "complaint_slip"})


def _phones(hotline: str) -> str:
    """12345 always; the station's own number beside it when it has another."""
    if not hotline or hotline == HOTLINE:
        return f"政务服务热线：{HOTLINE}"
    return f"本站电话：{hotline}　政务服务热线：{HOTLINE}"
