"""The identity a card reader yields, whatever the card or the reader.

Lives in drivers/ because readers produce it; the core (kiosk/) consumes it. It holds personal data:
never log it, never put it in an exception message. ``repr`` is masked for that reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum


class Sex(StrEnum):
    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"


class CardSource(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证 via a SAM-module reader
    SOCIAL_SECURITY = "social_security"  # 社会保障卡 via PC/SC
    MANUAL = "manual"  # typed in where the item allows it
    SIMULATED = "simulated"


@dataclasses.dataclass(frozen=True, slots=True)
class Identity:
    name: str
    sex: Sex
    nation: str  # the nation's name in Chinese, e.g. "汉"; "" when the card does not say
    birth_date: dt.date
    address: str
    id_number: str
    issuing_authority: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # None means 长期 (no expiry) or not on the card
    source: CardSource = CardSource.RESIDENT_ID
    # An image the UI can show (a resident ID card's WLT photo after a pluggable decoder); None when the
    # card has none or no decoder is installed. Never required by any service.
    photo: bytes | None = dataclasses.field(default=None, compare=False)
    sample: bool = False  # True for the fictional sample people shipped with the demo
    card_number: str = ""  # social security card number (EF05 item 07); "" for resident ID cards

    def __repr__(self) -> str:
        # Never print personal data, not even by accident in a traceback or a log line.
        return f"Identity(source={self.source.value}, id={self.id_number[:2]}**************, sample={self.sample})"

    __str__ = __repr__

    def is_expired(self, today: dt.date) -> bool:
        return self.valid_to is not None and self.valid_to < today
