"""The layering rules of ARCHITECTURE.md, checked on the real code: every import, at any depth of a
module, relative ones made absolute.

ui -> kiosk -> (drivers, offline_cache), and ui below kiosk only for the modules written down here with
their reason; nothing outside ui/ imports Qt; central/ shares only the wire contract (offline_cache.wire,
offline_cache.sealing, offline_cache.audit_chain) with the terminal; kiosk reaches central only through
the demo's starter.
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


def _module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _is_module(name: str) -> bool:
    where = ROOT.joinpath(*name.split("."))
    return where.with_suffix(".py").is_file() or (where / "__init__.py").is_file()


def _from_module(node: ast.ImportFrom, path: Path) -> str:
    """The absolute name of ``from X import ...``; relative imports resolved against ``path``."""
    if not node.level:
        return node.module or ""
    package = _module_of(path) if path.name == "__init__.py" else _module_of(path)[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (relative imports made absolute; ``from pkg import
    sub`` counts ``pkg.sub`` when that is a module of this repository)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _from_module(node, path)
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names if _is_module(f"{module}.{a.name}"))
    return found


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    probe = ROOT / "kiosk" / "commands" / "run.py"
    tree = ast.parse(
        "from . import tour\nfrom ..demo_platform import start_demo_platform\nfrom .. import events"
    )
    names = {_from_module(n, probe) for n in tree.body if isinstance(n, ast.ImportFrom)}
    assert names == {"kiosk.commands", "kiosk.demo_platform", "kiosk"}
    assert _is_module("kiosk.commands.tour") and not _is_module("kiosk.demo_platform.start_demo_platform")


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
        elif isinstance(node, ast.ImportFrom):
            found.add(_from_module(node, path))
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
        "ui": ("central",),
    }
    offenders = []
    for pkg, forbidden in rules.items():
        for path in (ROOT / pkg).rglob("*.py"):
            bad = {n for n in _imports(path) if n.split(".")[0] in forbidden}
            if str(path.relative_to(ROOT)) == DEMO_ONLY:
                bad -= {"central.embedded"}
            if str(path.relative_to(ROOT)) in LAZY_UI:
                bad = {n for n in bad if n.split(".")[0] != "ui"}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


# ui -> kiosk, and below kiosk only these (ARCHITECTURE.md, Layers): the value types and errors the core's
# calls hand the UI (they live in drivers/ so that drivers/ need not import the core), the pure image
# functions the live preview runs on its own threads, the receipt's picture for the preview; for the tour
# and the demo's card panel, the sample cards and the simulated reader they are placed on; for the app's start, the log filter that masks personal data; for the
# background tasks and the preview threads, the count of unexpected failures they survived; for the
# helper of background work, the rule that a device call must not make the screen wait. No device
# backend, no store, no sync: those the UI reaches through ``kiosk.terminal.Terminal`` only.
UI_BELOW_KIOSK: dict[str, set[str]] = {
    "drivers.card.identity": {
        "ui/flow.py",
        "ui/pages/manual.py",
        "ui/window.py",
        "ui/pages/agent_consent.py",
    },
    "drivers.camera.base": {"ui/pages/capture.py", "ui/pages/progress.py"},
    "drivers.card.errors": {"ui/pages/card.py", "ui/widgets/demo_panel.py"},
    "drivers.camera.capture": {"ui/pages/capture.py"},
    "drivers.camera.tracking": {"ui/widgets/camera_view.py"},
    "drivers.camera.qr": {"ui/pages/progress.py"},
    "drivers.printing.document": {"ui/pages/receipt.py"},
    "drivers.card.samples": {"ui/tour.py", "ui/widgets/demo_panel.py"},
    "drivers.card.simulated": {"ui/tour.py", "ui/widgets/demo_panel.py"},
    "offline_cache.redaction": {"ui/app.py"},
    "offline_cache.incidents": {"ui/tasks.py", "ui/widgets/camera_view.py"},
    "drivers.worker": {"ui/tasks.py"},
}


def _imported_modules(path: Path) -> set[str]:
    """The modules ``path`` takes names from: ``from pkg import sub`` counts ``pkg.sub`` when every name
    imported is a submodule, and ``pkg`` itself (its ``__init__``) otherwise."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _from_module(node, path)
            subs = [f"{module}.{a.name}" for a in node.names]
            found.update(subs if all(_is_module(m) for m in subs) else [module])
    return found


def test_ui_reaches_below_the_core_only_where_written_down() -> None:
    used: dict[str, set[str]] = {}
    for path in (ROOT / "ui").rglob("*.py"):
        for name in _imported_modules(path):
            if name.split(".")[0] in ("drivers", "offline_cache"):
                used.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    assert used == UI_BELOW_KIOSK  # a new use is written down above, with its reason; an old one removed


# The one kiosk -> central import: the demo's embedded platform, started by this module only, and only
# from inside a function (a deployed terminal never imports it; see test_terminal_outside_the_demo_...).
DEMO_ONLY = "kiosk/demo_platform.py"


def _imports_by_function(path: Path) -> dict[str, set[str]]:
    """Imported module names by the enclosing top-level function or method ("" for module level)."""
    found: dict[str, set[str]] = {}

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = owner
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = owner or child.name
            if isinstance(child, ast.ImportFrom) and child.module:
                found.setdefault(owner, set()).add(child.module)
            elif isinstance(child, ast.Import):
                found.setdefault(owner, set()).update(a.name for a in child.names)
            visit(child, name)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_the_embedded_platform_is_reached_only_through_the_demo() -> None:
    into_central: dict[str, str] = {}  # file -> the function that imports central
    into_demo: dict[str, str] = {}  # file -> the function that imports kiosk.demo_platform
    for path in (ROOT / "kiosk").rglob("*.py"):
        rel = str(path.relative_to(ROOT))
        for owner, names in _imports_by_function(path).items():
            if any(n.split(".")[0] == "central" for n in names):
                into_central[rel] = owner
            if "kiosk.demo_platform" in names:
                into_demo[rel] = owner
    assert into_central == {DEMO_ONLY: "start_demo_platform"}  # lazily, inside the demo's starter
    assert into_demo == {
        "kiosk/terminal.py": "_start_demo_platform",  # only when Terminal(demo=True)
        "kiosk/commands/run.py": "handler",  # only under `if args.demo`
        "kiosk/commands/doctor.py": "_platform",  # only under `if demo`
    }


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
