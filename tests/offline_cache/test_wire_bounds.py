"""The wire contract's bounds on the terminal's side: what the store seals matches the manifest schema the
platform checks, and what the platform would refuse is refused at submit time, before it could wait in
the outbox for a refusal that never ends."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from offline_cache import sealing, wire
from offline_cache.errors import InvalidApplication, InvalidRating
from offline_cache.records import AttachmentInput
from offline_cache.store import Store
from tests.central.platform_fixtures import sample_application, sample_attachments

LATER = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def keys() -> tuple[Any, str]:
    pem, public = sealing.generate_platform_key()
    return sealing.load_private_key(pem), public


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "kiosk.db", tmp_path / "attachments", "GA0101") as s:
        yield s


def test_what_the_store_seals_is_what_the_platform_accepts(store: Any, keys: tuple[Any, str]) -> None:
    private, public = keys
    form = {"rows": [{"a": 1}, {"b": [1, 2]}]}
    app = store.submit(sample_application(form=form), sample_attachments([10, 20]), public)
    [entry] = store.due(LATER)
    key = sealing.unwrap_data_key(entry.wrapped_key, private, entry.app_id)
    opened = sealing.open_part(key, entry.app_id, "manifest", entry.sealed_manifest)
    manifest = wire.ApplicationManifest.model_validate_json(opened)
    assert (manifest.app_id, manifest.station_code) == (app.app_id, entry.clear["station_code"])
    assert [a.sealed_sha256 for a in manifest.attachments] == [a.sha256 for a in entry.attachments]
    assert manifest.form == form


@pytest.mark.parametrize(
    "changes, attachments",
    [
        ({}, [AttachmentInput("m" * 81, "scan.pdf", "application/pdf", b"x")]),
        ({}, [AttachmentInput("income", "x" * 300 + ".pdf", "application/pdf", b"x")]),
        ({"item_name": "名" * 201}, []),
        ({"deferred_materials": ("m" * 81,)}, []),
        ({"form": {"deep": json.loads("[" * 40 + "]" * 40)}}, []),
    ],
)
def test_submit_refuses_what_the_platform_would(
    store: Any, keys: tuple[Any, str], changes: dict[str, Any], attachments: list[AttachmentInput]
) -> None:
    with pytest.raises(InvalidApplication):
        store.submit(sample_application(**changes), attachments, keys[1])
    assert store.pending_count() == 0


@pytest.mark.parametrize(
    "rating",
    [
        {"level": 3, "comment": "长" * (wire.MAX_RATING_COMMENT + 1)},
        {"level": 1, "reasons": ["x"] * 21},
        {"level": 1, "reasons": ["原因" * 51]},
        {"level": 3, "at": "x" * 65},
    ],
)
def test_a_rating_the_platform_would_refuse_is_refused_here(
    store: Any, keys: tuple[Any, str], rating: dict[str, Any]
) -> None:
    with pytest.raises(InvalidRating):
        store.submit_rating(rating, keys[1])
    assert store.pending_count() == 0


def test_a_rating_the_store_queues_is_one_the_platform_accepts(store: Any, keys: tuple[Any, str]) -> None:
    rating_id = store.submit_rating(
        {"level": 1, "reasons": ["办理时间太长"] * 20, "comment": "长" * wire.MAX_RATING_COMMENT}, keys[1]
    )
    [entry] = store.due(LATER)
    sub = wire.RatingSubmission(rating_id=rating_id, body=json.loads(entry.sealed_manifest))
    assert sub.body.comment_sealed is not None and sub.body.comment is None
    text = sealing.open_note(sub.body.comment_sealed.model_dump(), keys[0], rating_id, sealing.RATING_COMMENT)
    assert text == "长" * wire.MAX_RATING_COMMENT


def _depth(value: Any) -> int:
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return 1 + max((_depth(c) for c in children), default=0)
    return 0


_JSON = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
)


@given(_JSON)
def test_nesting_is_measured_by_levels_of_objects_and_lists(value: Any) -> None:
    depth = _depth(value)
    assert wire.nested_within(value, depth)
    assert depth == 0 or not wire.nested_within(value, depth - 1)


def test_request_bodies_nested_too_deep_are_refused_and_answers_are_not() -> None:
    deep: Any = {}
    for _ in range(wire.MAX_DEPTH - 1):
        deep = {"x": deep}  # MAX_DEPTH levels; inside the body, one more
    with pytest.raises(ValidationError, match="nested deeper"):
        wire.Heartbeat.model_validate({"at": "2026-11-27T08:00:00Z", "pending_count": 0, "later": deep})
    wire.Heartbeat.model_validate({"at": "2026-11-27T08:00:00Z", "pending_count": 0, "later": deep["x"]})
    # The terminal reads the platform's answers with the ordinary tolerance (a newer platform may nest).
    wire.ApplicationReceipt.model_validate(
        {
            "app_id": "a",
            "revision": 1,
            "platform_receipt_no": "P",
            "status": "received",
            "received_at": "2026-11-27T08:00:00Z",
            "later": deep,
        }
    )
