"""Agent accounts (代办员) on the platform: who may file on villagers' behalf, at which stations.

An agent has a number, a display name, the stations whose terminals get the account (and the villages it
serves), and a PIN kept only as an argon2id PHC string (argon2-cffi: a random salt and the cost parameters
are inside the string, so a terminal verifies with exactly what the platform chose). Terminals pull their
station's accounts (``GET /agents``, ETag: a disable or a PIN reset reaches a terminal at its next sync)
and keep them for offline login. Disabled accounts stay in the list, marked, so that a terminal that has
one logged in logs it out.

Every revision an agent files records, from the opened manifest, the agent number, the consent's version
and hash and how the villager's presence was proven (``record``); one filed after the agent was disabled
(a terminal that was offline) is accepted but flagged for staff (``agent_flag``).
"""

import datetime as dt
import json
import re
from typing import Annotated, Any

from argon2 import PasswordHasher
from fastapi import Depends, FastAPI, Header, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from central import errors
from central.models import AgentAccount, Revision, aware, utcnow
from offline_cache import wire

# argon2-cffi's defaults (RFC 9106's second recommendation, scaled down): t=3, 64 MiB, p=4, ~0.2 s here.
_HASHER = PasswordHasher()
_STATION = re.compile(r"^[A-Za-z0-9]{1,40}$")
FLAG_DISABLED = "agent_disabled"
FLAG_UNKNOWN = "agent_unknown"


def pin_verifier(pin: str) -> str:
    problem = wire.pin_problem(pin)
    if problem:
        raise errors.AgentInvalid(problem)
    return _HASHER.hash(pin)


class Agents:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def add(self, number: str, name: str, stations: list[str], villages: list[str], pin: str) -> None:
        self._check(number, name, stations, villages)
        verifier = pin_verifier(pin)
        with self.sessions.begin() as s:
            if s.get(AgentAccount, number) is not None:
                raise errors.AgentExists(f"agent {number} exists already")
            s.add(
                AgentAccount(
                    number=number, name=name, stations=stations, villages=villages, pin_verifier=verifier
                )
            )

    @staticmethod
    def _check(number: str, name: str, stations: list[str], villages: list[str]) -> None:
        try:  # the wire model's bounds, so that every account stored can be sent to a terminal
            wire.AgentAccountWire(
                number=number, name=name, villages=villages, pin_verifier="", updated_at=utcnow()
            )
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors()} - {"pin_verifier"}
            if bad:
                raise errors.AgentInvalid(f"invalid {', '.join(sorted(bad))}") from None
        if not stations or not all(_STATION.match(c) for c in stations):
            raise errors.AgentInvalid("at least one station code, letters and digits only")

    def set_disabled(self, number: str, disabled: bool) -> None:
        with self.sessions.begin() as s:
            row = self._get(s, number)
            if disabled and row.disabled_at is None:
                row.disabled_at = utcnow()
            elif not disabled:
                row.disabled_at = None
            row.updated_at = utcnow()

    def reset_pin(self, number: str, pin: str) -> None:
        verifier = pin_verifier(pin)
        with self.sessions.begin() as s:
            row = self._get(s, number)
            row.pin_verifier, row.updated_at = verifier, utcnow()

    @staticmethod
    def _get(s: Session, number: str) -> AgentAccount:
        row = s.get(AgentAccount, number)
        if row is None:
            raise errors.AgentNotFound(f"no agent {number}")
        return row

    def list_all(self) -> list[dict[str, Any]]:
        """Every account, for ``kiosk-central agents list`` and the staff console (no verifier)."""
        with self.sessions() as s:
            rows = s.scalars(select(AgentAccount).order_by(AgentAccount.number)).all()
            return [
                {
                    "number": r.number,
                    "name": r.name,
                    "stations": list(r.stations),
                    "villages": list(r.villages),
                    "disabled_at": aware(r.disabled_at).isoformat() if r.disabled_at else None,
                    "updated_at": aware(r.updated_at).isoformat(),
                }
                for r in rows
            ]

    def directory(self, station_code: str) -> tuple[bytes, str]:
        """The accounts a terminal of ``station_code`` keeps, as JSON, and its ETag (a hash of the body:
        any change of a name, a village, a PIN or a disable gives a new one)."""
        with self.sessions() as s:
            rows = s.scalars(select(AgentAccount).order_by(AgentAccount.number)).all()
            accounts = [
                wire.AgentAccountWire(
                    number=r.number,
                    name=r.name,
                    villages=list(r.villages),
                    pin_verifier=r.pin_verifier,
                    disabled=r.disabled_at is not None,
                    updated_at=aware(r.updated_at),
                )
                for r in rows
                if station_code in r.stations
            ]
        body = wire.AgentDirectory(station_code=station_code, accounts=accounts).model_dump(mode="json")
        return json.dumps(body, ensure_ascii=False).encode("utf-8"), f'"{wire.canonical_digest(body)[:32]}"'

    def filings(self, app_id: str | None = None) -> list[dict[str, Any]]:
        """Per revision filed by an agent: the named, plain fields the staff console shows."""
        query = select(Revision).where(Revision.agent_no.is_not(None)).order_by(Revision.id)
        if app_id is not None:
            query = query.where(Revision.app_id == app_id)
        with self.sessions() as s:
            return [
                {
                    "app_id": r.app_id,
                    "revision": r.revision,
                    "agent_no": r.agent_no,
                    "consent_version": r.consent_version,
                    "consent_sha256": r.consent_sha256,
                    "presence": r.presence,
                    "agent_flag": r.agent_flag or "",
                }
                for r in s.scalars(query)
            ]

    def record(self, manifest: wire.ApplicationManifest) -> dict[str, Any]:
        """The revision's columns on who filed it for whom (all None when the villager filed alone)."""
        if not manifest.agent_id:
            return {}
        consent = manifest.consent
        with self.sessions() as s:
            row = s.get(AgentAccount, manifest.agent_id)
            flag = ""
            if row is None:
                flag = FLAG_UNKNOWN
            elif disabled_before(row, manifest.created_at):
                flag = FLAG_DISABLED
        return {
            "agent_no": manifest.agent_id,
            "consent_version": str(consent.get("version", ""))[:40] or None,
            "consent_sha256": str(consent.get("sha256", ""))[:64] or None,
            "presence": str(consent.get("presence", ""))[:60] or None,
            "agent_flag": flag,
        }


def add_agent_routes(app: FastAPI, agents: Agents, device_dep: Any) -> None:
    """``GET /agents``: the accounts of the calling terminal's station, 304 when its ETag still holds."""

    @app.get(
        f"{wire.API_PREFIX}/agents",
        responses={
            200: {"model": wire.AgentDirectory, "description": "the station's agents"},
            304: {"description": "unchanged"},
            401: {"model": wire.Problem, "description": "no valid device token"},
        },
    )
    def agent_directory(
        device: Annotated[Any, Depends(device_dep)],
        if_none_match: Annotated[str | None, Header(max_length=200)] = None,
    ) -> Response:
        data, etag = agents.directory(device.station_code)
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(data, media_type="application/json", headers={"ETag": etag})


def disabled_before(row: AgentAccount, at: dt.datetime) -> bool:
    """Disabled at or before ``at`` (the filing's time on the terminal, which filed it offline)."""
    return row.disabled_at is not None and aware(row.disabled_at) <= aware(at)
