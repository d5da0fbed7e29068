"""Every text the UI shows has an English translation; prompts are spoken through the speech backend."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ui_helpers import wait_page

ROOT = Path(__file__).resolve().parents[2]
LUPDATE = ROOT / ".venv" / "bin" / "pyside6-lupdate"


def _messages(ts: Path) -> dict[tuple[str, str], str]:
    out = {}
    for ctx in ET.parse(ts).getroot():
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            tr = m.find("translation")
            unfinished = tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete")
            out[(name, m.findtext("source") or "")] = "" if unfinished or tr is None else (tr.text or "")
    return out


def test_every_ui_string_is_translated(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
    wanted = set(_messages(fresh))
    shipped = _messages(ROOT / "ui" / "translations" / "kiosk_en.ts")
    assert len(wanted) > 150
    missing = sorted(k for k in wanted if not shipped.get(k))
    assert not missing, missing[:20]
    from PySide6.QtCore import QTranslator

    compiled = QTranslator()
    assert compiled.load(str(ROOT / "ui" / "translations" / "kiosk_en.qm"))
    stale = [k for k in sorted(wanted) if compiled.translate(k[0], k[1]) != shipped[k]]
    assert not stale, f"kiosk_en.qm is older than kiosk_en.ts (run pyside6-lrelease): {stale[:5]}"


def test_prompts_are_spoken(win: Any, qtbot: Any) -> None:
    from ui.speech import Recorder

    win.speech = Recorder()
    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    wait_page(qtbot, win, "form")
    said = win.speech.said
    assert any("身份证放到读卡区" in s for s in said) and any("读卡成功" in s for s in said)
