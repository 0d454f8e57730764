"""Notifications that respect attention over Discord: the real discord.py client against
the fake gateway and REST, the scheduler's tick on a fixed clock. `/notify set` and
`/notify show`; 20 assignments in an hour are one embed DM for an hourly person and twenty
DMs for an immediate one; a burst of 10 changes in a minute is one DM."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # a Monday, in working hours (UTC)
STEP = dt.timedelta(minutes=2, seconds=30)



async def _assign_spread(h: Harness, who: str, count: int, step: dt.timedelta) -> None:
    """ana creates `count` tasks, then assigns them to `who`, `step` apart, ticking between."""
    for i in range(1, count + 1):
        await h.slash("ana", "task", "add", title=f"Task {i}")
    for i in range(1, count + 1):
        await h.tick(START + (i - 1) * step)
        await h.slash("ana", "task", "assign", ints={"number": i}, users={"user": who})
    await h.tick(START + count * step)


def test_notify_set_and_show(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("bob", "notify", "set", mode="daily", time="16:00")
        data = call.json["data"]
        assert int(data.get("flags") or 0) & EPHEMERAL
        assert data["content"].startswith("Your notifications: daily.")
        assert "Next summary: Mon 02 Mar 16:00 (UTC)." in data["content"]
        _, shown = await h.slash("bob", "notify", "show")
        assert "once a day at 16:00" in shown.json["data"]["content"]
        _, refused = await h.slash("bob", "notify", "set", mode="hourly", time="16:00")
        assert refused.json["data"]["content"].startswith("⚠️ A time goes with daily only")

    run(tmp_path, scenario, clock=FixedClock(START))


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_twenty_assignments_in_an_hour_are_one_dm_for_an_hourly_person(
        tmp_path: Path, db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("bob", "notify", "set", mode="hourly")
        await _assign_spread(h, "bob", 20, STEP)
        assert h.dm_posts("bob") == []
        await h.tick(START + dt.timedelta(hours=1))
        (dm,) = h.dm_posts("bob")
        (embed,) = dm.json["embeds"]
        assert embed["title"] == "20 updates on your tasks"
        lines = embed["description"].splitlines()
        assert len(lines) == 20 and lines[0].startswith("📌 Ana assigned you"), lines[:2]
        assert dm.json["allowed_mentions"] == {"parse": []}

    run(tmp_path, scenario, clock=FixedClock(START), db=db)


def test_twenty_assignments_over_an_hour_are_twenty_dms_for_an_immediate_person(
        tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await _assign_spread(h, "cy", 20, STEP)
        posts = h.dm_posts("cy")
        assert len(posts) == 20
        assert all(p.json["content"].startswith("📌 Ana assigned you") for p in posts)

    run(tmp_path, scenario, clock=FixedClock(START))


def test_a_burst_of_ten_changes_in_a_minute_is_one_dm(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await _assign_spread(h, "dee", 10, dt.timedelta(seconds=5))
        assert h.dm_posts("dee") == []
        await h.tick(START + dt.timedelta(minutes=1))
        (dm,) = h.dm_posts("dee")
        assert dm.json["embeds"][0]["title"] == "10 updates from Ana"

    run(tmp_path, scenario, clock=FixedClock(START))
