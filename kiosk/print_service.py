"""Drains the persistent print queue to the printer, on the printer's own worker thread.

``enqueue`` stores the job and returns at once; a control thread hands each step to the printer's own
worker (``drivers/worker.py``) to send jobs one at a time. A job is marked done only after its
bytes were sent and the printer did not report paper out or cover open afterwards; otherwise it stays
pending and is retried (with growing pauses) until the printer comes back. When idle the service asks
the printer for its status now and then, so the heartbeat can report the paper state. With an ``audit``
log, every printed job and every reprint asked for is recorded there (kind and job ids, nothing printed).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from drivers.printing.connections import Printer
from drivers.printing.document import QR, Document, Text, Title
from drivers.printing.errors import DocumentError, PrinterNotReady, PrintError
from drivers.printing.status import PrinterStatus
from kiosk.query_codes import TOKEN_PREFIX
from offline_cache import incidents
from offline_cache.audit import AuditLog
from offline_cache.errors import OfflineCacheError
from offline_cache.print_queue import PrintJob, PrintQueue

log = logging.getLogger(__name__)

_STATE_OF_ERROR = {
    "printer.paper_out": PrinterStatus.PAPER_OUT,
    "printer.cover_open": PrinterStatus.COVER_OPEN,
    "printer.offline": PrinterStatus.OFFLINE,
    "printer.no_answer": PrinterStatus.NO_ANSWER,
}
REPRINT_MARK = "【补打】"
NO_QR_ON_REPRINT = "补打的回执没有查询二维码，请凭身份证查询办理进度"


def _without_query_token(doc: Document) -> str | None:
    """The document to keep for reprints when its QR code holds a query token (``kiosk/query_codes.py``):
    a copied disk must not give out working QR codes, so the kept copy says to use the card instead."""
    blocks = [
        Text(NO_QR_ON_REPRINT, align="center") if isinstance(b, QR) and b.data.startswith(TOKEN_PREFIX) else b
        for b in doc.blocks
    ]
    return None if blocks == doc.blocks else replace(doc, blocks=blocks).to_json()


@dataclass(frozen=True)
class PrintServiceState:
    pending: int
    paper_state: str  # a PrinterStatus value
    last_error: str | None  # error code of the last failed attempt, for kiosk/messages/printer.py


class PrintService:
    def __init__(
        self,
        queue: PrintQueue,
        printer: Printer,
        *,
        retry_s: float = 2.0,
        max_retry_s: float = 30.0,
        status_poll_s: float = 60.0,
    ) -> None:
        self.queue = queue
        self.printer = printer
        self.retry_s = retry_s
        self.max_retry_s = max_retry_s
        self.status_poll_s = status_poll_s
        self.on_change: Callable[[PrintServiceState], None] | None = None
        self.audit: AuditLog | None = None
        self._paper = PrinterStatus.UNKNOWN
        self._last_error: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._last_poll = 0.0

    # ---- called from any thread (the UI's included): never touches the device
    def enqueue(self, doc: Document, kind: str) -> int:
        job_id = self.queue.add(kind, doc.to_json())
        self._wake.set()
        self._notify()
        return job_id

    def reprint_last(self, kind: str | None = None) -> int | None:
        """Queue the last printed document (of ``kind``) again, marked 【补打】. None if there is none."""
        job = self.queue.last_done(kind)
        return None if job is None else self._reprint(job)

    def reprint(self, job_id: int) -> int | None:
        """Queue a finished job again (admin list, ``recent()``), marked 【补打】."""
        job = self.queue.get(job_id)
        return None if job is None or job.state != "done" else self._reprint(job)

    def recent(self, limit: int = 20, kind: str | None = None) -> list[PrintJob]:
        return self.queue.recent_done(limit, kind)

    def _reprint(self, job: PrintJob) -> int | None:
        try:
            doc = Document.from_json(job.document)
        except DocumentError:
            log.warning("print job %d cannot be read back for a reprint", job.id)
            return None
        blocks = list(doc.blocks)
        at = 1 if blocks and isinstance(blocks[0], Title) else 0
        if not any(isinstance(b, Text) and b.text == REPRINT_MARK for b in blocks):
            blocks.insert(at, Text(REPRINT_MARK, align="center", bold=True))
        job_id = self.queue.add(job.kind, replace(doc, blocks=blocks).to_json(), reprint_of=job.id)
        self._record("print.reprinted", job_id, job.kind, job.id)
        self._wake.set()
        self._notify()
        return job_id

    def paper_state(self) -> str:
        return self._paper.value

    def pending(self) -> list[PrintJob]:
        return self.queue.pending()

    def state(self) -> PrintServiceState:
        return PrintServiceState(len(self.queue.pending()), self._paper.value, self._last_error)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="print-service", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # ---- the control loop: waits, and hands each step to the printer worker
    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.printer.worker.call(self.drain_once)
            except OfflineCacheError as exc:  # the queue's file (disk full...): the job waits, try again
                log.warning("print queue unavailable: %s", exc.code)
                sent = False
            except Exception as exc:  # a bug must not end printing for the rest of the day
                incidents.unexpected(exc, "print loop")
                sent = False
            if self._stop.is_set():
                break
            if sent:
                continue  # more jobs may be waiting: no pause
            pending = bool(self.queue.pending())
            pause = (
                min(self.max_retry_s, self.retry_s * 2 ** min(self._failures, 8))
                if pending
                else self.status_poll_s
            )
            self._wake.wait(pause)
            self._wake.clear()

    def drain_once(self) -> bool:
        """Send the oldest pending job. True if one was sent; False if none was waiting or it failed.
        On the printer's worker (the control loop hands it there)."""
        self.printer.worker.check("the print service's step")
        job = self.queue.take()
        if job is None:
            if time.monotonic() - self._last_poll >= self.status_poll_s or self._paper != PrinterStatus.OK:
                self._set_paper(self.printer.status())
                self._last_poll = time.monotonic()
            return False
        try:
            doc = Document.from_json(job.document)
        except DocumentError as exc:
            log.error("print job %d holds an unreadable document; marked failed", job.id)
            self.queue.broken(job.id, exc.code)
            self._last_error = exc.code
            self._notify()
            return False
        try:
            self.printer.print_document(doc)
        except PrintError as exc:
            self._failed(job, exc)
            return False
        self.queue.done(job.id, _without_query_token(doc))
        self._record("print.printed", job.id, job.kind, job.reprint_of)
        self._failures = 0
        self._last_error = None
        last = self.printer.last_status
        self._set_paper(
            last if last != PrinterStatus.UNKNOWN or not self.printer.asks_status else PrinterStatus.OK
        )
        log.info("print job %d (%s) sent", job.id, job.kind)
        return True

    def _failed(self, job: PrintJob, exc: PrintError) -> None:
        self.queue.retry(job.id, exc.code)
        self._failures += 1
        self._last_error = exc.code
        if isinstance(exc, PrinterNotReady):
            after = (
                " after sending (receipt may be incomplete; it will print again)" if exc.after_send else ""
            )
            log.warning("print job %d not printed: %s%s", job.id, exc.code, after)
            self._set_paper(_STATE_OF_ERROR.get(exc.code, PrinterStatus.OFFLINE))
        else:  # no backend library, no font, bad configuration: nothing will print until someone fixes it
            log.error("print job %d not printed: %s", job.id, exc.code)
            self._set_paper(PrinterStatus.OFFLINE)

    def _record(self, kind: str, job_id: int, doc_kind: str, reprint_of: int | None) -> None:
        if self.audit is None:
            return
        details: dict[str, str | int] = {"document": doc_kind}
        if reprint_of is not None:
            details["reprint_of"] = reprint_of
        try:
            self.audit.record(kind, "system", f"print:{job_id}", details)
        except OfflineCacheError as exc:  # the receipt matters more than its audit line; say so loudly
            log.error("print job %d not recorded in the audit log: %s", job_id, exc.code)

    def _set_paper(self, status: PrinterStatus) -> None:
        self._paper = status
        self._notify()

    def _notify(self) -> None:
        callback = self.on_change
        if callback is not None:
            try:
                callback(self.state())
            except Exception as exc:  # the UI's callback must not stop the printer
                incidents.unexpected(exc, "printer state listener")
