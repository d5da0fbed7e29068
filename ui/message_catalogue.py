"""Keeps ``ui/translations/messages_en.ts`` complete: one entry per message code, status word and form word.

lupdate cannot find these texts (they live in ``kiosk/messages/*.py``, which imports no Qt), so this
module lists them: ``python -m ui.message_catalogue`` adds every code that is new (unfinished, for the
translator) and drops codes that are gone, keeping the translations already made, then compiles the
``.qm`` with lrelease. tests/ui/test_english.py fails while an entry is unfinished.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.i18n import TRANSLATIONS
from ui.messages import GENERAL, all_messages

CONTEXT = "Messages"
TS_FILE = TRANSLATIONS / "messages_en.ts"


def entries() -> dict[str, str]:
    """code -> Chinese text, for everything the screens choose by code."""
    from kiosk.terminal import STATUS_WORDS

    found = {"general": GENERAL, **all_messages()}
    found.update({f"status.{k}": v for k, v in STATUS_WORDS.items()})
    return dict(sorted(found.items()))


def read_ts(path: Path = TS_FILE) -> dict[tuple[str, str], tuple[str, bool]]:
    """(code, Chinese) -> (translation, finished) of an existing file."""
    if not path.exists():
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        tr = message.find("translation")
        key = (message.findtext("comment") or "", message.findtext("source") or "")
        out[key] = ((tr.text or "") if tr is not None else "", tr is not None and tr.get("type") is None)
    return out


def write_ts(translations: dict[str, str], path: Path = TS_FILE) -> int:
    """Write every entry, with ``translations`` (code -> English) or what the file had; returns unfinished."""
    old = read_ts(path)
    root = ET.Element("TS", version="2.1", language="en_US")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    unfinished = 0
    for code, chinese in entries().items():
        text, done = old.get((code, chinese), ("", False))
        if code in translations:
            text, done = translations[code], True
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = chinese
        ET.SubElement(message, "comment").text = code
        tr = ET.SubElement(message, "translation")
        tr.text = text
        if not done or not text:
            tr.set("type", "unfinished")
            unfinished += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")
    return unfinished


def release(path: Path = TS_FILE) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(path), "-qm", str(path.with_suffix(".qm"))], check=True, timeout=120)


def main() -> int:
    unfinished = write_ts({})
    release()
    print(f"{TS_FILE}: {len(entries())} entries, {unfinished} to translate")
    return 1 if unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
