from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import ConfigError, data_home, load_config

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load_and_site_file_overrides(tmp_path: Path) -> None:
    site = write(tmp_path, '[printer]\npaper_mm = 58\n[station]\nname = "样例站"\n')
    cfg = load_config(site)
    assert cfg.get("printer", "paper_mm") == 58
    assert cfg.get("station", "name") == "样例站"
    assert cfg.get("printer", "backend") == "simulated"  # untouched default
    assert cfg.sources[-1] == str(site)


def test_integer_is_accepted_for_a_float_key(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "[platform]\ntimeout_s = 5\n"))
    assert cfg.get("platform", "timeout_s") == 5.0


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("[printer]\npaper_mm = 57\n", "printer.paper_mm", "58, 80"),
        ('[printer]\npaper_mm = "80"\n', "printer.paper_mm", "expected integer, got string"),
        ("[printer]\ncolour = true\n", "printer.colour", "unknown key"),
        ("[scanner]\nx = 1\n", "[scanner]", "unknown section"),
        ('[card_reader]\nbackend = "magic"\n', "card_reader.backend", "simulated, ga467, pcsc"),
        ("[sync]\nretention_days = -1\n", "sync.retention_days", "negative"),
        ("[ui]\nidle_timeout_s = 5\n", "ui.idle_timeout_s", "must be between 15 and 3600"),
        ("[printer]\nport = 70000\n", "printer.port", "超出范围 1–65535"),
        ("[printer\n", "", "not valid TOML"),
    ],
)
def test_invalid_site_file_names_file_key_and_problem(
    tmp_path: Path, text: str, key: str, fragment: str
) -> None:
    site = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(site)
    message = str(info.value)
    assert str(site) in message
    assert key in message
    assert fragment in message


def test_missing_site_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_home_from_argument_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "env-home"))
    assert data_home(tmp_path / "arg-home") == tmp_path / "arg-home"
    assert data_home() == tmp_path / "env-home"
    assert (tmp_path / "env-home").is_dir()


def test_cli_reports_broken_config_in_one_line_without_traceback(tmp_path: Path) -> None:
    site = write(tmp_path, "[printer]\npaper_mm = 57\n")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(tmp_path / "h"), "--config", str(site), "doctor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "printer.paper_mm" in out.stderr and str(site) in out.stderr


def test_version_needs_no_qt() -> None:
    code = "import sys; from kiosk.cli import main\ntry:\n main(['--version'])\nexcept SystemExit: pass\nprint('PySide6' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert out.stdout.startswith("kiosk 0.")


def test_the_old_embedded_and_url_keys_are_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """They let a deployed terminal start the demo's platform; a fleet's site files still carry them."""
    site = write(tmp_path, '[platform]\nembedded = true\nurl = "http://10.0.0.5:8700"\ntimeout_s = 4\n')
    with caplog.at_level("WARNING", logger="kiosk.config"):
        cfg = load_config(site)
    assert "embedded" not in cfg.section("platform") and "url" not in cfg.section("platform")
    assert cfg.get("platform", "timeout_s") == 4.0  # the rest of the section still applies
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert str(site) in warned and "platform.embedded" in warned and "platform.url" in warned
    assert "kiosk run --demo" in warned and "kiosk enroll" in warned


def test_the_platform_trust_keys_default_to_the_system_store_and_no_pin() -> None:
    cfg = load_config(None)
    assert cfg.get("platform", "ca_file") == "" and cfg.get("platform", "key_fingerprint") == ""
