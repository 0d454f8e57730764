"""Notifications that respect attention over Slack: the real slack-bolt app, the fake Web
API, the scheduler's tick on a fixed clock. 20 assignments in an hour are one Block Kit DM
for an hourly person and twenty for an immediate one; a burst of 10 changes in a minute is
one DM; `/task notify show` answers privately."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from core.ports import FixedClock
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import SlackWorld, slack_world

# Monday 30 Nov 2026, 15:00 UTC: 10:00 for bo (America/New_York), in his working hours
START = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(minutes=2, seconds=30)


async def command(w: SlackWorld, text: str, user: str, answer: str) -> Call:
    """Run a slash command and wait for its (ephemeral) answer."""
    seen = len(w.fake.calls("response_url", where=lambda c: answer in c.dumped()))
    await w.slash(text, user=user)
    found = await w.fake.await_for("response_url", seen + 1,
                                   where=lambda c: answer in c.dumped())
    return found[-1]


async def add(w: SlackWorld, text: str, number: int) -> None:
    """ana adds a task in #general and waits for its card there (the add's answer)."""
    await w.slash(f"add {text}", user="U0ANA")
    await w.fake.await_for("chat.postMessage", where=lambda c: c.params.get(
        "channel") == "C0GENERAL" and f"#{number} " in str(c.params.get("text")))


def dms(w: SlackWorld, user: str) -> list[Call]:
    return w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") == user)


async def assign_spread(w: SlackWorld, user: str, name: str, count: int,
                        step: dt.timedelta) -> None:
    """ana creates `count` tasks for `user`, `step` apart, the scheduler ticking between."""
    for i in range(1, count + 1):
        await w.tick(START + (i - 1) * step)
        await add(w, f"Task {i} <@{user}|{name}>", i)
    await w.tick(START + count * step)


def test_twenty_assignments_in_an_hour_are_one_dm_for_an_hourly_person(
        tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path, clock=FixedClock(START)) as w:
            said = await command(w, "notify hourly", "U0BO", "Your notifications: hourly")
            assert said.params.get("response_type") == "ephemeral"
            assert "Next summary: Mon 30 Nov 11:00 (America/New_York)" in said.dumped()
            await assign_spread(w, "U0BO", "bo", 20, STEP)  # 10:00-10:50 in New York
            assert dms(w, "U0BO") == []
            await w.tick(START + dt.timedelta(hours=1))  # 11:00 in New York
            (dm,) = dms(w, "U0BO")
            blocks = dm.params["blocks"]
            assert blocks[0]["type"] == "header"
            assert blocks[0]["text"]["text"] == "🔔 20 updates on your tasks"
            body = dm.dumped()
            assert all(f"ana assigned you #{i} Task {i}" in body for i in range(1, 21))
            await w.tick(START + dt.timedelta(hours=2))
            assert len(dms(w, "U0BO")) == 1

    asyncio.run(story())


def test_twenty_assignments_over_an_hour_are_twenty_dms_for_an_immediate_person(
        tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path, clock=FixedClock(START)) as w:
            await assign_spread(w, "U0CAROL", "carol", 20, STEP)
            sent = dms(w, "U0CAROL")
            assert len(sent) == 20
            assert [f"ana assigned you #{i} Task {i}" in c.params["text"]
                    for i, c in enumerate(sent, start=1)] == [True] * 20

    asyncio.run(story())


def test_a_burst_of_ten_changes_in_a_minute_is_one_dm(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path, clock=FixedClock(START)) as w:
            for i in range(1, 11):
                await add(w, f"Task {i}", i)
            for i in range(1, 11):  # a bulk edit: 10 reassignments, 5 s apart
                await w.tick(START + (i - 1) * dt.timedelta(seconds=5))
                await command(w, f"assign #{i} <@U0CAROL|carol>", "U0ANA", f"Assigned #{i} ")
            assert dms(w, "U0CAROL") == []
            await w.tick(START + dt.timedelta(minutes=1))
            (dm,) = dms(w, "U0CAROL")
            assert dm.params["blocks"][0]["text"]["text"] == "🔔 10 updates from ana"

    asyncio.run(story())


def test_the_summary_pings_nobody(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path, clock=FixedClock(START)) as w:
            await command(w, "notify daily at 16:00", "U0BO", "Your notifications: daily")
            await add(w, '"<!channel> <@U0ANA> ship it" <@U0BO|bo>', 1)
            await w.tick(START + dt.timedelta(hours=7))  # 16:00 in New York
            (dm,) = dms(w, "U0BO")
            body = dm.dumped()
            assert "<!channel>" not in body and "<@U0ANA>" not in body
            assert "&lt;!channel&gt;" in body

    asyncio.run(story())
