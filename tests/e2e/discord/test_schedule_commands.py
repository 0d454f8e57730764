"""The scheduler's native slash commands (`/task remind`, `/task digest`) through the real
discord.py client, sent the way Discord sends them (type 2 APPLICATION_COMMAND with the
subcommand's options nested), checked against what the core then does: the reminder DM
and the channel's digest, sent by real scheduler ticks at a controlled time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64
MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)



def _flags(call_json: dict[str, object]) -> int:
    data = call_json["data"]
    assert isinstance(data, dict)
    return int(data.get("flags") or 0)


def test_remind_me_and_digest_here_with_typed_options(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        payload, call = await h.slash("ana", "task", "remind", when="2026-03-02 10:30",
                                      text="book the venue @everyone")
        [sub] = payload["data"]["options"]
        assert (sub["name"], sub["type"]) == ("remind", 1)  # a subcommand, options nested
        assert call.json["type"] == 4
        assert _flags(call.json) & EPHEMERAL  # only the caller needs the confirmation
        assert call.json["data"]["content"] == (
            "I'll remind you Mon 02 Mar 10:30 (UTC): book the venue @everyone (reminder 1; "
            "/task reminders list shows yours).")
        assert call.json["data"]["allowed_mentions"] == {"parse": []}

        # Neither a task nor a text: a private refusal, and no reminder is stored.
        _, refused = await h.slash("ana", "task", "remind", when="tomorrow")
        assert _flags(refused.json) & EPHEMERAL
        assert refused.json["data"]["content"].startswith("⚠️ Remind you of a task")

        await h.slash("ana", "task", "add", title="Write the spec", users={"assignee": "ana"})
        await h.slash("ana", "task", "start", ints={"number": 1})
        _, on_task = await h.slash("ana", "task", "remind", when="at 2026-03-03 09:00",
                                   ints={"task": 1})
        assert on_task.json["data"]["content"].startswith("I'll remind you about #1 ")

        await h.tick(dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC))
        [dm] = h.dm_posts("ana")
        assert dm.json["content"] == ("🔔 Reminder: book the venue @everyone (id 1: /task "
                                      "remind snooze 1 or done 1)")
        assert dm.json["allowed_mentions"] == {"parse": []}

        _, digest = await h.slash("ana", "task", "digest", action="here", at="09:00",
                                  zone="europe/berlin", frequency="weekdays")
        assert digest.json["type"] == 4
        assert not _flags(digest.json) & EPHEMERAL  # the channel sees its digest set up
        assert "09:00 Europe/Berlin" in digest.json["data"]["content"]

        _, preview = await h.slash("bo", "task", "digest", action="show")
        assert _flags(preview.json) & EPHEMERAL
        assert preview.json["data"]["content"].startswith(
            "(next digest Tue 03 Mar 09:00 (Europe/Berlin))\nStandup digest")
        assert "Write the spec" in preview.json["data"]["content"]  # ana's work in progress

        _, bad = await h.slash("ana", "task", "digest", action="here", at="25:00")
        assert _flags(bad.json) & EPHEMERAL
        assert "not a time of day" in bad.json["data"]["content"]

        channel_posts = f"/channels/{h.channel}/messages"
        before = len(h.fake.calls_to("POST", channel_posts))
        await h.tick(dt.datetime(2026, 3, 3, 7, 59, tzinfo=dt.UTC))  # 08:59 in Berlin
        assert len(h.fake.calls_to("POST", channel_posts)) == before
        await h.tick(dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC))  # 09:00 in Berlin
        posts = h.fake.calls_to("POST", channel_posts)[before:]
        assert posts, "no digest in the channel at 09:00 Berlin time"
        text = "\n".join(p.json.get("content") or "" for p in posts) + "".join(
            e.get("description", "") for p in posts for e in p.json.get("embeds") or [])
        assert "Write the spec" in text
        assert all(p.json["allowed_mentions"] == {"parse": []} for p in posts)
        await h.tick(dt.datetime(2026, 3, 3, 8, 5, tzinfo=dt.UTC))  # once, not twice
        assert len(h.fake.calls_to("POST", channel_posts)) == before + len(posts)

    run(tmp_path, scenario, clock=FixedClock(MONDAY))
