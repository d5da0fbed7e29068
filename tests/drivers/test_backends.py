"""One way to choose a backend by name, for card readers, printers and cameras (drivers/backends.py): the
configuration accepts exactly the names each table can build, every one of them builds without hardware
(devices open at first use), and an unknown name is the kind's typed error naming the known ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drivers.backends import CAMERAS, CARD_READERS, PRINTERS, Registry
from drivers.camera import ThreadedCamera, open_camera
from drivers.camera.errors import CameraUnavailable
from drivers.card import CardReader, NoReader, open_reader
from drivers.printing import Printer, open_printer
from drivers.printing.errors import PrinterConfigError
from kiosk.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]

# What each backend needs in its section beyond the defaults to be built (not opened).
NEEDS: dict[str, dict[str, Any]] = {
    "network": {"host": "192.0.2.7"},
    "serial": {"device": "/dev/ttyS9"},
    "usb": {"usb_vendor": 0x0416, "usb_product": 0x5011},
    "file": {"device": "/dev/usb/lp9"},
    "cups": {"device": "receipt"},
}
KINDS: list[tuple[str, Registry[Any], Any, type[Exception], type]] = [
    ("card_reader", CARD_READERS, lambda s, home: open_reader(s), NoReader, CardReader),
    ("printer", PRINTERS, open_printer, PrinterConfigError, Printer),
    ("camera", CAMERAS, lambda s, home: open_camera(s), CameraUnavailable, ThreadedCamera),
]


@pytest.mark.parametrize(("section", "registry", "open_", "error", "base"), KINDS, ids=[k[0] for k in KINDS])
def test_the_configuration_offers_exactly_what_can_be_built(
    tmp_path: Path, section: str, registry: Registry[Any], open_: Any, error: type[Exception], base: type
) -> None:
    for name in registry.names():
        site = tmp_path / f"{section}-{name}.toml"
        extra = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in NEEDS.get(name, {}).items())
        site.write_text(f'[{section}]\nbackend = "{name}"\n{extra}', encoding="utf-8")
        built = open_(load_config(site).section(section), tmp_path)
        assert isinstance(built, base), name
    site = tmp_path / "unknown.toml"
    site.write_text(f'[{section}]\nbackend = "magic"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=", ".join(registry.names())):
        load_config(site)
    with pytest.raises(error, match="unknown .* backend 'magic'") as info:
        open_({"backend": "magic"}, tmp_path)
    assert all(name in str(info.value) for name in registry.names())


def test_choosing_by_name_loads_no_device_library_and_importing_registers_nothing() -> None:
    code = (
        "import sys\n"
        "from drivers.backends import CAMERAS, CARD_READERS, PRINTERS\n"
        "import kiosk.config\n"
        "before = [dict(r.builders) for r in (CARD_READERS, PRINTERS, CAMERAS)]\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('cv2', 'escpos', 'serial', 'smartcard')]\n"
        "import drivers.card.pcsc, drivers.card.ga467, drivers.printing.backends, drivers.camera.backends\n"
        "after = [dict(r.builders) for r in (CARD_READERS, PRINTERS, CAMERAS)]\n"
        "print(heavy, before == after)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] True"
