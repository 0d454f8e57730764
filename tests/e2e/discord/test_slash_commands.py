"""Slash commands and autocomplete through the real discord.py client and the real core."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64


def test_add_posts_a_task_card_in_the_channel_and_autocomplete_finds_it(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="Write the spec",
                                priority="high", users={"assignee": "bo"})
        body = call.json
        assert body["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE, answered within the 3 s
        data = body["data"]
        assert not (data.get("flags") or 0) & EPHEMERAL  # the card is for the channel
        assert data["allowed_mentions"] == {"parse": []}
        embed = data["embeds"][0]
        assert embed["title"] == "#1 Write the spec"
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert fields["Priority"] == "high"
        assert fields["Assignee"] == f"<@{h.user('bo').id}>"
        ids = [c["custom_id"] for row in data["components"] for c in row["components"]]
        assert ids == [f"taskbot:start:{h.guild.id}:1", f"taskbot:done:{h.guild.id}:1",
                       f"taskbot:take:{h.guild.id}:1", f"taskbot:more:{h.guild.id}:1"]

        call = await h.autocomplete("bo", "task", "done", "number", "spec")
        assert call.json == {"type": 8, "data": {"choices": [
            {"name": "#1 Write the spec", "value": 1}]}}

        _, listed = await h.slash("bo", "task", "list")
        assert listed.json["data"]["flags"] & EPHEMERAL  # only the caller needs it
        assert "Write the spec" in listed.json["data"]["embeds"][0]["description"]

    run(tmp_path, scenario)
