"""The embedded demo platform: start in a terminal home, enrol the home over HTTP like any terminal, sync,
restart; it never writes the terminal's files itself."""

from __future__ import annotations

from pathlib import Path

from central.embedded import start_embedded
from central.service import DEFAULT_CATALOGUE
from kiosk.demo_platform import start_demo_platform
from offline_cache import sealing
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.credentials import credentials_path, load_credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine
from tests.central.platform_fixtures import open_store, sample_application, sample_attachments


def test_the_embedded_platform_writes_nothing_of_the_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with start_embedded(home) as platform:
        assert platform.url.startswith("http://127.0.0.1:")
        assert platform.fingerprint == sealing.key_fingerprint(platform.platform.public_key_text)
    assert not credentials_path(home).exists()
    assert [p.name for p in home.iterdir()] == ["platform"]


def test_embedded_platform_serves_a_terminal_home_across_restarts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    platform, creds = start_demo_platform(home, "GA0101", 10.0)
    try:
        assert creds == load_credentials(home) and creds.url == platform.url
        assert [d["name"] for d in platform.platform.devices()] == ["embedded demo"]  # enrolled over HTTP
        with open_store(home) as store:
            app = store.submit(sample_application(), sample_attachments([20_000]), creds.platform_public_key)
            cache = CatalogueCache.in_home(home, lambda data: [] if "items" in data else ["no items"])
            engine = SyncEngine(store, PlatformClient(creds), catalogue=cache, catalogue_every_s=0)
            assert engine.run_once().delivered == 1
            if DEFAULT_CATALOGUE.exists():  # the bundled catalogue is what the demo platform serves
                assert (
                    cache.current() is not None and cache.path.read_bytes() == DEFAULT_CATALOGUE.read_bytes()
                )
            change = platform.set_status(app.app_id, "approved")
            assert change.status == "approved"
            assert engine.run_once().status_changes == 1
            assert store.application(app.app_id).status == "approved"
        device = creds.device_id
    finally:
        platform.stop()

    again, creds = start_demo_platform(home, "GA0101", 10.0)
    try:
        assert creds == load_credentials(home)
        assert creds.url == again.url and creds.device_id == device  # same device, new port
        assert PlatformClient(creds).ping().device_id == device
        assert [a["app_id"] for a in again.applications()] == [app.app_id]
        assert len(again.platform.devices()) == 1
    finally:
        again.stop()
    assert oct((home / "platform").stat().st_mode & 0o777) == "0o700"
