"""The catalogue files this terminal has already checked, so that a start does not check them again.

Checking a catalogue (the JSON Schema through jsonschema, then the content rules) took about a third of
the terminal's cold start, and the same bytes were checked up to three times per start. A file passes
once per checker: ``<home>/catalogue/checked.json`` records the SHA-256 of the catalogue bytes that
passed, under the digest of the checker itself (the schema file and the source of the modules that
check), so a new release with stricter rules checks every file again. A changed byte changes the digest
and the file is checked again. The record is in the owner-only data folder beside the downloaded
catalogue itself: whoever could forge it could replace the catalogue as well.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
from functools import cache
from pathlib import Path

from offline_cache.files import write_atomically

# The modules whose code decides whether a catalogue passes (kiosk.catalog.check_catalogue and below).
CHECKER_MODULES = (
    "kiosk.catalog",
    "kiosk.catalog_i18n",
    "kiosk.form_rules",
    "kiosk.forms",
    "kiosk.identifiers",
    "kiosk.workdays",
)
KEPT = 4  # the bundled one, the download in use and the ones just before it


@cache
def checker_digest(schema_path: Path) -> str:
    h = hashlib.sha256(schema_path.read_bytes())
    for name in CHECKER_MODULES:
        origin = importlib.import_module(name).__file__
        h.update(Path(origin).read_bytes() if origin else name.encode())
    return h.hexdigest()


class CheckedRecord:
    """``<home>/catalogue/checked.json``: {"checker": digest, "passed": [catalogue SHA-256, newest last]}."""

    def __init__(self, path: Path, schema_path: Path) -> None:
        self.path = path
        self.schema_path = schema_path

    def _passed(self) -> list[str]:
        try:
            body = json.loads(self.path.read_bytes())
            if body.get("checker") != checker_digest(self.schema_path):
                return []
            return [str(d) for d in body.get("passed", [])]
        except (OSError, ValueError, AttributeError):
            return []

    def passed(self, raw: bytes) -> bool:
        return hashlib.sha256(raw).hexdigest() in self._passed()

    def add(self, raw: bytes) -> None:
        sha = hashlib.sha256(raw).hexdigest()
        passed = [d for d in self._passed() if d != sha][-(KEPT - 1) :] + [sha]
        body = {"checker": checker_digest(self.schema_path), "passed": passed}
        # A read-only or full data folder: the next start checks again, no harm done.
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(body).encode("ascii"))
