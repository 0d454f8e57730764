"""Outbox notifications delivered by the Discord notifier through the real delivery worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.notifications import Kind, Notification
from core.ports import DeliveryStatus
from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_server import Call

NO_BURST = {"TASKBOT_NOTIFY_BURST_SECONDS": "0"}
"""These tests are about delivering DMs, not about when: the burst window (which holds a
non-urgent DM a minute for more from the same person, tests/e2e/discord/test_attention.py)
is off, so each assignment's DM is queued at once as before it existed."""


def _dm_posts(h: Harness, user: str) -> list[Call]:
    return h.dm_posts(user)


def test_blocked_owner_gets_a_dm_with_buttons_when_the_blocker_is_done(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="Design", users={"assignee": "ana"})
        await h.slash("ana", "task", "add", title="Build", after="#1",
                      users={"assignee": "bo"})
        worker = h.worker()
        await worker.drain()
        assert [c.json["content"] for c in _dm_posts(h, "bo")] == [
            "📌 Ana assigned you #2 Build"]

        _, done = await h.slash("ana", "task", "done", ints={"number": 1})
        assert done.json["type"] == 4
        assert await worker.drain() == 1
        posts = _dm_posts(h, "bo")
        assert len(posts) == 2
        dm = posts[-1].json
        # Markdown in user text is escaped (a leading "#" would make a heading).
        assert dm["content"] == "🔓 \\#2 Build is unblocked: Ana finished #1 Design"
        assert dm["allowed_mentions"] == {"parse": []}
        assert dm["embeds"][0]["title"] == "#2 Build"
        ids = [c["custom_id"] for row in dm["components"] for c in row["components"]]
        assert f"taskbot:start:{h.guild.id}:2" in ids

        # Bo starts the task from the DM: no guild in the interaction, the id carries it.
        message = h.fake.messages[next(reversed(h.fake.messages))]
        _, click = await h.click("bo", message, f"taskbot:start:{h.guild.id}:2", dm=True)
        assert click.json["type"] == 7
        fields = {f["name"]: f["value"] for f in click.json["data"]["embeds"][0]["fields"]}
        assert fields["Status"] == "in progress"

    run(tmp_path, scenario, extra_settings=NO_BURST)


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_closed_dms_fall_back_to_one_mention_in_the_project_channel(tmp_path: Path,
                                                                   db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        h.fake.closed_dms.add(h.user("bo").id)
        await h.slash("ana", "project", "new", name="launch")
        await h.slash("ana", "task", "add", title="Press kit @everyone", project="launch",
                      users={"assignee": "bo"})
        worker = h.worker()
        await worker.drain()
        await worker.drain()  # nothing left: the DM is not retried in a loop

        assert len(_dm_posts(h, "bo")) == 1  # one attempt, answered 403 / 50007
        channel_posts = h.fake.calls_to("POST", f"/channels/{h.channel}/messages")
        assert len(channel_posts) == 1
        post = channel_posts[0].json
        assert post["content"].startswith(f"<@{h.user('bo').id}> ")
        assert "I couldn't send you this as a direct message" in post["content"]
        assert post["allowed_mentions"] == {"parse": [], "users": [int(h.user("bo").id)]}

        # The worker remembers: Bo's next notification goes straight to the channel.
        await h.slash("ana", "task", "add", title="Slides", project="launch",
                      users={"assignee": "bo"})
        await worker.drain()
        assert len(_dm_posts(h, "bo")) == 1
        assert len(h.fake.calls_to("POST", f"/channels/{h.channel}/messages")) == 2

        # Bo opens their DMs and says so: the next notification is a DM again.
        h.fake.closed_dms.discard(h.user("bo").id)
        _, answer = await h.slash("bo", "task", "dms")
        assert "direct messages again" in str(answer.json)
        await h.slash("ana", "task", "add", title="Poster", project="launch",
                      users={"assignee": "bo"})
        await h.worker().drain()
        assert len(_dm_posts(h, "bo")) == 2
        assert len(h.fake.calls_to("POST", f"/channels/{h.channel}/messages")) == 2

    run(tmp_path, scenario, db=db, extra_settings=NO_BURST)


def test_a_title_full_of_mentions_pings_nobody(tmp_path: Path) -> None:
    title = "@everyone @here <@&123456789012345678> <@987654321098765432> ping"

    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title=title, users={"assignee": "bo"})
        card = call.json["data"]
        assert card["allowed_mentions"] == {"parse": []}
        assert card["embeds"][0]["title"] == f"#1 {title}"
        await h.worker().drain()
        [dm] = _dm_posts(h, "bo")
        assert dm.json["allowed_mentions"] == {"parse": []}
        assert title in dm.json["content"]

        _, listed = await h.slash("ana", "task", "list", scope="all")
        assert listed.json["data"]["allowed_mentions"] == {"parse": []}

    run(tmp_path, scenario, extra_settings=NO_BURST)


def test_rate_limited_delivery_is_retried_after_discords_delay(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        runtime = await h.start_bot()
        h.fake.rate_limit("POST", "/messages", retry_after=75.0)
        note = Notification(kind=Kind.REMINDER, platform="discord",
                            workspace_id=h.guild.id, channel_id=h.channel, text="Standup")
        outcome = await runtime.notifier.deliver(note)
        assert outcome.status is DeliveryStatus.RETRY
        assert outcome.retry_after == 75.0
        # The route is backing off: a second try waits its turn without asking Discord.
        posts = len(h.fake.calls_to("POST", "/messages"))
        again = await runtime.notifier.deliver(note)
        assert again.status is DeliveryStatus.RETRY and 70 < (again.retry_after or 0) <= 75
        assert len(h.fake.calls_to("POST", "/messages")) == posts

    run(tmp_path, scenario, extra_settings=NO_BURST)
