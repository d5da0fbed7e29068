"""The wire schemas: both ends' contract. Round trips, idempotency digests, tolerance, refusal of junk."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from offline_cache import wire
from offline_cache.backoff import Backoff


def submission(**over: Any) -> wire.ApplicationSubmission:
    fields: dict[str, Any] = {
        "revision": 1,
        "wrapped_key": "a2V5",
        "sealed_manifest": "bWFuaWZlc3Q=",
        "attachments": [{"sha256": "ab" * 32, "size": 10}],
        "clear": {
            "station_code": "GA0101",
            "local_receipt_no": "GA0101-20261127-0001",
            "item_code": "520900-GA-0001",
            "catalogue_version": "2026.11.1",
            "created_at": "2026-11-27T08:00:00.000000Z",
        },
    }
    fields.update(over)
    return wire.ApplicationSubmission.model_validate(fields)


def test_digest_is_stable_across_serialisation_and_sensitive_to_content() -> None:
    a = submission()
    again = wire.ApplicationSubmission.model_validate_json(a.model_dump_json())
    assert a.digest() == again.digest()
    # The same instant written differently is the same content.
    assert (
        submission(clear={**a.clear.model_dump(), "created_at": "2026-11-27T08:00:00+00:00"}).digest()
        == a.digest()
    )
    assert submission(revision=2).digest() != a.digest()
    assert submission(attachments=[{"sha256": "cd" * 32, "size": 10}]).digest() != a.digest()


def test_unknown_fields_from_a_newer_platform_are_ignored() -> None:
    body = {
        "app_id": "x",
        "revision": 1,
        "platform_receipt_no": "P1",
        "status": "received",
        "received_at": "2026-11-27T08:00:00Z",
        "new_field": {"nested": True},
    }
    receipt = wire.ApplicationReceipt.model_validate_json(json.dumps(body))
    assert receipt.platform_receipt_no == "P1"


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "lost"},
        {"revision": 0},
        {"at": "yesterday"},
        {"reasons": "not a list"},
    ],
)
def test_status_changes_outside_the_contract_are_refused(bad: dict[str, Any]) -> None:
    good = {"app_id": "a", "revision": 1, "status": "accepted", "at": "2026-11-27T08:00:00Z"}
    wire.StatusChangeWire.model_validate(good)
    with pytest.raises(ValidationError):
        wire.StatusChangeWire.model_validate({**good, **bad})


def test_every_status_of_the_records_is_on_the_wire() -> None:
    assert wire.STATUSES == (
        "received",
        "accepted",
        "needs_supplement",
        "approved",
        "rejected",
        "ready",
        "mailed",
    )


def test_attachment_refs_need_a_sha256() -> None:
    with pytest.raises(ValidationError):
        wire.AttachmentRef(sha256="../../etc/passwd", size=1)
    with pytest.raises(ValidationError):
        wire.AttachmentRef(sha256="AB" * 32, size=1)  # lower-case hex only: one spelling per file


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_junk_never_validates_as_a_feed(junk: bytes) -> None:
    with pytest.raises(ValidationError):
        wire.StatusFeed.model_validate_json(junk)


_FEED = {
    "changes": [{"app_id": "a1", "revision": 1, "status": "accepted", "at": "2026-11-27T08:00:00Z"}],
    "cursor": "7",
    "more": False,
}
# One field of a real feed broken in a way the contract refuses: a lax model would let each through.
_NEAR_MISSES: list[tuple[str, Any]] = [
    ("changes", {"a1": "accepted"}),
    ("changes", None),
    ("cursor", 7),
    ("cursor", None),
    ("cursor", "c" * 101),
    ("more", "perhaps"),
    ("change.status", "lost"),
    ("change.status", ""),
    ("change.revision", 0),
    ("change.at", "soon"),
    ("change.at", "2026-13-45T99:00:00Z"),
    ("change.app_id", None),
    ("change.reasons", "缺少材料"),
]


@pytest.mark.parametrize(("field", "value"), _NEAR_MISSES)
def test_a_feed_with_one_field_wrong_is_refused(field: str, value: Any) -> None:
    wire.StatusFeed.model_validate(_FEED)  # the feed these start from is a real one
    feed = json.loads(json.dumps(_FEED))
    if field.startswith("change."):
        feed["changes"][0][field.removeprefix("change.")] = value
    else:
        feed[field] = value
    with pytest.raises(ValidationError):
        wire.StatusFeed.model_validate_json(json.dumps(feed))


@given(st.integers(min_value=0, max_value=200))
def test_backoff_stays_within_its_ceiling(attempts: int) -> None:
    b = Backoff(base_s=1.0, cap_s=300.0, floor_s=0.2, rng=random.Random(attempts))
    d = b.delay(attempts)
    assert 0.2 <= d <= 300.0
    assert b.ceiling(attempts) == min(300.0, 2.0**attempts)


def test_backoff_spreads_terminals_apart() -> None:
    b = Backoff(base_s=1.0, cap_s=60.0, rng=random.Random(1))
    delays = [b.delay(10) for _ in range(200)]
    assert max(delays) - min(delays) > 30  # full jitter: no thundering herd at the same second
    equal = Backoff(base_s=30.0, cap_s=3600.0, min_fraction=0.5, rng=random.Random(2))
    assert all(15.0 <= equal.delay(0) <= 30.0 for _ in range(100))


def test_heartbeat_rejects_negative_figures() -> None:
    with pytest.raises(ValidationError):
        wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=-1)
    with pytest.raises(ValidationError):
        wire.Heartbeat.model_validate(
            {"at": "2026-11-27T08:00:00Z", "pending_count": 0, "printer_paper": "maybe"}
        )
