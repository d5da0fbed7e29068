"""The terminal's copy of the service catalogue, refreshed from the platform with ETag / If-None-Match.

A downloaded catalogue replaces the cached one only after it parses as a JSON object and the validator
finds no problem; otherwise the old copy stays and ONE clear log line says why. The validator comes
from the core (``kiosk.catalog.check_catalogue``: schema and content checks) as a constructor argument,
because ``offline_cache`` must not import ``kiosk``. The file is ``<home>/catalogue/current.json``
(what the core loads at start); the ETag sits beside it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from offline_cache.files import write_atomically

if TYPE_CHECKING:
    from offline_cache.platform_client import CatalogueFetch

log = logging.getLogger(__name__)

RefreshResult = Literal["replaced", "unchanged", "rejected"]
Validator = Callable[[Any], Sequence[object]]


class CatalogueSource(Protocol):
    def catalogue(self, etag: str | None) -> CatalogueFetch: ...  # PlatformClient.catalogue


class CatalogueCache:
    def __init__(
        self,
        path: Path,
        validate: Validator,
        *,
        on_replaced: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.etag_path = self.path.with_suffix(".etag")
        self._validate = validate
        self._on_replaced = on_replaced

    @classmethod
    def in_home(cls, home: Path, validate: Validator, **kw: Any) -> CatalogueCache:
        return cls(Path(home) / "catalogue" / "current.json", validate, **kw)

    @property
    def etag(self) -> str | None:
        try:
            text = self.etag_path.read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        # Without the catalogue itself the ETag would make the platform answer 304 forever.
        return text if text and self.path.exists() else None

    def current(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def refresh(self, source: CatalogueSource) -> RefreshResult:
        """Fetch if changed; raises the client's errors when the platform cannot be reached."""
        fetched = source.catalogue(self.etag)
        if fetched.data is None:
            return "unchanged"
        problems = self.problems(fetched.data)
        if problems:
            log.warning(
                "catalogue from the platform rejected, keeping the old one: %d problem(s), first: %s",
                len(problems),
                str(problems[0])[:200],
            )
            return "rejected"
        write_atomically(self.path, fetched.data)
        if fetched.etag:
            write_atomically(self.etag_path, fetched.etag.encode("ascii", "replace"))
        else:
            self.etag_path.unlink(missing_ok=True)
        log.info("catalogue replaced (etag %s)", fetched.etag)
        if self._on_replaced is not None:
            self._on_replaced(json.loads(fetched.data))
        return "replaced"

    def problems(self, raw: bytes) -> list[object]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return [f"not UTF-8 JSON: {type(exc).__name__}"]
        if not isinstance(data, dict):
            return ["the catalogue must be a JSON object"]
        try:
            return list(self._validate(data))
        except Exception as exc:  # a validator crash on hostile input is a rejection, not a sync failure
            return [f"validator failed: {type(exc).__name__}"]
