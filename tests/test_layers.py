"""The layering rules of ARCHITECTURE.md, checked on the real code.

ui -> kiosk -> (drivers, offline_cache); nothing outside ui/ imports Qt; central/ shares only the wire
contract (offline_cache.wire, offline_cache.sealing, offline_cache.audit_chain) with the terminal.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ("kiosk", "drivers", "offline_cache", "central")


def _modules(package: str) -> list[str]:
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts))
    return names


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_importing_every_core_module_does_not_load_qt() -> None:
    modules = [m for pkg in CORE for m in _modules(pkg)]
    assert len(modules) > 10
    code = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "for m in mods: importlib.import_module(m)\n"
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_no_qt_import_statement_outside_ui() -> None:
    offenders = []
    for pkg in CORE:
        for path in (ROOT / pkg).rglob("*.py"):
            if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(path)):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _top_level_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


# The CLI's window commands load the UI lazily, inside their handlers, and only they may.
LAZY_UI = {"kiosk/commands/run.py", "kiosk/commands/tour.py"}


def test_window_commands_import_ui_only_lazily() -> None:
    for rel in LAZY_UI:
        path = ROOT / rel
        assert path.exists(), rel
        assert not {n for n in _top_level_imports(path) if n.split(".")[0] in ("ui", "PySide6")}, rel


def test_dependency_direction() -> None:
    rules = {
        "drivers": ("kiosk", "ui", "offline_cache", "central"),
        "offline_cache": ("kiosk", "ui", "drivers", "central"),
        "kiosk": ("ui", "central"),
    }
    offenders = []
    for pkg, forbidden in rules.items():
        for path in (ROOT / pkg).rglob("*.py"):
            bad = {n for n in _imports(path) if n.split(".")[0] in forbidden}
            # kiosk may start the embedded reference platform for the demo, and only that.
            bad -= {"central.embedded", "central.embedded.start_embedded"}
            if str(path.relative_to(ROOT)) in LAZY_UI:
                bad = {n for n in bad if n.split(".")[0] != "ui"}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_central_shares_only_the_wire_contract() -> None:
    allowed = {"offline_cache.wire", "offline_cache.sealing", "offline_cache.audit_chain"}
    offenders = []
    for path in (ROOT / "central").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ("kiosk", "drivers", "ui"):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
            shared = name == "offline_cache" or any(name == a or name.startswith(a + ".") for a in allowed)
            if top == "offline_cache" and not shared:
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
