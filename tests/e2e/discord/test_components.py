"""Task card buttons (persistent across a restart) and modals, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import message_payload

EPHEMERAL = 64


def _fields(embed: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def test_done_button_works_after_a_restart_and_is_idempotent(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="Ship it", users={"assignee": "bo"})
        card = h.message_of(call)
        assert card["channel_id"] == h.channel

        await h.restart_bot()  # a new client: only the persistent components know the card
        assert len(h.fake.identifies) == 2

        done_id = f"taskbot:done:{h.guild.id}:1"
        _, call = await h.click("bo", card, done_id)
        assert call.json["type"] == 7  # UPDATE_MESSAGE: the card itself changes
        embed = call.json["data"]["embeds"][0]
        assert _fields(embed)["Status"] == "done"
        buttons = {c["custom_id"]: c for row in call.json["data"]["components"]
                   for c in row["components"]}
        assert buttons[done_id]["disabled"] is True
        assert call.json["data"]["allowed_mentions"] == {"parse": []}

        # A second click (an old copy of the card) changes nothing and says why, privately.
        payload, again = await h.click("bo", card, done_id)
        assert again.json["type"] == 7
        assert _fields(again.json["data"]["embeds"][0])["Status"] == "done"
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert follow.json["flags"] & EPHEMERAL
        assert "already done" in follow.json["content"]

        # A stranger may not start someone else's task: refused, card unchanged.
        _, other = await h.slash("ana", "task", "add", title="Private", users={"assignee": "ana"})
        payload, refused = await h.click("cy", h.message_of(other),
                                         f"taskbot:start:{h.guild.id}:2")
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert "can't" in follow.json["content"]
        assert _fields(refused.json["data"]["embeds"][0])["Status"] == "open"

    run(tmp_path, scenario)


def test_modal_creates_a_task_and_names_the_bad_field(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add")  # no options: the form
        assert call.json["type"] == 9  # MODAL
        modal = call.json["data"]

        _, bad = await h.submit("ana", modal, {
            _input(modal, "Title"): "Plan the offsite", _input(modal, "Priority"): "sky-high"})
        assert bad.json["type"] == 4 and bad.json["data"]["flags"] & EPHEMERAL
        assert bad.json["data"]["content"].startswith("⚠️ Priority:")

        _, call = await h.slash("ana", "task", "add")  # a submitted modal is closed: reopen
        modal = call.json["data"]
        _, good = await h.submit("ana", modal, {
            _input(modal, "Title"): "Plan the offsite", _input(modal, "Priority"): "p1",
            _input(modal, "Description"): "Venue, dates, budget"})
        embed = good.json["data"]["embeds"][0]
        assert embed["title"] == "#1 Plan the offsite"
        assert embed["description"] == "Venue, dates, budget"
        assert _fields(embed)["Priority"] == "high"

    run(tmp_path, scenario)


def test_create_task_from_message_keeps_a_jump_link(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        from tests.e2e.fakes.discord_payloads import message_command

        await h.start_bot()
        target = message_payload(h.channel, h.user("bo"),
                                 {"content": "The login page 500s on Safari\nstack trace…"},
                                 guild_id=h.guild.id)
        payload = message_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                  name="Create task from message", target=target)
        await h.fake.interact(payload)
        call = await h.fake.wait_for_callback(payload)
        assert call.json["type"] == 9
        modal = call.json["data"]
        title_input = _component(modal, "Title")
        assert title_input["value"] == "The login page 500s on Safari"

        _, made = await h.submit("ana", modal, {
            _input(modal, "Title"): title_input["value"],
            _input(modal, "Description"): target["content"]})
        link = f"https://discord.com/channels/{h.guild.id}/{h.channel}/{target['id']}"
        embed = made.json["data"]["embeds"][0]
        assert embed["url"] == link
        assert link in _fields(embed)["From"]

    run(tmp_path, scenario)


def _component(modal: dict[str, Any], label: str) -> dict[str, Any]:
    for row in modal["components"]:
        inner = row.get("components") or [row.get("component")]
        for comp in inner:
            if comp and comp.get("label", "").startswith(label):
                return comp
        if row.get("label", "").startswith(label):
            return row["component"]
    raise AssertionError(f"no {label!r} input in {modal}")


def _input(modal: dict[str, Any], label: str) -> str:
    return str(_component(modal, label)["custom_id"])


def test_more_select_shows_details_and_edits_through_a_prefilled_form(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="Draft post", priority="low")
        card = h.message_of(call)
        more = f"taskbot:more:{h.guild.id}:1"

        _, shown = await h.click("ana", card, more, values=["show"])
        assert shown.json["type"] == 4 and shown.json["data"]["flags"] & EPHEMERAL
        history = _fields(shown.json["data"]["embeds"][0])["History"]
        assert "created #1 Draft post" in history

        _, opened = await h.click("ana", card, more, values=["edit"])
        assert opened.json["type"] == 9
        modal = opened.json["data"]
        assert _component(modal, "Title")["value"] == "Draft post"
        assert _component(modal, "Priority")["value"] == "low"
        _, edited = await h.submit("ana", modal, {
            _input(modal, "Title"): "Draft the launch post",
            _input(modal, "Priority"): "urgent"}, message=card)
        assert edited.json["type"] == 7  # the card it was opened from shows the edit
        embed = edited.json["data"]["embeds"][0]
        assert embed["title"] == "#1 Draft the launch post"
        assert _fields(embed)["Priority"] == "urgent"

        # Someone who may not edit it gets the core's refusal, privately; the card stays.
        _, opened = await h.click("cy", card, more, values=["edit"])
        payload, refused = await h.submit("cy", opened.json["data"], {
            _input(opened.json["data"], "Title"): "Mine now"}, message=card)
        assert refused.json["data"]["embeds"][0]["title"] == "#1 Draft the launch post"
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
        assert follow.json["flags"] & EPHEMERAL and "can't" in follow.json["content"]

        # Opened by /task edit (not from a card): the answer is a private card.
        _, opened = await h.slash("ana", "task", "edit", ints={"number": 1})
        _, edited = await h.submit("ana", opened.json["data"], {
            _input(opened.json["data"], "Priority"): "low"})
        assert edited.json["type"] == 4 and edited.json["data"]["flags"] & EPHEMERAL
        assert _fields(edited.json["data"]["embeds"][0])["Priority"] == "low"

    run(tmp_path, scenario)


def test_a_form_opened_before_a_restart_gets_an_answer_with_the_typed_text(
        tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add")
        modal = call.json["data"]
        await h.restart_bot()
        _, answer = await h.submit("ana", modal, {_input(modal, "Title"): "Book the venue"})
        data = answer.json["data"]
        assert answer.json["type"] == 4 and data["flags"] & EPHEMERAL
        assert "opened before I restarted" in data["content"]
        assert data["content"].endswith("Book the venue")

        # A form opened by this process still works.
        _, call = await h.slash("ana", "task", "add")
        _, made = await h.submit("ana", call.json["data"],
                                 {_input(call.json["data"], "Title"): "Book the venue"})
        assert made.json["data"]["embeds"][0]["title"] == "#1 Book the venue"

    run(tmp_path, scenario)
