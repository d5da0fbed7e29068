"""The agent's dashboard as data (no Qt): the workqueues of the applications one agent filed here.

Only the applications the agent filed are shown (``AgentAccounts.filed_by``: the filing's audit entry,
written in the filing's transaction, names the agent), never the whole terminal's. Queues, as the best
field systems have them (OpenCRVS workqueues): today's filings, waiting to reach the platform (with their
age, tries and the last failure's code, which the screen says in plain words), delivered, needs 补正 (the
platform's reasons and missing materials), and finished (approved, rejected, ready for pickup, mailed).
``news`` counts the applications the platform moved since the agent's previous login: the badge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from kiosk.china_time import in_china

if TYPE_CHECKING:
    from offline_cache.records import ApplicationSummary, OutboxRow, StatusChange
    from offline_cache.store import Store

QUEUES = ("today", "waiting", "delivered", "supplement", "done")
FINISHED = ("approved", "rejected", "ready", "mailed")


@dataclasses.dataclass(frozen=True, slots=True)
class Filing:
    app: ApplicationSummary
    history: list[StatusChange]
    waiting: OutboxRow | None  # its outbox entry while it has not reached the platform
    news: bool  # the platform moved it since the agent's previous login

    @property
    def supplement(self) -> tuple[list[str], list[str]]:
        """(reasons, missing material ids) of the latest 补正 request."""
        change = next((c for c in reversed(self.history) if c.status == "needs_supplement"), None)
        return ([], []) if change is None else (list(change.reasons), list(change.missing_materials))


@dataclasses.dataclass(frozen=True, slots=True)
class AgentQueues:
    queues: dict[str, list[Filing]]
    news: int

    def find(self, app_id: str) -> Filing | None:
        return next((f for q in self.queues.values() for f in q if f.app.app_id == app_id), None)


def queue_of(f: Filing, today: dt.date) -> list[str]:
    status = f.app.status
    out = ["today"] if in_china(f.app.created_at).date() == today else []
    if not f.app.delivered:
        out.append("waiting")
    elif status == "needs_supplement":
        out.append("supplement")
    elif status in FINISHED:
        out.append("done")
    else:
        out.append("delivered")
    return out


def agent_queues(store: Store, number: str, since: dt.datetime | None, now: dt.datetime) -> AgentQueues:
    """Blocking (the store): the agent's filings in their queues, newest first."""
    outbox = {row.ref_id: row for row in store.outbox(1000) if row.kind == "application"}
    queues: dict[str, list[Filing]] = {q: [] for q in QUEUES}
    news = 0
    for app_id in reversed(store.agents.filed_by(number)):
        app = store.application(app_id)
        if app is None:  # retention or a recovered store: nothing left to show
            continue
        history = store.status_history(app_id)
        moved = since is not None and any(c.at > since and c.status != "submitted" for c in history)
        filing = Filing(app, history, outbox.get(app_id), moved)
        news += moved
        for q in queue_of(filing, in_china(now).date()):
            queues[q].append(filing)
    return AgentQueues(queues, news)
