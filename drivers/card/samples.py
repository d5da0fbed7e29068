"""Fictional sample villagers (样例) for the demo, the simulated reader and the tests.

Every name, address and ID number here is invented: the names say 样例/示例/演示, the addresses end in
（样例）, and each ``Identity`` has ``sample=True``. The ID numbers are valid for python-stdnum (birth date
and MOD 11-2 check character computed by the library) so the validation paths run as for a real card.
"""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric

from drivers.card.errors import CardError, CardReadFailed
from drivers.card.identity import CardSource, Identity, Sex

# 贵阳市 as a whole: python-stdnum knows it for every birth year, so the samples validate strictly.
AREA = "520100"
AUTHORITY = "贵安新区公安局（样例）"


def sample_id_number(birth: dt.date, sequence: int, area: str = AREA) -> str:
    """A valid-looking resident ID number: odd sequence for men, even for women."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    # calc_check_digit wants the number with a check character in place and ignores it.
    return body + ric.calc_check_digit(body + "X")


def _person(
    name: str,
    sex: Sex,
    nation: str,
    birth: dt.date,
    address: str,
    sequence: int,
    valid_from: dt.date,
    valid_to: dt.date | None,
) -> Identity:
    return Identity(
        name=name,
        sex=sex,
        nation=nation,
        birth_date=birth,
        address=address,
        id_number=sample_id_number(birth, sequence),
        issuing_authority=AUTHORITY,
        valid_from=valid_from,
        valid_to=valid_to,
        source=CardSource.RESIDENT_ID,
        sample=True,
    )


# The first one is the typical visitor: an elderly villager whose card is valid for life (长期).
ELDER = _person(
    "杨样例",
    Sex.FEMALE,
    "汉",
    dt.date(1948, 3, 15),
    "贵州省贵安新区样例镇样例村三组12号（样例）",
    2,
    dt.date(2016, 5, 1),
    None,
)
FARMER = _person(
    "李示例",
    Sex.MALE,
    "布依",
    dt.date(1975, 8, 20),
    "贵州省贵安新区样例镇示例村五组3号（样例）",
    31,
    dt.date(2015, 9, 1),
    dt.date(2035, 9, 1),
)
YOUNG_MOTHER = _person(
    "吴演示",
    Sex.FEMALE,
    "苗",
    dt.date(1994, 11, 2),
    "贵州省贵安新区样例镇演示村一组27号（样例）",
    48,
    dt.date(2020, 6, 18),
    dt.date(2040, 6, 18),
)
# Expired on 2025-01-10: every reader raises CardExpired for it (the demo shows the "go to the police
# station" screen).
EXPIRED = _person(
    "赵过期",
    Sex.MALE,
    "汉",
    dt.date(1962, 1, 9),
    "贵州省贵安新区样例镇样例村二组8号（样例）",
    17,
    dt.date(2005, 1, 10),
    dt.date(2025, 1, 10),
)

SAMPLE_PEOPLE: list[Identity] = [ELDER, FARMER, YOUNG_MOTHER, EXPIRED]

# What the simulated reader plays when nobody scripts it: a typical read first, then variety, an expired
# card and a bad read, then around again.
DEMO_SCRIPT: list[Identity | CardError] = [
    ELDER,
    FARMER,
    EXPIRED,
    CardReadFailed("scripted bad read (sample)"),
    YOUNG_MOTHER,
]
