"""The terminal's copy of its station's agent accounts (代办员), and each account's PIN lockout.

Accounts come from the platform (``GET /agents`` with ETag / If-None-Match, pulled by the sync engine like
the catalogue) and are kept for offline login; ``kiosk agent add`` makes a local first-boot account on a
terminal that was never synced (``origin = 'local'``), which an account of the same number from the
platform replaces. An account the platform no longer lists for this station is forgotten; one it lists
as disabled is kept, marked, so that a login is refused with the right words.

The lockout lives in the account's row, so neither a restart nor a sync resets it (a sync updates only the
platform's columns). An attempt is counted before the PIN is checked (``begin_attempt``) and the count
cleared only after a right PIN (``login_succeeded``): pulling the plug during the slow check gains
nothing. The policy (how many tries, how long a lock) is the core's (``kiosk/agents.py``).

A verifier whose cost parameters exceed ``MAX_MEMORY_KIB`` / ``MAX_TIME_COST`` is refused at sync: a
hostile or broken platform must not make every login take minutes or all the memory of the terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol

import sqlite_utils
from argon2 import extract_parameters
from argon2.exceptions import InvalidHashError
from pydantic import ValidationError

from offline_cache import wire
from offline_cache.db import utc_text
from offline_cache.errors import AgentAccountExists

if TYPE_CHECKING:
    from offline_cache.platform_client import AgentsFetch

log = logging.getLogger(__name__)

Transaction = Callable[[], contextlib.AbstractContextManager[sqlite_utils.Database]]
RefreshResult = Literal["replaced", "unchanged", "rejected"]
MAX_MEMORY_KIB = 256 * 1024
MAX_TIME_COST = 10
_ETAG_KEY, _SYNCED_KEY = "agents_etag", "agents_synced_at"
_COLUMNS = (
    "number, name, villages, pin_verifier, disabled, origin, updated_at, failures, locked_until, "
    "draft_salt, last_login_at"
)


@dataclasses.dataclass(frozen=True, slots=True)
class AgentAccount:
    number: str
    name: str
    villages: tuple[str, ...]
    pin_verifier: str = dataclasses.field(repr=False)
    disabled: bool
    origin: str  # platform | local
    failures: int  # wrong PINs in a row (an attempt under way counts as one)
    locked_until: dt.datetime | None
    draft_salt: bytes | None = dataclasses.field(repr=False)
    last_login_at: dt.datetime | None

    @property
    def local(self) -> bool:
        return self.origin == "local"


@dataclasses.dataclass(frozen=True, slots=True)
class AccountsState:
    """The accounts' sync state, for the admin area's sync monitor (``Terminal.agent_accounts_state``)."""

    accounts: int
    disabled: int
    local: int
    etag: str
    synced_at: dt.datetime | None  # the last time the platform answered (200 or 304)


class AgentsSource(Protocol):
    def agents(self, etag: str | None) -> AgentsFetch: ...  # PlatformClient.agents


def _time(text: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _row(r: tuple[Any, ...]) -> AgentAccount:
    return AgentAccount(
        number=r[0],
        name=r[1],
        villages=tuple(json.loads(r[2])),
        pin_verifier=r[3],
        disabled=bool(r[4]),
        origin=r[5],
        failures=int(r[7]),
        locked_until=_time(r[8]),
        draft_salt=r[9],
        last_login_at=_time(r[10]),
    )


def verifier_usable(verifier: str) -> bool:
    """An argon2id PHC string whose costs this terminal can afford."""
    try:
        p = extract_parameters(verifier)
    except (InvalidHashError, ValueError):
        return False
    return p.type.name == "ID" and p.memory_cost <= MAX_MEMORY_KIB and p.time_cost <= MAX_TIME_COST


class AgentAccounts:
    """``write``/``read`` are the store's locked transactions (``Store.agents``)."""

    def __init__(self, write: Transaction, read: Transaction, clock: Callable[[], dt.datetime]) -> None:
        self._write, self._read, self._clock = write, read, clock

    # -- reading ----------------------------------------------------------------------------------------
    def get(self, number: str) -> AgentAccount | None:
        with self._read() as db:
            r = db.execute(f"SELECT {_COLUMNS} FROM agent_accounts WHERE number = ?", [number]).fetchone()
        return None if r is None else _row(r)

    def all(self) -> list[AgentAccount]:
        with self._read() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM agent_accounts ORDER BY number").fetchall()
        return [_row(r) for r in rows]

    def state(self) -> AccountsState:
        with self._read() as db:
            counts = db.execute(
                "SELECT count(*), coalesce(sum(disabled), 0), coalesce(sum(origin = 'local'), 0) "
                "FROM agent_accounts"
            ).fetchone()
            meta = dict(
                db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [_ETAG_KEY, _SYNCED_KEY])
            )
        return AccountsState(
            int(counts[0]),
            int(counts[1]),
            int(counts[2]),
            meta.get(_ETAG_KEY, ""),
            _time(meta.get(_SYNCED_KEY, "")),
        )

    def filed_by(self, number: str) -> list[str]:
        """The application ids an agent filed here, oldest first: the filing's audit entry names the agent
        and is written in the filing's own transaction (offline_cache/store.py), so it is never missing."""
        with self._read() as db:
            rows = db.execute(
                "SELECT subject FROM audit_log WHERE kind = 'application.filed' AND actor = ? ORDER BY seq",
                [number],
            ).fetchall()
        return [str(r[0]) for r in rows]

    # -- local accounts ----------------------------------------------------------------------------------
    def add_local(self, number: str, name: str, villages: list[str], verifier: str) -> None:
        """A first-boot account made by the installer (``kiosk agent add``), marked local."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM agent_accounts WHERE number = ?", [number]).fetchone():
                raise AgentAccountExists(f"agent {number} exists on this terminal")
            db.execute(
                "INSERT INTO agent_accounts (number, name, villages, pin_verifier, origin, updated_at) "
                "VALUES (?, ?, ?, ?, 'local', ?)",
                [number, name, json.dumps(villages, ensure_ascii=False), verifier, utc_text(self._clock())],
            )

    # -- the lockout -------------------------------------------------------------------------------------
    def begin_attempt(
        self, number: str, lock_for: Callable[[int], float]
    ) -> tuple[AgentAccount | None, dt.datetime]:
        """Count one attempt as wrong before the PIN is checked (unless the account is locked now), and
        lock per ``lock_for(failures)`` seconds. The account as it was before this attempt (None if
        unknown), and the time the lock is measured against."""
        now = self._clock()
        with self._write() as db:
            r = db.execute(f"SELECT {_COLUMNS} FROM agent_accounts WHERE number = ?", [number]).fetchone()
            if r is None:
                return None, now
            account = _row(r)
            if account.disabled or (account.locked_until is not None and account.locked_until > now):
                return account, now
            failures = account.failures + 1
            seconds = lock_for(failures)
            until = utc_text(now + dt.timedelta(seconds=seconds)) if seconds > 0 else ""
            db.execute(
                "UPDATE agent_accounts SET failures = ?, locked_until = ? WHERE number = ?",
                [failures, until, number],
            )
            return account, now

    def login_succeeded(self, number: str) -> bytes:
        """The right PIN: the count starts again. Returns the account's draft salt (made at its first login)."""
        with self._write() as db:
            salt = db.execute("SELECT draft_salt FROM agent_accounts WHERE number = ?", [number]).fetchone()[
                0
            ]
            salt = salt or os.urandom(16)
            db.execute(
                "UPDATE agent_accounts SET failures = 0, locked_until = '', draft_salt = ?, last_login_at = ? "
                "WHERE number = ?",
                [salt, utc_text(self._clock()), number],
            )
            return bytes(salt)

    # -- from the platform ---------------------------------------------------------------------------------
    def refresh(self, source: AgentsSource) -> RefreshResult:
        """Fetch the station's accounts if they changed; raises the client's errors when unreachable."""
        fetched = source.agents(self.state().etag or None)
        if fetched.data is None:
            self._set_meta(_SYNCED_KEY, utc_text(self._clock()))
            return "unchanged"
        try:
            directory = wire.AgentDirectory.model_validate_json(fetched.data)
        except ValidationError as exc:
            log.warning("agent accounts from the platform rejected: %d problem(s)", exc.error_count())
            return "rejected"
        unusable = [a.number for a in directory.accounts if not verifier_usable(a.pin_verifier)]
        if unusable:
            log.warning("agent accounts rejected: %d PIN verifier(s) this terminal cannot use", len(unusable))
            return "rejected"
        self.replace(directory.accounts, fetched.etag or "")
        return "replaced"

    def replace(self, accounts: list[wire.AgentAccountWire], etag: str) -> None:
        """The platform's list becomes this terminal's, in one transaction; lockouts and draft salts stay."""
        now = utc_text(self._clock())
        with self._write() as db:
            for a in accounts:
                db.execute(
                    "INSERT INTO agent_accounts (number, name, villages, pin_verifier, disabled, origin, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, 'platform', ?) ON CONFLICT (number) DO UPDATE SET "
                    "name = excluded.name, villages = excluded.villages, pin_verifier = excluded.pin_verifier, "
                    "disabled = excluded.disabled, origin = 'platform', updated_at = excluded.updated_at",
                    [a.number, a.name, json.dumps(a.villages, ensure_ascii=False), a.pin_verifier, int(a.disabled),
                     utc_text(a.updated_at)],
                )  # fmt: skip
            kept = [a.number for a in accounts]
            marks = ",".join("?" * len(kept)) or "''"
            db.execute(
                f"DELETE FROM agent_accounts WHERE origin = 'platform' AND number NOT IN ({marks})", kept
            )
            for key, value in ((_ETAG_KEY, etag), (_SYNCED_KEY, now)):
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def _set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
