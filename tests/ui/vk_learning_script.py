"""Run in its own process by tests/test_privacy.py: compose a name on the Qt Virtual Keyboard's pinyin one
character at a time (as a villager types a name the dictionary does not know), then type the same pinyin
again and take the first candidate. Prints both; the second must not be the composed name."""

from __future__ import annotations

import os
import sys

from vk_harness import keyboard_on_comment_field


def main(pinyin: str, picks: list[int]) -> int:
    with keyboard_on_comment_field() as kb:
        kb.type_pinyin(pinyin)
        for k in picks:
            kb.pick(k)
        print("COMPOSED=" + kb.field.text(), flush=True)
        kb.field.setText("")
        kb.pump()
        kb.type_pinyin(pinyin)
        kb.pick(0)
        print("AGAIN=" + kb.field.text(), flush=True)
    return 0


if __name__ == "__main__":
    os._exit(main(sys.argv[1], [int(k) for k in sys.argv[2].split(",")]))
