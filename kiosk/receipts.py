"""The papers the terminal prints, as printer-independent documents (Simplified Chinese).

受理回执 (acceptance receipt), 一次性告知单 (one-time notice of everything to bring), 补正告知书
(supplement notice) and 办理进度单 (progress slip). Builders take plain, already masked values; they never
see an unmasked name or ID number. ``sample_*`` builders give fictional data marked 样例.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from drivers.printing.document import QR, Block, Cut, Document, KeyValue, Rule, Spacer, Text, Title
from kiosk.messages.limits import MESSAGES as LIMITS

KIND_ACCEPTANCE = "acceptance"
KIND_ONE_TIME_NOTICE = "one_time_notice"
KIND_SUPPLEMENT = "supplement_notice"
KIND_PROGRESS = "progress_slip"
SAMPLE_MARK = "【样例 仅供演示 不作凭证】"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def cn_datetime(t: datetime) -> str:
    return f"{cn_date(t)} {t.hour:02d}:{t.minute:02d}"


def time_limit(days: int) -> str:
    """A time limit as every paper and screen says it: in working days, or 当场办结 for none."""
    return LIMITS["limit.on_the_spot"] if days == 0 else LIMITS["limit.working_days"].format(d=days)


def _numbered(items: Sequence[str], empty: str) -> list[Block]:
    if not items:
        return [Text(f"  {empty}")]
    return [Text(f"{n}. {item}", indent=len(f"{n}. ")) for n, item in enumerate(items, 1)]


def _header(title: str, station_name: str, sample: bool) -> list[Block]:
    blocks: list[Block] = [Title(title), Text(station_name, align="center")]
    if sample:
        blocks.append(Text(SAMPLE_MARK, align="center", bold=True))
    blocks.append(Rule("double"))
    return blocks


def _footer(hotline: str, query_url: str, caption: str, note: str) -> list[Block]:
    blocks: list[Block] = [Rule()]
    if query_url:
        blocks.append(QR(query_url, caption))
    blocks.append(Text(f"咨询投诉电话：{hotline or '12345'}", align="center"))
    if note:
        blocks.append(Text(note, align="center"))
    blocks += [Spacer(1), Cut()]
    return blocks


def acceptance_receipt(
    *,
    station_name: str,
    station_code: str,
    hotline: str,
    local_receipt_no: str,
    platform_receipt_no: str,
    item_name: str,
    applicant_masked: str,
    agent: str | None,
    materials_received: list[str],
    materials_owed: list[tuple[str, date]],
    promised_date: date,
    query_url: str,
    accepted_at: datetime | None = None,
    sample: bool = False,
    delivery: str = "",
    trips: str = "",
) -> Document:
    """受理回执. ``agent`` is who filed on the villager's behalf, if anyone, as "8001 王*".
    An empty ``platform_receipt_no`` means the platform has not confirmed yet (offline acceptance).
    ``delivery``: how the result comes, as chosen (masked: no address); ``trips``: what the two-trips
    check says this path costs (kiosk/visits.py)."""
    blocks = _header("受理回执", station_name, sample)
    blocks += [
        KeyValue("受理编号", local_receipt_no),
        KeyValue("平台编号", platform_receipt_no or "待联网同步后生成"),
        KeyValue("受理站点", station_code),
        KeyValue("办理事项", item_name),
        KeyValue("申请人", applicant_masked),
    ]
    if agent:
        blocks.append(KeyValue("代办员", agent))
    if accepted_at is not None:
        blocks.append(KeyValue("受理时间", cn_datetime(accepted_at)))
    blocks += [Rule(), Text("已收材料：", bold=True), *_numbered(materials_received, "无")]
    if materials_owed:
        blocks.append(Text("容缺后补材料（请在期限内补交）：", bold=True))
        for n, (name, due) in enumerate(materials_owed, 1):
            blocks.append(Text(f"{n}. {name}", indent=len(f"{n}. ")))
            blocks.append(
                Text(f"{' ' * len(f'{n}. ')}补交期限：{cn_date(due)}前", bold=True, indent=len(f"{n}. "))
            )
    blocks += [Rule(), KeyValue("承诺办结", f"{cn_date(promised_date)}前")]
    if delivery:
        blocks.append(KeyValue("领取方式", delivery))
    if trips:
        blocks.append(KeyValue("还要跑", trips))
    blocks += _footer(hotline, query_url, "扫码查询办理进度", "请妥善保管本回执")
    return Document(blocks, title="受理回执", meta={"kind": KIND_ACCEPTANCE})


def one_time_notice(
    *,
    station_name: str,
    hotline: str,
    item_name: str,
    item_code: str,
    materials: list[tuple[str, str]],
    conditions: list[str],
    where: str,
    legal_limit: str,
    promised_limit: str,
    fee: str = "不收费",
    notes: list[str] | None = None,
    query_url: str = "",
    issued_on: date | None = None,
    sample: bool = False,
) -> Document:
    """一次性告知单: everything to bring, printable from any service guide. ``materials`` are
    (name, requirement) pairs such as ("户口簿", "原件1份，复印件1份")."""
    blocks = _header("一次性告知单", station_name, sample)
    blocks += [KeyValue("办理事项", item_name), KeyValue("事项编码", item_code)]
    if issued_on is not None:
        blocks.append(KeyValue("告知日期", cn_date(issued_on)))
    blocks += [Rule(), Text("申请条件：", bold=True), *_numbered(conditions, "无特别条件")]
    blocks += [Text("需要携带的全部材料：", bold=True)]
    blocks += _numbered([f"{name}（{need}）" if need else name for name, need in materials], "无需材料")
    blocks += [
        Rule(),
        KeyValue("办理地点", where),
        KeyValue("法定时限", legal_limit),
        KeyValue("承诺时限", promised_limit),
        KeyValue("收费标准", fee),
    ]
    if notes:
        blocks += [Text("注意事项：", bold=True), *_numbered(notes, "")]
    blocks.append(Text("以上为本事项的全部材料，一次告知，材料齐全即可受理。"))
    blocks += _footer(hotline, query_url, "扫码查看办事指南", "")
    return Document(blocks, title="一次性告知单", meta={"kind": KIND_ONE_TIME_NOTICE})


def supplement_notice(
    *,
    station_name: str,
    hotline: str,
    local_receipt_no: str,
    item_name: str,
    applicant_masked: str,
    missing: list[tuple[str, str]],
    deadline: date,
    query_url: str,
    issued_on: date | None = None,
    sample: bool = False,
) -> Document:
    """补正告知书: what must be corrected or added, and by when. ``missing`` are (material, reason)."""
    blocks = _header("补正告知书", station_name, sample)
    blocks += [
        KeyValue("受理编号", local_receipt_no),
        KeyValue("办理事项", item_name),
        KeyValue("申请人", applicant_masked),
    ]
    if issued_on is not None:
        blocks.append(KeyValue("告知日期", cn_date(issued_on)))
    blocks += [Rule(), Text("您的申请需要补正以下材料：", bold=True)]
    blocks += _numbered([f"{name}：{reason}" if reason else name for name, reason in missing], "无")
    blocks += [
        Rule(),
        KeyValue("补正期限", f"{cn_date(deadline)}前"),
        Text(
            "请在期限内携带本告知书和上述材料到本站点补正，也可在本机扫码补交。逾期未补正的，申请视为撤回。"
        ),
    ]
    blocks += _footer(hotline, query_url, "扫码查询和补交材料", "")
    return Document(blocks, title="补正告知书", meta={"kind": KIND_SUPPLEMENT})


def progress_slip(
    *,
    station_name: str,
    hotline: str,
    local_receipt_no: str,
    platform_receipt_no: str,
    item_name: str,
    applicant_masked: str,
    status: str,
    steps: list[tuple[datetime, str]],
    printed_at: datetime,
    query_url: str,
    sample: bool = False,
) -> Document:
    """办理进度单: the current status and the steps so far (oldest first)."""
    blocks = _header("办理进度单", station_name, sample)
    blocks += [
        KeyValue("受理编号", local_receipt_no),
        KeyValue("平台编号", platform_receipt_no or "待联网同步后生成"),
        KeyValue("办理事项", item_name),
        KeyValue("申请人", applicant_masked),
        KeyValue("当前状态", status),
        Rule(),
        Text("办理过程：", bold=True),
    ]
    blocks += _numbered([f"{cn_datetime(at)} {what}" for at, what in steps], "暂无记录")
    blocks += [KeyValue("打印时间", cn_datetime(printed_at))]
    blocks += _footer(hotline, query_url, "扫码查询最新进度", "")
    return Document(blocks, title="办理进度单", meta={"kind": KIND_PROGRESS})


# ---- fictional samples (demo, CLI, tests, benchmark) ----

SAMPLE_STATION = "贵安新区样例镇样例村便民服务站（样例）"
SAMPLE_URL = "https://zwfw.example.gov.cn/q/GA0101-20261127-0007"


def sample_acceptance_receipt() -> Document:
    """The standard acceptance receipt: fictional applicant, one owed material, marked 样例."""
    return acceptance_receipt(
        station_name=SAMPLE_STATION,
        station_code="GA0101",
        hotline="12345",
        local_receipt_no="GA0101-20261127-0007",
        platform_receipt_no="5209002026112700123",
        item_name="高龄津贴申领",
        applicant_masked="王*明",
        agent="8001 李*",
        materials_received=["居民身份证（原件已核验）", "户口簿复印件1份", "银行卡（折）复印件1份"],
        materials_owed=[("近期免冠照片1张", date(2026, 12, 4))],
        promised_date=date(2026, 12, 11),
        query_url=SAMPLE_URL,
        accepted_at=datetime(2026, 11, 27, 9, 30),
        sample=True,
    )


def sample_one_time_notice() -> Document:
    return one_time_notice(
        station_name=SAMPLE_STATION,
        hotline="12345",
        item_name="老年证办理",
        item_code="QT00012000",
        materials=[
            ("居民身份证", "原件核验"),
            ("户口簿", "原件核验，复印件1份"),
            ("近期免冠照片", "1寸，2张"),
        ],
        conditions=["年满60周岁", "本乡镇户籍或持有本地居住证"],
        where="样例村便民服务站（样例）",
        legal_limit="20个工作日",
        promised_limit="5个工作日",
        notes=["可由亲属代办，代办人须携带本人身份证"],
        query_url="https://zwfw.example.gov.cn/guide/QT00012000",
        issued_on=date(2026, 11, 27),
        sample=True,
    )


def sample_supplement_notice() -> Document:
    return supplement_notice(
        station_name=SAMPLE_STATION,
        hotline="12345",
        local_receipt_no="GA0101-20261127-0007",
        item_name="高龄津贴申领",
        applicant_masked="王*明",
        missing=[("银行卡（折）复印件", "复印不清晰，卡号无法辨认"), ("近期免冠照片", "未提交")],
        deadline=date(2026, 12, 4),
        query_url=SAMPLE_URL,
        issued_on=date(2026, 11, 28),
        sample=True,
    )


def sample_progress_slip() -> Document:
    return progress_slip(
        station_name=SAMPLE_STATION,
        hotline="12345",
        local_receipt_no="GA0101-20261127-0007",
        platform_receipt_no="5209002026112700123",
        item_name="高龄津贴申领",
        applicant_masked="王*明",
        status="审核中",
        steps=[
            (datetime(2026, 11, 27, 9, 30), "村便民服务站受理"),
            (datetime(2026, 11, 27, 15, 2), "镇民政办审核中"),
        ],
        printed_at=datetime(2026, 11, 29, 10, 0),
        query_url=SAMPLE_URL,
        sample=True,
    )
