"""Gateway behaviour: intents, explicit shard ranges, RESUME after a drop, slow work deferred."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord
import pytest

from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64


def test_identify_asks_only_for_the_guilds_intent(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        [identify] = h.fake.identifies
        assert identify["intents"] == discord.Intents(guilds=True).value
        assert identify["shard"] == [0, 1]  # Discord's recommendation (GET /gateway/bot)
        await asyncio.sleep(0.6)  # a couple of 250 ms heartbeats
        assert h.fake.heartbeats >= 2

    run(tmp_path, scenario)


def test_a_replica_connects_only_its_shard_range(tmp_path: Path) -> None:
    # One shard of four keeps the test fast: discord.py (rightly) waits 5 s between two
    # IDENTIFYs of one process, Discord's identify rate limit.
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        assert [i["shard"] for i in h.fake.identifies] == [[3, 4]]
        assert not h.fake.calls_to("GET", "/gateway/bot")  # the count came from settings

    run(tmp_path, scenario, extra_settings={"DISCORD_SHARD_IDS": "3",
                                            "DISCORD_SHARD_COUNT": 4})


def test_dropped_connection_resumes_and_keeps_serving(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.fake.drop_connection()
        await asyncio.wait_for(_until(lambda: h.fake.resumes == 1), 10)
        await h.fake.wait_connected()
        # `/task add text:` takes the whole grammar; a picked user arrives as <@id>.
        bo = h.user("bo").id
        _, call = await h.slash("ana", "task", "add", text=f"Fix login <@{bo}> due:tomorrow")
        embed = call.json["data"]["embeds"][0]
        assert embed["title"] == "#1 Fix login"
        assert {f["name"]: f["value"] for f in embed["fields"]}["Assignee"] == f"<@{bo}>"
        assert len(h.fake.identifies) == 1

    run(tmp_path, scenario)


def test_slow_work_is_deferred_then_followed_up(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot(defer_after=0.0)  # treat every command as slow
        payload, call = await h.slash("ana", "task", "list")
        assert call.json["type"] == 5 and call.json["data"]["flags"] & EPHEMERAL
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert follow.json["embeds"][0]["description"] == "No open tasks."

        payload, call = await h.slash("ana", "task", "add", title="Public card")
        assert call.json["type"] == 5 and not call.json.get("data", {}).get("flags")
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert follow.json["embeds"][0]["title"] == "#1 Public card"

        # A refusal after a public defer must not stay public: the thinking message goes.
        payload, call = await h.slash("ana", "task", "add", title="x", project="nowhere")
        await h.fake.wait_for_call(lambda c: c.method == "DELETE"
                                   and payload["token"] in c.path)
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert follow.json["flags"] & EPHEMERAL and "nowhere" in follow.json["content"]

    run(tmp_path, scenario)


async def _until(check: object) -> None:
    while not check():  # type: ignore[operator]
        await asyncio.sleep(0.02)


def test_an_expired_interaction_is_logged_and_the_bot_keeps_serving(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario(h: Harness) -> None:
        from tests.e2e.fakes.discord_payloads import slash_command

        await h.start_bot()
        late = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                             group="task", sub="list")
        h.fake.expired.add(late["id"])
        await h.fake.interact(late)
        await h.fake.wait_for_callback(late)  # answered 404 / 10062 Unknown interaction
        _, call = await h.slash("ana", "task", "add", title="Still here")
        assert call.json["data"]["embeds"][0]["title"] == "#1 Still here"

    run(tmp_path, scenario)
    assert "expired before it was answered" in caplog.text
