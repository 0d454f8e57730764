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


def test_project_and_time_zone_autocomplete_and_project_status(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        from tests.e2e.fakes.discord_payloads import option, slash_command

        await h.start_bot()
        await h.slash("ana", "project", "new", name="Launch")
        await h.slash("ana", "project", "new", name="Backlog")

        async def complete(group: str, sub: str, name: str, typed: str) -> object:
            payload = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                    group=group, sub=sub, autocomplete=True,
                                    options=[option(name, typed, focused=True)])
            await h.fake.interact(payload)
            return (await h.fake.wait_for_callback(payload)).json

        assert await complete("project", "status", "name", "lau") == {
            "type": 8, "data": {"choices": [{"name": "Launch", "value": "Launch"}]}}
        assert await complete("task", "tz", "zone", "lisb") == {
            "type": 8, "data": {"choices": [{"name": "Europe/Lisbon", "value": "Europe/Lisbon"}]}}

        await h.slash("ana", "task", "add", title="One", project="Launch")
        _, status = await h.slash("ana", "project", "status", name="Launch", public=True)
        data = status.json["data"]
        assert not (data.get("flags") or 0) & EPHEMERAL  # the manager shares it
        assert data["embeds"][0]["title"] == "Project Launch: 0% done"

    run(tmp_path, scenario)
