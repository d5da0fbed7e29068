"""The terminal's tus client against the official Node server (@tus/server with @tus/file-store), and what it
puts on the wire against kiosk-central: OPTIONS once, extensions only when offered, a Content-Length on
every body, a cut connection resumed to a byte-identical file."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
import requests

from offline_cache.credentials import Credentials
from offline_cache.platform_client import INLINE_UPLOAD, PlatformClient, PlatformUnreachable
from tests.central.platform_fixtures import RunningPlatform
from tests.faults.proxy import Fault, FaultProxy
from tests.interop.conftest import NodeTusServer


def _anonymous(url: str) -> Credentials:
    return Credentials(url, "device-1", "no-token-needed-here", "", "GA0101")


def _client(creds: Credentials, **kw: Any) -> tuple[PlatformClient, list[requests.PreparedRequest]]:
    """A client whose every request, as sent, is kept (the session's response hook sees it)."""
    client = PlatformClient(creds, **kw)
    sent: list[requests.PreparedRequest] = []
    client.session.hooks["response"].append(lambda resp, *_a, **_k: sent.append(resp.request))
    return client, sent


def _file(tmp_path: Path, size: int, seed: int) -> tuple[Path, str]:
    path = tmp_path / f"scan-{seed}.bin"
    path.write_bytes(os.urandom(size))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def _bodies_have_a_length(sent: list[requests.PreparedRequest]) -> None:
    for req in sent:
        if req.method in ("PATCH", "POST"):
            assert "Transfer-Encoding" not in req.headers, req.method
            assert req.headers["Content-Length"] == str(len(req.body or b"")), req.method  # type: ignore[arg-type]
            assert not isinstance(req.body, bytes | bytearray) or not req.body  # streamed from the file


def test_uploads_to_the_official_node_server(tus_node_server: NodeTusServer, tmp_path: Path) -> None:
    client, sent = _client(_anonymous(tus_node_server.url), chunk_size=1024 * 1024)
    for size, seed in ((3_000_000, 1), (100_000, 2), (0, 3)):
        path, sha = _file(tmp_path, size, seed)
        url = client.upload(path, sha, size, None, lambda _u: None)
        assert tus_node_server.file_of(url) == path.read_bytes()
        info = json.loads((tus_node_server.files / (url.rsplit("/", 1)[1] + ".json")).read_text())
        assert info["metadata"]["sha256"] == sha
    assert [r.method for r in sent].count("OPTIONS") == 1  # discovery once per client
    plain = "creation-with-upload" not in (client.tus_server().extensions)
    posts = [r for r in sent if r.method == "POST"][:2]  # (an empty file is always a body-less creation)
    assert all(("Content-Type" in r.headers) != plain for r in posts)  # creation-with-upload only if offered
    assert not any("Upload-Checksum" in r.headers for r in sent)  # @tus/server offers no checksum
    _bodies_have_a_length(sent)


@pytest.mark.parametrize("tus_node_server", ["full"], indirect=True)
def test_a_cut_connection_resumes_on_the_node_server(tus_node_server: NodeTusServer, tmp_path: Path) -> None:
    size = 2_000_000
    path, sha = _file(tmp_path, size, 4)
    host, port = tus_node_server.url.removeprefix("http://").split(":")
    cuts = iter([Fault("cut_up", at=700_000)])  # the first connection breaks mid-PATCH, later ones do not
    with FaultProxy((host, int(port)), lambda _n: next(cuts, Fault())) as proxy:
        client, sent = _client(_anonymous(proxy.url), timeout=10, chunk_size=4 * 1024 * 1024)
        remembered: list[str | None] = []
        with pytest.raises(PlatformUnreachable):
            client.upload(path, sha, size, None, remembered.append)
        [url] = remembered
        assert url is not None
        assert (
            requests.head(url, headers={"Tus-Resumable": "1.0.0"}, timeout=10).headers["Upload-Offset"] != "0"
        )
        assert client.upload(path, sha, size, url, remembered.append) == url
    assert tus_node_server.file_of(url) == path.read_bytes()
    methods = [r.method for r in sent]
    assert methods[-2:] == ["HEAD", "PATCH"]  # resumed where the server stood, not started over
    _bodies_have_a_length(sent)


def test_against_kiosk_central_bodies_have_a_length_and_checksums_are_sent(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    client, sent = _client(sqlite_central.enrol(), chunk_size=1024 * 1024)
    files = [
        _file(tmp_path, size, seed)
        for size, seed in ((2_500_000, 5), (INLINE_UPLOAD, 6), (INLINE_UPLOAD + 1, 7))
    ]
    for path, sha in files:
        client.upload(path, sha, path.stat().st_size, None, lambda _u: None)
        assert sqlite_central.platform.blobs.path(sha).read_bytes() == path.read_bytes()
    assert [r.method for r in sent].count("OPTIONS") == 1
    patches = [r for r in sent if r.method == "PATCH"]
    assert all(r.headers["Upload-Checksum"].startswith("sha256 ") for r in patches)
    assert [r.headers["Content-Length"] for r in patches] == [
        "1048576",
        "1048576",
        "402848",
        str(INLINE_UPLOAD + 1),
    ]
    _bodies_have_a_length(sent)
    # The same scan again (a supplement that keeps it): the platform says it has this terminal's file.
    del sent[:]
    path, sha = files[0]
    client.upload(path, sha, path.stat().st_size, None, lambda _u: None)
    assert [(r.method, r.headers["Content-Length"]) for r in sent] == [("POST", "0")]
