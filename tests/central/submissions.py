"""What a terminal sends, built by hand for the platform tests: a sealed application (the manifest made by
the terminal's own ``offline_cache.manifest.build_manifest``), its uploads, and the raw HTTP calls, so a
test can also send what no honest terminal would (an attacker's requests)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from offline_cache import sealing, wire
from offline_cache.credentials import Credentials
from offline_cache.manifest import build_manifest
from offline_cache.platform_client import PlatformClient
from tests.central.platform_fixtures import sample_application

API = wire.API_PREFIX
CREATED = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def auth(creds: Credentials) -> dict[str, str]:
    return {"Authorization": f"Bearer {creds.token}"}


def jauth(creds: Credentials) -> dict[str, str]:
    return {**auth(creds), "Content-Type": "application/json"}


def sealed_submission(
    public_key: str,
    app_id: str,
    attachments: list[bytes],
    revision: int = 1,
    form: Any = None,
    *,
    station: str = "GA0101",
    edit: Callable[[dict[str, Any]], Any] | None = None,
) -> tuple[wire.ApplicationSubmission, list[bytes]]:
    """The body of ``PUT /applications/{app_id}`` and the sealed attachment bytes to upload first.
    ``edit`` changes the manifest (as parsed JSON) before it is sealed: what a forger would send."""
    key = sealing.new_data_key()
    sealed = [sealing.seal_part(key, app_id, f"attachment:{i}", data) for i, data in enumerate(attachments)]
    parts = [
        {
            "part": f"attachment:{i}",
            "material": f"material{i}",
            "filename": f"scan{i}.pdf",
            "content_type": "application/pdf",
            "size": len(d),
            "sha256": hashlib.sha256(d).hexdigest(),
            "sealed_sha256": hashlib.sha256(s).hexdigest(),
            "sealed_size": len(s),
        }
        for i, (d, s) in enumerate(zip(attachments, sealed, strict=True))
    ]
    app = sample_application(form=form or {"x": 1})
    manifest = build_manifest(app, app_id, revision, station, "GA0101-20261127-0001", CREATED, parts)
    if edit is not None:
        manifest = json.dumps(edit(json.loads(manifest))).encode()
    sub = wire.ApplicationSubmission(
        revision=revision,
        wrapped_key=base64.b64encode(
            sealing.wrap_data_key(key, sealing.load_public_key(public_key), app_id)
        ).decode(),
        sealed_manifest=base64.b64encode(sealing.seal_part(key, app_id, "manifest", manifest)).decode(),
        attachments=[wire.AttachmentRef(sha256=hashlib.sha256(s).hexdigest(), size=len(s)) for s in sealed],
        clear=wire.ApplicationClear(
            station_code=station,
            local_receipt_no="GA0101-20261127-0001",
            item_code="520900-GA-0001",
            catalogue_version="2026.11.1",
            created_at=CREATED,
        ),
    )
    return sub, sealed


def upload_all(client: PlatformClient, blobs: list[bytes], folder: Path) -> None:
    for i, blob in enumerate(blobs):
        path = folder / f"blob{i}-{uuid.uuid4().hex}"
        path.write_bytes(blob)
        client.upload(path, hashlib.sha256(blob).hexdigest(), len(blob), None, lambda _u: None)


def put_raw(
    url: str, creds: Credentials, app_id: str, body: wire.ApplicationSubmission | str, timeout: float = 10
) -> requests.Response:
    """PUT an application over plain HTTP, to see the status code and body the client would interpret."""
    data = body if isinstance(body, str) else body.model_dump_json()
    return requests.put(f"{url}{API}/applications/{app_id}", data=data, headers=jauth(creds), timeout=timeout)
