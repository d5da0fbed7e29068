from tests.central.platform_fixtures import (  # noqa: F401
    central,
    db_url,
    pg_db_url,
    pg_server_url,
    sqlite_central,
)
