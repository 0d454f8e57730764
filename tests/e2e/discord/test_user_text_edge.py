"""Discord options and forms reach the core through the same edge as typed text: control
characters are removed before anything is stored, and a number past a database column is a
friendly refusal naming the field (not "Something went wrong")."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64


def test_options_lose_control_characters_and_huge_numbers_are_named(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="\x00Ship\x1b[2J it\x07",
                                description="line\x00 one\x9b")
        embed = call.json["data"]["embeds"][0]
        assert embed["title"] == "#1 Ship[2J it"
        assert "\x00" not in str(call.json) and "\x1b" not in str(call.json)

        _, said = await h.slash("ana", "task", "comment", ints={"number": 1},
                                text="\x00\x07looks good\x1b")
        assert said.json["data"]["flags"] & EPHEMERAL
        _, shown = await h.slash("ana", "task", "show", ints={"number": 1})
        body = str(shown.json["data"])
        assert "looks good" in body and "line one" in body
        assert "\x00" not in body and "\x07" not in body and "\x9b" not in body

        # only control characters: nothing is left, and the model says which field
        _, empty = await h.slash("ana", "task", "comment", ints={"number": 1}, text="\x00\x07")
        content = empty.json["data"].get("content") or ""
        assert empty.json["data"]["flags"] & EPHEMERAL
        assert "The text is empty" in content, content
        assert "Something went wrong" not in content

    run(tmp_path, scenario)


def test_assign_without_a_user_unassigns_and_none_clears(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Ship it", description="details",
                      users={"assignee": "bo"})
        _, edited = await h.slash("ana", "task", "edit", ints={"number": 1},
                                  description="none")
        assert "description removed" in edited.json["data"]["content"]
        _, said = await h.slash("ana", "task", "assign", ints={"number": 1})
        assert "#1 is unassigned now (it was Bo's)" in said.json["data"]["content"]
        _, shown = await h.slash("ana", "task", "show", ints={"number": 1})
        fields = {f["name"]: f["value"] for f in shown.json["data"]["embeds"][0]["fields"]}
        assert "Assignee" not in fields or fields["Assignee"] in ("unassigned", "—", "-")
        assert "details" not in str(shown.json["data"]["embeds"][0])

    run(tmp_path, scenario)


def test_project_unarchive_is_its_own_typed_subcommand(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        from tests.e2e.fakes.discord_payloads import option, slash_command

        await h.start_bot()
        await h.slash("ana", "project", "new", name="Launch")
        await h.slash("ana", "project", "new", name="Backlog")
        await h.slash("ana", "project", "archive", name="Launch")
        payload = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                group="project", sub="unarchive", autocomplete=True,
                                options=[option("name", "la", focused=True)])
        await h.fake.interact(payload)
        offered = (await h.fake.wait_for_callback(payload)).json
        assert offered == {"type": 8, "data": {"choices": [{"name": "Launch",
                                                            "value": "Launch"}]}}
        _, said = await h.slash("ana", "project", "unarchive", name="Launch")
        assert said.json["data"]["content"] == "Unarchived Launch: new work can go in it again."
        _, added = await h.slash("ana", "task", "add", title="Go", project="Launch")
        assert added.json["data"]["embeds"][0]["title"] == "#1 Go"

    run(tmp_path, scenario)
