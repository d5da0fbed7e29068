"""Placeholder while the pcsc backend lands."""

from __future__ import annotations

from typing import Any

from drivers.card.base import CardReader, register_backend
from drivers.card.errors import NoReader


def _from_section(section: dict[str, Any]) -> CardReader:
    raise NoReader("pcsc backend not implemented yet")


register_backend("pcsc", _from_section)
