from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offline_cache import sealing


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, str]:
    return sealing.generate_platform_key()


def test_wrapped_key_opens_only_with_the_platform_key_and_the_same_app(keys: tuple[bytes, str]) -> None:
    pem, pub = keys
    data_key = sealing.new_data_key()
    wrapped = sealing.wrap_data_key(data_key, sealing.load_public_key(pub), "app-1")
    assert len(wrapped) == sealing.WRAPPED_KEY_LEN
    assert sealing.unwrap_data_key(wrapped, sealing.load_private_key(pem), "app-1") == data_key
    with pytest.raises(sealing.SealError):
        sealing.unwrap_data_key(wrapped, sealing.load_private_key(pem), "app-2")
    other_pem, _ = sealing.generate_platform_key()
    with pytest.raises(sealing.SealError):
        sealing.unwrap_data_key(wrapped, sealing.load_private_key(other_pem), "app-1")


def test_each_application_gets_a_fresh_wrapping(keys: tuple[bytes, str]) -> None:
    _, pub = keys
    key = sealing.new_data_key()
    a = sealing.wrap_data_key(key, sealing.load_public_key(pub), "x")
    b = sealing.wrap_data_key(key, sealing.load_public_key(pub), "x")
    assert a != b  # ephemeral key and nonce differ


@given(st.binary(max_size=4096))
def test_parts_round_trip_and_are_bound_to_app_and_part(data: bytes) -> None:
    key = sealing.new_data_key()
    sealed = sealing.seal_part(key, "app", "attachment:0", data)
    assert data not in sealed or len(data) < 4
    assert sealing.open_part(key, "app", "attachment:0", sealed) == data
    with pytest.raises(sealing.SealError):
        sealing.open_part(key, "app", "manifest", sealed)
    with pytest.raises(sealing.SealError):
        sealing.open_part(key, "other", "attachment:0", sealed)


def test_tampered_part_is_refused() -> None:
    key = sealing.new_data_key()
    sealed = bytearray(sealing.seal_part(key, "a", "manifest", b"form data"))
    sealed[-1] ^= 1
    with pytest.raises(sealing.SealError):
        sealing.open_part(key, "a", "manifest", bytes(sealed))
    with pytest.raises(sealing.SealError):
        sealing.open_part(key, "a", "manifest", b"short")


def test_bad_public_key_text_is_a_typed_error() -> None:
    with pytest.raises(sealing.SealError):
        sealing.load_public_key("not base64 at all!")


def test_the_key_fingerprint_is_160_bits_of_the_sha256_of_the_raw_key(keys: tuple[bytes, str]) -> None:
    import base64
    import hashlib

    _, pub = keys
    fingerprint = sealing.key_fingerprint(pub)
    groups = fingerprint.split("-")
    assert len(groups) == 10 and all(len(g) == 4 for g in groups)
    # what an installer gets with `base64 -d | sha256sum`, first 40 digits
    assert "".join(groups) == hashlib.sha256(base64.b64decode(pub)).hexdigest()[:40].upper()
    assert sealing.key_fingerprint(sealing.generate_platform_key()[1]) != fingerprint
    typed = " ".join(groups).lower()
    assert sealing.normalise_fingerprint(typed) == fingerprint
    assert sealing.normalise_fingerprint(fingerprint.replace("-", ":")) == fingerprint
    for bad in (fingerprint[:-1], fingerprint + "0", fingerprint.replace(groups[0], "XYZW"), ""):
        assert sealing.normalise_fingerprint(bad) is None
    with pytest.raises(sealing.SealError):
        sealing.key_fingerprint("not a key")
