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
