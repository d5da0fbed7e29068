"""Drafts: an agent's filing saved half-way (form answers, captured pages, signatures so far), sealed so
that only that agent's PIN opens it.

Each draft has a fresh 256-bit data key; the payload is AES-256-GCM under it, and the data key is wrapped
(AES-256-GCM) under the agent's draft key, which exists only while the agent is logged in (derived from
the PIN at login, ``kiosk/agents.py``). A stolen terminal holds no key that opens a draft, and another
agent's key does not unwrap it. The file is one line of clear header, then the sealed payload:

    {"format": "village-kiosk.draft/1", "draft_id", "agent", "item_code", "created_at", "saved_at",
     "key_nonce", "wrapped_key", "nonce"}\\n<AES-GCM ciphertext>

The header holds nothing personal (the agent's number, the item code, times); every header field is the
associated data of both seals, so a header edited on disk makes the draft fail to open (``DraftDamaged``)
rather than open as something else. Drafts older than ``max_age`` are wiped (``wipe_expired``); the
dashboard warns about those that go within a day (``DraftInfo.expires_soon``).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any, ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from drivers.card.identity import Identity
from kiosk.errors import KioskError
from kiosk.session import CapturedPage, Session
from offline_cache.files import write_atomically

FORMAT = "village-kiosk.draft/1"
WARN_BEFORE = dt.timedelta(days=1)


class DraftError(KioskError):
    code: ClassVar[str] = "draft.error"


class DraftMissing(DraftError):
    code: ClassVar[str] = "draft.missing"


class DraftDamaged(DraftError):
    code: ClassVar[str] = "draft.damaged"


@dataclasses.dataclass(frozen=True, slots=True)
class DraftInfo:
    """What the dashboard lists of a draft without opening it. ``damaged``: its header cannot be read."""

    draft_id: str
    item_code: str
    created_at: dt.datetime | None
    saved_at: dt.datetime | None
    expires_at: dt.datetime | None
    expires_soon: bool
    damaged: bool = False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aad(header: dict[str, Any]) -> bytes:
    fields = {k: header[k] for k in ("format", "draft_id", "agent", "item_code", "created_at", "saved_at")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


class DraftBox:
    """The drafts folder of a terminal: ``<home>/drafts/<agent>/<draft id>.draft``, owner-only."""

    def __init__(self, folder: Path, max_age: dt.timedelta) -> None:
        self.folder = folder
        self.max_age = max_age

    def _path(self, agent: str, draft_id: str) -> Path:
        if not (agent.isascii() and agent.isdigit()) or not _is_id(draft_id):
            raise DraftMissing("not a draft of this terminal")
        return self.folder / agent / f"{draft_id}.draft"

    def save(
        self, agent: str, key: bytes, item_code: str, payload: dict[str, Any], draft_id: str | None = None,
        now: dt.datetime | None = None,
    ) -> str:  # fmt: skip
        """Seal ``payload`` (JSON-able) for ``agent``; the same ``draft_id`` again replaces that draft."""
        now = now or dt.datetime.now(dt.UTC)
        draft_id = draft_id or uuid.uuid4().hex
        path = self._path(agent, draft_id)
        created = self._created_at(path) or now
        header: dict[str, Any] = {
            "format": FORMAT, "draft_id": draft_id, "agent": agent, "item_code": item_code,
            "created_at": created.isoformat(), "saved_at": now.isoformat(),
        }  # fmt: skip
        data_key, key_nonce, nonce = AESGCM.generate_key(256), os.urandom(12), os.urandom(12)
        aad = _aad(header)
        header["key_nonce"], header["nonce"] = _b64(key_nonce), _b64(nonce)
        header["wrapped_key"] = _b64(AESGCM(key).encrypt(key_nonce, data_key, aad))
        body = AESGCM(data_key).encrypt(nonce, json.dumps(payload, ensure_ascii=False).encode("utf-8"), aad)
        write_atomically(path, json.dumps(header).encode("ascii") + b"\n" + body)
        return draft_id

    def open(self, agent: str, key: bytes, draft_id: str) -> dict[str, Any]:
        path = self._path(agent, draft_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise DraftMissing("no such draft") from None
        try:
            head, body = raw.split(b"\n", 1)
            header = json.loads(head)
            if header.get("agent") != agent or header.get("draft_id") != draft_id:
                raise ValueError("header names another draft")
            aad = _aad(header)
            b = base64.b64decode
            data_key = AESGCM(key).decrypt(b(header["key_nonce"]), b(header["wrapped_key"]), aad)
            opened = json.loads(AESGCM(data_key).decrypt(b(header["nonce"]), body, aad))
        except (ValueError, KeyError, TypeError, InvalidTag):
            raise DraftDamaged("the draft does not open with this agent's key") from None
        if not isinstance(opened, dict):
            raise DraftDamaged("the draft is not a filing")
        return opened

    def delete(self, agent: str, draft_id: str) -> None:
        self._path(agent, draft_id).unlink(missing_ok=True)

    def list(self, agent: str, now: dt.datetime | None = None) -> list[DraftInfo]:
        """The agent's drafts, newest first (never another agent's: each has a folder of its own)."""
        now = now or dt.datetime.now(dt.UTC)
        folder = self._path(agent, "0" * 32).parent
        infos = [self._info(p, now) for p in folder.glob("*.draft")] if folder.is_dir() else []
        return sorted(infos, key=lambda i: i.saved_at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)

    def _info(self, path: Path, now: dt.datetime) -> DraftInfo:
        header = _header(path)
        if header is None:
            return DraftInfo(path.stem, "", None, None, None, False, damaged=True)
        created = dt.datetime.fromisoformat(header["created_at"])
        expires = created + self.max_age
        return DraftInfo(
            path.stem, str(header.get("item_code", "")), created,
            dt.datetime.fromisoformat(header["saved_at"]), expires, expires - now <= WARN_BEFORE,
        )  # fmt: skip

    def _created_at(self, path: Path) -> dt.datetime | None:
        header = _header(path)
        return dt.datetime.fromisoformat(header["created_at"]) if header else None

    def wipe_expired(self, now: dt.datetime | None = None) -> int:
        """Delete every agent's drafts older than ``max_age`` (by when they were first saved)."""
        now = now or dt.datetime.now(dt.UTC)
        removed = 0
        for path in self.folder.glob("*/*.draft") if self.folder.is_dir() else []:
            header = _header(path)
            created = dt.datetime.fromisoformat(header["created_at"]) if header else None
            if created is None:
                created = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)  # a damaged one ages too
            if now - created >= self.max_age:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _is_id(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


def _header(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            header = json.loads(f.readline(4096))
        dt.datetime.fromisoformat(header["created_at"])
        dt.datetime.fromisoformat(header["saved_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return header if isinstance(header, dict) and header.get("format") == FORMAT else None


# -- a filing as a draft's payload, and back ---------------------------------------------------------------


def _identity_dict(identity: Identity) -> dict[str, Any]:
    d = dataclasses.asdict(identity)
    d["photo"] = _b64(identity.photo) if identity.photo else None
    for k in ("birth_date", "valid_from", "valid_to"):
        d[k] = d[k].isoformat() if d[k] else None
    d["sex"], d["source"] = identity.sex.value, identity.source.value
    return d


def _identity(d: dict[str, Any]) -> Identity:
    from drivers.card.identity import CardSource, Sex

    day = dt.date.fromisoformat
    return Identity(
        **{
            **d,
            "sex": Sex(d["sex"]),
            "source": CardSource(d["source"]),
            "birth_date": day(d["birth_date"]),
            "valid_from": day(d["valid_from"]) if d.get("valid_from") else None,
            "valid_to": day(d["valid_to"]) if d.get("valid_to") else None,
            "photo": base64.b64decode(d["photo"]) if d.get("photo") else None,
        }
    )


def session_payload(session: Session, form_values: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Everything of a filing under way (``extra``: the screens' own state, e.g. the signatures so far)."""
    return {
        "item_code": session.item_code,
        "identity": _identity_dict(session.identity) if session.identity else None,
        "form": form_values,
        "pages": {
            mid: [{"jpeg": _b64(p.jpeg), "width": p.width, "height": p.height} for p in pages]
            for mid, pages in session.pages.items()
        },
        "deferred": sorted(session.deferred),
        "supplement_of": session.supplement_of,
        "extra": extra,
    }


def restore_session(payload: dict[str, Any], session: Session) -> dict[str, Any]:
    """Fill ``session`` from a draft's payload; returns the payload's form values and extra state."""
    try:
        session.item_code = payload["item_code"]
        session.identity = _identity(payload["identity"]) if payload.get("identity") else None
        for mid, pages in payload.get("pages", {}).items():
            for p in pages:
                session.add_page(mid, CapturedPage(base64.b64decode(p["jpeg"]), p["width"], p["height"]))
        for mid in payload.get("deferred", []):
            session.defer(mid)
        session.supplement_of = payload.get("supplement_of")
        return {"form": dict(payload.get("form") or {}), "extra": dict(payload.get("extra") or {})}
    except (KeyError, TypeError, ValueError) as exc:
        raise DraftDamaged(f"the draft's filing is incomplete: {type(exc).__name__}") from None
