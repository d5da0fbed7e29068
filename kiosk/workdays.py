"""Working days (工作日) on China's calendar: weekends off, the statutory holidays off, and the 调休
make-up working days (a Saturday or Sunday worked to bridge a holiday) on.

Time limits in a service guide are counted in working days (承诺时限 15个工作日, 容缺材料10个工作日内补交), so
a due date is the n-th working day after the day of acceptance. The State Council publishes each next
year's arrangement in the autumn. Where an answer comes from, the first that knows the year:

1. the calendar the platform sends with the catalogue (``"calendar"`` in ``config/catalogue.schema.json``),
   so next year's arrangement reaches the terminals without a new release;
2. the ``chinese_calendar`` library, for the years its installed release knows;
3. for a year neither knows: Monday to Friday less the holidays that fall on fixed dates (元旦, 劳动节,
   国庆节). The lunar holidays and the make-up days cannot be placed without that year's arrangement, so such
   a date may be a few days early; ``WorkCalendar.knows(year)`` tells, and a log line says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import chinese_calendar

log = logging.getLogger(__name__)

# 《全国年节及纪念日放假办法》: the holidays on fixed dates of the Gregorian calendar.
FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


def _library_workday(day: dt.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year this release of the library does not know
        return None


@dataclasses.dataclass(frozen=True)
class WorkCalendar:
    """Holidays and make-up working days of the ``years`` it covers; other years go to the library."""

    years: frozenset[int] = frozenset()
    holidays: frozenset[dt.date] = frozenset()
    make_up_workdays: frozenset[dt.date] = frozenset()

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> WorkCalendar:
        """From a catalogue's ``calendar`` object (already checked); None gives the library's calendar."""
        if not data:
            return cls()
        return cls(
            frozenset(int(y) for y in data["years"]),
            _dates(data["holidays"]),
            _dates(data["make_up_workdays"]),
        )

    def knows(self, year: int) -> bool:
        return year in self.years or _library_workday(dt.date(year, 6, 1)) is not None

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.years:
            return day in self.make_up_workdays or (day.weekday() < 5 and day not in self.holidays)
        known = _library_workday(day)
        if known is not None:
            return known
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (the day of acceptance itself does not count);
        0 days is ``start`` itself (当场办结)."""
        if days <= 0:
            return start
        if not self.knows(start.year) or not self.knows(start.year + 1):
            log.info("working days past %d counted without that year's holiday arrangement", start.year)
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            left -= self.is_workday(day)
        return day


def _dates(values: Iterable[str]) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(v) for v in values)


def check_calendar(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Problems of a catalogue's ``calendar`` that the schema cannot see, as (path, message)."""
    out: list[tuple[str, str]] = []
    years = set(data["years"])
    holidays, workdays = list(data["holidays"]), list(data["make_up_workdays"])
    for key, values in (("holidays", holidays), ("make_up_workdays", workdays)):
        for i, value in enumerate(values):
            day = dt.date.fromisoformat(value)
            if day.year not in years:
                out.append((f"calendar.{key}[{i}]", f"{value} is not in one of the calendar's years"))
            if key == "make_up_workdays" and day.weekday() < 5:
                out.append(
                    (f"calendar.{key}[{i}]", f"{value} is a weekday: a make-up day is a Saturday or Sunday")
                )
    for value in sorted(set(holidays) & set(workdays)):
        out.append(("calendar", f"{value} is both a holiday and a make-up working day"))
    for year in sorted(years - {dt.date.fromisoformat(v).year for v in holidays}):
        out.append(("calendar.years", f"{year} has no holidays listed"))
    return out
