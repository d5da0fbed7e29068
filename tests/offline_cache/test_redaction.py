"""The logging filter that masks personal data at the source, fed real-looking sample values (样例) through a
real handler that writes a file: 18-digit ID numbers (with and without the X check character), the old
15-digit form, mobile numbers as people write them, the names a session holds, in the message, in its
arguments and in a logged exception; and nothing else is masked (hashes, receipt numbers, times).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.card.samples import ELDER, sample_id_number
from offline_cache import redaction

ID_X = sample_id_number(dt.date(1962, 7, 9), 7)  # a sample whose check character is X
assert ID_X.endswith("X")
ID_15 = ELDER.id_number[:6] + ELDER.id_number[8:17]  # the old 15-digit form of the same sample
PHONES = ["13907310258", "+86 139 0731 0258", "139-0731-0258", "8613907310258"]  # fictional


@pytest.fixture
def written(tmp_path: Path) -> Iterator[tuple[logging.Logger, Path]]:
    """A logger with a file handler, the filter installed the way the CLI installs it."""
    path = tmp_path / "kiosk.log"
    logger = logging.getLogger("test.redaction")
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.DEBUG
    redaction.install(logger)
    try:
        yield logger, path
    finally:
        logger.removeHandler(handler)
        handler.close()


def _text(path: Path) -> str:
    for handler in logging.getLogger("test.redaction").handlers:
        handler.flush()
    return path.read_text("utf-8")


def test_id_numbers_and_mobile_numbers_are_masked_everywhere_in_a_record(
    written: tuple[logging.Logger, Path],
) -> None:
    log, path = written
    log.info("card read: %s", ELDER.id_number)
    log.warning("manual entry %s, old card %s", ID_X.lower(), ID_15)
    log.info("身份证号%s已核验", ID_X)  # inside Chinese text, no spaces
    for phone in PHONES:
        log.info("mobile given: %r", {"mobile": phone})
    try:
        raise ValueError(f"invalid literal for int() with base 10: '{ELDER.id_number}' (手机 {PHONES[0]})")
    except ValueError:
        log.exception("form check failed")
    text = _text(path)
    for secret in [ELDER.id_number, ID_X, ID_X.lower(), ID_15, *PHONES, "0731"]:
        assert secret not in text, secret
    assert text.count(redaction.ID_MASK) == 5 and text.count(redaction.MOBILE_MASK) == 5
    assert "ValueError: invalid literal" in text and "Traceback" in text  # the exception is still there


def test_the_names_a_session_holds_are_masked_until_it_lets_go(written: tuple[logging.Logger, Path]) -> None:
    log, path = written
    # Names no other test's session holds (sessions of other tests may still hold the card samples' names).
    first, second = "郑测样", "冯测例"  # fictional sample names
    escaped = json.dumps({"name": first})  # with ASCII escapes
    held_before = redaction.held_names()
    redaction.hold_name(first)
    redaction.hold_name(second)
    redaction.hold_name(first)  # two sessions with the same name: masked until both let go
    try:
        log.info("greeting %s and %s", first, second)
        log.info("as JSON: %s", escaped)
        redaction.drop_name(first)
        log.info("still held: %s", first)
    finally:
        redaction.drop_name(first)
        redaction.drop_name(second)
    log.info("after the wipe the filter forgets %s", first)
    lines = _text(path).splitlines()
    assert lines[0].endswith(f"greeting {redaction.NAME_MASK} and {redaction.NAME_MASK}")
    assert escaped.split('"')[3][:6] not in lines[1] and redaction.NAME_MASK in lines[1]
    assert lines[2].endswith(redaction.NAME_MASK)
    assert lines[3].endswith(first)  # the check above can fail: nothing is masked for ever
    assert redaction.held_names() == held_before


def test_what_is_not_personal_is_left_alone(written: tuple[logging.Logger, Path]) -> None:
    log, path = written
    keep = [
        "sha256 5f2b0a19c8e3d7a6b4f1029384756abcdef0123456789abcdef0123456789ab",
        "receipt GA0101-20261127-0001 and P202611270000123",
        "1732694400123456789 ns",  # 19 digits: a time, not an ID number
        "app 01932f6e-8c2b-7d1e-9a4f-3b5c6d7e8f90",
        "uploaded 1048576 bytes in 0.42 s",
    ]
    for line in keep:
        log.info("%s", line)
    text = _text(path)
    assert all(line in text for line in keep)


def test_a_record_with_arguments_that_do_not_fit_its_format_is_kept_and_masked(
    written: tuple[logging.Logger, Path],
) -> None:
    log, path = written
    log.info("two places %s %s", ELDER.id_number)  # a bug in a log call must not hide the record
    text = _text(path)
    assert "two places" in text and ELDER.id_number not in text and redaction.ID_MASK in text


def test_install_puts_one_filter_on_each_handler() -> None:
    logger = logging.getLogger("test.redaction.install")
    a, b = logging.StreamHandler(), logging.StreamHandler()
    logger.addHandler(a)
    logger.addHandler(b)
    try:
        redaction.install(logger)
        redaction.install(logger)
        assert [len(h.filters) for h in (a, b)] == [1, 1]
    finally:
        logger.removeHandler(a)
        logger.removeHandler(b)
