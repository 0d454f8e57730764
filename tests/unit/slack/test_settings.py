"""Slack settings are checked at start-up, naming the missing variable."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.slack_app import check_settings


def _settings(**values: str) -> Settings:
    return Settings.model_construct(**{"slack_bot_token": None, "slack_app_token": None,
                                       "slack_signing_secret": None, "slack_client_id": None,
                                       "slack_client_secret": None, **values})


@pytest.mark.parametrize(("values", "missing"), [
    ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"slack_client_id": "1.2", "slack_signing_secret": "s"}, "SLACK_CLIENT_SECRET"),
    ({"slack_app_token": "xapp-1"}, "SLACK_BOT_TOKEN"),
])
def test_missing_settings_are_named(values: dict[str, str], missing: str) -> None:
    with pytest.raises(ValueError, match=missing):
        check_settings(_settings(**values))


@pytest.mark.parametrize("values", [
    {"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"},          # Socket Mode
    {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"},          # HTTP
    {"slack_client_id": "1.2", "slack_client_secret": "c", "slack_signing_secret": "s"},
])
def test_complete_settings_pass(values: dict[str, str]) -> None:
    check_settings(_settings(**values))
