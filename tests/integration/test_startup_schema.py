"""A replica on a server database that was not migrated refuses to start, and says how to
fix it; after `taskbot db upgrade` it starts."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from adapters.storage import migrate
from bot.cli import app
from bot.container import prepare_database
from bot.failures import SchemaBehind
from bot.settings import Settings


@pytest.mark.postgres
def test_a_server_database_must_be_upgraded_first(pg_url: str) -> None:
    settings = Settings(TASKBOT_DATABASE_URL=pg_url)
    with pytest.raises(SchemaBehind, match="run `taskbot db upgrade` first"):
        prepare_database(settings)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", pg_url])
    assert result.exit_code == 0, result.output
    prepare_database(settings)


def test_an_embedded_database_migrates_itself(sqlite_url: str) -> None:
    prepare_database(Settings(TASKBOT_DATABASE_URL=sqlite_url))
    result = CliRunner().invoke(app, ["db", "current", "--db", sqlite_url])
    assert result.exit_code == 0
    assert set(result.output.strip().split(", ")) == migrate.heads()  # at the latest
