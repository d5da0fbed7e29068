"""One visitor's session at the terminal: everything personal lives here, in memory only, until submit.

A session is never written to disk in clear. ``wipe()`` drops every reference to personal data (identity,
form values, captured pages, signature) and is called when the visitor finishes, presses 退出, or the
idle countdown runs out. While a session holds an identity, the log filter masks that name in every log
record (``offline_cache.redaction``); the wipe takes it off again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drivers.card.identity import Identity
from offline_cache import redaction

if TYPE_CHECKING:
    from kiosk.delivery import Delivery


@dataclasses.dataclass(slots=True)
class CapturedPage:
    jpeg: bytes = dataclasses.field(repr=False)  # the processed page, JPEG-encoded
    width: int
    height: int


@dataclasses.dataclass(slots=True)
class Session:
    item_code: str | None = None
    identity: Identity | None = None
    form_values: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)
    pages: dict[str, list[CapturedPage]] = dataclasses.field(default_factory=dict, repr=False)
    deferred: set[str] = dataclasses.field(default_factory=set)
    signature_png: bytes | None = dataclasses.field(default=None, repr=False)
    agent_id: str | None = None
    agent_label: str | None = None  # "8001 王*": who files on the villager's behalf, as receipts say
    consent: dict[str, Any] | None = dataclasses.field(default=None, repr=False)  # kiosk/consent.py record
    supplement_of: str | None = None  # app id when completing a 补正 (needs supplement)
    delivery: Delivery | None = dataclasses.field(default=None, repr=False)  # how the result comes
    started_at: dt.datetime = dataclasses.field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # (ID number, applicant key): the slow key is derived once per visit (kiosk/lookup_key.py)
    _key: tuple[str, str] | None = dataclasses.field(default=None, repr=False)
    _key_lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False, compare=False)

    def applicant_key_for(self, identity: Identity, derive: Callable[[Identity], str]) -> str:
        """The applicant key of ``identity``, derived by ``derive`` only the first time in this visit.
        Blocking (a fraction of a second): call it off the Qt thread. A second caller while the first
        derives waits for its answer instead of deriving again."""
        with self._key_lock:
            if self._key is None or self._key[0] != identity.id_number:
                self._key = (identity.id_number, derive(identity))
            return self._key[1]

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "identity":
            old = getattr(self, "identity", None)  # not set yet while __init__ runs
            if isinstance(value, Identity):
                redaction.hold_name(value.name)
            if isinstance(old, Identity):
                redaction.drop_name(old.name)
        object.__setattr__(self, name, value)

    def add_page(self, material_id: str, page: CapturedPage) -> None:
        self.pages.setdefault(material_id, []).append(page)
        self.deferred.discard(material_id)

    def defer(self, material_id: str) -> None:
        self.pages.pop(material_id, None)
        self.deferred.add(material_id)

    def is_empty(self) -> bool:
        return (
            self.identity is None
            and not self.form_values
            and not self.pages
            and self.signature_png is None
            and self.delivery is None
        )

    def wipe(self) -> None:
        """Forget everything personal. Byte buffers are dropped, not kept for reuse."""
        self.item_code = None
        self.identity = None
        self.form_values.clear()
        self.pages.clear()
        self.deferred.clear()
        self.signature_png = None
        self.agent_id = None
        self.agent_label = None
        self.consent = None
        self.supplement_of = None
        self.delivery = None
        self._key = None
