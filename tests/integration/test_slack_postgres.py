"""The Slack e2e scenarios whose storage matters (outbox delivery, the event_id ledger,
slack-sdk's OAuth stores), on PostgreSQL: skipped, and saying so, without
TASKBOT_TEST_DATABASE_URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.slack.harness import run_in_world
from tests.e2e.slack.test_bulk import story as bulk_story
from tests.e2e.slack.test_oauth import OAUTH, install_use_uninstall
from tests.e2e.slack.test_security import retried_event_and_home
from tests.e2e.slack.test_story import story

pytestmark = pytest.mark.postgres


def test_story_on_postgres(tmp_path: Path, pg_migrated_url: str) -> None:
    run_in_world(tmp_path, story, pg_migrated_url)


def test_retried_event_once_on_postgres(tmp_path: Path, pg_migrated_url: str) -> None:
    run_in_world(tmp_path, retried_event_and_home, pg_migrated_url)


def test_oauth_install_on_postgres(tmp_path: Path, pg_migrated_url: str) -> None:
    run_in_world(tmp_path, install_use_uninstall, pg_migrated_url, **OAUTH)


def test_bulk_change_and_handover_on_postgres(tmp_path: Path, pg_migrated_url: str) -> None:
    run_in_world(tmp_path, bulk_story, pg_migrated_url)
