"""The on-screen keyboard as a villager meets it, in a process of its own (tests/ui/vk_touch.py): keys tapped
where they are drawn, fields and rows tapped on the window.

- Searching by pinyin initials and by full pinyin works while the letters are still being composed, and
  choosing a result leaves the letters in the box, not a phrase the engine guessed.
- The keyboard offers Chinese and English only; its globe key switches between them in one tap.
- A comment is typed in pinyin and sent.
- On every screen with a field, in both modes, one input surface at a time comes up for the field tapped
  (the system keyboard for text, the digit pad for digits), and it covers neither that field nor the
  buttons that finish the page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCREEN = HERE / "offscreen-1920x1080.json"
SCENARIOS = ("search", "languages", "rating", "complaint", "delivery", "cover")


@pytest.fixture(scope="module")
def visit() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={SCREEN}",
        QT_QUICK_BACKEND="software",
        PYTHONPATH=f"{ROOT}:{HERE}",
    )
    env.pop("QT_IM_MODULE", None)
    proc = subprocess.run(
        [sys.executable, str(HERE / "vk_touch.py"), *SCENARIOS],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results: dict[str, Any] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            results.update(json.loads(line[len("RESULT ") :]))
    assert set(results) == set(SCENARIOS), proc.stdout[-2000:] + proc.stderr[-2000:]
    errors = {name: r["error"] for name, r in results.items() if "error" in r}
    assert not errors, errors
    return results


def test_search_by_pinyin_initials_while_they_are_composed(visit: dict[str, Any]) -> None:
    search = visit["search"]
    assert search["committed_while_composing"] == ""  # d-b-s-q are still pinyin being composed...
    assert search["composing"][:1] == ["最低生活保障申请"]  # ...and already found the item
    assert search["opened"] == "最低生活保障申请"  # the row tapped while the keyboard was up
    assert search["box_after"] == "dbsq"  # no guessed phrase ("的不是去") committed into the box
    assert search["full_pinyin"][:1] == ["最低生活保障申请"]  # "dibao"


def test_the_keyboard_has_chinese_and_english_only(visit: dict[str, Any]) -> None:
    languages = visit["languages"]
    assert languages["locales"] == ["zh_CN", "en_US"]
    assert (languages["start"], languages["after_one_tap"], languages["after_two_taps"]) == (
        "zh_CN",
        "en_US",
        "zh_CN",
    )


def test_a_rating_comment_typed_in_pinyin(visit: dict[str, Any]) -> None:
    rating = visit["rating"]
    assert rating["problems"] == []
    assert rating["comment"] == "好" and rating["status"] == "谢谢您的评价！"


def test_a_complaint_typed_in_pinyin_is_sent_and_leaves_the_screen(visit: dict[str, Any]) -> None:
    complaint = visit["complaint"]
    assert complaint["problems"] == []
    assert complaint["typed"] == "好" and complaint["filed"] and complaint["left"] == ""


def test_a_mailing_address_corrected_in_pinyin_is_checked(visit: dict[str, Any]) -> None:
    delivery = visit["delivery"]
    assert delivery["problems"] == []
    assert delivery["short"] and len(delivery["short"]) < 8  # one syllable's word: too short
    assert delivery["refused"] and delivery["still_here"]


def test_one_input_surface_covers_neither_the_field_nor_its_buttons(visit: dict[str, Any]) -> None:
    cover = visit["cover"]
    # 10 fields on 6 screens (the agent login has two), in both modes
    assert len(cover["visited"]) == 20, cover["visited"]
    assert cover["problems"] == [], "\n".join(cover["problems"])
    side, key = cover["smallest_key"]
    print(f"\nsmallest key of the on-screen keyboard: {key}")
    assert side >= 60, key  # the keyboard's keys are touch targets too
