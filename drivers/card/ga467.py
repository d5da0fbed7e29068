"""Placeholder while the ga467 backend lands."""

from __future__ import annotations

from typing import Any

from drivers.card.base import CardReader, register_backend
from drivers.card.errors import NoReader


def _from_section(section: dict[str, Any]) -> CardReader:
    raise NoReader("ga467 backend not implemented yet")


register_backend("ga467", _from_section)
