"""Components clicked in a DM act only for an existing member of the workspace of the guild
their custom_id names: a stranger holding a DM card (or a reminder DM) of guild B can't take,
see, edit or drop B's task, and never becomes a member of B from a DM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import component, message_payload, modal_submit

EPHEMERAL = 64
NOT_MEMBER = "not a member of that server's taskbot workspace"


def _members(h: Harness) -> set[str]:
    with h.container.engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT user_id FROM members"))}


def _task(h: Harness) -> tuple[str, str | None]:
    with h.container.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT t.status, m.user_id FROM tasks t LEFT JOIN members m "
            "ON m.id = t.assignee_id WHERE t.number = 1")).one()
    return str(row[0]), row[1]


async def _answer_text(h: Harness, payload: dict[str, Any], call: Any) -> str:
    """What the clicker was told: the callback's content, or its follow-up's."""
    data = call.json.get("data") or {}
    if call.json["type"] == 4:
        assert data["flags"] & EPHEMERAL
        return str(data.get("content") or "")
    follow = await h.fake.wait_for_call(
        lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    assert follow.json["flags"] & EPHEMERAL
    return str(follow.json["content"])


def test_a_stranger_with_a_dm_card_can_do_nothing_and_joins_nothing(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="Guild B secret",
                                users={"assignee": "bo"})
        card = h.message_of(call)
        eve = h.user("eve")
        g = h.guild.id
        before = _members(h)
        assert eve.id not in before
        # A reminder DM of guild B (Snooze / Done buttons) that reached eve somehow.
        buttons = [{"type": 2, "style": 2, "label": "Snooze 1 h",
                    "custom_id": f"taskbot:rsnooze:{g}:1:1h"},
                   {"type": 2, "style": 3, "label": "Done", "custom_id": f"taskbot:rdone:{g}:1"}]
        reminder = message_payload("77", h.fake.bot, {
            "content": "⏰ Reminder: pay", "components": [{"type": 1, "components": buttons}]})

        for custom_id, values in ((f"taskbot:take:{g}:1", None),
                                  (f"taskbot:start:{g}:1", None),
                                  (f"taskbot:done:{g}:1", None),
                                  (f"taskbot:more:{g}:1", ["show"]),
                                  (f"taskbot:more:{g}:1", ["edit"]),
                                  (f"taskbot:more:{g}:1", ["drop"]),
                                  (f"taskbot:rdone:{g}:1", None),
                                  (f"taskbot:rsnooze:{g}:1:1h", None)):
            message = reminder if custom_id.startswith("taskbot:r") else card
            payload, answer = await h.click("eve", message, custom_id, dm=True,
                                            values=values)
            assert answer.json["type"] != 9, custom_id  # no edit form for a stranger
            told = await _answer_text(h, payload, answer)
            assert NOT_MEMBER in told, (custom_id, told)
            assert "Guild B secret" not in str(answer.json), custom_id
        assert _task(h) == ("open", h.user("bo").id)

        # bo, a member, opens the edit form from his DM card; eve submits it from a DM.
        payload, opened = await h.click("bo", card, f"taskbot:more:{g}:1", dm=True,
                                        values=["edit"])
        assert opened.json["type"] == 9
        modal = opened.json["data"]
        title_id = modal["components"][0]["components"][0]["custom_id"]
        forged = modal_submit(app_id=h.fake.app_id, user=eve, guild=None,
                              custom_id=modal["custom_id"], fields={title_id: "Eve's now"},
                              channel_id=card["channel_id"], message=card)
        await h.fake.interact(forged)
        answer = await h.fake.wait_for_callback(forged)
        assert NOT_MEMBER in await _answer_text(h, forged, answer)

        assert _members(h) == before  # nobody became a member from a DM
        with h.container.engine.connect() as conn:
            title = conn.execute(text("SELECT title FROM tasks WHERE number = 1")).scalar()
        assert title == "Guild B secret"

        # A member's DM click still works: bo starts his task from the DM card.
        _, started = await h.click("bo", card, f"taskbot:start:{g}:1", dm=True)
        assert started.json["type"] == 7
        assert _task(h) == ("in_progress", h.user("bo").id)

    run(tmp_path, scenario)


def test_someone_who_left_the_server_is_refused_from_a_dm(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("cy", "task", "add", title="Cy's own",
                                users={"assignee": "cy"})  # cy is a workspace member
        card = h.message_of(call)
        h.fake.not_members.add(h.user("cy").id)  # ... then leaves (or is removed)
        payload, answer = await h.click("cy", card, f"taskbot:done:{h.guild.id}:1", dm=True)
        told = await _answer_text(h, payload, answer)
        assert "not in that server" in told
        assert _task(h) == ("open", h.user("cy").id)
        assert h.fake.calls_to("GET", f"/guilds/{h.guild.id}/members/{h.user('cy').id}")

        # In the server itself no membership lookup is needed; the click works.
        h.fake.not_members.clear()
        _, done = await h.click("cy", card, f"taskbot:done:{h.guild.id}:1")
        assert done.json["type"] == 7 and _task(h) == ("done", h.user("cy").id)

    run(tmp_path, scenario)


def test_a_dm_click_on_a_component_the_message_lacks_still_gets_an_answer(
        tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Only here")
        eve = h.user("eve")
        # A select id that names the guild, on a message that carries no such component:
        # discord.py routes it nowhere; the bot still answers, privately, within 3 s.
        bare = message_payload("2", h.fake.bot, {"content": "hello"})
        payload = component(app_id=h.fake.app_id, user=eve, guild=None, message=bare,
                            custom_id=f"taskbot:more:{h.guild.id}:1", component_type=3,
                            values=["reopen"])
        await h.fake.interact(payload)
        answer = await h.fake.wait_for_callback(payload)
        assert answer.json["type"] == 4 and answer.json["data"]["flags"] & EPHEMERAL
        assert "couldn't handle that" in answer.json["data"]["content"]
        assert eve.id not in _members(h)

    run(tmp_path, scenario)
