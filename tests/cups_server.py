"""A real CUPS scheduler for the A4 tests: ``cupsd`` in a temporary folder on its own socket, with one queue
whose backend writes each job's bytes to a folder (``savepdf``), so a test reads the PDF CUPS printed.

``file:`` devices are accepted by this cupsd but write nothing for a raw queue (seen with Debian's 2.4),
hence a backend of our own: a three-line shell script in a ServerBin of our own, beside links to the
installed filters. Needs Debian's ``cups`` and ``cups-client`` (scripts/setup.sh installs them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct savepdf "Unknown" "Save to a folder (tests)"'; exit 0; fi
dir="${DEVICE_URI#savepdf:}"
if [ -n "$6" ]; then cat "$6" > "$dir/job-$1.tmp"; else cat > "$dir/job-$1.tmp"; fi
mv "$dir/job-$1.tmp" "$dir/job-$1.pdf"
"""
CUPSD_CONF = """Listen {sock}
LogLevel warn
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
FILES_CONF = """ServerRoot {root}/etc
ServerBin {root}/bin
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
"""


@dataclasses.dataclass
class Cups:
    server: str  # CUPS_SERVER: the socket
    queue: str
    out: Path  # where the queue's jobs land, one PDF each

    def run(self, *cmd: str) -> str:
        env = {**os.environ, "CUPS_SERVER": self.server}
        return subprocess.run(
            list(cmd), env=env, capture_output=True, text=True, check=True, timeout=30
        ).stdout

    def stop_queue(self, reason: str = "paper out") -> None:
        self.run("cupsdisable", "-r", reason, self.queue)

    def start_queue(self) -> None:
        self.run("cupsenable", self.queue)

    def printed(self) -> list[Path]:
        return sorted(self.out.glob("job-*.pdf"), key=lambda p: int(p.stem.split("-")[1]))


def available() -> bool:
    return all(shutil.which(c) for c in ("cupsd", "lp", "lpstat", "lpadmin", "pdftotext", "pdftoppm"))


@contextlib.contextmanager
def cups_server(queue: str = "a4test") -> Iterator[Cups]:
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    for sub in ("etc/ppd", "spool/tmp", "cache", "state", "log", "out", "bin/backend"):
        (root / sub).mkdir(parents=True)
    os.chmod(root / "out", 0o777)
    os.chmod(root / "spool" / "tmp", 0o777)
    for d in ("filter", "daemon", "cgi-bin", "driver", "monitor", "notifier"):
        if Path(f"/usr/lib/cups/{d}").exists():
            (root / "bin" / d).symlink_to(f"/usr/lib/cups/{d}")
    backend = root / "bin" / "backend" / "savepdf"
    backend.write_text(BACKEND)
    os.chmod(backend, 0o700)  # root-owned and private: cupsd runs it as root, so it may write anywhere
    sock = root / "cups.sock"
    (root / "etc" / "cupsd.conf").write_text(CUPSD_CONF.format(sock=sock))
    (root / "etc" / "cups-files.conf").write_text(FILES_CONF.format(root=root))
    proc = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "etc" / "cupsd.conf"), "-s", str(root / "etc" / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        cups = Cups(str(sock), queue, root / "out")
        deadline = time.monotonic() + 20
        while not sock.exists():  # cupsd makes its socket once it listens
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("cupsd did not start")
            time.sleep(0.05)
        cups.run("lpadmin", "-p", queue, "-v", f"savepdf:{cups.out}", "-E", "-m", "raw")
        yield cups
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(root, ignore_errors=True)
