"""Upload benchmark: the terminal's tus client against curl, and wire bytes on a link that keeps breaking.

1. Goodput of a 20 MB attachment terminal -> platform over loopback (``kiosk-central serve`` in its own
   process, SQLite): ``PlatformClient.upload`` (tus creation + PATCH chunks with SHA-256 checksums)
   against ``curl`` PATCHing the same file to the same server. Goal: ratio >= 0.8.
2. Bytes on the wire per payload byte when a proxy cuts the connection at random about every 1 MB,
   against the same upload through the same proxy without cuts. Goal: <= 1.1.

Run: ``.venv/bin/python bench/bench_upload.py [--mb 20] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from central.service import Platform  # noqa: E402
from offline_cache import wire  # noqa: E402
from offline_cache.credentials import Credentials  # noqa: E402
from offline_cache.platform_client import PlatformClient, PlatformUnreachable  # noqa: E402
from tests.faults.proxy import Fault, FaultProxy  # noqa: E402


def start_server(db: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.central.platform_fixtures import serve_process

    return serve_process(db, folder / "blobs", {**os.environ, "PYTHONPATH": str(ROOT)})


def ours(creds: Credentials, path: Path, sha: str, size: int) -> float:
    client = PlatformClient(creds, timeout=60)
    start = time.perf_counter()
    client.upload(path, sha, size, None, lambda _u: None)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed


def curl(creds: Credentials, path: Path, size: int) -> float:
    resp = requests.post(
        creds.url + wire.API_PREFIX + "/uploads",
        headers={
            "Authorization": f"Bearer {creds.token}",
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(size),
        },
        timeout=30,
    )
    url = creds.url + resp.headers["Location"]
    out = subprocess.run(
        [
            "curl", "-s", "-o", "/dev/null", "-w", "%{time_total} %{http_code}", "-X", "PATCH", "-T", str(path),
            "-H", f"Authorization: Bearer {creds.token}", "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
            "-H", "Content-Type: application/offset+octet-stream", "-H", "Expect:", url,
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds, code = out.stdout.split()
    if code != "204":
        raise SystemExit(f"curl upload failed: HTTP {code}")
    return float(seconds)


def through_proxy(
    creds: Credentials, path: Path, sha: str, size: int, cut_every: int | None, seed: int
) -> tuple[float, int]:
    """Upload via the fault proxy until done; returns (wire bytes / payload bytes, connections)."""
    rng = random.Random(seed)

    def policy(_n: int) -> Fault:
        if cut_every is None:
            return Fault("ok")
        return Fault("cut_up", at=max(1, int(rng.expovariate(1 / cut_every))))

    target = creds.url.removeprefix("http://").split(":")
    with FaultProxy((target[0], int(target[1])), policy) as proxy:
        client = PlatformClient(
            Credentials(
                proxy.url, creds.device_id, creds.token, creds.platform_public_key, creds.station_code
            ),
            timeout=30,
        )
        state: dict[str, str | None] = {"url": None}
        for _ in range(10_000):
            try:
                client.upload(path, sha, size, state["url"], lambda u: state.__setitem__("url", u))
                break
            except PlatformUnreachable:
                continue
        client.close()
        time.sleep(0.2)  # let the proxy's pumps count the last bytes
        return (proxy.up_bytes + proxy.down_bytes) / size, proxy.connections


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = int(args.mb * 1024 * 1024)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = f"sqlite:///{tmp / 'central.db'}"
        platform = Platform(db, tmp / "blobs")  # same database as the server: issues the enrolment code
        proc, url = start_server(db, tmp)
        try:
            creds = PlatformClient.enrol(url, platform.issue_enrolment_code("GA0101"))
            ours_s, curl_s = [], []
            for r in range(args.rounds):
                path = tmp / f"scan{r}.bin"
                path.write_bytes(random.Random(r).randbytes(size))
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
                if r % 2:
                    curl_s.append(curl(creds, path, size))
                    ours_s.append(ours(creds, path, sha, size))
                else:
                    ours_s.append(ours(creds, path, sha, size))
                    curl_s.append(curl(creds, path, size))
            mb = size / 1e6
            o, c = mb / statistics.median(ours_s), mb / statistics.median(curl_s)
            print(f"upload goodput, {args.mb:g} MiB over loopback ({args.rounds} rounds, median):")
            print(f"  terminal tus client  {o:8.1f} MB/s")
            print(f"  curl PATCH (baseline){c:8.1f} MB/s")
            print(f"  ratio                {o / c:8.2f}   (goal >= 0.8)")

            path = tmp / "cut.bin"
            path.write_bytes(random.Random(99).randbytes(size))
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            clean, _ = through_proxy(creds, path, sha, size, None, 1)
            path.write_bytes(random.Random(98).randbytes(size))  # new bytes: the platform must not dedupe
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            cut, conns = through_proxy(creds, path, sha, size, 1024 * 1024, 2)
            print(f"wire bytes per payload byte, {args.mb:g} MiB through a TCP proxy:")
            print(f"  cut at random ~every 1 MB ({conns} connections) {cut:8.4f}")
            print(f"  no cuts (baseline)                       {clean:8.4f}")
            print(f"  ratio                                    {cut / clean:8.4f}   (goal <= 1.1)")
        finally:
            proc.terminate()
            proc.wait(10)
            platform.dispose()


if __name__ == "__main__":
    main()
