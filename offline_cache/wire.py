"""The wire contract between terminal and platform: one module both ends import, so it cannot drift.

Every body that crosses the network is one of these pydantic models. The terminal validates what it
receives with them (a malformed answer is a ``BadResponse``, never a crash), the platform validates
what it accepts with them (a malformed request is a 422), and FastAPI publishes them as OpenAPI.

Routes (all under ``API_PREFIX``, all but the first two need ``Authorization: Bearer <device token>``):

==========================  =======================================================================
GET    /platform-key        the platform's sealing public key, for the terminal to check against the
                            fingerprint on the enrolment slip before it spends its code
POST   /enrol               one-time enrolment code -> device token + platform public key
GET    /ping                is the platform there, and does it know this device
GET    /catalogue           the service catalogue (JSON), with ETag / If-None-Match
POST   /uploads             tus 1.0 creation (Upload-Length, Upload-Metadata: sha256 <base64 hex>)
HEAD   /uploads/{id}        tus offset
PATCH  /uploads/{id}        tus chunk (Upload-Offset, Upload-Checksum: sha256|sha1 <base64>)
DELETE /uploads/{id}        tus termination
OPTIONS /uploads            tus discovery (version, extensions, checksum algorithms, max size)
PUT    /applications/{id}   idempotent create-or-return of one revision (same content: the original
                            answer; different content under the same id and revision: 409). Only the
                            device that created an application adds revisions, n+1 only after n.
GET    /status-feed         status changes after a cursor
POST   /ratings             idempotent by rating id
POST   /complaints          a complaint or suggestion (监督举报), idempotent by its id
GET    /complaint-replies   the staff's replies to this device's complaints, after a cursor
GET    /slots               appointment slots of an item (future ones, with the places left)
POST   /bookings            book a place (online only; 409 slot.full when another terminal took it)
DELETE /bookings/{id}       cancel a booking this device made
POST   /bookings/{id}/move  move it to another slot of the same item, in one step
POST   /heartbeat           terminal health; the answer says when the token is due for rotation
POST   /token               a new device token (the current one stays valid until the new one is used)
PUT    /audit/key           register the device's audit signing key (first key wins)
POST   /audit               audit log entries and the signed head; answered with the countersigned head
GET    /audit/head          the head of the audit chain the platform holds for this device
GET    /agents              the agent accounts of this device's station, with ETag / If-None-Match
==========================  =======================================================================

Request bodies are bounded field by field and nested at most ``MAX_DEPTH`` levels; the platform also caps
each route's body size before reading it (``central/limits.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

API_PREFIX = "/api/v1"
TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,creation-with-upload,checksum,termination,expiration"
TUS_CHECKSUM_ALGORITHMS = "sha256,sha1"
# tus checksum extension: the chunk's checksum did not match (a code the tus protocol defines).
TUS_CHECKSUM_MISMATCH = 460

STATUSES: tuple[str, ...] = (
    "received",
    "accepted",
    "needs_supplement",
    "approved",
    "rejected",
    "ready",
    "mailed",
)
Status = Literal["received", "accepted", "needs_supplement", "approved", "rejected", "ready", "mailed"]
PaperState = Literal["ok", "low", "out", "offline", "unknown"]

_SHA256 = r"^[0-9a-f]{64}$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$"
_ID = ID_PATTERN
MAX_REVISION = 10_000
MAX_ATTACHMENTS = 200  # per revision
MAX_DEPTH = 16  # nesting of a request body: what the terminal sends needs 4
MANIFEST_FORMAT = "village-kiosk.application/1"


class WireModel(BaseModel):
    # Unknown fields are ignored, not errors: a newer platform may add fields an older terminal
    # does not know yet, and the terminal must keep working.
    model_config = ConfigDict(extra="ignore", frozen=True)


def nested_within(value: Any, limit: int) -> bool:
    """True when ``value`` holds objects and lists no more than ``limit`` levels deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list | tuple):
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in item)
    return True


class RequestModel(WireModel):
    """A body the platform accepts. Unknown fields are ignored, yet they were parsed: a body nested
    hundreds of levels deep is refused rather than carried along (it broke serialisation before)."""

    max_depth: ClassVar[int] = MAX_DEPTH

    @model_validator(mode="before")
    @classmethod
    def _not_too_deep(cls, data: Any) -> Any:
        if not nested_within(data, cls.max_depth):
            raise ValueError(f"nested deeper than {cls.max_depth} levels")
        return data


class Problem(WireModel):
    """Every error answer of the platform: a stable code and a short technical detail (no personal data)."""

    code: str
    detail: str = ""


class EnrolmentRequest(RequestModel):
    code: str = Field(min_length=6, max_length=64)
    device_name: str = Field(default="", max_length=100)
    software_version: str = Field(default="", max_length=40)
    # Base64 raw Ed25519 public key that signs this terminal's audit log heads (offline_cache.audit_chain).
    # Optional: an older terminal registers its key later with PUT /audit/key.
    device_public_key: str | None = Field(default=None, min_length=40, max_length=60)


class EnrolmentResponse(WireModel):
    device_id: str = Field(pattern=_ID)
    token: str = Field(min_length=20, max_length=200)
    platform_public_key: str = Field(min_length=40, max_length=60)
    station_code: str = Field(min_length=1, max_length=40)


class PlatformKey(WireModel):
    """The platform's sealing key (public: anyone may fetch it; the terminal pins it by fingerprint)."""

    platform_public_key: str = Field(min_length=40, max_length=60)


class Ping(WireModel):
    device_id: str
    station_code: str
    server_time: dt.datetime


class AttachmentRef(WireModel):
    """One uploaded attachment: the sealed bytes, found on the platform by their SHA-256."""

    sha256: str = Field(pattern=_SHA256)
    size: int = Field(ge=0, le=2**40)


class ApplicationClear(WireModel):
    """The few fields readable without the platform key (no personal data)."""

    station_code: str = Field(max_length=40)
    local_receipt_no: str = Field(max_length=60)
    item_code: str = Field(max_length=80)
    catalogue_version: str = Field(max_length=80)
    created_at: dt.datetime


MAX_SEALED_MANIFEST = 50_000_000  # base64 characters


class ApplicationSubmission(RequestModel):
    revision: int = Field(ge=1, le=MAX_REVISION)
    wrapped_key: str = Field(min_length=1, max_length=400)  # base64 of sealing.wrap_data_key output
    sealed_manifest: str = Field(min_length=1, max_length=MAX_SEALED_MANIFEST)  # base64, sealed JSON
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    clear: ApplicationClear

    def digest(self) -> str:
        """What "the same content" means for idempotency: a hash of the canonical JSON of this body."""
        return canonical_digest(self.model_dump(mode="json"))


class ApplicationReceipt(WireModel):
    app_id: str
    revision: int
    platform_receipt_no: str
    status: Status
    received_at: dt.datetime


DeliveryMethod = Literal["station", "township", "mail"]


class StatusChangeWire(WireModel):
    app_id: str
    revision: int = Field(ge=1)
    status: Status
    at: dt.datetime
    reasons: list[str] = Field(default_factory=list)
    missing_materials: list[str] = Field(default_factory=list)
    platform_receipt_no: str = ""
    # "ready" and "mailed": how the result reaches the applicant (the choice they made, or the staff's
    # change of it) and the courier's tracking number, so the terminal says where to go or what is coming.
    delivery: DeliveryMethod | None = None
    tracking_no: str = Field(default="", max_length=40)


class StatusFeed(WireModel):
    changes: list[StatusChangeWire]
    cursor: str = Field(max_length=100)  # give it back as ?cursor= to get what follows
    more: bool = False


class SealedNote(WireModel):
    """``sealing.seal_note``: a short text sealed for the platform on its own."""

    wrapped_key: str = Field(min_length=1, max_length=200)
    sealed: str = Field(min_length=1, max_length=4000)  # base64: 500 characters of UTF-8 and the tag


MAX_RATING_COMMENT = 500  # characters (the rating screen takes 200)
_Reason = Annotated[str, StringConstraints(max_length=100)]


class RatingBody(WireModel):
    """A rating as the terminal sends it (``manifest.check_rating``, ``Store.submit_rating``)."""

    level: int = Field(ge=1, le=5, strict=True)
    reasons: list[_Reason] = Field(default_factory=list, max_length=20)
    app_id: str | None = Field(default=None, pattern=_ID)
    rating_id: str | None = Field(default=None, pattern=_ID)
    station_code: str = Field(default="", max_length=40)
    at: str = Field(default="", max_length=64)  # ISO text; kept as text, as older terminals wrote it
    comment: str | None = Field(default=None, max_length=MAX_RATING_COMMENT)  # before comments were sealed
    comment_sealed: SealedNote | None = None


class RatingSubmission(RequestModel):
    rating_id: str = Field(pattern=_ID)
    body: RatingBody

    def digest(self) -> str:
        return canonical_digest(self.model_dump(mode="json"))


class RatingReceipt(WireModel):
    rating_id: str
    received_at: dt.datetime


ComplaintAbout = Literal["service", "department", "station"]
MAX_COMPLAINT_TEXT = 1000  # characters of the sealed text (the screen takes 300)


class ComplaintBody(WireModel):
    """A complaint or suggestion (监督举报, ``offline_cache/complaints.py``). What it is about and the common
    problems tapped are clear; what the villager typed and, when named, who they are, travel sealed
    (``sealing.seal_note``, the complaint id as associated data): ``{"text", "name", "id_number"}``."""

    local_no: str = Field(min_length=1, max_length=60)  # the number on the villager's slip
    about: ComplaintAbout
    item_code: str = Field(default="", max_length=80)
    department_id: str = Field(default="", max_length=40)
    problems: list[_Reason] = Field(default_factory=list, max_length=10)
    named: bool = False
    station_code: str = Field(min_length=1, max_length=40)
    at: str = Field(max_length=64)
    sealed: SealedNote


class ComplaintSubmission(RequestModel):
    complaint_id: str = Field(pattern=_ID)
    body: ComplaintBody

    def digest(self) -> str:
        return canonical_digest(self.model_dump(mode="json"))


class ComplaintReceipt(WireModel):
    complaint_id: str
    platform_no: str
    received_at: dt.datetime


class ComplaintReply(WireModel):
    """The staff's answer, shown to the villager in the progress query (no personal data in it: the
    platform refuses a reply that holds an ID or mobile number)."""

    complaint_id: str
    reply: str = Field(max_length=MAX_COMPLAINT_TEXT)
    replied_at: dt.datetime


class ComplaintReplies(WireModel):
    replies: list[ComplaintReply]
    cursor: str = Field(max_length=100)
    more: bool = False


class Slot(WireModel):
    """A time a hall offers for an item (预约), with the places still free."""

    slot_id: int = Field(ge=1, le=2**31 - 1)
    hall_code: str = Field(max_length=40)
    hall_name: str = Field(max_length=200)
    hall_address: str = Field(default="", max_length=200)
    item_code: str = Field(max_length=80)
    starts_at: dt.datetime
    minutes: int = Field(ge=1, le=24 * 60)
    remaining: int = Field(ge=0)


class Slots(WireModel):
    slots: list[Slot]


class BookingRequest(RequestModel):
    """A booking; who comes is sealed (``{"name", "id_number"}``, the booking id as associated data)."""

    booking_id: str = Field(pattern=_ID)
    slot_id: int = Field(ge=1, le=2**31 - 1)
    item_code: str = Field(min_length=1, max_length=80)
    holder: SealedNote


class MoveRequest(RequestModel):
    slot_id: int = Field(ge=1, le=2**31 - 1)


class Booking(WireModel):
    booking_id: str
    booking_no: str
    slot: Slot


_VersionName = Annotated[str, StringConstraints(min_length=1, max_length=40)]
_VersionText = Annotated[str, StringConstraints(max_length=100)]


class UnexpectedErrors(WireModel):
    """Failures the terminal survived that nothing expected (``offline_cache/incidents.py``): bugs to look
    at. Type, place and time of the latest, never its message."""

    count: int = Field(ge=0, le=2**31)
    last_kind: str = Field(default="", max_length=100)
    last_place: str = Field(default="", max_length=200)
    last_where: str = Field(default="", max_length=100)
    last_at: dt.datetime | None = None


DeviceState = Literal["ok", "warning", "error", "unknown"]
_DeviceName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class DeviceHealth(WireModel):
    """One device's state: green (ok), amber (warning: works, needs care soon), red (error); ``code`` is
    the problem's message code on the terminal ("" when ok), never a free text."""

    state: DeviceState = "unknown"
    code: str = Field(default="", max_length=80, pattern=r"^[a-z0-9_.]*$")


class TerminalHealth(WireModel):
    """What a terminal knows about itself, in one shape: ``kiosk/health.py`` builds it for the app and for
    ``kiosk sync`` alike, and the sync engine adds what only it knows to make the ``Heartbeat``."""

    pending_count: int = Field(default=0, ge=0, le=10_000_000)
    # A JSON parser may read Infinity; PostgreSQL's json type refuses to store it.
    oldest_pending_age_s: float | None = Field(default=None, ge=0, le=1e10, allow_inf_nan=False)
    failing_count: int = Field(default=0, ge=0, le=10_000_000)  # entries the platform keeps refusing
    printer_paper: PaperState = "unknown"
    free_disk_bytes: int | None = Field(default=None, ge=0, le=2**62)
    uptime_s: float | None = Field(default=None, ge=0, le=1e10, allow_inf_nan=False)  # of the machine
    devices: dict[_DeviceName, DeviceHealth] = Field(default_factory=dict, max_length=20)
    versions: dict[_VersionName, _VersionText] = Field(
        default_factory=dict, max_length=20
    )  # app, catalogue, os


class Heartbeat(TerminalHealth, RequestModel):
    at: dt.datetime
    last_sync_at: dt.datetime | None = None
    # The platform's clock minus the terminal's, from the last answer (a kiosk without a good RTC battery
    # dates receipts wrongly); None until one was measured.
    clock_skew_s: float | None = Field(default=None, ge=-1e10, le=1e10, allow_inf_nan=False)
    unexpected_errors: UnexpectedErrors | None = None


class HeartbeatAck(WireModel):
    received_at: dt.datetime
    rotate_token: bool = False  # the device token is old: ask for a new one (POST /token)


class NewToken(WireModel):
    """A rotated device token. Save it before using it: the old one works until the new one is used."""

    token: str = Field(min_length=20, max_length=200)


# -- the sealed manifest (what offline_cache/manifest.py builds; the platform opens and checks it) ---------

_Material = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class ManifestItem(WireModel):
    code: str = Field(min_length=1, max_length=80)
    name: str = Field(max_length=200)


class ManifestAttachment(WireModel):
    part: str = Field(pattern=r"^attachment:[0-9]{1,4}$")
    material: _Material
    filename: str = Field(max_length=255)
    content_type: str = Field(min_length=1, max_length=100)
    size: int = Field(ge=1, le=2**40)  # of the clear bytes
    sha256: str = Field(pattern=_SHA256)  # of the clear bytes
    sealed_sha256: str = Field(pattern=_SHA256)  # names the uploaded file
    sealed_size: int = Field(ge=1, le=2**40)


class DeliveryChoice(WireModel):
    """How the applicant wants the result (``kiosk/delivery.py``); address and mobile only for mail."""

    method: DeliveryMethod
    address: str = Field(default="", max_length=120)
    mobile: str = Field(default="", pattern=r"^(1[0-9]{10})?$")


class ApplicationManifest(RequestModel):
    max_depth: ClassVar[int] = 32  # form values may be lists of rows

    format: Literal["village-kiosk.application/1"]
    app_id: str = Field(pattern=_ID)
    revision: int = Field(ge=1, le=MAX_REVISION)
    station_code: str = Field(min_length=1, max_length=40)
    local_receipt_no: str = Field(min_length=1, max_length=60)
    created_at: dt.datetime
    item: ManifestItem
    catalogue_version: str = Field(min_length=1, max_length=80)
    applicant: dict[str, Any]
    form: dict[str, Any]
    consent: dict[str, Any]
    deferred_materials: list[_Material] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    agent_id: str | None = Field(default=None, max_length=100)
    attachments: list[ManifestAttachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    delivery: DeliveryChoice | None = None  # items whose result is a paper; older terminals send none


# -- the audit log (offline_cache/audit_chain.py says how entries are hashed and heads signed) -----------

AUDIT_BATCH_MAX = 500
_DetailKey = Annotated[str, Field(pattern=r"^[a-z][a-z_]{0,29}$")]
# bool before int: a JSON true stays a bool (and hashes as one) on both ends.
_DetailValue = bool | Annotated[int, Field(ge=-(2**53), le=2**53)] | Annotated[str, Field(max_length=100)]
_AT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$"  # offline_cache.db.utc_text


class AuditEntryWire(WireModel):
    seq: int = Field(ge=1, le=2**53)
    at: str = Field(pattern=_AT)  # kept as text: the hash covers these exact characters
    kind: str = Field(pattern=r"^[a-z][a-z_]{0,29}\.[a-z][a-z_]{0,29}$")
    actor: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9._:-]+$")
    subject: str = Field(default="", max_length=100, pattern=r"^[A-Za-z0-9._:-]*$")
    details: dict[_DetailKey, _DetailValue] = Field(default_factory=dict, max_length=8)
    prev_hash: str = Field(pattern=_SHA256)
    hash: str = Field(pattern=_SHA256)


class AuditHead(WireModel):
    """A head of the chain: its seq and hash, and the device's signature line of its checkpoint."""

    seq: int = Field(ge=1, le=2**53)
    hash: str = Field(pattern=_SHA256)
    signature: str = Field(min_length=1, max_length=300)


class AuditBatch(WireModel):
    """Entries that continue the chain the platform holds, and the signed head at the last of them."""

    entries: list[AuditEntryWire] = Field(min_length=1, max_length=AUDIT_BATCH_MAX)
    head: AuditHead


class AuditAck(WireModel):
    """The head the platform holds (``seq`` 0: none yet) as a signed note with both signatures."""

    seq: int = Field(ge=0)
    hash: str = Field(pattern=_SHA256)
    note: str = Field(default="", max_length=2000)  # checkpoint + device line + platform line
    platform_key: str = Field(min_length=40, max_length=60)  # base64 Ed25519 key of the countersignature


class DeviceKey(WireModel):
    device_public_key: str = Field(min_length=40, max_length=60)


# -- agent accounts (代办员): the platform keeps them, terminals pull their station's for offline login ---

AGENT_NUMBER = r"^[0-9]{4,12}$"
# An argon2id PHC string (argon2-cffi's PasswordHasher): the parameters and the salt travel with the hash,
# so the terminal verifies with the parameters the platform chose.
PIN_VERIFIER = (
    r"^\$argon2id\$v=19\$m=[0-9]{1,8},t=[0-9]{1,3},p=[0-9]{1,3}\$[A-Za-z0-9+/]{16,64}\$[A-Za-z0-9+/]{32,128}$"
)
_Village = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class AgentAccountWire(WireModel):
    """One agent as a terminal keeps it: never the PIN, only its salted slow hash."""

    number: str = Field(pattern=AGENT_NUMBER)
    name: str = Field(min_length=1, max_length=40)
    villages: list[_Village] = Field(default_factory=list, max_length=100)
    pin_verifier: str = Field(max_length=300, pattern=PIN_VERIFIER)
    disabled: bool = False
    updated_at: dt.datetime


class AgentDirectory(WireModel):
    station_code: str = Field(max_length=40)
    accounts: list[AgentAccountWire] = Field(default_factory=list, max_length=2000)


PIN_LENGTH = (6, 12)


def pin_problem(pin: str) -> str:
    """Why a new agent PIN is refused, "" when it is fine. Both ends set PINs (the platform's
    ``agents add``, the terminal's first-boot ``kiosk agent add``), so the rule lives here. Six digits
    at least: a PIN also unlocks the agent's drafts (kiosk/drafts.py), and each digit is a factor of ten
    for someone guessing offline."""
    low, high = PIN_LENGTH
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        return f"the PIN must be {low} to {high} digits"
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if len(set(pin)) == 1 or steps in ({1}, {9}):
        return "the PIN must not be one digit repeated or a run such as 123456"
    return ""


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 or the name ``localhost``: traffic that never leaves the machine. Both ends use the
    rule: the terminal sends plain HTTP nowhere else, the platform warns when it serves plain HTTP elsewhere."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def canonical_digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
