"""Agents (代办员) at the terminal: login with number and PIN, the lockout policy, the agent's session.

The accounts are the platform's, kept by the store (``offline_cache/agent_accounts.py``), or a local
first-boot one (``kiosk agent add``). A PIN is checked against the account's argon2id verifier with the
parameters stored in it (argon2-cffi), one slow check at a time, never on the Qt thread (the UI calls
``Terminal.agent_login`` through ``ui/tasks``). Wrong PINs lock the account: ``MAX_TRIES`` tries, then
``LOCK_S`` seconds, doubling per further wrong PIN up to ``LOCK_CAP_S``; the count is in the database and
taken before the check, so a restart or a power cut gains nothing, and it works the same offline.

A successful login also derives the agent's draft key (``draft_key``: argon2id of the PIN with a salt of
this terminal's own, the verifier's cost parameters; not the verifier, whose salt is the platform's), so
that drafts (``kiosk/drafts.py``) open only for that agent with that PIN.

Errors (drawn in ``kiosk/errors.py``): ``UnknownAgent``, ``NoAgents``, ``WrongPin`` (``tries_left``),
``AgentLocked`` (``seconds``), ``AgentDisabled``, ``BadAgentInput``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import TYPE_CHECKING, ClassVar

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret_raw

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from offline_cache.agent_accounts import AgentAccount, AgentAccounts


# The demo platform's sample agents (样例): number, name, PIN. Only a demo data folder ever has them.
DEMO_AGENTS = (("8001", "王样例", "200801"), ("8002", "李样例", "200802"))

MAX_TRIES = 5
LOCK_S = 60.0
LOCK_CAP_S = 3600.0
_HASHER = PasswordHasher()
_ONE_CHECK = threading.Lock()  # one slow check at a time: a burst of taps must not fill the memory


class AgentError(KioskError):
    code: ClassVar[str] = "agent.error"


class UnknownAgent(AgentError):
    code: ClassVar[str] = "agent.unknown"


class NoAgents(UnknownAgent):
    """This terminal has no agent account at all: never synced with the platform, none made locally."""

    code: ClassVar[str] = "agent.none"


class WrongPin(AgentError):
    code: ClassVar[str] = "agent.wrong_pin"

    def __init__(self, tries_left: int, locked_for: float) -> None:
        super().__init__(f"wrong PIN ({tries_left} tries left)")
        self.tries_left = tries_left
        self.locked_for = locked_for  # > 0: this wrong PIN locked the account


class AgentLocked(AgentError):
    code: ClassVar[str] = "agent.locked"

    def __init__(self, seconds: float) -> None:
        super().__init__(f"locked for {seconds:.0f} s")
        self.seconds = seconds


class AgentDisabled(AgentError):
    code: ClassVar[str] = "agent.disabled"


class BadAgentInput(AgentError):
    code: ClassVar[str] = "agent.invalid"


def lock_seconds(failures: int) -> float:
    """How long the account stays locked after ``failures`` wrong PINs in a row."""
    if failures < MAX_TRIES:
        return 0.0
    return min(LOCK_S * float(2 ** min(failures - MAX_TRIES, 32)), LOCK_CAP_S)


@dataclasses.dataclass(frozen=True, slots=True)
class AgentSession:
    """A logged-in agent. ``draft_key`` opens that agent's drafts; it lives as long as the login."""

    number: str
    name: str
    villages: tuple[str, ...]
    local: bool
    draft_key: bytes = dataclasses.field(repr=False)
    previous_login: dt.datetime | None  # for "came back since the last login" on the dashboard

    @property
    def masked(self) -> str:
        """What receipts and the header show: "8001 王*" (the surname only: an agent is known by number)."""
        return f"{self.number} {self.name[:1]}*"


def draft_key(pin: str, salt: bytes, verifier: str) -> bytes:
    """The key that wraps the agent's draft keys: as slow as the PIN's verifier, with another salt."""
    p = extract_parameters(verifier)
    return hash_secret_raw(
        pin.encode("ascii"), salt, p.time_cost, p.memory_cost, p.parallelism, 32, Type.ID, p.version
    )


def new_verifier(pin: str) -> str:
    from offline_cache.wire import pin_problem

    problem = pin_problem(pin)
    if problem:
        raise BadAgentInput(problem)
    return _HASHER.hash(pin)


def _matches(account: AgentAccount, pin: str) -> bool:
    try:
        return _HASHER.verify(account.pin_verifier, pin)
    except (VerificationError, InvalidHashError):
        return False


def login(accounts: AgentAccounts, number: str, pin: str) -> AgentSession:
    """Check ``pin`` for agent ``number``. Blocking and slow (argon2id): never on the Qt thread. The time
    is the store's clock, the one the lock was written with."""
    with _ONE_CHECK:
        account, now = accounts.begin_attempt(number, lock_seconds)
        if account is None:
            raise NoAgents("no agent accounts") if not accounts.all() else UnknownAgent("no such agent")
        if account.disabled:
            raise AgentDisabled("the agent is disabled")
        if account.locked_until is not None and account.locked_until > now:
            raise AgentLocked((account.locked_until - now).total_seconds())
        if not pin.isascii() or not pin.isdigit() or not _matches(account, pin):
            failures = account.failures + 1
            raise WrongPin(max(0, MAX_TRIES - failures), lock_seconds(failures))
        salt = accounts.login_succeeded(number)
        key = draft_key(pin, salt, account.pin_verifier)
    return AgentSession(
        account.number, account.name, account.villages, account.local, key, account.last_login_at
    )


def still_allowed(accounts: AgentAccounts, number: str) -> bool:
    """After a sync: is the logged-in agent still an enabled account of this terminal?"""
    account = accounts.get(number)
    return account is not None and not account.disabled
