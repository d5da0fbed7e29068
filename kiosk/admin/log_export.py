"""Log export: the terminal's logs and a diagnostics summary as one archive on a USB stick or in a folder.

The logs are free of personal data at the source (``offline_cache/redaction.py``); the export checks
again, each member of the archive with the scanner the privacy test uses (``kiosk/leak_scan.py``), and
writes nothing when one fails (``ExportRefused``). The archive is built in memory (the logs are a few
megabytes at most, ``kiosk/logfile.py``), written under a temporary name, fsynced and renamed, so a
stick pulled out mid-export leaves no half archive under the real name; a stick that is read-only,
full or gone is an ``ExportError``, and nothing else stops.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from kiosk.errors import KioskError

MEDIA_ROOTS = ("/media", "/run/media")


class ExportError(KioskError):
    """The target cannot take the archive (read-only, full, removed); ``reason`` is the errno's name."""

    code: ClassVar[str] = "admin.export_failed"


class ExportRefused(ExportError):
    """A member of the archive holds something shaped like personal data: nothing was written."""

    code: ClassVar[str] = "admin.export_refused"


def removable_media(mounts: Path = Path("/proc/mounts")) -> list[Path]:
    """Mount points under /media or /run/media (where the desktop and udisks mount USB sticks)."""
    found = []
    try:
        lines = mounts.read_text("utf-8", "replace").splitlines()
    except OSError:
        return []
    for line in lines:
        fields = line.split()
        if len(fields) < 2:
            continue
        point = fields[1].replace("\\040", " ")
        if (
            any(point == root or point.startswith(root + "/") for root in MEDIA_ROOTS)
            and point not in MEDIA_ROOTS
        ):
            found.append(Path(point))
    return sorted(found)


def export(
    home: Path,
    target: Path,
    summary: Mapping[str, Any],
    *,
    station_code: str,
    secrets: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write ``kiosk-logs-<station>-<time>.tar.gz`` into ``target``; its path. ``secrets``: known values
    to look for besides the patterns (the tests name the sample villager's)."""
    from kiosk.leak_scan import leaks

    now = now or dt.datetime.now(dt.UTC)
    members = dict(_log_files(home))
    members["summary.json"] = json.dumps(summary, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    for name, data in members.items():
        found = leaks(data, secrets)
        if found:
            raise ExportRefused(f"{name}: {', '.join(found)}")  # what was found, never the value
    archive = _tar(members, now)
    path = target / f"kiosk-logs-{station_code}-{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    _write(path, archive)
    return path


def _log_files(home: Path) -> list[tuple[str, bytes]]:
    folder = home / "logs"
    files = sorted(folder.glob("kiosk.log*")) if folder.is_dir() else []
    return [(f"logs/{f.name}", f.read_bytes()) for f in files if f.is_file()]


def _tar(members: Mapping[str, bytes], now: dt.datetime) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    from offline_cache.files import write_all

    tmp = path.with_name(f".{path.name}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        import errno

        raise ExportError(
            f"cannot write the archive: {errno.errorcode.get(exc.errno or 0, 'error')}"
        ) from None
