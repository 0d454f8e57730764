"""Issue 13's rough edges over real Slack HTTP: the same text grammar as the console, so
`none` clears and `/task assign #N none` unassigns here too."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from core.commands import Context, ShowTask
from core.results import TaskDetails
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA", display_name="ana")


def _says(text: str) -> Callable[[Call], bool]:
    return lambda call: text in call.dumped()


def test_assign_none_unassigns_and_none_clears_the_description(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            await w.slash('add Write the spec <@U0BO|bo> description:"some detail"')
            await w.fake.await_for("chat.postMessage")
            await w.slash("edit #1 description:none")
            assert await w.fake.await_for("response_url", where=_says("description removed"))
            await w.slash("assign #1 none")
            assert await w.fake.await_for(
                "response_url", where=_says("#1 is unassigned now (it was bo's)"))
            details = w.bus.execute(ANA, ShowTask(number=1))
            assert isinstance(details, TaskDetails)
            assert details.task.assignee is None
            assert details.task.description is None

    asyncio.run(story())
