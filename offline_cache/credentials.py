"""The terminal's device credential: platform URL, device id and token, platform public key, station, and the
CA file the platform's certificate is checked against (when it is not in the system store).

Kept in ``<home>/secrets/credentials.json`` with 0600 permissions (the folder 0700), never in the TOML
configuration; a CA file given at enrolment is copied beside it (``platform-ca.pem``), so the terminal does
not depend on where the installer's copy was. Only the terminal reads and writes this file (the demo's
embedded platform enrols the terminal over HTTP like any platform), so its format lives here, not in the
wire contract.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from offline_cache import wire
from offline_cache.errors import CredentialsDamaged, NotEnrolled
from offline_cache.files import write_atomically

CREDENTIALS_FILE = ("secrets", "credentials.json")
CA_FILE = ("secrets", "platform-ca.pem")


@dataclasses.dataclass(frozen=True, slots=True)
class Credentials:
    url: str
    device_id: str
    token: str = dataclasses.field(repr=False)
    platform_public_key: str
    station_code: str
    ca_file: str = ""  # "" : the system's certificate store


class CredentialsFile(BaseModel):
    """The file's format. Unknown fields are ignored, so an older terminal reads a newer file."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str = Field(min_length=1, max_length=500)
    device_id: str = Field(min_length=1, max_length=100)
    token: str = Field(min_length=20, max_length=200)
    platform_public_key: str = Field(min_length=40, max_length=60)
    station_code: str = Field(min_length=1, max_length=40)
    ca_file: str = Field(default="", max_length=4096)


def credentials_path(home: Path) -> Path:
    return Path(home).joinpath(*CREDENTIALS_FILE)


def load_credentials(home: Path) -> Credentials | None:
    """The saved credentials, or None when the terminal is not enrolled (there is no file).
    ``CredentialsDamaged`` when the file is there but cannot be read or is not credentials."""
    path = credentials_path(home)
    try:
        stored = CredentialsFile.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CredentialsDamaged(f"the credentials file cannot be read ({type(exc).__name__})") from None
    except ValidationError:
        raise CredentialsDamaged("the credentials file does not hold credentials") from None
    return Credentials(**stored.model_dump())


def save_credentials(home: Path, creds: Credentials) -> Path:
    """Write atomically with 0600 permissions (a crash leaves the old file or the new one)."""
    path = credentials_path(home)
    body = CredentialsFile(**dataclasses.asdict(creds)).model_dump_json(indent=2)
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


def from_enrolment(url: str, answer: wire.EnrolmentResponse, ca_file: str = "") -> Credentials:
    return Credentials(
        url=url.rstrip("/"),
        device_id=answer.device_id,
        token=answer.token,
        platform_public_key=answer.platform_public_key,
        station_code=answer.station_code,
        ca_file=ca_file,
    )


def install_ca_file(home: Path, pem: bytes) -> Path:
    """Keep the platform's CA certificate(s) in the terminal's secrets folder; returns where."""
    path = Path(home).joinpath(*CA_FILE)
    write_atomically(path, pem)
    return path


def describe(creds: Credentials) -> str:
    """One line for logs and ``kiosk enroll``: never the token."""
    return json.dumps({"url": creds.url, "device_id": creds.device_id, "station_code": creds.station_code})
