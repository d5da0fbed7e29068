"""The two-trips check (最多跑两次, plan §6): how many trips to a hall the terminal's path for an item needs.

The path is the terminal's: the application is filed here (no trip), materials owed under 容缺受理 are
captured here later as a supplement (no trip), a form that needs a wet signature is printed on the
station's A4 printer and signed here (no trip). What can take the applicant to a hall:

- the guide says they must come once in person (``visit_hall``: photo and fingerprints, a site check);
- the result is picked up at the township hall (one of the ``delivery`` choices offered).

The count is the worst the applicant can choose, so the guide's ``max_visits`` holds whatever they pick;
``kiosk.catalog.check_catalogue`` refuses a catalogue whose item needs more than its guide says.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol


class GuideLike(Protocol):
    @property
    def visit_hall(self) -> bool: ...

    @property
    def delivery(self) -> tuple[str, ...]: ...

    @property
    def max_visits(self) -> int: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Trip:
    why: str  # visit_hall | pickup
    words: str  # what the guide and the receipt say about it


def worst_path(guide: GuideLike) -> list[Trip]:
    """The trips to a hall the applicant may have to make, whatever they choose at the terminal."""
    trips = []
    if guide.visit_hall:
        trips.append(Trip("visit_hall", "本人到乡镇便民服务中心现场办理一次（照相、采集指纹或现场核验）"))
    if "township" in guide.delivery:
        trips.append(Trip("pickup", "选择到乡镇便民服务中心领取结果时，去领取一次"))
    return trips


def trips_for(guide: GuideLike, delivery: str = "") -> int:
    """Trips for one choice of ``delivery`` (``""``: the worst choice offered)."""
    trips = worst_path(guide)
    if delivery:
        trips = [t for t in trips if t.why != "pickup" or delivery == "township"]
    return len(trips)


def within_limit(guide: GuideLike) -> bool:
    return len(worst_path(guide)) <= guide.max_visits
