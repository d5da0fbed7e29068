"""One table of words and one lookup: the screen, the CLI and ``kiosk doctor`` say the same for a code,
whatever the code, and every code belongs to one area."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import kiosk.messages as messages
from drivers.card.errors import CardExpired, CardRemoved, NoReader
from kiosk.messages import GENERIC, all_messages, message_for
from offline_cache.errors import StoreFull
from offline_cache.platform_client import PlatformUnreachable

UNKNOWN = ["card.expired.long_ago", "camera.smoke", "quality.too_dark", "ui.camera_lost.twice", "no.such"]


def _screen(code_or_error: str | BaseException) -> str:
    from ui.messages import text_for, text_for_code

    return text_for_code(code_or_error) if isinstance(code_or_error, str) else text_for(code_or_error)


@pytest.mark.parametrize("code", sorted(all_messages()) + UNKNOWN)
def test_screen_and_cli_say_the_same_for_every_code(code: str) -> None:
    assert _screen(code) == message_for(code)


def test_a_code_without_words_falls_back_along_its_prefix_then_to_the_general_sentence() -> None:
    assert message_for("card.expired.long_ago") == all_messages()["card.expired"]
    assert message_for("ui.camera_lost.twice") == all_messages()["ui.camera_lost"]
    assert message_for("camera.smoke") == message_for("no.such") == GENERIC


class _QuietExpired(CardExpired):
    """A subclass with no code of its own speaks with its base's words."""


class _Own(Exception):
    def __init__(self, code: str) -> None:
        super().__init__("details that may hold a name: 杨样例")
        self.code = code


@pytest.mark.parametrize(
    "error",
    [
        CardExpired(),
        _QuietExpired(),
        CardRemoved("lifted"),
        NoReader("none"),
        StoreFull("full"),
        PlatformUnreachable("GET ConnectionError"),
        _Own("sync.conflict"),
        _Own("nothing.known"),
        ValueError("杨样例"),
    ],
)
def test_screen_and_cli_say_the_same_for_every_error(error: BaseException) -> None:
    text = message_for(error)
    assert _screen(error) == text and "杨样例" not in text


def test_words_come_from_codes_most_specific_first() -> None:
    assert message_for(_QuietExpired()) == all_messages()["card.expired"]
    assert message_for(_Own("sync.conflict")) == all_messages()["sync.conflict"]
    assert message_for(ValueError("x")) == GENERIC


def test_every_code_is_in_exactly_one_area() -> None:
    seen: dict[str, str] = {}
    for info in pkgutil.iter_modules(messages.__path__):
        table = getattr(importlib.import_module(f"kiosk.messages.{info.name}"), "MESSAGES", {})
        for code in table:
            assert code not in seen, f"{code} in {seen.get(code)} and {info.name}"
            seen[code] = info.name
    assert seen.keys() == all_messages().keys()
    assert not [
        n for n in vars(messages) if n.isupper() and n not in ("GENERIC", "GENERAL_CODE")
    ]  # no table here


def test_the_lookup_names_the_code_whose_words_it_chose() -> None:
    from kiosk.messages import GENERAL_CODE, resolve

    assert resolve("card.expired.long_ago") == ("card.expired", all_messages()["card.expired"])
    assert resolve(_QuietExpired()) == ("card.expired", all_messages()["card.expired"])
    assert resolve(_Own("sync.conflict"))[0] == "sync.conflict"
    assert resolve("no.such") == resolve(ValueError("x")) == (GENERAL_CODE, GENERIC)
