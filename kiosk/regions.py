"""The administrative region tree behind the form engine's region picker: district -> township -> village.

The bundled ``config/regions.json`` is a small sample tree (贵安新区 and a few fictional townships and
villages, marked ``"sample": true``). Codes follow the statistical division codes: 6 digits for the
district, 9 for a township, 12 for a village (村 or 社区).
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any

BUNDLED_REGIONS = Path(__file__).resolve().parent.parent / "config" / "regions.json"
LEVELS = ("district", "township", "village")


@dataclasses.dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None  # the parent's code
    children: tuple[str, ...]  # the children's codes, in display order


class RegionTree:
    """Look-ups by code; the picker walks ``children`` from ``root`` down to the level a field asks for."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.sample = bool(data.get("sample", False))
        self.version = str(data.get("version", ""))
        self._regions: dict[str, Region] = {}
        self.root = self._add(data["root"], None)

    def _add(self, node: dict[str, Any], parent: str | None) -> str:
        code, level = str(node["code"]), str(node["level"])
        if level not in LEVELS:
            raise ValueError(f"region {code}: unknown level {level!r}")
        if code in self._regions:
            raise ValueError(f"region {code}: duplicate code")
        kids = tuple(node.get("children", ()))
        self._regions[code] = Region(code, str(node["name"]), level, parent, ())
        child_codes = tuple(self._add(kid, code) for kid in kids)
        self._regions[code] = dataclasses.replace(self._regions[code], children=child_codes)
        return code

    def __contains__(self, code: object) -> bool:
        return code in self._regions

    def get(self, code: str) -> Region:
        return self._regions[code]

    def children(self, code: str) -> list[Region]:
        return [self._regions[c] for c in self._regions[code].children]

    def path(self, code: str) -> list[Region]:
        """From the root down to ``code``, inclusive."""
        out: list[Region] = []
        current: str | None = code
        while current is not None:
            region = self._regions[current]
            out.append(region)
            current = region.parent
        return out[::-1]

    def full_name(self, code: str) -> str:
        """E.g. 贵安新区样例镇样例村, as printed on a receipt."""
        return "".join(r.name for r in self.path(code))

    def at_level(self, level: str) -> list[Region]:
        return [r for r in self._regions.values() if r.level == level]


def load_regions(path: Path | None = None) -> RegionTree:
    with (path or BUNDLED_REGIONS).open(encoding="utf-8") as f:
        return RegionTree(json.load(f))


@cache
def bundled_regions() -> RegionTree:
    return load_regions()
