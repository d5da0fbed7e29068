"""``kiosk read-card`` end to end: simulated, and a real serial reader emulated on a pty."""

from __future__ import annotations

import json

import pytest

from drivers.card.ga467_emulator import Ga467Emulator
from drivers.card.samples import ELDER, EXPIRED, FARMER
from kiosk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["read-card", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulated_masked_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--reader", "simulated")
    assert code == 0
    assert "杨*例" in out and ELDER.name not in out and ELDER.id_number not in out
    assert "52**************" in out and "样例" in out


def test_simulated_json_full(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--reader", "simulated", "--json", "--show-full")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["problems"] == []
    assert data["identity"]["name"] == ELDER.name and data["identity"]["id_number"] == ELDER.id_number


def test_serial_reader_on_a_pty(capsys: pytest.CaptureFixture[str]) -> None:
    with Ga467Emulator() as emu:
        emu.place(FARMER)
        code, out, _ = run(capsys, "--reader", f"ga467:{emu.device}@115200", "--json", "--timeout", "2")
    data = json.loads(out)
    assert (
        code == 0 and data["identity"]["id_number"] == FARMER.id_number[:2] + "*" * 14 + FARMER.id_number[-2:]
    )
    assert data["identity"]["nation"] == "布依" and data["identity"]["source"] == "居民身份证"


def test_expired_card_prints_the_message_not_the_person(capsys: pytest.CaptureFixture[str]) -> None:
    with Ga467Emulator() as emu:
        emu.place(EXPIRED)
        code, out, err = run(capsys, "--reader", f"ga467:{emu.device}", "--timeout", "2")
    assert code == 1 and "过期" in err and "card.expired" in err
    assert EXPIRED.name not in out + err and EXPIRED.id_number not in out + err


@pytest.mark.parametrize("spec", ["ga467:/dev/does-not-exist", "nfc:x", "ga467:/dev/ttyS0@fast"])
def test_unusable_reader(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    code, out, _ = run(capsys, "--reader", spec, "--json", "--timeout", "0.2")
    assert code == 1 and json.loads(out)["error"] == "card.no_reader"
