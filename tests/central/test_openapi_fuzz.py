"""schemathesis against the platform's published OpenAPI, over real HTTP: no request makes it fail (5xx).

Runs authenticated (a valid device token), so the generated requests reach the handlers rather than
stopping at the 401 of the auth check; kept short (a few examples per operation).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.central.platform_fixtures import start_platform

# tus PATCH bodies are raw bytes under the tus media type.
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder: Path = tmp_path_factory.mktemp("openapi")
    running = start_platform(f"sqlite:///{folder / 'central.db'}", folder / "central")
    yield running.url, running.enrol().token
    running.stop()


def test_no_request_makes_the_platform_fail(platform: tuple[str, str]) -> None:
    url, token = platform
    schema = schemathesis.openapi.from_url(url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=10)
            case.validate_response(response, checks=[not_a_server_error])

        call()
