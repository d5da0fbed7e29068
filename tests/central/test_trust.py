"""Nobody in the middle: the terminal's enrolment pins the platform key, plain HTTP goes only to loopback, and
the platform serves TLS with certificates from its own private CA. The real command lines in processes of
their own, the real platform, real sockets; the attacker is a real proxy (tests/central/mitm.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from offline_cache import wire
from offline_cache.credentials import credentials_path, from_enrolment, load_credentials, save_credentials
from tests.central.mitm import Interceptor
from tests.central.platform_fixtures import (
    RunningPlatform,
    free_port,
    lan_address,
    open_store,
    sample_application,
    sample_attachments,
    start_platform,
)

ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path | None = None, config: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_HOME", "KIOSK_CENTRAL_DB", "DISPLAY")}
    env.update(PYTHONPATH=str(ROOT), KIOSK_CONFIG=str(config or os.devnull))
    env.pop("WAYLAND_DISPLAY", None)
    if home is not None:
        env["KIOSK_HOME"] = str(home)
    return env


def kiosk(home: Path, *args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        env=_env(home, config),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def central_cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "central.cli", *args, *(["--db", db] if db else [])],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fingerprint_for(key_text: str) -> str:
    """What the enrolment slip shows, worked out here as an installer could: the first 160 bits of the
    SHA-256 of the raw key (``base64 -d | sha256sum``), in groups of four."""
    digits = hashlib.sha256(base64.b64decode(key_text)).hexdigest()[:40].upper()
    return "-".join(digits[i : i + 4] for i in range(0, 40, 4))


def fingerprint_of(running: RunningPlatform) -> str:
    return fingerprint_for(running.platform.public_key_text)


# -- the key is pinned ------------------------------------------------------------------------------------


@pytest.mark.parametrize("pin", ["none", "option", "site"])
def test_an_interceptor_that_swaps_the_key_in_the_enrolment_answer_is_refused(
    sqlite_central: RunningPlatform, tmp_path: Path, pin: str
) -> None:
    home, code = tmp_path / "terminal", sqlite_central.platform.issue_enrolment_code("GA0101")
    site = tmp_path / "site.toml"
    site.write_text(f'[platform]\nkey_fingerprint = "{fingerprint_of(sqlite_central)}"\n', "utf-8")
    with Interceptor(sqlite_central.url, swap_on=("/enrol",)) as mitm:
        options = ["--fingerprint", fingerprint_of(sqlite_central)] if pin == "option" else []
        out = kiosk(home, "enroll", mitm.url, code, *options, config=site if pin == "site" else None)
    assert mitm.swapped == [wire.API_PREFIX + "/enrol"]  # the attack did happen
    assert out.returncode == 4, out.stderr
    assert "连接可能被拦截" in out.stderr and "Traceback" not in out.stderr
    assert not credentials_path(home).exists()  # nothing saved, so nothing is ever sealed for that key


def test_a_key_that_does_not_match_the_slip_is_refused_before_the_code_is_spent(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    home, code = tmp_path / "terminal", sqlite_central.platform.issue_enrolment_code("GA0101")
    fingerprint = fingerprint_of(sqlite_central)
    with Interceptor(sqlite_central.url, swap_on=("/platform-key", "/enrol")) as mitm:
        out = kiosk(home, "enroll", mitm.url, code, "--fingerprint", fingerprint.lower().replace("-", " "))
    assert out.returncode == 4 and "连接可能被拦截" in out.stderr
    assert mitm.seen == [f"GET {wire.API_PREFIX}/platform-key"]  # the code never left the terminal
    assert not credentials_path(home).exists()

    direct = kiosk(home, "enroll", sqlite_central.url, code, "--fingerprint", fingerprint)
    assert direct.returncode == 0, direct.stderr  # the same code still works
    assert fingerprint in direct.stdout and "与注册单一致" in direct.stdout
    creds = load_credentials(home)
    assert creds is not None and creds.platform_public_key == sqlite_central.platform.public_key_text


def test_a_malformed_fingerprint_is_refused_before_anything_is_sent(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    code = sqlite_central.platform.issue_enrolment_code("GA0101")
    with Interceptor(sqlite_central.url, swap_on=()) as mitm:
        out = kiosk(
            tmp_path / "t", "enroll", mitm.url, code, "--fingerprint", fingerprint_of(sqlite_central)[:-5]
        )
    assert out.returncode == 2 and "指纹格式不对" in out.stderr
    assert mitm.seen == []


def test_enrolment_on_loopback_without_a_pin_shows_the_fingerprint_it_accepted(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    out = kiosk(
        tmp_path / "t", "enroll", sqlite_central.url, sqlite_central.platform.issue_enrolment_code("GA0101")
    )
    assert out.returncode == 0, out.stderr
    assert fingerprint_of(sqlite_central) in out.stdout and "未核对" in out.stdout


# -- plain HTTP only to loopback --------------------------------------------------------------------------


@pytest.fixture
def lan_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    """The reference platform on this machine's outward address, over plain HTTP: "another machine"."""
    running = start_platform(f"sqlite:///{tmp_path / 'lan.db'}", tmp_path / "lan", host=lan_address())
    yield running
    running.stop()


def _code_unspent(running: RunningPlatform, code: str) -> bool:
    try:
        running.platform.enrol(wire.EnrolmentRequest(code=code))
    except Exception:
        return False
    return True


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(
    lan_platform: RunningPlatform, tmp_path: Path
) -> None:
    assert not lan_platform.url.startswith("http://127.")
    home, code = tmp_path / "terminal", lan_platform.platform.issue_enrolment_code("GA0101")
    out = kiosk(home, "enroll", lan_platform.url, code, "--fingerprint", fingerprint_of(lan_platform))
    assert out.returncode == 2, out.stderr
    assert "https://" in out.stderr and "没有发送任何数据" in out.stderr and "Traceback" not in out.stderr
    assert not credentials_path(home).exists()
    assert _code_unspent(lan_platform, code)  # the platform never heard of it


def test_credentials_edited_to_plain_http_are_not_used(lan_platform: RunningPlatform, tmp_path: Path) -> None:
    """A terminal whose credentials file was changed by hand to an http:// URL of another machine sends
    nothing there: neither ``kiosk sync`` nor the terminal builds a client for it."""
    from kiosk.config import load_config
    from kiosk.terminal import Terminal

    home = tmp_path / "terminal"
    answer = lan_platform.platform.enrol(
        wire.EnrolmentRequest(code=lan_platform.platform.issue_enrolment_code("GA0101"))
    )
    save_credentials(home, from_enrolment(lan_platform.url, answer))
    with open_store(home) as store:
        store.submit(sample_application(), sample_attachments([1000]), answer.platform_public_key)
    out = kiosk(home, "sync", "--once")
    assert out.returncode == 4 and "http:// 只能用于本机测试" in out.stderr, out.stderr
    term = Terminal(load_config(None), home)
    try:
        term.start()
        assert term.sync is None and "sync.insecure_link" in [p.code for p in term.problems]
    finally:
        term.stop()
    assert lan_platform.platform.list_applications() == []
    assert lan_platform.platform.latest_heartbeat(answer.device_id) is None


# -- TLS from the platform's own private CA ---------------------------------------------------------------


def _serve_tls(
    db: str, tmp_path: Path, host: str, cert: Path, key: Path, ca: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--db", db, "--host", host, "--port", str(port)]
        + ["--blobs", str(tmp_path / "blobs"), "--tls-cert", str(cert), "--tls-key", str(key)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"https://{host}:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/openapi.json", timeout=1, verify=str(ca)).ok:
                return proc, url
        except requests.ConnectionError:
            time.sleep(0.05)  # not listening yet
    proc.terminate()
    proc.wait(15)
    raise RuntimeError("kiosk-central serve --tls-cert did not start")


def test_tls_end_to_end_with_a_private_ca_and_a_pinned_key(tmp_path: Path) -> None:
    host = lan_address()  # a platform "on another machine": the pin is required, plain HTTP is not allowed
    ca_dir, srv_dir, db = tmp_path / "ca", tmp_path / "srv", f"sqlite:///{tmp_path / 'central.db'}"
    made = central_cli("tls", "make-ca", "--out", str(ca_dir))
    assert made.returncode == 0, made.stderr
    made = central_cli(
        "tls", "make-cert", "--ca", str(ca_dir), "--host", "localhost", "--host", host, "--out", str(srv_dir)
    )
    assert made.returncode == 0, made.stderr
    for key in (ca_dir / "ca-key.pem", srv_dir / "server-key.pem"):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    proc, url = _serve_tls(
        db, tmp_path, host, srv_dir / "server.pem", srv_dir / "server-key.pem", ca_dir / "ca.pem"
    )
    try:
        slip = central_cli("enrolment-code", "--station", "GA0101", "--url", url, db=db)
        assert slip.returncode == 0, slip.stderr
        code = re.search(r"注册码 \(enrolment code\):\s+(\S+)", slip.stdout)
        fingerprint = re.search(r"key fingerprint\):\s+(\S+)", slip.stdout)
        assert code and fingerprint and url in slip.stdout
        code_text, fp = code.group(1), fingerprint.group(1)
        assert central_cli("key", "fingerprint", db=db).stdout.strip() == fp
        assert f"kiosk enroll {url} {code_text} --fingerprint {fp}" in slip.stdout
        home = tmp_path / "terminal"

        no_ca = kiosk(home, "enroll", url, code_text, "--fingerprint", fp)
        assert no_ca.returncode == 4, no_ca.stderr
        assert "安全证书" in no_ca.stderr and "Traceback" not in no_ca.stderr
        no_pin = kiosk(home, "enroll", url, code_text, "--ca-file", str(ca_dir / "ca.pem"))
        assert no_pin.returncode == 2 and "缺少平台密钥指纹" in no_pin.stderr
        assert not credentials_path(home).exists()

        enrolled = kiosk(
            home, "enroll", url, code_text, "--ca-file", str(ca_dir / "ca.pem"), "--fingerprint", fp
        )
        assert enrolled.returncode == 0, enrolled.stderr  # the failures above spent nothing
        creds = load_credentials(home)
        assert creds is not None and creds.url == url
        kept = Path(creds.ca_file)
        assert kept.parent == home / "secrets" and kept.read_bytes() == (ca_dir / "ca.pem").read_bytes()
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        with open_store(home) as store:
            app = store.submit(sample_application(), sample_attachments([30_000]), creds.platform_public_key)
        synced = kiosk(home, "sync", "--once", "--json")
        assert synced.returncode == 0, synced.stderr
        assert json.loads(synced.stdout)["delivered"] == 1
        listed = json.loads(central_cli("applications", "list", "--json", db=db).stdout)
        assert [a["app_id"] for a in listed] == [app.app_id]
    finally:
        proc.terminate()
        proc.wait(15)


def test_the_private_ca_makes_sound_certificates_and_never_overwrites(tmp_path: Path) -> None:
    ca_dir, srv_dir = tmp_path / "ca", tmp_path / "srv"
    assert central_cli("tls", "make-ca", "--out", str(ca_dir)).returncode == 0
    key_before = (ca_dir / "ca-key.pem").read_bytes()
    again = central_cli("tls", "make-ca", "--out", str(ca_dir))
    assert again.returncode == 1 and "tls.file_exists" in again.stderr and "不会覆盖" in again.stderr
    assert (ca_dir / "ca-key.pem").read_bytes() == key_before
    bad = central_cli("tls", "make-cert", "--ca", str(ca_dir), "--host", "not a host!", "--out", str(srv_dir))
    assert bad.returncode == 1 and "tls.bad_host" in bad.stderr and "Traceback" not in bad.stderr
    made = central_cli(
        "tls",
        "make-cert",
        "--ca",
        str(ca_dir),
        "--host",
        "Platform.Example",
        "--host",
        "10.0.0.7",
        "--out",
        str(srv_dir),
    )
    assert made.returncode == 0, made.stderr

    ca = x509.load_pem_x509_certificate((ca_dir / "ca.pem").read_bytes())
    cert = x509.load_pem_x509_certificate((srv_dir / "server.pem").read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["platform.example"]
    assert [str(a) for a in san.get_values_for_type(x509.IPAddress)] == ["10.0.0.7"]
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 826

    mismatched = central_cli(  # the CA's key with the server's certificate: refused in one line
        "serve",
        "--tls-cert",
        str(srv_dir / "server.pem"),
        "--tls-key",
        str(ca_dir / "ca-key.pem"),
        db=f"sqlite:///{tmp_path / 'c.db'}",
    )
    assert mismatched.returncode == 1 and "无法使用证书或私钥" in mismatched.stderr
    assert "Traceback" not in mismatched.stderr


def _serve_plain(tmp_path: Path, host: str) -> str:
    """``serve`` without TLS on ``host`` until it answers; returns what it wrote on stderr."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "central.cli", "serve", "--db", f"sqlite:///{tmp_path / f'{host}.db'}"]
        + ["--host", host, "--port", str(port), "--blobs", str(tmp_path / "blobs")],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://{host}:{port}/openapi.json", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)  # not listening yet
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=15)
    return err.decode("utf-8", "replace")


def test_serving_plain_http_off_loopback_warns_loudly(tmp_path: Path) -> None:
    host = lan_address()
    warned = _serve_plain(tmp_path, host)
    assert "WARNING" in warned and "明文 HTTP" in warned and host in warned
    assert "WARNING" not in _serve_plain(tmp_path, "127.0.0.1")


def test_a_code_that_cannot_be_one_is_refused_in_plain_words(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    out = kiosk(tmp_path / "t", "enroll", sqlite_central.url, "X" * 70)
    assert out.returncode == 1 and "注册码无效" in out.stderr and "Traceback" not in out.stderr


def test_every_refusal_has_plain_chinese_words() -> None:
    from kiosk.demo_platform import ForeignCredentials
    from kiosk.messages import all_messages
    from offline_cache import enrolment, platform_client

    errors = [
        platform_client.InsecureLink,
        platform_client.BadPlatformUrl,
        platform_client.CertificateRejected,
        enrolment.PinError,
        enrolment.FingerprintRequired,
        enrolment.BadFingerprint,
        enrolment.KeyMismatch,
        ForeignCredentials,
    ]
    texts = all_messages()
    assert all(e.code in texts and not texts[e.code].isascii() for e in errors)
    assert "enroll.bad_ca_file" in texts


def test_saved_credentials_with_a_key_the_site_did_not_pin_are_not_used(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    """The terminal image pins the platform (``[platform] key_fingerprint``); credentials whose key is
    another (edited by hand, or copied from another terminal) send nothing and seal nothing."""
    from kiosk.config import load_config
    from kiosk.terminal import Terminal
    from offline_cache import sealing

    home = tmp_path / "terminal"
    creds = sqlite_central.enrol()
    save_credentials(home, creds)
    site = tmp_path / "site.toml"
    other = fingerprint_for(sealing.generate_platform_key()[1])
    site.write_text(f'[platform]\nkey_fingerprint = "{other}"\n', "utf-8")
    out = kiosk(home, "sync", "--once", config=site)
    assert out.returncode == 4 and "连接可能被拦截" in out.stderr, out.stderr
    assert sqlite_central.platform.latest_heartbeat(creds.device_id) is None
    term = Terminal(load_config(site), home)
    try:
        term.start()
        assert term.credentials is None and term.sync is None
        assert "enroll.key_mismatch" in [p.code for p in term.problems]
    finally:
        term.stop()
