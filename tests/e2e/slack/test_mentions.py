"""People mentioned before they ever used the bot: a bare `<@U0BO>` from Slack's @-picker
gets bo's display name from users.info (looked up after the ack), so the card and the list
say "bo", not the raw user id."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.commands import Context, ShowTask
from core.results import TaskDetails
from tests.e2e.slack.harness import slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA", display_name="ana")


def test_bare_mention_of_a_new_person_shows_their_name(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            assert (await w.slash("add Review <@U0BO>")).status == 200
            [card] = await w.fake.await_for("chat.postMessage")
            assert "*Assignee*\\nbo" in card.dumped()
            assert "U0BO" not in card.dumped().replace('"U0BO"', "")
            details = w.bus.execute(ANA, ShowTask(number=1))
            assert isinstance(details, TaskDetails) and details.task.assignee is not None
            assert details.task.assignee.display_name == "bo"

            await w.slash("list all")
            [listed] = await w.fake.await_for("response_url")
            assert "Review" in listed.dumped() and "· bo" in listed.dumped()
            assert "· U0BO" not in listed.dumped()

    asyncio.run(story())


def test_quoted_mentions_stay_as_typed_and_slow_lookups_are_bounded(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            await w.slash("me")  # ana's own lookup is cached from here on
            await w.fake.await_for("response_url")
            w.fake.slow("users.info", 2.5)
            started = time.monotonic()
            assert (await w.slash('add "Ask <@U0CAROL> first" <@U0BO>')).status == 200
            assert time.monotonic() - started < 1.0  # the ack never waits for users.info
            [card] = await w.fake.await_for("chat.postMessage")
            assert "#1" in card.dumped()
            answered = time.monotonic() - started
            assert answered < 2.2, answered  # bounded: bo is named later, not waited for
            details = w.bus.execute(ANA, ShowTask(number=1))
            assert isinstance(details, TaskDetails)
            assert details.task.title == "Ask <@U0CAROL> first"
            # the quoted mention was never looked up; bo's lookup finishes in the background
            looked_up = await w.fake.await_for("users.info", 2, timeout=3.0)
            assert sorted(c.params["user"] for c in looked_up) == ["U0ANA", "U0BO"]

    asyncio.run(story())
