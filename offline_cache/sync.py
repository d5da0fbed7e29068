"""The sync engine: delivers the outbox to the platform, pulls status changes, refreshes the catalogue,
sends heartbeats. Plain Python: ``run_once()`` does one pass; ``run_forever(stop)`` loops with backoff.
The pass ends by sending the audit log (``offline_cache/audit_sync.py``).

Nothing lost, nothing twice:

* an entry leaves the outbox only after the platform answered for it (``mark_delivered``);
* attachments go first, by tus: the upload URL is remembered in the store as soon as it exists, so a
  killed process or a cut link resumes at the platform's offset instead of starting over;
* the application itself is a PUT keyed by its id and revision, and its body is byte-identical on every
  retry, so "the platform committed but the answer was lost" is answered by the same receipt again.

Failures are of two kinds. A transient one (no answer, 5xx, garbage) is not the entry's fault: the pass
stops, the entry stays due, and the engine as a whole backs off (truncated exponential, full jitter),
probing the platform cheaply while it waits so that delivery starts at once when the link returns. An
entry-level one (409 conflict, 4xx) backs off that entry alone and the pass goes on with the others.
A refused device (401: token unknown, or the terminal revoked) touches no entry: the outbox waits intact
and the engine tries again only after ``rejected_interval_s`` (or a wake-up), not in a tight loop.

The device token is rotated when the platform's heartbeat answer says it is due: the new token is saved
(``save_token``) before it is used, and the platform keeps the old one valid until the new one's first
use, so neither a lost answer nor a crash in between locks the terminal out. Each pass first takes up a
token another process of the same terminal saved (``load_token``): the app's sync thread and
``kiosk sync`` may run side by side, and once one uses its new token the old one stops working.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, Literal

from pydantic import ValidationError

from offline_cache import incidents, wire
from offline_cache.agent_accounts import AgentAccounts
from offline_cache.audit_sync import AuditSender
from offline_cache.backoff import Backoff
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.errors import OfflineCacheError
from offline_cache.platform_client import (
    AttachmentMissing,
    DeviceRejected,
    DeviceRevoked,
    EntryRejected,
    PlatformClient,
    PlatformUnreachable,
    SyncError,
    UploadFailed,
)
from offline_cache.records import Outbox, OutboxEntry, StatusChange, StoredAttachment

log = logging.getLogger(__name__)

SYNC_VERSION = "1"
EventKind = Literal["delivered", "status_changed", "online", "offline", "rejected", "agents_changed"]


@dataclasses.dataclass(frozen=True, slots=True)
class SyncEvent:
    kind: EventKind
    app_id: str = ""
    platform_receipt_no: str = ""
    change: StatusChange | None = None
    error_code: str = ""  # offline / rejected: the error's stable code


@dataclasses.dataclass(slots=True)
class SyncReport:
    delivered: int = 0
    failed: int = 0
    status_changes: int = 0
    online: bool = False
    error: str = ""  # code of the error that ended the pass ("" when it completed)
    catalogue: str = ""  # replaced | unchanged | rejected | "" (not checked)
    heartbeat_sent: bool = False
    retry_after_s: float = 0.0  # the platform asked for this much quiet (Retry-After)
    audit_sent: int = 0  # audit log entries the platform acknowledged
    audit_error: str = ""  # why sending the audit log stopped ("" when it did not)
    agents: str = ""  # replaced | unchanged | rejected | unavailable | "" (not checked)


_DEVICE_REFUSED = frozenset({DeviceRejected.code, DeviceRevoked.code})


class _StatusFeedBroken(SyncError):
    code: ClassVar[str] = "sync.status_feed_rejected"


class _Skipped(Exception):
    """Not attempted: an earlier failure in the same batch stopped the pass."""


class _EntryFailed(Exception):
    def __init__(self, code: str, retry_soon: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.retry_soon = retry_soon


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SyncEngine:
    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        *,
        on_event: Callable[[SyncEvent], None] | None = None,
        heartbeat_info: Callable[[], wire.TerminalHealth] | None = None,
        catalogue: CatalogueCache | None = None,
        audit: AuditSender | None = None,
        backoff: Backoff | None = None,
        entry_backoff: Backoff | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
        batch: int = 50,
        idle_interval_s: float = 30.0,
        probe_interval_s: float = 3.0,
        heartbeat_every_s: float = 300.0,
        catalogue_every_s: float = 3600.0,
        parallel: int = 3,
        rejected_interval_s: float = 3600.0,
        save_token: Callable[[str], None] | None = None,
        load_token: Callable[[], str | None] | None = None,
        agents: AgentAccounts | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.catalogue = catalogue
        self.audit = audit
        self.agents = agents  # offline_cache/agent_accounts.py: pulled every pass (ETag makes it cheap)
        self._on_event = on_event
        self._heartbeat_info = heartbeat_info
        self.backoff = backoff or Backoff(base_s=1.0, cap_s=300.0)
        self.entry_backoff = entry_backoff or Backoff(base_s=30.0, cap_s=6 * 3600.0, min_fraction=0.5)
        self._clock = clock
        self.batch = batch
        self.idle_interval_s = idle_interval_s
        self.probe_interval_s = probe_interval_s
        self.heartbeat_every_s = heartbeat_every_s
        self.catalogue_every_s = catalogue_every_s
        self.parallel = max(1, parallel)
        self.rejected_interval_s = rejected_interval_s
        self._save_token = save_token  # None: this engine does not rotate the token
        self._load_token = load_token
        self._wake = threading.Event()
        self._pass_lock = threading.Lock()
        self._feed_lock = threading.Lock()
        self._online: bool | None = None
        self._state_error = ""  # the error code the last "offline" event carried
        self._last_error = ""
        self._last_heartbeat = -1e18
        self._last_catalogue = -1e18
        self.last_sync_at: dt.datetime | None = None
        self.clock_skew_s: float | None = None  # the platform's clock minus ours, at the last heartbeat
        # More steps of a pass, after the status feed, each given the client (the complaints'
        # ComplaintSender.run); a SyncError from one ends the pass like any other.
        self.steps: list[Callable[[PlatformClient], object]] = []

    # -- control ---------------------------------------------------------------------------------------

    def wake(self) -> None:
        """Start a pass at once (after a submit, or when the network came back)."""
        self._wake.set()

    def run_forever(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            self._wake.clear()
            try:
                report = self.run_once()
            except OfflineCacheError as exc:  # the store failed (disk full, locked...): like a lost link
                log.warning("sync pass failed: %s", exc.code)
                report = SyncReport(online=False, error=exc.code)
            except Exception as exc:  # a bug: said once with its place, counted, and tried again as usual
                incidents.unexpected(exc, "sync pass")
                self._sleep(stop, self.idle_interval_s, probe=False)
                continue
            if report.online:
                failures = 0
                self._sleep(stop, self.idle_interval_s, probe=False)
                continue
            delay = self.next_delay(report, failures)
            failures += 1
            self._sleep(stop, delay, probe=report.error == PlatformUnreachable.code)

    def next_delay(self, report: SyncReport, failures: int) -> float:
        """How long to wait after a pass that failed (``failures`` in a row before it)."""
        delay = max(self.backoff.delay(failures), report.retry_after_s)
        if report.error in _DEVICE_REFUSED:
            # Asking again soon changes nothing: an administrator has to act. A submit still wakes us.
            delay = max(delay, self.rejected_interval_s)
        return delay

    def _sleep(self, stop: threading.Event, seconds: float, *, probe: bool) -> None:
        """Wait ``seconds``, but return early on stop, on wake(), or (``probe``) when the platform answers."""
        end = time.monotonic() + seconds
        while not stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            if self._wake.wait(min(left, self.probe_interval_s) if probe else min(left, 1.0)):
                return
            if stop.is_set():
                return
            if probe and self._reachable():
                log.info("platform reachable again, syncing now")
                return

    def _reachable(self) -> bool:
        try:
            self.client.ping()
        except (SyncError, OfflineCacheError):
            return False
        return True

    # -- one pass --------------------------------------------------------------------------------------

    def run_once(self) -> SyncReport:
        report = SyncReport()
        with self._pass_lock:
            self._follow_saved_token()
            try:
                self._deliver(report)
                self._pull_status(report)
                for step in self.steps:
                    step(self.client)
                self._refresh_catalogue(report)
                self._refresh_agents(report)
                self._send_heartbeat(report)
                self._send_audit(report)
                report.online = True
                self.last_sync_at = self._clock()
            except SyncError as exc:
                report.error = exc.code
                report.retry_after_s = exc.retry_after_s
                self._note_failure(exc)
        self._set_online(report.online, report.error)
        return report

    def pull_status_now(self) -> SyncReport:
        """Only the status feed: quick, and safe while a delivery pass (maybe a long upload on a slow
        link) runs on another thread. For the progress query, which must not wait behind uploads."""
        report = SyncReport()
        try:
            self._pull_status(report)
            report.online = True
        except SyncError as exc:
            report.error = exc.code
        return report

    def _note_failure(self, exc: Exception) -> None:
        code = getattr(exc, "code", "sync.error")
        # One clear line per change of trouble, not one per retry.
        level = logging.WARNING if code != self._last_error else logging.DEBUG
        log.log(level, "sync pass stopped: %s (%s)", code, exc)
        self._last_error = code

    def _set_online(self, online: bool, error: str) -> None:
        if online:
            if self._last_error:
                log.info("sync working again")
            self._last_error = ""
        # Offline for another reason is news too: "unreachable" then "revoked" must reach the screen.
        if online != self._online or (not online and error != self._state_error):
            self._online, self._state_error = online, "" if online else error
            self._emit(SyncEvent("online" if online else "offline", error_code=error))

    def _emit(self, event: SyncEvent) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception as exc:  # a listener's bug must not stop delivery
            incidents.unexpected(exc, "sync event listener")

    # -- outbox --------------------------------------------------------------------------------------

    def _deliver(self, report: SyncReport) -> None:
        seen: set[int] = set()
        while True:
            entries = [e for e in self.outbox.due(self._clock(), self.batch) if e.outbox_id not in seen]
            if not entries:
                return
            seen.update(e.outbox_id for e in entries)
            abort = threading.Event()
            if self.parallel > 1 and len(entries) > 1:
                # Several entries in flight: on a link with a long round trip most of the time of one
                # delivery is waiting. Each outcome is settled here, on the engine's thread, in order
                # and as soon as it is known, so a crash leaves few confirmed-but-unmarked entries.
                with ThreadPoolExecutor(self.parallel, thread_name_prefix="sync-deliver") as pool:
                    self._settle(entries, pool.map(self._attempt, entries, [abort] * len(entries)), report)
            else:
                self._settle(entries, (self._attempt(e, abort) for e in entries), report)

    def _attempt(self, entry: OutboxEntry, abort: threading.Event) -> tuple[str, Exception | None]:
        if abort.is_set():
            return "", _Skipped()
        try:
            return self._deliver_one(entry), None
        except _EntryFailed as exc:
            return "", exc
        except Exception as exc:  # the platform went away (or worse): start no more of this batch
            abort.set()
            return "", exc

    def _settle(
        self, entries: list[OutboxEntry], outcomes: Iterable[tuple[str, Exception | None]], report: SyncReport
    ) -> None:
        stop: Exception | None = None
        for entry, (receipt_no, exc) in zip(entries, outcomes, strict=True):
            if exc is None:
                self.outbox.mark_delivered(entry.outbox_id, receipt_no, self._clock())
                report.delivered += 1
                self._emit(SyncEvent("delivered", app_id=entry.app_id, platform_receipt_no=receipt_no))
            elif isinstance(exc, _EntryFailed):
                self._entry_failed(entry, exc, report)
            elif isinstance(exc, SyncError) and exc.transient:
                # Not this entry's fault: leave it due now; the engine backs off as a whole.
                self.outbox.mark_failed(entry.outbox_id, exc.code, self._clock())
                stop = stop or exc
            elif not isinstance(exc, _Skipped):
                stop = stop or exc
        if stop is not None:
            raise stop

    def _entry_failed(self, entry: OutboxEntry, exc: _EntryFailed, report: SyncReport) -> None:
        delay = self.entry_backoff.floor_s if exc.retry_soon else self.entry_backoff.delay(entry.attempts)
        log.warning("outbox entry %s %s not accepted: %s", entry.kind, entry.app_id, exc.code)
        self.outbox.mark_failed(entry.outbox_id, exc.code, self._clock() + dt.timedelta(seconds=delay))
        report.failed += 1
        self._emit(SyncEvent("rejected", app_id=entry.app_id, error_code=exc.code))

    def _deliver_one(self, entry: OutboxEntry) -> str:
        if entry.kind == "rating":
            return self._deliver_rating(entry)
        try:
            sub = wire.ApplicationSubmission(
                revision=entry.revision,
                wrapped_key=base64.b64encode(entry.wrapped_key).decode("ascii"),
                sealed_manifest=base64.b64encode(entry.sealed_manifest).decode("ascii"),
                attachments=[wire.AttachmentRef(sha256=a.sha256, size=a.size) for a in entry.attachments],
                clear=wire.ApplicationClear.model_validate(entry.clear),
            )
        except ValidationError:
            raise _EntryFailed("sync.entry_invalid") from None
        for attempt in range(2):
            for att in entry.attachments:
                self._upload(att)
            try:
                receipt = self.client.put_application(entry.app_id, sub)
                break
            except AttachmentMissing:
                # The platform lost an upload we thought complete: forget the URLs and upload again.
                for att in entry.attachments:
                    self.outbox.set_upload_state(att.sha256, None)
                if attempt:
                    raise _EntryFailed(AttachmentMissing.code, retry_soon=True) from None
            except EntryRejected as exc:
                raise _EntryFailed(exc.code) from None
        for att in entry.attachments:
            self.outbox.set_upload_state(att.sha256, None)
        return receipt.platform_receipt_no

    def _upload(self, att: StoredAttachment) -> None:
        try:
            if att.path.stat().st_size != att.size:
                raise _EntryFailed("store.attachment_damaged")
        except OSError:
            raise _EntryFailed("store.attachment_damaged") from None
        try:
            self.client.upload(
                att.path,
                att.sha256,
                att.size,
                self.outbox.upload_state(att.sha256),
                lambda url: self.outbox.set_upload_state(att.sha256, url),
            )
        except (UploadFailed, EntryRejected) as exc:
            raise _EntryFailed(exc.code, retry_soon=isinstance(exc, UploadFailed)) from None

    def _deliver_rating(self, entry: OutboxEntry) -> str:
        try:
            body = json.loads(entry.sealed_manifest)
            sub = wire.RatingSubmission(rating_id=entry.app_id, body=body)
        except (ValueError, ValidationError):
            raise _EntryFailed("sync.entry_invalid") from None
        try:
            self.client.post_rating(sub)
        except EntryRejected as exc:
            raise _EntryFailed(exc.code) from None
        return ""

    # -- status feed, catalogue, heartbeat -----------------------------------------------------------

    def _pull_status(self, report: SyncReport) -> None:
        with self._feed_lock:
            self._pull_pages(report)

    def _pull_pages(self, report: SyncReport) -> None:
        for _ in range(1000):  # pages; a platform that says "more" forever must not trap the pass
            cursor = self.outbox.status_cursor()
            try:
                feed = self.client.status_feed(cursor)
            except EntryRejected as exc:
                raise _StatusFeedBroken(exc.code) from None
            changes = [
                StatusChange(
                    app_id=c.app_id,
                    revision=c.revision,
                    status=c.status,
                    at=c.at if c.at.tzinfo else c.at.replace(tzinfo=dt.UTC),
                    reasons=tuple(c.reasons),
                    missing_materials=tuple(c.missing_materials),
                    platform_receipt_no=c.platform_receipt_no,
                    delivery=c.delivery or "",
                    tracking_no=c.tracking_no,
                )
                for c in feed.changes
            ]
            if changes or feed.cursor != (cursor or ""):
                self.outbox.record_status_changes(changes, feed.cursor)
            report.status_changes += len(changes)
            for change in changes:
                self._emit(SyncEvent("status_changed", app_id=change.app_id, change=change))
            if not feed.more or not changes:
                return

    def _refresh_catalogue(self, report: SyncReport) -> None:
        if self.catalogue is None or time.monotonic() - self._last_catalogue < self.catalogue_every_s:
            return
        try:
            report.catalogue = self.catalogue.refresh(self.client)
        except EntryRejected as exc:  # e.g. 404: this platform serves no catalogue
            log.debug("no catalogue from the platform: %s", exc.code)
            report.catalogue = "unavailable"
        self._last_catalogue = time.monotonic()

    def _refresh_agents(self, report: SyncReport) -> None:
        """A disable or a PIN reset on the platform takes effect here, at the next pass."""
        if self.agents is None:
            return
        try:
            report.agents = self.agents.refresh(self.client)
        except EntryRejected as exc:  # e.g. 404: a platform from before agent accounts
            log.debug("no agent accounts from the platform: %s", exc.code)
            report.agents = "unavailable"
        if report.agents == "replaced":
            self._emit(SyncEvent("agents_changed"))

    def refresh_catalogue_now(self) -> None:
        self._last_catalogue = -1e18
        self.wake()

    def _send_heartbeat(self, report: SyncReport) -> None:
        if time.monotonic() - self._last_heartbeat < self.heartbeat_every_s:
            return
        sent = self._clock()
        ack = self.client.heartbeat(self._heartbeat())
        answered = self._clock()
        # The platform stamped its answer about halfway through the round trip.
        midway = sent + (answered - sent) / 2
        received = ack.received_at if ack.received_at.tzinfo else ack.received_at.replace(tzinfo=dt.UTC)
        self.clock_skew_s = round((received - midway).total_seconds(), 3)
        self._last_heartbeat = time.monotonic()
        report.heartbeat_sent = True
        if ack.rotate_token and self._save_token is not None:
            self._rotate_token(self._save_token)

    def heartbeat_now(self) -> None:
        """Send the heartbeat in the next pass (the admin area's "check now", a changed device)."""
        self._last_heartbeat = -1e18
        self.wake()

    def _follow_saved_token(self) -> None:
        if self._load_token is None:
            return
        try:
            token = self._load_token()
        except OfflineCacheError as exc:  # unreadable now (the terminal shows why): the next pass looks again
            log.debug("saved token unreadable: %s", exc.code)
            return
        except Exception as exc:
            incidents.unexpected(exc, "reading the saved token")
            return
        if token and token != self.client.credentials.token:
            self.client.use_token(token)
            log.info("took up the device token saved by another process")

    def _rotate_token(self, save: Callable[[str], None]) -> None:
        token = self.client.new_token()
        try:
            save(token)
        except (OfflineCacheError, OSError) as exc:  # not saved, not used: the old token stays valid
            log.warning("the new device token could not be saved: %s", type(exc).__name__)
            return
        except Exception as exc:
            incidents.unexpected(exc, "saving the new token")
            return
        self.client.use_token(token)
        log.info("device token rotated")

    def _send_audit(self, report: SyncReport) -> None:
        if self.audit is not None:
            outcome = self.audit.send(self.client)
            report.audit_sent, report.audit_error = outcome.sent, outcome.error

    def _heartbeat(self) -> wire.Heartbeat:
        health = wire.TerminalHealth()
        if self._heartbeat_info is not None:
            try:
                health = self._heartbeat_info()
            except (OfflineCacheError, OSError) as exc:  # the store or the disk did not answer
                log.warning("heartbeat information unavailable: %s", type(exc).__name__)
            except Exception as exc:
                incidents.unexpected(exc, "heartbeat information")
        fields = {
            **health.model_dump(),
            "versions": {**health.versions, "sync": SYNC_VERSION},
            "at": self._clock(),
            "last_sync_at": self.last_sync_at,
            "clock_skew_s": self.clock_skew_s,
            "unexpected_errors": _unexpected_errors(),
        }
        try:
            return wire.Heartbeat.model_validate(fields)
        except ValidationError:
            log.warning("heartbeat information malformed; sending the basics")
            return wire.Heartbeat(at=self._clock(), versions={"sync": SYNC_VERSION})


def _unexpected_errors() -> wire.UnexpectedErrors | None:
    seen = incidents.snapshot()
    return wire.UnexpectedErrors(**dataclasses.asdict(seen)) if seen.count else None
