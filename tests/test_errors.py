"""One exception tree per package, drawn in one module's docstring and true: every exception class the
package defines is in its drawing, under the parent it really derives from, with the code it really has;
and every code of the terminal's trees has words for the screen (``kiosk.messages``).

Classes that are not under the tree's root are only allowed as private signals inside one module (their
name starts with ``_``); a public error outside the tree is one the UI cannot say in plain words.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

import pytest

# package -> the module whose docstring draws its tree
TREES = {
    "kiosk": "kiosk.errors",
    "offline_cache": "offline_cache.errors",
    "drivers.card": "drivers.card.errors",
    "drivers.printing": "drivers.printing.errors",
    "drivers.camera": "drivers.camera.errors",
    "central": "central.errors",
}
TERMINAL = ("kiosk", "offline_cache", "drivers.card", "drivers.printing", "drivers.camera")
_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>_?[A-Z]\w+)\s+\(?(?P<code>[a-z_]+(?:\.[a-z_]+)+)")


@dataclass(frozen=True)
class Drawn:
    name: str
    code: str
    parent: str | None


def drawn_tree(module: str) -> dict[str, Drawn]:
    doc = importlib.import_module(module).__doc__ or ""
    lines = [m for m in map(_LINE.match, doc.splitlines()) if m and m["indent"].startswith("    ")]
    assert lines, f"{module} draws no tree"
    base = len(lines[0]["indent"])
    stack: list[str] = []
    found: dict[str, Drawn] = {}
    for m in lines:
        depth = (len(m["indent"]) - base) // 4
        assert depth <= len(stack), f"{module}: {m['name']} is indented too far"
        del stack[depth:]
        found[m["name"]] = Drawn(m["name"], m["code"], stack[-1] if stack else None)
        stack.append(m["name"])
    return found


def defined_errors(package: str) -> dict[str, type[BaseException]]:
    """Exception classes defined in ``package`` (all its modules, its subpackages' too)."""
    root = importlib.import_module(package)
    modules = [root] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(root.__path__, package + ".")
        if not info.name.endswith("__main__")
    ]
    found: dict[str, type[BaseException]] = {}
    for module in modules:
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                assert found.get(name, cls) is cls, f"two exception classes named {name} in {package}"
                found[name] = cls
    return found


def _own_package(package: str) -> dict[str, type[BaseException]]:
    """The package's errors, without those of a subpackage that draws a tree of its own."""
    errors = defined_errors(package)
    for other in TREES:
        if other != package and other.startswith(package + "."):
            errors = {n: c for n, c in errors.items() if not c.__module__.startswith(other)}
    return errors


@pytest.mark.parametrize("package", sorted(TREES))
def test_the_drawing_is_the_tree(package: str) -> None:
    tree = drawn_tree(TREES[package])
    errors = _own_package(package)
    [root] = [d.name for d in tree.values() if d.parent is None]
    under_root = {n for n, c in errors.items() if issubclass(c, errors[root])}
    outside = set(errors) - under_root
    assert all(n.startswith("_") for n in outside), f"public errors outside {root}: {sorted(outside)}"
    assert set(tree) == under_root, (
        f"drawn but missing: {set(tree) - under_root}; not drawn: {under_root - set(tree)}"
    )
    for drawn in tree.values():
        cls = errors[drawn.name]
        assert cls.__dict__.get("code") == drawn.code, drawn.name
        if drawn.parent is not None:
            assert errors[drawn.parent] in cls.__bases__, f"{drawn.name} is not drawn under its base"


@pytest.mark.parametrize("package", TERMINAL)
def test_every_code_of_the_terminal_has_words(package: str) -> None:
    from kiosk.messages import all_messages

    texts = all_messages()
    missing = sorted(d.code for d in drawn_tree(TREES[package]).values() if d.code not in texts)
    assert missing == []
