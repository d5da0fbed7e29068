"""A missing real part skips on a developer's machine and fails under CI; every run prints its skip count;
the PostgreSQL server is found wherever Debian, Ubuntu or the PATH put it.

The runs are real pytest processes on a small test file, with this suite's plugin (tests/skip_report.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.real_parts import postgres_bindir

ROOT = Path(__file__).resolve().parents[1]

NEEDS_A_PART = """
from tests.real_parts import missing_part

def test_needs_a_server():
    missing_part("no frobnicator installed (Debian: frobnicator)")

def test_plain_skip():
    import pytest
    pytest.skip("not on this machine")

def test_fine():
    pass
"""


def _pytest(tmp_path: Path, source: str, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_child.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "CI"}
    env.update(PYTHONPATH=str(ROOT), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")  # only the plugin under test
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.skip_report"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_ci_a_missing_part_skips_and_the_count_is_printed(tmp_path: Path) -> None:
    run = _pytest(tmp_path, NEEDS_A_PART, ci=None)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "\n2 skipped\n" in run.stdout
    assert "test_needs_a_server: no frobnicator installed (Debian: frobnicator)" in run.stdout


def test_under_ci_a_missing_part_fails_and_any_skip_fails_the_run(tmp_path: Path) -> None:
    run = _pytest(tmp_path, NEEDS_A_PART, ci="true")
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 failed, 1 passed, 1 skipped" in run.stdout
    assert "FAILED test_child.py::test_needs_a_server" in run.stdout
    assert "1 skipped (CI: a skip fails the run)" in run.stdout
    only_a_skip = _pytest(tmp_path, "import pytest\n\ndef test_x():\n    pytest.skip('why')\n", ci="1")
    assert only_a_skip.returncode == 1 and "1 skipped (CI" in only_a_skip.stdout


def test_a_clean_run_prints_zero_skipped(tmp_path: Path) -> None:
    run = _pytest(tmp_path, "def test_x():\n    pass\n", ci="true")
    assert run.returncode == 0 and "\n0 skipped\n" in run.stdout, run.stdout[-2000:]


def _server(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)
    return folder


def _pg_config(bin_dir: Path, prints: Path) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "pg_config").write_text(f"#!/bin/sh\necho {prints}\n")
    (bin_dir / "pg_config").chmod(0o755)


def test_postgres_is_found_whatever_its_version(tmp_path: Path) -> None:
    installed = tmp_path / "usr-lib-postgresql"
    _server(installed / "13" / "bin")
    newest = _server(installed / "17" / "bin")
    (installed / "16" / "bin").mkdir(parents=True)  # a client-only version: no server
    empty_path = str(tmp_path / "nothing")
    assert postgres_bindir({"PATH": empty_path}, installed) == newest

    # pg_config names a version with a server: that one, even when newer ones are installed.
    tools = tmp_path / "tools"
    _pg_config(tools, installed / "13" / "bin")
    assert postgres_bindir({"PATH": str(tools)}, installed) == installed / "13" / "bin"
    # pg_config names the client library's version (Debian's libpq-dev), which has no server beside it.
    _pg_config(tools, installed / "16" / "bin")
    assert postgres_bindir({"PATH": str(tools)}, installed) == newest

    # No Debian layout at all: initdb on the PATH (Fedora, Arch, Homebrew).
    other = _server(tmp_path / "opt" / "pgsql" / "bin")
    assert postgres_bindir({"PATH": str(other)}, tmp_path / "none") == other
    assert postgres_bindir({"PATH": empty_path}, tmp_path / "none") is None
    assert postgres_bindir({"KIOSK_TEST_PG_BIN": "/x/bin"}, installed) == Path("/x/bin")


def test_the_suite_ignores_the_kiosk_installed_on_its_machine(tmp_path: Path) -> None:
    """A machine with a kiosk on it: a site file the suite's defaults do not expect (here a broken one, so
    that reading it at all shows), a data folder, and a font in the environment. The suite's own tests
    of the terminal still pass, and the kiosk's folder is untouched."""
    site = tmp_path / "etc-kiosk.toml"
    site.write_text('[printer]\npaper_mm = 57\n[station]\ncode = "HOST01"\n', encoding="utf-8")
    host_home = tmp_path / "host-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        PYTHONPATH=str(ROOT),
        KIOSK_CONFIG=str(site),
        KIOSK_HOME=str(host_home),
        KIOSK_CJK_FONT=str(tmp_path / "no-such-font.ttf"),
    )
    tests = [
        "tests/kiosk/test_receipt_tokens.py::test_a_receipt_number_alone_shows_nothing_and_says_nothing_about_existence",
        "tests/kiosk/test_config.py::test_cli_reports_broken_config_in_one_line_without_traceback",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "2 passed" in run.stdout
    assert not host_home.exists()
