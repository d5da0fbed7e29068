"""China time: one clock for the receipt number, the screen and every paper the terminal prints.

A terminal's system clock may run in UTC (a fresh Debian image does): a receipt numbered after China's
date while the screen and the progress slip showed the machine's date made one visit look like two days.
Everything a villager reads takes its time from here. China has kept +08:00 all year since 1991, so the
fixed offset the store numbers receipts with (``offline_cache.store.RECEIPT_TZ``) is the one zone used.
"""

from __future__ import annotations

import datetime as dt

from offline_cache.store import RECEIPT_TZ as CHINA_TZ

__all__ = ["CHINA_TZ", "in_china", "now", "today"]


def now() -> dt.datetime:
    return dt.datetime.now(CHINA_TZ)


def today() -> dt.date:
    return now().date()


def in_china(t: dt.datetime) -> dt.datetime:
    """``t`` on China's clock; a naive time is taken as UTC (how the store and the platform keep time)."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(CHINA_TZ)
