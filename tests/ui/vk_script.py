"""Run in its own process: type pinyin (argv[1]) on the Qt Virtual Keyboard into the kiosk's comment field
and pick the first candidate. Prints the field's text."""

from __future__ import annotations

import os
import sys

from vk_harness import keyboard_on_comment_field


def main(pinyin: str) -> int:
    with keyboard_on_comment_field() as kb:
        kb.type_pinyin(pinyin)
        kb.pick(0)
        print("TEXT=" + kb.field.text(), flush=True)
    return 0


if __name__ == "__main__":
    os._exit(main(sys.argv[1]))
