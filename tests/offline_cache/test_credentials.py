"""The credentials file (its format lives with the terminal, not in the wire contract) and the link rules
every client applies before it sends a byte."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

import pytest

from offline_cache import wire
from offline_cache.credentials import (
    CA_FILE,
    Credentials,
    credentials_path,
    install_ca_file,
    load_credentials,
    save_credentials,
)
from offline_cache.platform_client import (
    BadPlatformUrl,
    CertificateRejected,
    InsecureLink,
    PlatformClient,
    check_link,
)

CREDS = Credentials(
    url="https://platform.example:8700",
    device_id="d1",
    token="t" * 43,
    platform_public_key="k" * 44,
    station_code="GA0101",
)


def test_credentials_round_trip_privately_with_the_ca_file(tmp_path: Path) -> None:
    ca = install_ca_file(tmp_path, b"-----BEGIN CERTIFICATE-----\n")
    assert ca == tmp_path.joinpath(*CA_FILE) and stat.S_IMODE(ca.stat().st_mode) == 0o600
    creds = dataclasses.replace(CREDS, ca_file=str(ca))
    path = save_credentials(tmp_path, creds)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_credentials(tmp_path) == creds
    assert "t" * 43 not in repr(creds)


def test_a_file_from_before_the_ca_file_still_loads(tmp_path: Path) -> None:
    path = credentials_path(tmp_path)
    path.parent.mkdir(parents=True)
    fields = {
        k: getattr(CREDS, k) for k in ("url", "device_id", "token", "platform_public_key", "station_code")
    }
    path.write_text(json.dumps({**fields, "added_later": 1}), "utf-8")
    assert load_credentials(tmp_path) == CREDS


def test_the_credentials_file_is_not_part_of_the_wire_contract() -> None:
    assert not hasattr(wire, "StoredCredentials") and not hasattr(wire, "CREDENTIALS_FILE")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8700",
        "http://127.8.9.10",
        "http://[::1]:80/",
        "http://localhost:1",
        "https://a.example",
    ],
)
def test_loopback_http_and_any_https_are_allowed(url: str) -> None:
    assert check_link(url) == (not url.startswith("https"))


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://192.0.2.7:8700", InsecureLink),
        ("http://platform.example", InsecureLink),
        ("http://127.0.0.1.attacker.example", InsecureLink),
        ("http://localhost.attacker.example", InsecureLink),
        ("http://[::ffff:10.0.0.1]/", InsecureLink),
        ("ftp://127.0.0.1/", BadPlatformUrl),
        ("https://", BadPlatformUrl),
        ("https://a.example:port/", BadPlatformUrl),
        ("platform.example", BadPlatformUrl),
    ],
)
def test_other_urls_are_refused(url: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        check_link(url)


def test_a_client_is_never_built_for_plain_http_off_this_machine_or_a_missing_ca_file(tmp_path: Path) -> None:
    with pytest.raises(InsecureLink):
        PlatformClient(dataclasses.replace(CREDS, url="http://192.0.2.7:8700"))
    with pytest.raises(CertificateRejected):
        PlatformClient(dataclasses.replace(CREDS, ca_file=str(tmp_path / "gone.pem")))
    assert PlatformClient(CREDS).verify is True  # the system's store; never False
    assert PlatformClient(CREDS, ca_file=str(install_ca_file(tmp_path, b"x"))).verify == str(
        tmp_path.joinpath(*CA_FILE)
    )


@pytest.mark.parametrize("damage", ["not json", "half", "wrong shape"])
def test_a_damaged_file_is_not_the_same_as_never_enrolled(tmp_path: Path, damage: str) -> None:
    import os
    import subprocess
    import sys

    from kiosk.config import load_config
    from kiosk.messages import all_messages
    from kiosk.terminal import Terminal
    from offline_cache.errors import CredentialsDamaged

    home = tmp_path / "home"
    assert load_credentials(home) is None  # no file: not enrolled
    path = save_credentials(home, CREDS)
    whole = path.read_bytes()
    path.write_bytes(
        {"not json": b"\x00garbage", "half": whole[: len(whole) // 2], "wrong shape": b'{"url": 5}'}[damage]
    )
    with pytest.raises(CredentialsDamaged):
        load_credentials(home)
    terminal = Terminal(load_config(None), home)
    try:
        terminal.start()
        assert [(p.part, p.code) for p in terminal.problems if p.part == "platform"] == [
            ("platform", "terminal.credentials_damaged")
        ]
        assert terminal.credentials is None and terminal.sync is None
    finally:
        terminal.stop()
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(home), "sync", "--once"],
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 4 and all_messages()["terminal.credentials_damaged"] in run.stderr
    assert "Traceback" not in run.stderr
