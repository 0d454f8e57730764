"""Hostile input through the real client: NUL characters (PostgreSQL refuses them in text),
numbers out of any range, ids no row can have, and over-long values. Each gets a private
answer in one message, nothing unbounded reaches the core or the database, and an echo of
the input is clipped (counted in REST calls at the fake)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import (
    message_payload,
    modal_submit,
    option,
    slash_command,
)
from tests.e2e.fakes.discord_server import Call

EPHEMERAL = 64
DATABASES = ["sqlite", "postgresql"]


def _calls_for(h: Harness, payload: dict[str, Any]) -> list[Call]:
    """Every REST call made to answer `payload`: its callback and any follow-ups/edits."""
    return [c for c in h.fake.calls
            if f"/interactions/{payload['id']}/" in c.path or payload["token"] in c.path]


async def _one_private_reply(h: Harness, payload: dict[str, Any]) -> str:
    await h.fake.interact(payload)
    call = await h.fake.wait_for_callback(payload)
    assert call.json["type"] == 4 and call.json["data"]["flags"] & EPHEMERAL, call.json
    content = str(call.json["data"]["content"])
    assert content.startswith("⚠️") and len(content) < 400, content
    assert len(_calls_for(h, payload)) == 1
    return content


def _slash(h: Harness, sub: str, options: list[dict[str, Any]], *, group: str = "task",
           autocomplete: bool = False) -> dict[str, Any]:
    return slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                         group=group, sub=sub, options=options, autocomplete=autocomplete)


@pytest.mark.parametrize("db", DATABASES)
def test_nul_characters_are_removed_before_the_database(tmp_path: Path, db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, made = await h.slash("ana", "task", "add", title="Fix\x00 the\x07 NUL",
                                description="line one\x00\nline two")
        embed = made.json["data"]["embeds"][0]
        assert embed["title"] == "#1 Fix the NUL"
        assert embed["description"] == "line one\nline two"

        _, said = await h.slash("ana", "task", "comment", ints={"number": 1},
                                text="looks\x00 good")
        assert "⚠️" not in str(said.json), said.json

        # Autocomplete with a NUL in what is typed: choices, not an error.
        payload = _slash(h, "done", [option("number", "Fix\x00", 4, focused=True)],
                         autocomplete=True)
        await h.fake.interact(payload)
        answer = await h.fake.wait_for_callback(payload)
        assert answer.json == {"type": 8, "data": {"choices": [
            {"name": "#1 Fix the NUL", "value": 1}]}}

        # A form with NUL in its fields.
        _, opened = await h.slash("ana", "task", "add")
        modal = opened.json["data"]
        ids = [row["components"][0]["custom_id"] for row in modal["components"]]
        _, made = await h.submit("ana", modal, {ids[0]: "From\x00 a form",
                                                ids[1]: "desc\x00ription"})
        assert made.json["data"]["embeds"][0]["title"] == "#2 From a form"

    run(tmp_path, scenario, db=db)


@pytest.mark.parametrize("db", DATABASES)
def test_out_of_range_numbers_and_ids_get_one_private_refusal(tmp_path: Path, db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Real")
        for sub, opts in (("show", [option("number", 10**30, 4)]),
                          ("done", [option("number", -5, 4)]),
                          ("done", [option("number", 0, 4)]),
                          ("list", [option("page", 10**30, 4)]),
                          ("reminders", [option("hours_before", 10**19, 4)])):
            told = await _one_private_reply(h, _slash(h, sub, opts))
            assert "out of range" in told, (sub, told)

        # A reminder button whose id no reminder can have (18 digits), clicked by a member.
        g = h.guild.id
        custom_id = f"taskbot:rdone:{g}:123456789012345678"
        reminder = message_payload("5", h.fake.bot, {"content": "🔔 Reminder", "components": [
            {"type": 1, "components": [{"type": 2, "style": 3, "label": "Done",
                                        "custom_id": custom_id}]}]})
        _, call = await h.click("ana", reminder, custom_id, dm=True)
        assert call.json["type"] == 4 and "doesn't exist" in call.json["data"]["content"]

        # The task is untouched and the bot keeps serving.
        _, shown = await h.slash("ana", "task", "show", ints={"number": 1})
        assert shown.json["data"]["embeds"][0]["title"] == "#1 Real"

    run(tmp_path, scenario, db=db)


def test_over_long_values_cost_one_clipped_reply(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        huge = "p" * 6000
        for group, sub, opts in (
                ("task", "add", [option("title", "x"), option("project", huge)]),
                ("task", "list", [option("project", huge)]),
                ("project", "status", [option("name", huge)]),
                ("project", "new", [option("name", huge)]),
                ("task", "add", [option("text", "x project:" + huge)]),
                ("task", "add", [option("title", huge)])):
            told = await _one_private_reply(h, _slash(h, sub, opts, group=group))
            assert "too long (6,0" in told and huge not in told, told

        # A text-grammar project name that fits the option but names nothing: the core's
        # refusal quotes it clipped, in one message.
        long_name = "q" * 1400
        told = await _one_private_reply(h, _slash(h, "add", [
            option("text", f"Write it project:{long_name}")]))
        assert long_name not in told

        # A 100,000-character form field, on a live form and on one opened before a restart.
        _, opened = await h.slash("ana", "task", "add")
        modal = opened.json["data"]
        title = modal["components"][0]["components"][0]["custom_id"]
        form = modal_submit(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                            custom_id=modal["custom_id"], fields={title: "t" * 100_000},
                            channel_id=h.channel)
        told = await _one_private_reply(h, form)
        assert "Title" in told and "too long (100,000 characters; at most 200)" in told
        _, opened = await h.slash("ana", "task", "add")
        await h.restart_bot()
        stale = modal_submit(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                             custom_id=opened.json["data"]["custom_id"],
                             fields={title: "t" * 100_000}, channel_id=h.channel)
        await h.fake.interact(stale)
        call = await h.fake.wait_for_callback(stale)
        assert len(call.json["data"]["content"]) <= 2000
        assert len(_calls_for(h, stale)) == 1

    run(tmp_path, scenario)
