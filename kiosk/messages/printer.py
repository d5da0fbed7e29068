"""Chinese messages for the printing error codes and printer states (chosen by code, never from str(exc))."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "printer.error": "打印机出现故障，请联系工作人员。",
    "printer.config": "打印机设置有误，请联系工作人员。",
    "printer.unavailable": "本机未安装打印机所需的组件，请联系工作人员。",
    "printer.no_cjk_font": "本机缺少中文字体，无法打印中文，请联系工作人员。",
    "printer.decode": "打印内容无法识别，请联系工作人员。",
    "printer.document": "打印内容已损坏，请联系工作人员重新打印。",
    "printer.not_ready": "打印机暂时无法打印，回执已保存，恢复后会自动打印。",
    "printer.offline": "打印机未连接或未开机，回执已保存，恢复后会自动打印。",
    "printer.no_answer": "打印机没有响应，回执已保存，恢复后会自动打印。",
    "printer.paper_out": "打印机缺纸，请工作人员装纸；回执已保存，装纸后会自动打印。",
    "printer.cover_open": "打印机盖未合上，请合上后自动打印。",
    # states read as codes (``kiosk doctor`` reports "printer.<state>")
    "printer.paper_low": "打印纸快用完了，请工作人员及时换纸。",
    "printer.unknown": "无法读取打印机状态，请留意回执是否打出。",
}

# Printer states (PrinterStatus values) as shown on the admin screen and in the heartbeat view.
STATES: dict[str, str] = {
    "ok": "正常",
    "paper_low": "纸快用完了",
    "paper_out": "缺纸",
    "cover_open": "机盖打开",
    "offline": "未连接",
    "no_answer": "无响应",
    "unknown": "状态未知",
}

# Job states of the print queue.
JOBS: dict[str, str] = {
    "pending": "等待打印",
    "done": "已打印",
    "printing": "正在打印",
}
