"""A private certificate authority for ``kiosk-central serve --tls-cert/--tls-key``: for tests and for small
deployments without a certificate from a public CA.

``make_ca(out)`` writes ``ca.pem``, the certificate terminals are given (``kiosk enroll --ca-file``), and
``ca-key.pem``, which signs server certificates (keep it off the server if you can). ``make_cert(ca, hosts,
out)`` writes ``server.pem`` and ``server-key.pem`` for the names and addresses in ``hosts``: clients check
the host against these subject alternative names, not against the common name. Key files are created 0600,
and no file is ever overwritten (a CA key replaced by mistake would orphan every terminal that trusts it).

Keys are ECDSA P-256: OpenSSL (under ``requests`` on the terminal) and every browser accept them in TLS,
which is not yet true of Ed25519 certificates. Lifetimes: the CA ten years; a server certificate 825 days,
the longest Apple's TLS clients accept even from a private root.

Errors (``PlatformError``, so the CLI says them like the platform's other errors)::

    TlsError          tls.error
    ├── FileExists    tls.file_exists    an output file is already there
    ├── BadCa         tls.bad_ca         the CA folder has no usable ca.pem / ca-key.pem
    └── BadHost       tls.bad_host       a --host that is neither a DNS name nor an IP address
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from central.errors import PlatformError

CA_CERT, CA_KEY = "ca.pem", "ca-key.pem"
SERVER_CERT, SERVER_KEY = "server.pem", "server-key.pem"
CA_DAYS = 3650
SERVER_DAYS = 825
_SKEW = dt.timedelta(hours=1)  # valid from an hour ago: a terminal whose clock lags a little still accepts it
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DNS_NAME = re.compile(rf"^(\*\.)?({_LABEL}\.)*{_LABEL}$")


class TlsError(PlatformError):
    code = "tls.error"


class FileExists(TlsError):
    code = "tls.file_exists"


class BadCa(TlsError):
    code = "tls.bad_ca"


class BadHost(TlsError):
    code = "tls.bad_host"


def make_ca(out: Path, name: str = "kiosk-central private CA") -> tuple[Path, Path]:
    """A new CA in ``out``: (certificate, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        _builder(subject, subject, key.public_key(), now, CA_DAYS)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _write_pair(out, CA_CERT, cert, CA_KEY, key)


def make_cert(ca_dir: Path, hosts: list[str], out: Path) -> tuple[Path, Path]:
    """A server certificate for ``hosts`` signed by the CA in ``ca_dir``: (certificate, key)."""
    if not hosts:
        raise BadHost("至少需要一个 --host (at least one --host is needed)")
    names = [_san(h) for h in hosts]
    ca_cert, ca_key = _load_ca(ca_dir)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = dt.datetime.now(dt.UTC)
    cert = (
        _builder(subject, ca_cert.subject, key.public_key(), now, SERVER_DAYS)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return _write_pair(out, SERVER_CERT, cert, SERVER_KEY, key)


def _builder(
    subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey, now: dt.datetime, days: int
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _SKEW)
        .not_valid_after(now + dt.timedelta(days=days))
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _san(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        pass
    if len(host) > 253 or not _DNS_NAME.match(host):
        raise BadHost(f"--host 既不是域名也不是 IP 地址 (neither a DNS name nor an IP address): {host!r}")
    return x509.DNSName(host.lower())


def _load_ca(ca_dir: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    try:
        cert = x509.load_pem_x509_certificate((ca_dir / CA_CERT).read_bytes())
        key = serialization.load_pem_private_key((ca_dir / CA_KEY).read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise BadCa(
            f"无法读取 CA (cannot read the CA): {ca_dir}/{CA_CERT}, {CA_KEY}: {type(exc).__name__}"
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.public_key() != cert.public_key():
        raise BadCa(f"CA 证书与密钥不匹配 (the CA certificate and key do not match): {ca_dir}")
    return cert, key


def _write_pair(
    out: Path, cert_name: str, cert: x509.Certificate, key_name: str, key: ec.EllipticCurvePrivateKey
) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    for name in (cert_name, key_name):
        if (out / name).exists():
            raise FileExists(f"文件已存在，不会覆盖 (the file exists and is not overwritten): {out / name}")
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _create(out / key_name, key_pem, 0o600)
    _create(out / cert_name, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return out / cert_name, out / key_name


def _create(path: Path, data: bytes, mode: int) -> None:
    """A new file (never an existing one), with its permissions from the start, flushed to the disk."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise FileExists(f"文件已存在，不会覆盖 (the file exists and is not overwritten): {path}") from None
    with os.fdopen(fd, "wb") as f:
        f.write(data)  # a buffered file writes every byte
        f.flush()
        os.fsync(f.fileno())
