"""``kiosk doctor``: every part checked, in plain words, never a traceback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def doctor(
    tmp_path: Path, site: str | None = None, *options: str
) -> tuple[int, list[dict[str, object]], str]:
    cmd = [sys.executable, "-m", "kiosk", "--home", str(tmp_path / "home")]
    if site is not None:
        path = tmp_path / "site.toml"
        path.write_text(site, "utf-8")
        cmd += ["--config", str(path)]
    out = subprocess.run(
        [*cmd, "doctor", "--json", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return out.returncode, [json.loads(line) for line in out.stdout.splitlines()], out.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_demo_configuration_is_healthy(tmp_path: Path) -> None:
    rc, checks, err = doctor(tmp_path, None, "--demo")
    assert rc == 0, err
    assert [c["part"] for c in checks] == [
        "card_reader",
        "camera",
        "printer",
        "platform",
        "catalogue",
        "disk",
        "admin_pin",
    ]
    assert all(c["ok"] and c["message"] == "正常" for c in checks)


def test_missing_devices_and_platform_are_named_in_chinese(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    site = (
        '[card_reader]\nbackend = "ga467"\ndevice = "/dev/no-such-reader"\n'
        f'[printer]\nbackend = "network"\nhost = "127.0.0.1"\nport = {port}\n'
    )
    rc, checks, err = doctor(tmp_path, site)
    assert rc == 1
    assert "Traceback" not in err
    by_part = {c["part"]: c for c in checks}
    assert not by_part["card_reader"]["ok"] and "读卡器" in str(by_part["card_reader"]["message"])
    assert not by_part["printer"]["ok"] and "打印机" in str(by_part["printer"]["message"])
    assert not by_part["platform"]["ok"] and by_part["platform"]["code"] == "sync.not_enrolled"
    assert by_part["catalogue"]["ok"]  # what works is still said to work
