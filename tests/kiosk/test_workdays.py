"""Working days on China's calendar: the 调休 of National Day and the Spring Festival 2026, the calendar the
platform sends with the catalogue (and its checks), and a year nobody has published yet."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from kiosk.catalog import BUNDLED_CATALOGUE, catalogue_from_data, check_catalogue, load_catalogue
from kiosk.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
D = dt.date


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("calendar", ["library", "catalogue"])
def test_national_day_2026_and_its_make_up_days(calendar: str) -> None:
    cal = WorkCalendar() if calendar == "library" else load_catalogue().calendar
    # 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 worked (国办发明电〔2025〕7号)
    assert cal.add_working_days(D(2026, 9, 28), 2) == D(2026, 9, 30)
    assert cal.add_working_days(D(2026, 9, 28), 3) == D(2026, 10, 8)  # over the whole holiday
    assert cal.add_working_days(D(2026, 9, 28), 5) == D(2026, 10, 10)  # a Saturday that is worked
    assert cal.add_working_days(D(2026, 9, 18), 1) == D(2026, 9, 20)  # a Sunday that is worked
    assert cal.add_working_days(D(2026, 9, 24), 1) == D(2026, 9, 28)  # Mid-Autumn 09-25..27 off
    assert cal.add_working_days(D(2026, 9, 28), 0) == D(2026, 9, 28)  # 当场办结


@pytest.mark.parametrize("calendar", ["library", "catalogue"])
def test_spring_festival_2026(calendar: str) -> None:
    cal = WorkCalendar() if calendar == "library" else load_catalogue().calendar
    # 02-15..02-23 off; Saturdays 02-14 and 02-28 worked
    assert cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert cal.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert cal.add_working_days(D(2026, 2, 13), 6) == D(2026, 2, 28)
    # 15 working days from the day before the holiday: 27 calendar days later, not 15
    assert cal.add_working_days(D(2026, 2, 13), 15) == D(2026, 3, 12)


def test_the_sample_catalogue_calendar_agrees_with_the_library_on_every_day_of_2026() -> None:
    cal = load_catalogue().calendar
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_the_platform_calendar_wins_over_the_built_in_one(raw: dict[str, Any]) -> None:
    """A later arrangement (here a made-up one, marked as such) reaches the terminal in the catalogue."""
    data = copy.deepcopy(raw)
    data["calendar"] = {"years": [2026], "holidays": ["2026-12-07"], "make_up_workdays": ["2026-12-05"]}
    cal = catalogue_from_data(data).calendar
    assert cal.is_workday(D(2026, 12, 5)) and not cal.is_workday(D(2026, 12, 7))
    assert cal.add_working_days(D(2026, 12, 4), 2) == D(2026, 12, 8)
    assert WorkCalendar().add_working_days(D(2026, 12, 4), 2) == D(2026, 12, 8)  # Mon 7, Tue 8
    assert WorkCalendar().add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 7)
    assert cal.add_working_days(D(2026, 12, 4), 1) == D(2026, 12, 5)


def test_a_year_nobody_has_published_keeps_the_fixed_date_holidays() -> None:
    cal = WorkCalendar()
    year = 2099  # no arrangement exists for it in any source
    assert not cal.knows(year)
    assert not cal.is_workday(D(year, 10, 1)) and not cal.is_workday(D(year, 5, 2))
    assert cal.is_workday(D(year, 10, 5)) == (D(year, 10, 5).weekday() < 5)
    assert cal.add_working_days(D(year, 12, 31), 1) != D(year + 1, 1, 1)


@pytest.mark.parametrize(
    ("calendar", "path", "words"),
    [
        (
            {"years": [2026], "holidays": ["2027-01-01"], "make_up_workdays": []},
            "calendar.holidays[0]",
            "years",
        ),
        (
            {"years": [2026], "holidays": ["2026-10-01"], "make_up_workdays": ["2026-10-08"]},
            "calendar.make_up_workdays[0]",
            "weekday",
        ),
        (
            {"years": [2026], "holidays": ["2026-10-10"], "make_up_workdays": ["2026-10-10"]},
            "calendar",
            "both",
        ),
        (
            {"years": [2026, 2027], "holidays": ["2026-10-01"], "make_up_workdays": []},
            "calendar.years",
            "2027",
        ),
        (
            {"years": [2026], "holidays": ["2026-13-01"], "make_up_workdays": []},
            "calendar.holidays[0]",
            "date",
        ),
        ({"years": [2026], "holidays": []}, "calendar", "make_up_workdays"),
    ],
)
def test_a_wrong_calendar_is_refused_with_where_and_why(
    raw: dict[str, Any], calendar: dict[str, Any], path: str, words: str
) -> None:
    data = copy.deepcopy(raw)
    data["calendar"] = calendar
    problems = {p.path: p.message for p in check_catalogue(data)}
    assert path in problems and words in problems[path], problems


def test_kiosk_catalog_check_names_the_calendar_problem(tmp_path: Path, raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["calendar"]["make_up_workdays"].append("2026-10-09")  # a Friday
    bad = tmp_path / "catalogue.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "catalog", "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "calendar.make_up_workdays" in done.stdout + done.stderr
