"""The platform's service routes beside the sync API (complaints, appointments), spoken over the same
``PlatformClient`` session: its token, its timeouts, its TLS check.

A refusal the villager must hear about in its own words (a slot just taken, a booking no longer there)
comes back as ``ServiceRefused`` with the platform's problem code in ``problem``; every other answer is
checked as the sync API's are (``platform_client.check``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

from offline_cache import wire
from offline_cache.platform_client import (
    EntryRejected,
    PlatformClient,
    _link_errors,
    _problem_code,
    check,
    parse,
)

# Problem codes the screens say in their own words (kiosk/messages/services.py).
SERVICE_PROBLEMS = frozenset(
    {"slot.full", "slot.unknown", "slot.past", "booking.unknown", "booking.not_yours"}
)


class ServiceRefused(EntryRejected):
    code: ClassVar[str] = "sync.service_refused"

    def __init__(self, detail: str = "", status: int = 0, problem: str = "") -> None:
        super().__init__(detail, status)
        self.problem = problem  # e.g. "slot.full"


def call(client: PlatformClient, method: str, path: str, **kw: Any) -> requests.Response:
    with _link_errors(method):
        resp = client.session.request(
            method, client.base + path, timeout=client.timeout, verify=client.verify, **kw
        )
    problem = _problem_code(resp) if 400 <= resp.status_code < 500 else ""
    if problem in SERVICE_PROBLEMS:
        raise ServiceRefused(f"{method} {resp.status_code} {problem}", resp.status_code, problem)
    return check(resp)


def json_body(model: wire.WireModel) -> dict[str, Any]:
    return {"data": model.model_dump_json().encode("utf-8"), "headers": {"Content-Type": "application/json"}}


def post_complaint(client: PlatformClient, sub: wire.ComplaintSubmission) -> wire.ComplaintReceipt:
    return parse(wire.ComplaintReceipt, call(client, "POST", "/complaints", **json_body(sub)))


def complaint_replies(client: PlatformClient, cursor: str | None, limit: int = 200) -> wire.ComplaintReplies:
    params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
    return parse(wire.ComplaintReplies, call(client, "GET", "/complaint-replies", params=params))
