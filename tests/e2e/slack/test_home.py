"""The App Home tab: published on app_home_opened with the user's groups; its Start and
Done buttons act and re-publish it; a DM delivered to someone who has it open refreshes it;
its New task button opens the create modal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from adapters.slack import cards, home
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world


async def home_settles(w: SlackWorld, shown: Callable[[str], bool],
                       timeout: float = 5.0) -> str:
    """The Home tab as last published, once it shows what `shown` expects. Counting
    publishes would be fragile: a refresh after an earlier command may publish once more
    (the current state) when the user opened the tab meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        published = w.fake.calls("views.publish")
        last = published[-1].dumped() if published else ""
        if shown(last) or time.monotonic() > deadline:
            return last
        await asyncio.sleep(0.02)


async def home_tab(w: SlackWorld) -> None:
    await w.slash("add Mine to do <@U0ANA|ana>")  # #1: its card is posted before #2 is asked
    await w.fake.await_for("chat.postMessage", 1)
    await w.slash("add Blocker owned by bo <@U0BO|bo>")
    await w.fake.await_for("chat.postMessage", 2)
    await w.slash("add Waits for bo <@U0ANA|ana> after:#2")
    await w.fake.await_for("chat.postMessage", 3)
    await w.event(payloads.home_opened("U0ANA"))
    [first] = await w.fake.await_for("views.publish")
    dumped = first.dumped()
    assert "Blocked" in dumped and "Waiting on others" in dumped and "Mine to do" in dumped

    await w.post(payloads.home_actions("U0ANA", payloads.button(cards.START, "1")))
    assert "In progress" in await home_settles(w, lambda home: "In progress" in home)
    await w.post(payloads.home_actions("U0ANA", payloads.button(cards.DONE, "1")))
    assert "Mine to do" not in await home_settles(w, lambda home: "Mine to do" not in home)

    # bo completes the blocker: ana's unblock DM is delivered and her Home tab refreshed
    await w.slash("done #2", user="U0BO")
    await w.fake.await_for("response_url")
    await w.drain()
    assert "Blocked" not in await home_settles(w, lambda home: "Blocked" not in home)

    await w.post(payloads.home_actions("U0ANA", payloads.button(home.NEW_TASK, "new")))
    [opened] = await w.fake.await_for("views.open")
    assert opened.view()["callback_id"] == "task_modal"


def test_home_tab(tmp_path: Path) -> None:
    run_in_world(tmp_path, home_tab)
