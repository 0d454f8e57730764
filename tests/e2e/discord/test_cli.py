"""`taskbot discord sync` and `taskbot discord invite`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.discord_app import sync_commands
from tests.e2e.discord.harness import Harness, run


def test_sync_registers_the_commands_once_and_within_discords_rules(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        names = await sync_commands(h.settings, int(h.guild.id))
        assert sorted(names) == ["Create task from message", "bulk", "count", "find", "next",
                                 "notify", "project", "repeat", "standup", "stats", "task"]
        [put] = h.fake.calls_to("PUT", f"/applications/{h.fake.app_id}/guilds/{h.guild.id}/")
        commands = {c["name"]: c for c in put.json}
        task = commands["task"]
        assert len(task["options"]) <= 25
        subs = {o["name"]: o for o in task["options"]}
        assert {"add", "list", "show", "done", "assign", "edit", "tz", "remind", "digest",
                "away", "reminders", "escalate", "role", "admin"} <= set(subs)
        assert [o["name"] for o in subs["admin"]["options"]] == ["deliveries"]  # a group
        assert subs["admin"]["type"] == 2 and subs["remind"]["type"] == 1
        add = {o["name"]: o for o in subs["add"]["options"]}
        assert add["assignee"]["type"] == 6  # a user picker
        assert [c["value"] for c in add["priority"]["choices"]] == [
            "low", "normal", "high", "urgent"]
        assert add["project"]["autocomplete"] is True
        assert {o["name"]: o for o in subs["done"]["options"]}["number"]["autocomplete"]
        assert commands["Create task from message"]["type"] == 3
        find = {o["name"]: o for o in commands["find"]["options"]}
        assert find["query"]["autocomplete"] is True and find["query"]["max_length"] == 200
        assert [o["name"] for o in commands["next"]["options"]] == ["user", "project"]
        assert [o["name"] for o in commands["count"]["options"]] == ["filter"]
        assert "filter" in {o["name"] for o in subs["list"]["options"]}
        assert all(c.get("contexts") == [0] or c.get("dm_permission") is False
                   for c in put.json)
        # Only the sync talked to Discord's REST API; no gateway session was opened.
        assert not h.fake.identifies

        await sync_commands(h.settings, None)
        assert h.fake.calls_to("PUT", f"/applications/{h.fake.app_id}/commands")

    run(tmp_path, scenario)


def test_invite_prints_the_install_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "123456789012345678")
    result = CliRunner().invoke(app, ["discord", "invite"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "https://discord.com/oauth2/authorize?client_id=123456789012345678"
        "&scope=bot+applications.commands&permissions=274877926400")
