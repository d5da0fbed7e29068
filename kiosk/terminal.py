"""The terminal: the one object the UI (and the CLI) talks to.

It wires configuration to the device backends, the store, the print service and the sync engine, and
offers the workflows as blocking calls. The UI runs every blocking call through its background-task
helper, never on the Qt main thread; events come back through ``Terminal.events``.

A part that cannot start (a device backend not installed, the platform unreachable, a broken catalogue
download) does not stop the terminal: it is recorded in ``problems`` with a code the UI turns into plain
Chinese, and the rest keeps working.

Who did what goes into the audit log (``offline_cache/audit.py``): filings (by the store, in their own
transaction), prints and reprints (by the print service), enrolment, catalogue updates, and what the UI
reports through ``audit_event`` and ``check_admin_pin`` (blocking disk writes: call them via ui/tasks).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers.card.identity import Identity
from kiosk.config import Config
from kiosk.events import (
    AgentsChanged,
    ApplicationDelivered,
    CardInserted,
    CardRemoved,
    EventBus,
    PrinterStateChanged,
    StatusChanged,
    SyncStateChanged,
)
from kiosk.session import Session

if TYPE_CHECKING:
    from drivers.camera import Camera
    from drivers.card import CardReader, StopWatching
    from drivers.printing.document import Document
    from kiosk.admin_pin import AdminPin, PinCheck
    from kiosk.agents import AgentSession
    from kiosk.catalog import Catalogue, ServiceItem
    from kiosk.consent import Consent
    from kiosk.demo_platform import DemoPlatform
    from kiosk.drafts import DraftBox
    from kiosk.lookup_key import ApplicantKeys
    from kiosk.print_service import PrintService, PrintServiceState
    from kiosk.sync_setup import SyncLock
    from offline_cache import wire
    from offline_cache.agent_accounts import AccountsState
    from offline_cache.complaints import ComplaintSender, ComplaintSummary, Filed
    from offline_cache.credentials import Credentials
    from offline_cache.records import ApplicationSummary, StatusChange, SubmittedApplication
    from offline_cache.store import Store
    from offline_cache.sync import SyncEngine, SyncEvent

log = logging.getLogger(__name__)

# How an application's status reads on screen and on the progress slip.
STATUS_WORDS: dict[str, str] = {
    "submitted": "已在本机提交，等待上传",
    "received": "政务服务平台已收到",
    "accepted": "已受理，正在办理",
    "needs_supplement": "需要补充材料",
    "approved": "已办结（通过）",
    "rejected": "未通过",
    "ready": "已办好，可以领取",
    "mailed": "已办好，已邮寄",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A part of the terminal that is not working; ``code`` selects the Chinese text in the UI."""

    part: str  # card_reader | printer | camera | platform | catalogue | store | audit
    code: str
    detail: str = ""  # English, for the diagnostics page and logs; never personal data


@dataclasses.dataclass(frozen=True, slots=True)
class Station:
    code: str
    name: str
    area_code: str
    hotline: str


@dataclasses.dataclass(frozen=True, slots=True)
class SubmitResult:
    submitted: SubmittedApplication
    receipt: Document
    print_job_id: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """Applications with their status history; ``online`` says whether the platform was just asked."""

    applications: list[ApplicationSummary]  # newest first
    history: dict[str, list[StatusChange]]  # app id -> its status changes, oldest first
    online: bool
    complaints: list[ComplaintSummary] = dataclasses.field(default_factory=list)  # with their replies


@dataclasses.dataclass(frozen=True, slots=True)
class TerminalStatus:
    online: bool
    pending: int
    printer_state: str
    last_sync: dt.datetime | None
    sync_problem: str = ""  # offline: the error code of the last failed pass
    checked: bool = True  # False until the link was tried once: "offline" would be a guess
    unexpected_errors: int = 0  # bugs survived since start (offline_cache/incidents.py), for the monitor


class Terminal:
    def __init__(self, config: Config, home: Path, *, demo: bool = False) -> None:
        self.config = config
        self.home = home
        self.demo = demo
        s = config.section("station")
        self.station = Station(code=s["code"], name=s["name"], area_code=s["area_code"], hotline=s["hotline"])
        self.events = EventBus()
        self.problems: list[Problem] = []
        self.catalogue: Catalogue
        self.card_reader: CardReader | None = None
        self.camera: Camera | None = None
        self.print_service: PrintService | None = None
        self.store: Store
        self.sync: SyncEngine | None = None
        self.credentials: Credentials | None = None
        self._embedded: DemoPlatform | None = None
        self._sync_stop = threading.Event()
        self._sync_thread: threading.Thread | None = None
        self._sync_lock: SyncLock | None = None
        self.sync_elsewhere = 0  # the pid of the process that syncs this data folder, when not this one
        self._housekeeping_thread: threading.Thread | None = None
        self._stop_card_watch: StopWatching | None = None
        self._online = False
        self._link_tried = False  # started, and the sync engine reported online or offline once
        self._sync_problem = ""
        self._last_sync: dt.datetime | None = None
        self._keys: ApplicantKeys | None = None  # read on first use
        self._complaints: ComplaintSender | None = None  # the sync step of complaints, once linked
        self._keys_lock = threading.Lock()
        self._open_parts()

    # ---- start-up -------------------------------------------------------------------------------
    def _problem(self, part: str, code: str, detail: str = "") -> None:
        log.warning("terminal part %s not working: %s %s", part, code, detail)
        self.problems.append(Problem(part, code, detail))

    def _part_failed(self, part: str, exc: Exception, fallback: str) -> None:
        """A part did not start: its typed error is a problem to show; anything else is also a bug."""
        from offline_cache import incidents

        if incidents.expected(exc):
            self._problem(part, getattr(exc, "code", fallback), type(exc).__name__)
        else:
            incidents.unexpected(exc, f"starting the {part}")
            self._problem(part, fallback, type(exc).__name__)

    def _open_parts(self) -> None:
        from offline_cache.store import Store

        self._tighten_home()
        self.store = Store.open(self.home / "kiosk.db", self.home / "attachments", self.station.code)
        if self.store.recovered_from is not None:
            self._problem("store", "store.recovered", str(self.store.recovered_from.name))
            self.audit_event("terminal.store_recovered", "system", kept=self.store.recovered_from.name)
        self.catalogue = self._load_catalogue()
        self._open_card_reader()
        self._open_camera()
        self._open_printer()

    def _tighten_home(self) -> None:
        """Owner-only data folder at every start: older versions left files 0644 and folders 0755."""
        from offline_cache.permissions import tighten_tree

        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            changed = tighten_tree(self.home)
        except OSError as exc:  # e.g. a file owned by root in a home run by the kiosk user
            self._problem("store", "store.permissions", type(exc).__name__)
            return
        if changed:
            log.info("data folder tightened: %d files and folders made owner-only", changed)

    def _load_catalogue(self) -> Catalogue:
        """The newest valid catalogue: the platform's download if valid and not older, else the bundled one."""
        from kiosk.catalog import choose_catalogue

        catalogue, refused = choose_catalogue(self.home / "catalogue" / "current.json")
        if refused is not None:  # a refused download: the bundled one serves, and we say so
            self._problem("catalogue", refused.code, type(refused).__name__)
        return catalogue

    def _open_card_reader(self) -> None:
        try:
            from drivers.card import open_reader

            self.card_reader = open_reader(self.config.section("card_reader"))
            if self.demo and self.card_reader.name == "simulated":
                from drivers.card.simulated import SimulatedReader

                self.card_reader = SimulatedReader([])  # no card until the visitor places one (demo panel)
            ok, why = self.card_reader.available()
            if not ok:
                self._problem("card_reader", "card.no_reader", why)
        except Exception as exc:
            self._part_failed("card_reader", exc, "card.no_reader")

    def _open_camera(self) -> None:
        from kiosk.lazy_camera import LazyCamera

        self.camera = LazyCamera(self.config.section("camera"))  # OpenCV is loaded when it is first used

    def _check_camera(self) -> None:
        if self.camera is None:
            return
        try:
            ok, why = self.camera.available()
            if not ok:
                self._problem("camera", "camera.unavailable", why)
        except Exception as exc:
            self._part_failed("camera", exc, "camera.unavailable")
            if not getattr(self.camera, "built", True):
                self.camera = None  # no backend could be built: the screens say so, as without a camera

    def _open_printer(self) -> None:
        try:
            from drivers.printing import open_printer
            from kiosk.print_service import PrintService
            from offline_cache.print_queue import PrintQueue

            printer = open_printer(self.config.section("printer"), self.home)
            self.print_service = PrintService(PrintQueue(self.home / "print_queue.db"), printer)
            self.print_service.on_change = self._printer_changed
            self.print_service.audit = self.store.audit
        except Exception as exc:
            self._part_failed("printer", exc, "printer.offline")

    def use_settings(self, config: Config) -> None:
        """Settings saved in the admin area (``kiosk/admin/settings.py``): the printer is opened anew with
        them now, its waiting jobs kept; the card reader and the camera take theirs at the next start."""
        self.config = config
        old = self.print_service
        if old is not None:
            old.stop()
            old.queue.close()
        self.print_service = None
        self.problems = [p for p in self.problems if p.part != "printer"]
        self._open_printer()
        if self.print_service is not None:
            self.print_service.start()

    def _printer_changed(self, _state: PrintServiceState) -> None:
        if self.print_service is not None:
            state = self.print_service.paper_state()
            self.events.emit(PrinterStateChanged(state, len(self.print_service.pending())))

    def start(self) -> None:
        """Start the background parts: embedded platform (demo), sync thread, print queue, card watch."""
        self.store.prepare_for_submits()
        self._check_camera()  # here, off the first frame's way: it builds the camera (kiosk/lazy_camera.py)
        self._connect_platform()
        if self.print_service is not None:
            self.print_service.start()
        if self.card_reader is not None:
            try:
                self._stop_card_watch = self.card_reader.watch(
                    lambda: self.events.emit(CardInserted()), lambda: self.events.emit(CardRemoved())
                )
            except Exception as exc:
                self._part_failed("card_reader", exc, "card.no_reader")
        if self.sync is not None and self._take_sync_lock():
            self._sync_thread = threading.Thread(target=self._sync_loop, name="sync", daemon=True)
            self._sync_thread.start()
        self._housekeeping_thread = threading.Thread(
            target=self._housekeeping_loop, name="housekeeping", daemon=True
        )
        self._housekeeping_thread.start()
        self._link_tried = self._link_tried or self.sync is None  # no link to try: offline is known

    def _connect_platform(self) -> None:
        from offline_cache.credentials import load_credentials
        from offline_cache.errors import CredentialsDamaged

        platform = self.config.section("platform")
        try:
            before = load_credentials(self.home) if self.demo else None
            if self.demo and not self._start_demo_platform(float(platform["timeout_s"])):
                return
            self.credentials = load_credentials(self.home)
        except CredentialsDamaged as exc:  # enrolled once: an administrator must look, not enrol anew
            self._problem("platform", exc.code)
            return
        if self.credentials is None:
            self._problem("platform", "sync.not_enrolled")
            return
        if self.demo and (before is None or before.device_id != self.credentials.device_id):
            self.audit_event(
                "terminal.enrolled", "system", self.credentials.device_id, station=self.station.code
            )
        from kiosk.sync_setup import attach_audit, attach_complaints, build_engine
        from offline_cache.enrolment import PinError
        from offline_cache.platform_client import SyncError

        try:  # a key the site did not pin, http:// to another machine, a missing CA file: nothing is sent
            self.sync = build_engine(
                self.config,
                self.home,
                self.store,
                self.credentials,
                health=self.health,
                current_catalogue=lambda: self.catalogue.version,
                on_catalogue_replaced=self._catalogue_replaced,
                on_event=self._sync_event,
                on_token_saved=self._token_rotated,
            )
        except SyncError as exc:
            self._problem("platform", exc.code, type(exc).__name__)
            if isinstance(exc, PinError):
                self.credentials = None  # nothing is sealed for a key the site did not pin
            return
        audit_problem = attach_audit(self.sync, self.home, self.store, self.credentials)
        if audit_problem:  # the terminal works on; the platform sees no new audit entries
            self._problem("audit", audit_problem)
        self._complaints = attach_complaints(self.sync, self.store)

    def _token_rotated(self, credentials: Credentials) -> None:
        self.credentials = credentials

    def _start_demo_platform(self, timeout: float) -> bool:
        """Demo only: the embedded platform, and this home enrolled with it. False when it cannot be."""
        from kiosk.demo_platform import start_demo_platform

        try:
            self._embedded, _creds = start_demo_platform(self.home, self.station.code, timeout)
        except Exception as exc:
            self._part_failed("platform", exc, "sync.platform_unreachable")
            return False
        return True

    def _catalogue_replaced(self, _data: dict[str, Any]) -> None:
        from kiosk.catalog import load_active_catalogue
        from kiosk.catalog_readings import write_readings_apart

        cached = self.home / "catalogue" / "current.json"
        write_readings_apart(cached)  # its pinyin, for the search, without pypinyin in this process
        # One reference swap: screens already open keep the items they show, new screens see the new list.
        self.catalogue = load_active_catalogue(cached)
        self.audit_event("catalogue.replaced", "system", version=self.catalogue.version)

    @property
    def embedded_platform(self) -> DemoPlatform | None:
        return self._embedded

    def _take_sync_lock(self) -> bool:
        """One sync process per data folder (kiosk/sync_setup.py): a ``kiosk sync`` service that holds the
        lock delivers for this terminal; this process still asks the status feed for the progress query."""
        from kiosk.sync_setup import SyncAlreadyRunning, acquire_sync_lock

        try:
            self._sync_lock = acquire_sync_lock(self.home)
        except SyncAlreadyRunning as exc:
            log.info("sync runs in another process (pid %s); this one does not deliver", exc.holder)
            self.sync_elsewhere = exc.holder or -1
            return False
        return True

    def _sync_loop(self) -> None:
        assert self.sync is not None
        self.sync.run_forever(self._sync_stop)

    HOUSEKEEPING_INTERVAL_S = 6 * 3600.0

    def housekeeping(self) -> None:
        """Retention: drop sealed copies and scans the platform confirmed long enough ago; orphan files."""
        days = int(self.config.get("sync", "retention_days"))
        self.store.apply_retention(dt.datetime.now(dt.UTC), days)
        self.store.clean_orphans()

    def _housekeeping_loop(self) -> None:
        while not self._sync_stop.is_set():
            try:
                self.housekeeping()
            except Exception as exc:  # housekeeping must never take the terminal down; try again next round
                from offline_cache import incidents

                if incidents.expected(exc):
                    log.warning("housekeeping failed: %s", getattr(exc, "code", ""))
                else:
                    incidents.unexpected(exc, "housekeeping")
            self._sync_stop.wait(self.HOUSEKEEPING_INTERVAL_S)

    def _sync_event(self, event: SyncEvent) -> None:
        kind = event.kind
        if kind == "delivered":
            self.events.emit(ApplicationDelivered(event.app_id, event.platform_receipt_no))
        elif kind == "status_changed" and event.change is not None:
            self.events.emit(StatusChanged(event.change.app_id, event.change.status))
        elif kind == "agents_changed":
            self.events.emit(AgentsChanged())
        elif kind in ("online", "offline"):
            self._online, self._link_tried = kind == "online", True
            self._sync_problem = "" if self._online else event.error_code
            self._last_sync = dt.datetime.now(dt.UTC) if self._online else self._last_sync
            self.events.emit(SyncStateChanged(self._online, self.store.pending_count(), self._sync_problem))

    def health(self) -> wire.TerminalHealth:
        """Blocking: the heartbeat's facts (kiosk/health.py), with the devices this process opened."""
        from kiosk.health import collect, device_states
        from offline_cache import wire

        opened = [
            name
            for name, part in (
                ("card_reader", self.card_reader),
                ("printer", self.print_service),
                ("camera", self.camera),
            )
            if part is not None
        ]
        devices = device_states(((p.part, p.code) for p in self.problems), opened)
        paper = self.print_service.paper_state() if self.print_service else "unknown"
        paper_code = {"low": "printer.paper_low", "out": "printer.paper_out", "offline": "printer.offline"}
        if self.print_service is not None and paper in paper_code:
            level: wire.DeviceState = "warning" if paper == "low" else "error"
            devices["printer"] = wire.DeviceHealth(state=level, code=paper_code[paper])
        return collect(
            self.store, self.home, catalogue_version=self.catalogue.version, paper=paper, devices=devices
        )

    def stop(self) -> None:
        self._sync_stop.set()
        if self._stop_card_watch is not None:
            self._stop_card_watch()
        if self.print_service is not None:
            self.print_service.stop()
        if self.camera is not None:
            self.camera.close()
        for thread in (self._sync_thread, self._housekeeping_thread):
            if thread is not None:
                thread.join(timeout=10)
        if self._sync_lock is not None:
            self._sync_lock.release()
        if self._embedded is not None:
            self._embedded.stop()
        self.store.close()

    # ---- workflows (blocking: call from a worker, never from the Qt main thread) -------------------
    def new_session(self) -> Session:
        return Session()

    def audit_event(self, kind: str, actor: str, subject: str = "", **details: str | int | bool) -> bool:
        """Record who did what (``offline_cache.audit.KINDS``; actor: an agent number, "admin", "system" or
        "visitor"; nothing personal). Blocking. False (and an error logged) if the store refused it."""
        from offline_cache.errors import OfflineCacheError

        try:
            self.store.audit.record(kind, actor, subject, details)
        except OfflineCacheError as exc:
            log.error("audit entry %s not recorded: %s", kind, exc.code)
            return False
        return True

    def check_admin_pin(self, admin_pin: AdminPin, pin: str) -> PinCheck:
        """``admin_pin.check(pin)`` (a ``kiosk.admin_pin.PinCheck``), with its success, failure or lockout in
        the audit log. Blocking."""
        from kiosk.admin_pin import Outcome

        result = admin_pin.check(pin)
        if result.outcome is Outcome.OK:
            self.audit_event("admin.unlocked", "admin")
        elif result.outcome is Outcome.LOCKED:
            self.audit_event("admin.pin_failed", "visitor", locked=True)
        elif result.outcome is Outcome.WRONG:
            self.audit_event("admin.pin_failed", "visitor")
            if result.locked_for > 0:
                self.audit_event("admin.locked_out", "system", seconds=int(result.locked_for + 0.5))
        return result

    # ---- agents (kiosk/agents.py, kiosk/drafts.py, kiosk/consent.py); blocking ----------------------------
    def agent_login(self, number: str, pin: str) -> AgentSession:
        """Number and PIN (slow on purpose: never on the Qt thread); its outcome goes into the audit log."""
        from kiosk import agents

        try:
            session = agents.login(self.store.agents, number, pin)
        except agents.WrongPin as exc:
            self.audit_event("agent.login_failed", "visitor")  # the number typed may be anything
            if exc.locked_for > 0:
                self.audit_event("agent.locked_out", "system", seconds=int(exc.locked_for + 0.5))
            raise
        except agents.AgentError:
            self.audit_event("agent.login_failed", "visitor")
            raise
        self.audit_event("agent.login", session.number)
        return session

    def agent_allowed(self, number: str) -> bool:
        """Still an enabled account here (checked after each sync that changed the accounts)."""
        from kiosk import agents

        return agents.still_allowed(self.store.agents, number)

    def agent_accounts_state(self) -> AccountsState:
        """The accounts' sync state (how many, disabled, local, ETag, last answer) for the sync monitor."""
        return self.store.agents.state()

    @property
    def drafts(self) -> DraftBox:
        from kiosk.drafts import DraftBox

        days = float(self.config.get("agents", "draft_max_age_days"))
        return DraftBox(self.home / "drafts", dt.timedelta(days=days))

    def print_consent(self, consent: Consent, wait_s: float = 30.0) -> bool:
        """Print the villager's copy of the consent (kiosk/consent.py) and wait for the printer's answer:
        True once printed; False if the printer said why not (paper out, offline) or did not answer in
        ``wait_s``, and then the job is cancelled so that it does not come out later, unasked."""
        import time

        from kiosk.consent import KIND, consent_document
        from offline_cache.print_queue import DONE

        if self.print_service is None:
            return False
        doc = consent_document(
            consent, at=dt.datetime.now(dt.UTC), hotline=self.station.hotline, sample=self.sample_papers
        )
        job_id = self.print_service.enqueue(doc, KIND)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            job = self.print_service.queue.get(job_id)
            if job is None or job.state == DONE:
                return job is not None
            if job.last_error:
                break
            time.sleep(0.1)  # the print service's own loop prints it; this only looks at the outcome
        self.print_service.queue.cancel(job_id)
        return False

    def read_card(self, timeout: float = 5.0) -> Identity:
        from drivers.card.errors import NoReader

        if self.card_reader is None:
            raise NoReader("no card reader configured")
        return self.card_reader.read(timeout)  # on the reader's own worker (drivers/worker.py)

    def item(self, code: str) -> ServiceItem:
        return self.catalogue.item(code)

    def submit(self, session: Session) -> SubmitResult:
        """Seal and queue the session's application, then queue its receipt. Never waits for the network."""
        from kiosk.submission import submit_application

        if self.credentials is None:
            from offline_cache.errors import NotEnrolled

            raise NotEnrolled("terminal is not enrolled with a platform")
        assert session.item_code is not None and session.identity is not None
        item = self.catalogue.item(session.item_code)
        materials = {
            mid: [(f"{mid}-{i + 1}.jpg", "image/jpeg", p.jpeg) for i, p in enumerate(pages)]
            for mid, pages in session.pages.items()
        }
        submitted = submit_application(
            self.store,
            home=self.home,
            item=item,
            form_values=dict(session.form_values),
            identity=session.identity,
            materials=materials,
            deferred=sorted(session.deferred),
            consent=session.consent or {"signature_png": session.signature_png, "agent_id": session.agent_id},
            catalogue_version=self.catalogue.version,
            platform_public_key=self.credentials.platform_public_key,
            agent_id=session.agent_id,
            app_id=session.supplement_of,
            applicant_key=session.applicant_key_for(session.identity, self.applicant_key),
            delivery=self._delivery_for(item, session),
        )
        receipt = self.receipt_for(submitted, item, session)
        job = self.print_service.enqueue(receipt, "acceptance") if self.print_service else None
        if self.sync is not None:
            self.sync.wake()
        return SubmitResult(submitted, receipt, job)

    @staticmethod
    def _delivery_for(item: ServiceItem, session: Session) -> dict[str, str] | None:
        """The session's choice checked once more against the item (``kiosk.delivery.choice`` raises)."""
        from kiosk.delivery import choice, offered

        if session.delivery is None or session.supplement_of is not None:
            return None  # a supplement keeps the first revision's choice
        d = session.delivery
        return choice(
            offered(item), {"method": d.method, "address": d.address, "mobile": d.mobile}
        ).manifest()

    def receipt_for(self, submitted: SubmittedApplication, item: ServiceItem, session: Session) -> Document:
        """The acceptance receipt. Its dates are China's (the receipt number's), its due dates working days
        on the catalogue's calendar, and a demo's or a sample catalogue's receipt says 样例."""
        from kiosk.china_time import in_china
        from kiosk.privacy import mask_name
        from kiosk.query_codes import qr_text
        from kiosk.receipts import acceptance_receipt

        assert session.identity is not None
        accepted = in_china(submitted.created_at)
        today, working = accepted.date(), self.catalogue.calendar.add_working_days
        owed = [
            (m.name, working(today, m.defer_days or 0))
            for m in item.guide.materials
            if m.id in session.deferred
        ]
        received = [m.name for m in item.guide.materials if m.id in session.pages]
        item_name = item.name
        if session.supplement_of is not None:  # the notice of a 补正 names the application it completes
            first = self.store.application(session.supplement_of)
            item_name = f"{item.name}（补正材料，原受理编号 {first.local_receipt_no if first else ''}）"
        return acceptance_receipt(
            station_name=self.station.name,
            station_code=self.station.code,
            hotline=self.station.hotline,
            local_receipt_no=submitted.local_receipt_no,
            platform_receipt_no="",
            item_name=item_name,
            applicant_masked=mask_name(session.identity.name),
            agent=session.agent_label or session.agent_id,
            materials_received=received,
            materials_owed=owed,
            promised_date=working(today, item.guide.promised_days),
            query_url=qr_text(submitted.query_token),
            accepted_at=accepted,
            sample=self.sample_papers,
            **self._delivery_lines(item, session),
        )

    def _delivery_lines(self, item: ServiceItem, session: Session) -> dict[str, str]:
        """The receipt's 领取方式 (no address: the receipt is masked) and its 还要跑 (kiosk/visits.py)."""
        from kiosk.messages import message_for
        from kiosk.privacy import mask_phone
        from kiosk.visits import trips_for

        d = session.delivery
        if d is None or session.supplement_of is not None:
            return {}
        words = message_for(f"delivery.method.{d.method}")
        if d.method == "mail":
            words = f"{words}，快递员打{mask_phone(d.mobile)}联系您"
        trips = trips_for(item.guide, d.method)
        return {"delivery": words, "trips": "不用再跑" if trips == 0 else f"{trips}次（见办事指南）"}

    @property
    def sample_papers(self) -> bool:
        """Papers printed in a demo or from a sample catalogue carry the 样例 banner: they prove nothing."""
        return self.demo or self.catalogue.sample

    def applicant_key(self, identity: Identity) -> str:
        """Today's applicant key (kiosk/lookup_key.py). Blocking and slow: once per visit, through
        ``Session.applicant_key_for``."""
        return self._applicant_keys().current(identity.id_number)

    def _applicant_keys(self) -> ApplicantKeys:
        from kiosk.lookup_key import ApplicantKeys

        with self._keys_lock:
            if self._keys is None:
                self._keys = ApplicantKeys(self.home)
            return self._keys

    def applications_for(self, identity: Identity, key: str | None = None) -> list[ApplicationSummary]:
        """The applications of ``identity`` (``key``: its applicant key, when already derived). Rows keyed
        under an older scheme are found too, and re-keyed to today's."""
        keys = self._applicant_keys()
        key = key or keys.current(identity.id_number)
        older = self.store.applicant_key_schemes() - {keys.current_scheme}
        if older:
            self.store.rekey_applicant(keys.older(identity.id_number, older), key)
        return list(self.store.applications(key))

    def rate(self, app_id: str | None, level: int, reasons: list[str], comment: str) -> str:
        rating = {
            "app_id": app_id,
            "level": level,
            "reasons": reasons,
            "comment": comment,
            "station_code": self.station.code,
            "at": dt.datetime.now(dt.UTC).isoformat(),
        }
        key = self.credentials.platform_public_key if self.credentials is not None else None
        rating_id = self.store.submit_rating(rating, key)
        if self.sync is not None:
            self.sync.wake()
        return rating_id

    def progress(
        self,
        identity: Identity | None = None,
        receipt_no: str | None = None,
        *,
        token: str | None = None,
        applicant_key: str | None = None,
    ) -> Progress:
        """Blocking: refresh statuses from the platform when it answers, then read the terminal's copy.

        By the card (``identity``; ``applicant_key`` when the visit already derived it) or a receipt's QR
        code (``token``). A receipt number alone raises ``NumberIsNotEnough`` before anything is looked
        up (``kiosk/query_codes.py``)."""
        from kiosk.query_codes import NumberIsNotEnough

        if identity is None and not token:
            raise NumberIsNotEnough("a receipt number alone shows nothing")
        online = False
        if self.sync is not None:
            try:
                online = bool(self.sync.pull_status_now().online)
                if (
                    online and self._complaints is not None
                ):  # the replies to complaints too (offline_cache/complaints.py)
                    self._complaints.pull_replies(self.sync.client)
            except Exception as exc:  # the terminal's own copy still answers
                from offline_cache import incidents

                if incidents.expected(exc):
                    log.info("progress: platform not reached (%s)", type(exc).__name__)
                else:
                    incidents.unexpected(exc, "progress query")
        if identity is not None:
            apps = self.applications_for(identity, applicant_key)
            key = applicant_key or self._applicant_keys().current(identity.id_number)
            complaints = self.store.complaints.for_applicant(key)
        else:
            found = self.store.application_by_token(token or "")
            apps = [found] if found is not None else []
            complaints = self.store.complaints.by_token(token or "")
        history = {a.app_id: self.store.status_history(a.app_id) for a in apps}
        return Progress(apps, history, online, complaints)

    def complain(
        self,
        about: str,
        text: str,
        problems: list[str],
        identity: Identity | None = None,
        *,
        item_code: str = "",
        department_id: str = "",
        applicant_key: str | None = None,
    ) -> tuple[Filed, int | None]:
        """File a complaint or suggestion (kiosk/complaints.py), named when ``identity`` is given; print its
        slip. Blocking. The text is sealed for the platform before it is stored."""
        from kiosk.china_time import in_china
        from kiosk.complaints import slip
        from kiosk.messages import message_for
        from kiosk.query_codes import qr_text
        from offline_cache.complaints import NewComplaint
        from offline_cache.errors import NotEnrolled

        if self.credentials is None:
            raise NotEnrolled("terminal is not enrolled with a platform")
        new = NewComplaint(
            about=about,
            text=text,
            problems=tuple(message_for(f"complaint.problem.{p}") for p in problems),
            item_code=item_code,
            department_id=department_id,
            name=identity.name if identity else "",
            id_number=identity.id_number if identity else "",
            applicant_key=(applicant_key or self.applicant_key(identity)) if identity else None,
        )
        from offline_cache.sealing import load_public_key

        public = load_public_key(self.credentials.platform_public_key)
        filed = self.store.complaints.file(new, self.station.code, public)
        self.audit_event("complaint.filed", "visitor", filed.complaint_id)
        doc = slip(
            station_name=self.station.name,
            local_no=filed.local_no,
            about=about,
            named=identity is not None,
            problems=list(new.problems),
            filed_at=in_china(filed.created_at),
            query_url=qr_text(filed.query_token),
            hotline=self.station.hotline,
            sample=self.sample_papers,
        )
        job = self.print_service.enqueue(doc, "complaint_slip") if self.print_service else None
        if self.sync is not None:
            self.sync.wake()
        return filed, job

    def print_notice(self, item_code: str) -> int | None:
        """Queue the one-time notice (一次性告知单) of an item; returns the print job id."""
        doc = self._notice(item_code)
        return self.print_service.enqueue(doc, "one_time_notice") if self.print_service else None

    @property
    def a4_configured(self) -> bool:
        return bool(self.config.get("a4", "backend") == "cups" and self.config.get("a4", "queue"))

    def print_a4(self, kind: str, item_code: str, agent: str = "") -> Any:
        """An A4 paper through CUPS (``drivers.printing.a4.A4Job``: ``waiting`` when the queue is stopped,
        the job kept by CUPS): ``notice``, ``form`` (申请表 for a wet signature) or ``consent``. Blocking."""
        from drivers.printing.a4 import CupsQueue, render_pdf
        from drivers.printing.errors import A4Unavailable
        from kiosk.a4_papers import application_form, delegation_consent
        from kiosk.china_time import today

        if not self.a4_configured:
            raise A4Unavailable("no A4 printer configured ([a4] backend, queue)")
        item = self.catalogue.item(item_code)
        if kind == "notice":
            doc = self._notice(item_code, self._guide_url(item))
        elif kind == "form":
            url = self._guide_url(item)
            doc = application_form(
                station_name=self.station.name,
                item=item,
                issued_on=today(),
                query_url=url,
                sample=self.sample_papers,
            )
        else:
            doc = delegation_consent(
                station_name=self.station.name,
                item_name=item.name,
                agent=agent,
                issued_on=today(),
                hotline=self.station.hotline,
                sample=self.sample_papers,
            )
        queue = CupsQueue(str(self.config.get("a4", "queue")), str(self.config.get("a4", "server")))
        job = queue.submit(render_pdf(doc), doc.title or kind)
        self.audit_event(
            "print.printed", "visitor", f"a4:{job.job_id}"[:100], paper=kind, waiting=job.waiting
        )
        return job

    @staticmethod
    def _guide_url(item: ServiceItem) -> str:
        return f"https://zwfw.example.gov.cn/guide/{item.basic_code}"

    def _notice(self, item_code: str, query_url: str = "") -> Document:
        from kiosk.china_time import today
        from kiosk.receipts import one_time_notice, time_limit

        item = self.catalogue.item(item_code)
        g = item.guide
        kinds = {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件各"}
        doc = one_time_notice(
            station_name=self.station.name,
            hotline=self.station.hotline,
            item_name=item.name,
            item_code=item.code,
            materials=[(m.name, f"{kinds.get(m.original_or_copy, '')}{m.copies}份") for m in g.materials],
            conditions=list(g.conditions),
            where=self.station.name,
            legal_limit=time_limit(g.legal_days),
            promised_limit=time_limit(g.promised_days),
            fee="不收费" if g.free else "；".join(f"{f.name}{f.amount}" for f in g.fees),
            notes=list(g.notes),
            issued_on=today(),
            sample=self.sample_papers,
            query_url=query_url,
        )
        return doc

    def print_progress(self, progress: Progress) -> list[int]:
        """Queue a progress slip (办理进度单) for each application shown."""
        from kiosk.china_time import in_china, now
        from kiosk.query_codes import qr_text
        from kiosk.receipts import progress_slip

        jobs: list[int] = []
        if self.print_service is None:
            return jobs
        for app in progress.applications:
            doc = progress_slip(
                station_name=self.station.name,
                hotline=self.station.hotline,
                local_receipt_no=app.local_receipt_no,
                platform_receipt_no=app.platform_receipt_no,
                item_name=app.item_name,
                applicant_masked=app.masked_name,
                status=self.status_words(app.status, progress.history.get(app.app_id, [])),
                steps=[
                    (in_china(c.at), STATUS_WORDS.get(c.status, c.status))
                    for c in progress.history.get(app.app_id, [])
                ],
                printed_at=now(),
                query_url=qr_text(self.store.new_query_token(app.app_id)),
                sample=self.sample_papers,
            )
            jobs.append(self.print_service.enqueue(doc, "progress_slip"))
        return jobs

    # ---- appointments (kiosk/appointments.py; online only) ---------------------------------------
    def appointments_offered(self, item: ServiceItem) -> bool:
        from kiosk.appointments import offered

        return offered(item, list(self.config.get("services", "appointment_items")))

    def _booking_call(self, call: Any) -> Any:
        """Run one call to the platform's booking routes; its refusals and an absent link said typed."""
        from kiosk.appointments import AppointmentsOffline, typed
        from offline_cache.platform_client import SyncError

        if self.sync is None:
            raise AppointmentsOffline("no platform link")
        try:
            return call(self.sync.client)
        except SyncError as exc:
            raise typed(exc) from exc

    def slots_for(self, item_code: str) -> list[Any]:
        """The hall times of an item with the places left (``wire.Slot``). Blocking, online."""
        from offline_cache import appointments

        return list(self._booking_call(lambda c: appointments.slots(c, item_code)))

    def bookings_for(self, identity: Identity, applicant_key: str | None = None) -> list[Any]:
        key = applicant_key or self.applicant_key(identity)
        return self.store.bookings.for_applicant(key)

    def book(self, slot: Any, identity: Identity, applicant_key: str | None = None) -> tuple[Any, int | None]:
        """Book ``slot`` for the card's holder, keep a note of it, print the slip. Blocking, online."""
        from offline_cache import appointments

        booking = self._booking_call(lambda c: appointments.book(c, slot, identity.name, identity.id_number))
        self.store.bookings.keep(booking, applicant_key or self.applicant_key(identity))
        self.audit_event("appointment.booked", "visitor", booking.booking_id)
        return booking, self._print_booking(booking, identity)

    def move_booking(
        self, booking_id: str, slot: Any, identity: Identity, applicant_key: str | None = None
    ) -> tuple[Any, int | None]:
        from offline_cache import appointments

        booking = self._booking_call(lambda c: appointments.move(c, booking_id, slot.slot_id))
        self.store.bookings.keep(booking, applicant_key or self.applicant_key(identity))
        self.audit_event("appointment.booked", "visitor", booking.booking_id, moved=True)
        return booking, self._print_booking(booking, identity)

    def cancel_booking(self, booking_id: str) -> None:
        from offline_cache import appointments

        self._booking_call(lambda c: appointments.cancel(c, booking_id))
        self.store.bookings.cancelled(booking_id)
        self.audit_event("appointment.cancelled", "visitor", booking_id)

    def _print_booking(self, booking: Any, identity: Identity) -> int | None:
        from kiosk.appointments import slip
        from kiosk.privacy import mask_name

        item = self.catalogue.item(booking.slot.item_code)
        kinds = {"original": "原件", "copy": "复印件", "original_and_copy": "原件和复印件各"}
        bring = [f"{m.name}（{kinds.get(m.original_or_copy, '')}{m.copies}份）" for m in item.guide.materials]
        doc = slip(
            station_name=self.station.name,
            booking_no=booking.booking_no,
            item_name=item.name,
            hall_name=booking.slot.hall_name,
            hall_address=booking.slot.hall_address,
            starts_at=booking.slot.starts_at,
            minutes=booking.slot.minutes,
            bring=bring,
            applicant_masked=mask_name(identity.name),
            hotline=self.station.hotline,
            sample=self.sample_papers,
        )
        return self.print_service.enqueue(doc, "appointment_slip") if self.print_service else None

    def status_words(self, status: str, history: list[StatusChange]) -> str:
        """How an application's current status reads on paper: where to go or what is coming for a result
        that is ready or mailed (``kiosk.delivery.result_status``), else the plain status words."""
        from kiosk.delivery import result_status
        from kiosk.messages import message_for

        found = result_status(history) if history and history[-1].status == status else None
        if found is None:
            return STATUS_WORDS.get(status, status)
        code, values = found
        return message_for(code).format(station=self.station.name, **values)

    def status(self) -> TerminalStatus:
        from offline_cache import incidents

        printer = self.print_service.paper_state() if self.print_service else "offline"
        return TerminalStatus(
            self._online,
            self.store.pending_count(),
            printer,
            self._last_sync,
            self._sync_problem,
            self._link_tried,
            incidents.snapshot().count,
        )
