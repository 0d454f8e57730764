"""`/find` (with its autocomplete), `/next`, `/count` and `/task list filter:` through the real
discord.py client against the fake Discord, and the real core and database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import option, slash_command
from tests.e2e.fakes.discord_rest import Call

EPHEMERAL = 64


async def top(h: Harness, user: str, name: str, *, autocomplete: bool = False,
              users: dict[str, str] | None = None, **strings: Any) -> Call:
    """Run the top-level command `/name` (no subcommand) with string and user options."""
    opts = [option(k, v, focused=autocomplete) for k, v in strings.items()]
    resolved = []
    for opt_name, who in (users or {}).items():
        opts.append(option(opt_name, h.user(who).id, 6))
        resolved.append(h.user(who))
    payload = slash_command(app_id=h.fake.app_id, user=h.user(user), guild=h.guild,
                            group=name, sub="-", autocomplete=autocomplete,
                            resolved_users=resolved)
    payload["data"]["options"] = opts
    await h.fake.interact(payload)
    return await h.fake.wait_for_callback(payload)


def _text(call: Call) -> str:
    data = call.json["data"]
    parts = [data.get("content") or ""]
    parts += [(e.get("title") or "") + "\n" + (e.get("description") or "")
              for e in data.get("embeds") or []]
    return "\n".join(parts)


def test_find_next_count_and_filtered_list(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Write the spécification", priority="high",
                      due="tomorrow", users={"assignee": "ana"})
        await h.slash("ana", "task", "add", title="Review the spec", after="#1",
                      users={"assignee": "bo"})
        await h.slash("ana", "task", "add", title="Order café supplies",
                      users={"assignee": "ana"})
        await h.slash("ana", "task", "comment", text="crème brûlée for @everyone",
                      ints={"number": 3})

        found = await top(h, "ana", "find", query="CAFE")
        assert found.json["data"]["flags"] & EPHEMERAL
        assert "Order café supplies" in _text(found)
        assert "Review" not in _text(found)
        by_comment = await top(h, "ana", "find", query="creme brulee")
        assert "#3" in _text(by_comment)

        choices = await top(h, "ana", "find", autocomplete=True, query="spec")
        assert choices.json["type"] == 8
        names = [c["name"] for c in choices.json["data"]["choices"]]
        assert sorted(names) == ["#1 Write the spécification", "#2 Review the spec"]
        assert await h.autocomplete("ana", "task", "done", "number", "supp") is not None

        ranked = await top(h, "ana", "next")
        text = _text(ranked)
        assert "#1 Write the spécification" in text and "due tomorrow" in text
        assert "blocks 1" in text
        assert text.index("#1") < text.index("#3")
        theirs = await top(h, "ana", "next", users={"user": "bo"})
        assert "Nothing open and unblocked for Bo." in _text(theirs)  # #2 waits on #1

        counted = await top(h, "ana", "count", filter="all +blocked")
        assert "1 task matches `all +blocked`." in _text(counted)
        _, listed = await h.slash("ana", "task", "list", scope="all", filter="spec sort:due-")
        listing = _text(listed)
        assert "(1-2 of 2)" in listing
        # latest due first, undated last
        assert listing.index("Write the spécification") < listing.index("Review the spec")

        _, bad = await h.slash("ana", "task", "list", filter="prio:hi")
        assert "did you mean 'priority:high'?" in _text(bad)
        bad_count = await top(h, "ana", "count", filter="+blokced")
        assert "did you mean '+blocked'?" in _text(bad_count)

    run(tmp_path, scenario)
