"""Device backends by name: one table per device kind, and the one way the configuration chooses from it.

Each table maps a backend's name (the value of ``backend`` in the ``[card_reader]``, ``[printer]`` or
``[camera]`` section) to the function that builds it, written as ``"module:function"`` and imported only
when that backend is chosen. So nothing registers itself as a side effect of an import, the names are
known without loading any device library (``kiosk/config.py`` takes its allowed values from here), and a
backend whose library is missing costs nothing until it is asked for; its builder then raises the kind's
typed error.

The builders' arguments are the kind's: a card reader's and a camera's take the config section; a
printer's also takes the data folder, the printer profile and the paper width in dots.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from drivers.camera.base import ThreadedCamera
    from drivers.card.base import CardReader
    from drivers.printing.connections import Printer

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Registry(Generic[T]):
    kind: str
    builders: Mapping[str, str]  # backend name -> "module:function"

    def names(self) -> tuple[str, ...]:
        return tuple(self.builders)

    def builder(self, name: str) -> Callable[..., T] | None:
        """The function that builds backend ``name`` (its module imported now); None if there is none."""
        target = self.builders.get(name)
        if target is None:
            return None
        module, _, function = target.partition(":")
        built: Callable[..., T] = getattr(importlib.import_module(module), function)
        return built


CARD_READERS: Registry[CardReader] = Registry(
    "card reader",
    {
        "simulated": "drivers.card.simulated:from_section",
        "ga467": "drivers.card.ga467:from_section",
        "pcsc": "drivers.card.pcsc:from_section",
    },
)
PRINTERS: Registry[Printer] = Registry(
    "printer",
    {
        name: f"drivers.printing.backends:{name}"
        for name in ("simulated", "network", "serial", "usb", "file", "cups")
    },
)
CAMERAS: Registry[ThreadedCamera] = Registry(
    "camera",
    {"simulated": "drivers.camera.backends:simulated", "opencv": "drivers.camera.backends:opencv"},
)


def describe(registry: Registry[Any]) -> str:
    return ", ".join(registry.names())
