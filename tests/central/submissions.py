"""What a terminal sends, built by hand for the platform tests: a sealed application (the manifest made by
the terminal's own ``offline_cache.manifest.build_manifest``), its uploads, and the raw HTTP calls, so a
test can also send what no honest terminal would (an attacker's requests)."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import select
import socket
import uuid
from collections.abc import Callable, Iterable
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


@dataclasses.dataclass
class Exchange:
    status: int | None  # None: no answer came
    problem: dict[str, Any] | None
    answered_before_body: bool  # the answer was there before a byte of the body was sent
    body_sent: int  # body bytes the connection took before the answer came or it was closed


def exchange(
    host: str, port: int, head: str, body: Iterable[bytes], *, first_wait_s: float = 5.0, wait_s: float = 20.0
) -> Exchange:
    """One HTTP/1.1 request over a raw socket, the way an attacker sends it: the head, then body blocks
    while no answer has come. Stops sending as soon as the server answers or closes the connection."""
    with socket.create_connection((host, port), timeout=wait_s) as sock:
        sock.sendall(head.encode("latin-1"))
        early = _readable(sock, first_wait_s)
        answer = _read_answer(sock) if early else None
        sent = 0
        for block in body:
            if answer is None and _readable(sock, 0):
                break  # the server answered meanwhile
            try:
                sock.sendall(block)
            except OSError:  # the server closed the connection: it will not read more
                break
            sent += len(block)
        if answer is None:
            answer = _read_answer(sock) if _readable(sock, wait_s) else (None, None)
    return Exchange(answer[0], answer[1], early, sent)


def _readable(sock: socket.socket, timeout: float) -> bool:
    return bool(select.select([sock], [], [], timeout)[0])


def _read_answer(sock: socket.socket) -> tuple[int | None, dict[str, Any] | None]:
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = sock.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    if not head:
        return None, None
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    try:
        problem = json.loads(rest[:length]) if length else None
    except ValueError:
        problem = None
    return int(lines[0].split()[1]), problem


def request_head(method: str, path: str, host: str, headers: dict[str, str]) -> str:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
    return "\r\n".join(lines) + "\r\n\r\n"


def blocks(total: int, size: int = 1 << 20, fill: bytes = b" ") -> Iterable[bytes]:
    """``total`` bytes of body in blocks of ``size`` (whitespace: valid JSON padding, never a value)."""
    block = fill * size
    while total > 0:
        yield block[: min(size, total)]
        total -= size


def chunked(block: bytes, count: int) -> Iterable[bytes]:
    """A chunked body that never ends: ``count`` chunks and no terminating zero chunk."""
    for _ in range(count):
        yield f"{len(block):x}\r\n".encode() + block + b"\r\n"
