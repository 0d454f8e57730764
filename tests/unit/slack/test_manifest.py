"""deploy/slack/manifest.yml declares everything the code listens to and asks for."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.slack.modal_flow import GLOBAL_SHORTCUT, MESSAGE_SHORTCUT
from adapters.slack.slash import PROJECT_COMMAND, STANDUP_COMMAND, TASK_COMMAND
from bot.slack_app import BOT_SCOPES

MANIFEST = Path(__file__).resolve().parents[3] / "deploy" / "slack" / "manifest.yml"


def test_manifest_matches_the_code() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    for command in (TASK_COMMAND, PROJECT_COMMAND, STANDUP_COMMAND):
        assert f"- command: {command}\n" in text
    for callback in (MESSAGE_SHORTCUT, GLOBAL_SHORTCUT):
        assert f"callback_id: {callback}\n" in text
    bot_scopes = text.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    assert re.findall(r"- ([a-z:.]+)", bot_scopes) == BOT_SCOPES
    for event in ("app_home_opened", "app_uninstalled", "tokens_revoked"):
        assert f"- {event}" in text
    assert "home_tab_enabled: true" in text and "should_escape: true" in text
    assert text.count("/slack/events") == 6
