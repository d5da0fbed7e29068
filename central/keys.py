"""The platform's private keys: each in its own owner-only file, never in the database.

A database dump or backup then holds sealed applications but not the key that opens them. The database
keeps only the public half (``platform_key.public_b64``), which terminals get at enrolment and which the
platform checks its key file against at start, so a wrong or swapped file is refused instead of quietly
making a new key that opens nothing already received.

A ``KeyStore`` is one named key with two operations the platform needs::

    private_key()      the private key object (cached after the first load)
    public_key_text()  its public half as base64 text, the form terminals and the database keep
    create(pem=None)   make the key (or adopt ``pem``) unless it exists; returns public_key_text()

``FileKeyStore`` keeps the key as PKCS#8 PEM in a file created 0600 in a folder created 0700. Two
processes creating the same key at once agree on one: each writes a complete temporary file and links it
to the key's name; ``link`` fails for the second, which then reads the first one's key.

Key kinds (``KeyKind``): ``X25519`` is the sealing key terminals wrap data keys for; ``ED25519`` is for a
signing key (e.g. countersigning audit heads). Several named keys live side by side in one folder:
``key_beside(sealing_store, "audit-signing", ED25519)``.

The seam for an HSM or a KMS: any object with these methods is a ``KeyStore``. Its ``private_key()``
returns a handle that performs the private operation inside the device, with the method the platform
calls on the key (``exchange(peer_public_key) -> bytes`` for X25519, as ``offline_cache.sealing`` uses;
``sign(data) -> bytes`` for Ed25519); its ``create()`` generates the key in the device or refuses.
``Platform(..., keys=...)`` takes one instead of the file.

Errors (all ``central.errors.PlatformError``, said by ``kiosk-central`` as ``code: message``)::

    PlatformKeyError           (platform.key, 500)
    ├── KeyMissing             (platform.key_missing)    the file is not there, the database knows a key
    ├── KeyDamaged             (platform.key_damaged)    the file is not a key of the expected kind
    └── KeyMismatch            (platform.key_mismatch)   the file holds another key than the database's
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import logging
import os
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from central.errors import PlatformError
from offline_cache import sealing

log = logging.getLogger(__name__)

SEALING_KEY_NAME = "sealing-x25519"


class PlatformKeyError(PlatformError):
    code = "platform.key"


class KeyMissing(PlatformKeyError):
    code = "platform.key_missing"


class KeyDamaged(PlatformKeyError):
    code = "platform.key_damaged"


class KeyMismatch(PlatformKeyError):
    code = "platform.key_mismatch"


@dataclasses.dataclass(frozen=True, slots=True)
class KeyKind:
    name: str
    key_type: type
    generate: Callable[[], Any]
    public_text: Callable[[Any], str]


def _raw_public_b64(key: Any) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


X25519 = KeyKind(
    "x25519", X25519PrivateKey, X25519PrivateKey.generate, lambda k: sealing.public_key_text(k.public_key())
)
ED25519 = KeyKind("ed25519", Ed25519PrivateKey, Ed25519PrivateKey.generate, _raw_public_b64)


class KeyStore(Protocol):
    name: str

    def private_key(self) -> Any: ...

    def public_key_text(self) -> str: ...

    def create(self, pem: bytes | None = None) -> str: ...


def default_key_file(db_url: str, blob_dir: Path) -> Path:
    """Beside the database file for SQLite; beside the attachment folder for a database server."""
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        folder = Path(db_url.removeprefix("sqlite:///")).resolve().parent / "keys"
    else:
        folder = blob_dir.resolve().parent / "keys"
    return folder / f"{SEALING_KEY_NAME}.pem"


class FileKeyStore:
    """One private key in a PEM file (see the module docstring)."""

    def __init__(self, path: Path, kind: KeyKind = X25519) -> None:
        self.path = Path(path)
        self.kind = kind
        self.name = self.path.stem
        self._lock = threading.Lock()
        self._key: Any = None

    def private_key(self) -> Any:
        with self._lock:
            if self._key is None:
                self._key = self._load()
            return self._key

    def public_key_text(self) -> str:
        return str(self.kind.public_text(self.private_key()))

    def create(self, pem: bytes | None = None) -> str:
        """Make the key file unless it exists (``pem``: adopt that key, e.g. one moved out of a database).
        Returns the public text of the key now in the file, which is another process's if it won."""
        if pem is not None:
            self._parse(pem)  # refuse to write something that is not a key of this kind
        if not self.path.exists():
            self._link_new(pem if pem is not None else self._new_pem())
        return self.public_key_text()

    def _new_pem(self) -> bytes:
        return bytes(
            self.kind.generate().private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )

    def _load(self) -> Any:
        try:
            st = self.path.stat()
            pem = self.path.read_bytes()
        except FileNotFoundError:
            raise KeyMissing(
                f"平台私钥文件不存在 / the platform's key file is missing: {self.path} "
                "(pass --key-file with the file this database was set up with)"
            ) from None
        except OSError as exc:
            raise KeyDamaged(
                f"平台私钥文件无法读取 / cannot read the key file {self.path}: {exc.strerror}"
            ) from exc
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(self.path, 0o600)  # copied in by hand with loose permissions: tighten, say so
            log.warning("key file %s was readable by others; made owner-only", self.path)
        return self._parse(pem)

    def _parse(self, pem: bytes) -> Any:
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError) as exc:
            raise KeyDamaged(f"平台私钥文件已损坏 / the key file is not a readable key: {self.path}") from exc
        if not isinstance(key, self.kind.key_type):
            raise KeyDamaged(
                f"平台私钥文件类型不对 / the key file holds no {self.kind.name} key: {self.path}"
            )
        return key

    def _link_new(self, pem: bytes) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}-", suffix=".tmp", dir=folder)  # 0600
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
                f.flush()
                os.fsync(f.fileno())
            with contextlib.suppress(FileExistsError):  # another process made it first: its key counts
                os.link(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def key_beside(store: FileKeyStore, name: str, kind: KeyKind) -> FileKeyStore:
    """Another named key in the same folder as ``store`` (e.g. a signing key beside the sealing key)."""
    return FileKeyStore(store.path.with_name(f"{name}.pem"), kind)
