"""The daily milestone watch on Slack (issue 15): a milestone that slips with no command
(nobody worked on its task) is found by the first scheduler tick of the day, and the
project's owner gets one DM, as Block Kit, through the real delivery worker; later ticks
say nothing more."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from core.ports import FixedClock
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import SlackWorld, slack_world

MON = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # Europe/Lisbon is UTC in March
TUE_NIGHT = dt.datetime(2026, 3, 3, 0, 5, tzinfo=dt.UTC)


def _heads_up(w: SlackWorld) -> list[Call]:
    return w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") ==
                        "U0ANA" and "Heads-up on launch" in c.dumped())


async def _said(w: SlackWorld, text: str, says: str) -> None:
    await w.slash(text, command="/project")
    await w.fake.await_for("response_url", where=lambda c: says in c.dumped())


def test_the_owner_hears_of_a_milestone_slipping_with_time(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path, clock=FixedClock(MON)) as w:
            await _said(w, "new launch", "Created project launch")
            await _said(w, "milestone launch beta due:2026-03-03", "Added milestone")
            await w.slash("add Write the spec <@U0BO|bo> project:launch milestone:beta "
                          "estimate:2d")
            await w.fake.await_for("chat.postMessage", where=lambda c:
                                   c.params.get("channel") == "C0GENERAL")
            await w.tick(MON)
            assert _heads_up(w) == []
            for at in (TUE_NIGHT, TUE_NIGHT + dt.timedelta(hours=9),  # her working hours
                       TUE_NIGHT + dt.timedelta(hours=10)):
                await w.tick(at)
            [dm] = _heads_up(w)
            assert ("Heads-up on launch: milestone beta is forecast Wed 4 Mar, after its due "
                    "date Tue 3 Mar.") in dm.params["text"]
            assert dm.blocks(), "a Block Kit DM"

    asyncio.run(story())
