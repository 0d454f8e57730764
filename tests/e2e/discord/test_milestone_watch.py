"""The daily milestone watch on Discord (issue 15): a milestone that slips with no command
(nobody worked on its task) is found by the first scheduler tick of the day, and the
project's owner gets one DM through the real delivery worker; later ticks say nothing
more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run

MON = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TUE_NIGHT = dt.datetime(2026, 3, 3, 0, 5, tzinfo=dt.UTC)



def _heads_up(h: Harness, who: str) -> list[str]:
    return [c.json["content"] for c in h.dm_posts(who) if "Heads-up on" in c.json["content"]]


def test_the_owner_hears_of_a_milestone_slipping_with_time(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "project", "new", name="launch")
        await h.slash("ana", "project", "milestone", project="launch", name="beta",
                      due="2026-03-03")
        _, add = await h.slash("ana", "task", "add", title="Write the spec",
                               project="launch", milestone="beta", estimate="2d",
                               users={"assignee": "bo"})
        assert "Heads-up" not in str(add.json)  # on time on Monday morning
        await h.tick(MON)
        assert _heads_up(h, "ana") == []
        for at in (TUE_NIGHT, TUE_NIGHT + dt.timedelta(hours=9),  # her working hours
                   TUE_NIGHT + dt.timedelta(hours=10)):
            await h.tick(at)
        assert _heads_up(h, "ana") == [
            "⚠️ Heads-up on launch: milestone beta is forecast Wed 4 Mar, after its due date "
            "Tue 3 Mar."]

    run(tmp_path, scenario, clock=FixedClock(MON))
