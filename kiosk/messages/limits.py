"""How time limits are said, on the screen and on paper alike: always in working days (工作日), the unit
the service guides use and the unit due dates are counted in (kiosk/workdays.py). One wording, so the guide
screen, the one-time notice and the receipt cannot disagree ("10天内" against "10个工作日")."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "limit.on_the_spot": "当场办结",
    "limit.working_days": "{d}个工作日",
    "limit.defer": "可以以后再补交（{d}个工作日内）",
    "limit.deferred": "以后再带来（{d}个工作日内）",
}
