"""The terminal's device credential: platform URL, device id and token, platform public key, station.

Kept in ``<home>/secrets/credentials.json`` with 0600 permissions (the folder 0700), never in the TOML
configuration. The file format is ``wire.StoredCredentials`` so the embedded demo platform can write
it too.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from pydantic import ValidationError

from offline_cache import wire


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
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    body = wire.StoredCredentials(**dataclasses.asdict(creds)).model_dump_json(indent=2)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, body.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return path


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
