"""The applicant key: how the progress query finds a person's applications from their card without the
terminal storing their ID number, made slow enough that a stolen disk does not give the numbers back.

A key is ``"<scheme>:<hex>"``. Today's scheme is ``a2id-<generation>``: argon2id (argon2-cffi's
``hash_secret_raw``) of the normalized ID number, salted with this terminal's secret, 32 bytes. The secret
(32 random bytes) and the parameters of each generation live in ``<home>/secrets/applicant_key.json``
(0600, written once, linked into place so two processes making it at once keep the first)::

    {"secret": "<hex>", "generations": [{"generation": 1, "scheme": "argon2id",
      "time_cost": 3, "memory_kib": 65536, "parallelism": 1}]}

Raising the cost later means appending a generation: new applications are keyed with the newest one, and a
lookup also derives the keys of the older generations (and ``hmac``, the HMAC-SHA256 under the same secret
that versions before this one stored) when rows of those schemes are still in the store, and re-keys the
rows it finds to the newest (``Store.rekey_applicant``). Rows of someone who never comes back keep their
old key. Migration ``0004_slow_applicant_keys`` marks the keys older versions stored as ``hmac:`` and
drops their masked ID numbers; the secret older versions kept in ``secrets/applicant_key`` (raw bytes)
becomes this file's secret, so those rows are still found.

What a thief with the disk (secret, key, masked name; no part of the ID number is stored) must try for
one person, knowing the county's area code: every birth date in 100 years (36,525) times the three
sequence digits (1,000; the check digit follows from the rest): 36.5 million derivations.
``bench/bench_lookup.py`` measures one derivation and prints the CPU-days that makes: 0.12-0.15 s per
derivation on the development machine, 50-64 CPU-days to be sure of one number, half that on average;
the HMAC keys of older versions gave it up in about a minute (and in 0.1 s with their masked digits).

A derivation takes a noticeable fraction of a second: the terminal makes it once per visit, when the card
is read, off the Qt thread (``Session.applicant_key_for``), and hands it to the submit; the store's timed
submit path never derives.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import re
import threading
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from offline_cache.errors import StoreError
from offline_cache.files import write_atomically

FILE_NAME = "applicant_key.json"
LEGACY_FILE = "applicant_key"  # the raw 32-byte secret of versions that keyed with HMAC-SHA256
LEGACY_SCHEME = "hmac"
_SECRET_LEN = 32
DEFAULT_GENERATION: dict[str, Any] = {
    "generation": 1,
    "scheme": "argon2id",
    "time_cost": 3,
    "memory_kib": 64 * 1024,
    "parallelism": 1,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Generation:
    generation: int
    time_cost: int
    memory_kib: int
    parallelism: int

    @property
    def scheme(self) -> str:
        return f"a2id-{self.generation}"

    def derive(self, secret: bytes, id_number: str) -> str:
        raw = hash_secret_raw(
            normalize(id_number).encode("ascii", "replace"),
            secret,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=32,
            type=Type.ID,
        )
        return f"{self.scheme}:{raw.hex()}"


def normalize(id_number: str) -> str:
    return re.sub(r"\s", "", id_number).upper()


def legacy_key(secret: bytes, id_number: str) -> str:
    """The key versions before argon2id stored (migration 0003 prefixed them with ``hmac:``)."""
    digest = hmac.new(secret, normalize(id_number).encode("ascii", "replace"), hashlib.sha256).hexdigest()
    return f"{LEGACY_SCHEME}:{digest}"


class ApplicantKeys:
    """This terminal's key file, read once; ``current`` and ``older`` are blocking (argon2id)."""

    def __init__(self, home: Path) -> None:
        self.path = home / "secrets" / FILE_NAME
        self._lock = threading.Lock()
        self._loaded: tuple[bytes, list[Generation]] | None = None

    def current(self, id_number: str) -> str:
        secret, generations = self._load()
        return generations[-1].derive(secret, id_number)

    @property
    def current_scheme(self) -> str:
        return self._load()[1][-1].scheme

    def older(self, id_number: str, schemes: set[str]) -> list[str]:
        """The keys ``id_number`` had under the older ``schemes`` still found in the store."""
        secret, generations = self._load()
        keys = [g.derive(secret, id_number) for g in generations[:-1] if g.scheme in schemes]
        if LEGACY_SCHEME in schemes:
            keys.append(legacy_key(secret, id_number))
        return keys

    def _load(self) -> tuple[bytes, list[Generation]]:
        with self._lock:
            if self._loaded is None:
                self._loaded = _parse(self._read_or_make())
            return self._loaded

    def _read_or_make(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            pass
        legacy = self.path.with_name(LEGACY_FILE)
        try:
            secret = legacy.read_bytes()
        except FileNotFoundError:
            secret = os.urandom(_SECRET_LEN)
        if len(secret) != _SECRET_LEN:
            raise StoreError("the terminal's applicant key secret file is damaged")
        body = {"secret": secret.hex(), "generations": [DEFAULT_GENERATION]}
        # Linked into place: two processes making it at once both keep the first. It must survive a power
        # cut: without it, stored applicant keys match nobody any more.
        write_atomically(self.path, json.dumps(body, indent=2).encode("utf-8"), keep_existing=True)
        data = self.path.read_bytes()
        _parse(data)
        legacy.unlink(missing_ok=True)  # its secret is in the new file now
        return data


def _parse(data: bytes) -> tuple[bytes, list[Generation]]:
    try:
        body = json.loads(data)
        secret = bytes.fromhex(body["secret"])
        generations = [
            Generation(int(g["generation"]), int(g["time_cost"]), int(g["memory_kib"]), int(g["parallelism"]))
            for g in body["generations"]
            if g.get("scheme") == "argon2id"
        ]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise StoreError("the terminal's applicant key file is damaged") from exc
    if len(secret) != _SECRET_LEN or not generations:
        raise StoreError("the terminal's applicant key file is damaged")
    return secret, sorted(generations, key=lambda g: g.generation)


def applicant_key(home: Path, id_number: str) -> str:
    """Today's key of ``id_number`` on the terminal at ``home`` (blocking: one argon2id derivation)."""
    return ApplicantKeys(home).current(id_number)
