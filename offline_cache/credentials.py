"""The terminal's device credential: platform URL, device id and token, platform public key, station.

Kept in ``<home>/secrets/credentials.json`` with 0600 permissions (the folder 0700), never in the TOML
configuration. The file format is ``wire.StoredCredentials`` so the embedded demo platform can write
it too.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pydantic import ValidationError

from offline_cache import wire
from offline_cache.errors import NotEnrolled
from offline_cache.files import write_atomically


@dataclasses.dataclass(frozen=True, slots=True)
class Credentials:
    url: str
    device_id: str
    token: str = dataclasses.field(repr=False)
    platform_public_key: str
    station_code: str


def credentials_path(home: Path) -> Path:
    return Path(home).joinpath(*wire.CREDENTIALS_FILE)


def load_credentials(home: Path) -> Credentials | None:
    """The saved credentials, or None when the terminal is not enrolled (or the file is unreadable)."""
    try:
        stored = wire.StoredCredentials.model_validate_json(credentials_path(home).read_bytes())
    except (OSError, ValidationError):
        return None
    return Credentials(
        url=stored.url,
        device_id=stored.device_id,
        token=stored.token,
        platform_public_key=stored.platform_public_key,
        station_code=stored.station_code,
    )


def save_credentials(home: Path, creds: Credentials) -> Path:
    """Write atomically with 0600 permissions (a crash leaves the old file or the new one)."""
    path = credentials_path(home)
    body = wire.StoredCredentials(**dataclasses.asdict(creds)).model_dump_json(indent=2)
    write_atomically(path, body.encode("utf-8"))
    return path


def replace_token(home: Path, token: str) -> Credentials:
    """Save a rotated device token in place of the current one (atomically: the old file or the new).
    Call it before using the token: the platform keeps the old one valid until the new one is used."""
    current = load_credentials(home)
    if current is None:
        raise NotEnrolled("no credentials to replace the token in")
    updated = dataclasses.replace(current, token=token)
    save_credentials(home, updated)
    return updated


def saved_token(home: Path) -> str | None:
    """The token in the credentials file now (another process of this terminal may have rotated it)."""
    creds = load_credentials(home)
    return creds.token if creds is not None else None


def from_enrolment(url: str, answer: wire.EnrolmentResponse) -> Credentials:
    return Credentials(
        url=url.rstrip("/"),
        device_id=answer.device_id,
        token=answer.token,
        platform_public_key=answer.platform_public_key,
        station_code=answer.station_code,
    )


def describe(creds: Credentials) -> str:
    """One line for logs and ``kiosk enroll``: never the token."""
    return json.dumps({"url": creds.url, "device_id": creds.device_id, "station_code": creds.station_code})
