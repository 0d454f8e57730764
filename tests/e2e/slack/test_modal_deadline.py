"""A form submission is acked well inside Slack's 3 s even when users.info and
chat.getPermalink are slow: the lookups are bounded by a deadline counted from receipt,
the permalink that misses it is stored on the task after the ack (the card still links
to the message), and a late lookup is not waited for."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.commands import Context, ShowTask
from core.results import TaskDetails
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import slack_world

BO = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0BO", display_name="bo")
LINK = "https://taskbot-test.slack.com/archives/C0GENERAL/p1700000123000200"


def test_slow_users_info_and_permalink_still_ack_in_time(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            w.fake.slow("users.info", 2.5)
            w.fake.slow("chat.getPermalink", 2.5)
            body = payloads.message_shortcut("U0BO", "C0GENERAL", "Fix the login bug",
                                             "1700000123.000200", w.fake.response_url("s"))
            assert (await w.post(body)).status == 200
            [opened] = await w.fake.await_for("views.open")
            values = payloads.input_values(title="Fix the login bug", assignee="U0CAROL")
            started = time.monotonic()
            answer = await w.ask(payloads.view_submission("U0BO", opened.view(), values))
            acked = time.monotonic() - started
            assert answer == {}
            assert acked < 1.5, acked  # budget: 0.5 s lookups, 0.8 s permalink, then core

            [card] = await w.fake.await_for("chat.postMessage", timeout=6.0)
            assert LINK in card.dumped()  # stored after the ack, before the card went out
            details = w.bus.execute(BO, ShowTask(number=1))
            assert isinstance(details, TaskDetails)
            assert details.task.source_link == LINK
            assert details.task.assignee is not None
            assert details.task.assignee.user_id == "U0CAROL"
            await w.fake.await_for("users.info", 2, timeout=3.0)  # finish in the background

    asyncio.run(story())


def test_cached_names_reach_the_modal_assignee(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            assert (await w.slash("")).status == 200  # /task opens the create modal
            [opened] = await w.fake.await_for("views.open")
            values = payloads.input_values(title="Review the plan", assignee="U0BO")
            answer = await w.ask(payloads.view_submission("U0ANA", opened.view(), values))
            assert answer == {}
            [card] = await w.fake.await_for("chat.postMessage")
            assert "*Assignee*\\nbo" in card.dumped()

    asyncio.run(story())
