"""Real parts the tests start (PostgreSQL, pcscd with vpcd, node and npm, the Qt Virtual Keyboard) and what
happens when one is missing.

On a developer's machine a missing part skips the tests that need it, with a reason naming the Debian
package. Under CI (``CI`` set, as ``.ci/run`` does) the set-up script has installed every part, so a missing
one is a broken set-up: the test fails instead. ``skip_report`` counts the skips of a run either way, and a
run under CI with any skip at all fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_part(why: str) -> None:
    """Stop the current test because a real part it needs is not on this machine."""
    if under_ci():
        pytest.fail(f"{why} (CI: a missing part is a broken set-up, not a reason to skip)", pytrace=False)
    pytest.skip(why)


def _has_server(folder: Path) -> bool:
    return (folder / "initdb").is_file() and (folder / "pg_ctl").is_file()


def postgres_bindir(
    environ: dict[str, str] | None = None, installed: Path = Path("/usr/lib/postgresql")
) -> Path | None:
    """The folder holding PostgreSQL's ``initdb`` and ``pg_ctl``, or None.

    ``KIOSK_TEST_PG_BIN`` if set; else ``pg_config --bindir`` (on Debian it names the client's version,
    which may have no server beside it); else the newest installed version under ``installed`` (Debian
    and Ubuntu: /usr/lib/postgresql/<major>/bin); else ``initdb`` on the PATH (Fedora, Arch, Homebrew).
    """
    env = os.environ if environ is None else environ
    if env.get("KIOSK_TEST_PG_BIN"):
        return Path(env["KIOSK_TEST_PG_BIN"])
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config", path=env.get("PATH"))
    if pg_config is not None:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip():
            candidates.append(Path(done.stdout.strip()))
    versions = [p for p in installed.glob("*/bin") if p.parent.name.split(".")[0].isdigit()]
    candidates += sorted(versions, key=lambda p: float(p.parent.name), reverse=True)
    initdb = shutil.which("initdb", path=env.get("PATH"))
    if initdb is not None:
        candidates.append(Path(initdb).resolve().parent)
    return next((c for c in candidates if _has_server(c)), None)
