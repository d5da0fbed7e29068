"""The store against a model, under random sequences of what the app and the sync engine do.

Invariants: an entry is due until it is delivered and never after; a revision is never due before the
one before it was delivered; retries carry byte-identical bodies; pending counts and the status mirror
agree with the model; retention never touches anything undelivered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from offline_cache import sealing
from offline_cache.records import AttachmentInput, NewApplication
from offline_cache.store import Store

PUBLIC = sealing.generate_platform_key()[1]
T0 = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)
APP = NewApplication("I1", "样例事项", "1", {"x": 1}, {"name": "样例"}, {}, "样*", "5201****0025", "k")


class StoreModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp())
        self.now = T0
        self.store = Store.open(self.dir / "k.db", self.dir / "att", "GA0101", clock=lambda: self.now)
        self.revisions: dict[str, int] = {}  # app_id -> latest revision
        self.delivered: set[tuple[str, int]] = set()  # (ref id, revision)
        self.pending: set[tuple[str, int]] = set()
        self.bodies: dict[tuple[str, int], bytes] = {}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir)

    @rule(pages=st.integers(0, 2))
    def submit(self, pages: int) -> None:
        atts = [AttachmentInput("m", "p.jpg", "image/jpeg", bytes([i + 1]) * 100) for i in range(pages)]
        done = self.store.submit(APP, atts, PUBLIC)
        self.revisions[done.app_id] = 1
        self.pending.add((done.app_id, 1))

    @precondition(lambda self: bool(self.revisions))
    @rule(data=st.data())
    def supplement(self, data: st.DataObject) -> None:
        app_id = data.draw(st.sampled_from(sorted(self.revisions)))
        done = self.store.submit(dataclasses.replace(APP, app_id=app_id), [], PUBLIC)
        assert done.revision == self.revisions[app_id] + 1
        self.revisions[app_id] = done.revision
        self.pending.add((app_id, done.revision))

    @rule()
    def rate(self) -> None:
        rating_id = self.store.submit_rating({"app_id": None, "level": 3, "reasons": [], "comment": ""})
        self.pending.add((rating_id, 1))

    @rule(deliver=st.lists(st.booleans(), max_size=6), later=st.integers(0, 120))
    def sync_pass(self, deliver: list[bool], later: int) -> None:
        """One pass of the sync engine: some entries go through, others fail and back off."""
        entries = self.store.due(self.now)
        for entry, ok in zip(entries, deliver, strict=False):
            key = (entry.app_id, entry.revision)
            assert key in self.pending and key not in self.delivered
            assert entry.revision == 1 or (entry.app_id, entry.revision - 1) in self.delivered
            body = entry.wrapped_key + entry.sealed_manifest
            assert self.bodies.setdefault(key, body) == body  # a retry sends the very same bytes
            if ok:
                self.store.mark_delivered(entry.outbox_id, f"PT-{entry.outbox_id}", self.now)
                self.pending.discard(key)
                self.delivered.add(key)
            else:
                self.store.mark_failed(entry.outbox_id, "offline", self.now + dt.timedelta(seconds=later))
        self.now += dt.timedelta(seconds=30)

    @rule(days=st.integers(0, 60))
    def retention(self, days: int) -> None:
        self.now += dt.timedelta(days=days)
        self.store.apply_retention(self.now, 30)

    @invariant()
    def counts_agree(self) -> None:
        assert self.store.pending_count() == len(self.pending)
        summaries = {s.app_id: s for s in self.store.applications()}
        assert {a: s.revision for a, s in summaries.items()} == self.revisions
        for app_id, s in summaries.items():
            assert s.delivered == ((app_id, self.revisions[app_id]) in self.delivered)

    @invariant()
    def undelivered_entries_are_whole(self) -> None:
        far = self.now + dt.timedelta(days=365)
        for entry in self.store.due(far, limit=1000):
            assert entry.sealed_manifest and all(a.path.exists() for a in entry.attachments)


TestStoreModel = StoreModel.TestCase
TestStoreModel.settings = settings(max_examples=20, stateful_step_count=20, deadline=None)
