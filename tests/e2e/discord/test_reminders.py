"""Personal reminders on Discord, end to end: made due by a real scheduler tick at a
controlled time, delivered by the real delivery worker as a DM with Snooze 1 h, Tomorrow
morning and Done, and those buttons still working after a client restart."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from core.commands import Context
from core.ports import FixedClock
from core.results import Info
from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64
MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def monday(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, 2, hour, minute, tzinfo=dt.UTC)


def _ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", [])
            for c in row["components"]]


async def _remind(h: Harness, user: str, text: str) -> None:
    """`/task remind ...` through the text grammar, as `user` in the guild's channel."""
    person = h.user(user)
    ctx = Context(platform="discord", workspace_id=h.guild.id, user_id=person.id,
                  display_name=person.global_name, channel_id=h.channel)
    result = await asyncio.to_thread(h.container.bus.run_text, ctx, "task", text)
    assert isinstance(result, Info), result


def _set_clock(h: Harness, at: dt.datetime) -> None:
    clock = h.container.clock
    assert isinstance(clock, FixedClock)
    clock.set(at)



def test_free_text_reminder_snoozes_after_a_restart_and_stops_when_done(
        tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await _remind(h, "ana", "remind me book the venue @everyone 2026-03-02 10:30")
        await h.tick(monday(10))
        assert h.dm_posts("ana") == []  # not yet due

        await h.tick(monday(10, 30))
        [post] = h.dm_posts("ana")
        dm = post.json
        ids = _ids(dm)
        rid = ids[0].split(":")[3]
        said = f"🔔 Reminder: book the venue @everyone (id {rid}: /task remind snooze {rid} " \
               f"or done {rid})"  # the id to type, as the buttons carry it
        assert dm["content"] == said
        assert dm["allowed_mentions"] == {"parse": []}
        assert "embeds" not in dm or dm["embeds"] == []
        guild = h.guild.id
        assert ids == [f"taskbot:rsnooze:{guild}:{rid}:1h",
                       f"taskbot:rsnooze:{guild}:{rid}:tomorrow", f"taskbot:rdone:{guild}:{rid}"]
        labels = [c["label"] for row in dm["components"] for c in row["components"]]
        assert labels == ["Snooze 1 h", "Tomorrow morning", "Done"]
        message = h.fake.messages[next(reversed(h.fake.messages))]

        await h.restart_bot()  # only the persistent components know this DM now

        # Someone else's click (a forwarded copy) is refused privately; the DM is unchanged.
        # A stranger to the workspace is refused before anything is looked up ...
        _, refused = await h.click("bo", message, ids[0], dm=True)
        assert refused.json["type"] == 4
        assert refused.json["data"]["flags"] & EPHEMERAL
        assert "not a member of that server" in refused.json["data"]["content"]
        # ... and a member of it is refused by the core: the reminder isn't theirs.
        await h.slash("bo", "task", "list")
        _, refused = await h.click("bo", message, ids[0], dm=True)
        assert refused.json["type"] == 4
        assert f"no reminder {rid}" in refused.json["data"]["content"]

        _set_clock(h, monday(10, 35))
        _, snoozed = await h.click("ana", message, ids[0], dm=True)
        assert snoozed.json["type"] == 7  # the DM itself is edited
        edit = snoozed.json["data"]
        assert edit["content"] == f"{said}\n⏰ Snoozed until Mon 02 Mar 11:35 (UTC)."
        assert edit["components"] == []
        assert edit["allowed_mentions"] == {"parse": []}
        assert h.fake.messages[message["id"]]["components"] == []

        await h.tick(monday(11))
        assert len(h.dm_posts("ana")) == 1  # snoozed: not before 11:35
        await h.tick(monday(11, 35))
        posts = h.dm_posts("ana")
        assert len(posts) == 2
        assert posts[1].json["content"] == said
        assert _ids(posts[1].json) == ids  # the same reminder, the same buttons
        again = h.fake.messages[next(reversed(h.fake.messages))]

        done_id = ids[2]
        _, done = await h.click("ana", again, done_id, dm=True)
        assert done.json["type"] == 7
        assert done.json["data"]["content"].endswith("\n✅ Reminder done.")
        assert done.json["data"]["components"] == []
        # A double click (the same old copy of the DM) settles it the same way.
        _, twice = await h.click("ana", again, done_id, dm=True)
        assert twice.json["type"] == 7
        assert twice.json["data"]["content"] == done.json["data"]["content"]

        for hours in (2, 24, 48):  # done: never again
            await h.tick(monday(11, 35) + dt.timedelta(hours=hours))
        assert len(h.dm_posts("ana")) == 2

    run(tmp_path, scenario, clock=FixedClock(MONDAY))


def test_task_reminder_keeps_the_task_embed_and_snoozes_to_tomorrow_morning(
        tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Ship it", users={"assignee": "ana"})
        await _remind(h, "ana", "remind #1 2026-03-02 10:30")
        await h.tick(monday(10, 30))
        dm = h.dm_posts("ana")[-1].json
        assert dm["content"].startswith("🔔 Reminder: #1 Ship it")
        assert dm["embeds"][0]["title"] == "#1 Ship it"
        ids = _ids(dm)
        assert [i.split(":")[1] for i in ids] == ["rsnooze", "rsnooze", "rdone"]
        message = h.fake.messages[next(reversed(h.fake.messages))]

        _, snoozed = await h.click("ana", message, ids[1], dm=True)
        edit = snoozed.json["data"]
        assert edit["content"].endswith("⏰ Snoozed until Tue 03 Mar 09:00 (UTC).")
        assert edit["components"] == []
        stored = h.fake.messages[message["id"]]
        assert stored["embeds"][0]["title"] == "#1 Ship it"  # the task embed stays

        sent = len(h.dm_posts("ana"))
        await h.tick(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC))
        assert len(h.dm_posts("ana")) == sent + 1

    run(tmp_path, scenario, clock=FixedClock(MONDAY))
