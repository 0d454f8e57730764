"""Request verification and Events API retries: a bad, stale or replayed signature gets
401 and runs nothing; an event retried by Slack (same event_id) is handled once; the Home
tab is published for the user who opened it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.commands import Context, ListTasks
from core.results import TaskList
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import FORM, SECRET, SlackWorld, run_in_world, slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA")


def _tasks(w: SlackWorld) -> int:
    result = w.bus.execute(ANA, ListTasks(scope="all"))
    assert isinstance(result, TaskList)
    return len(result.tasks)


def test_bad_stale_and_replayed_requests_get_401_and_run_nothing(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            body = payloads.slash("/task", "add Sneaky", "U0ANA", "C0GENERAL",
                                  w.fake.response_url())
            forged = {"Content-Type": FORM, **payloads.sign("not-the-secret", body)}
            async with w.http.post(w.url, data=body.encode(), headers=forged) as resp:
                assert resp.status == 401
            stale = await w.post(body, timestamp=int(time.time()) - 301)
            assert stale.status == 401
            headers = {"Content-Type": FORM, **payloads.sign(SECRET, body)}
            async with w.http.post(w.url, data=body.encode(), headers=headers) as resp:
                assert resp.status == 200  # the genuine one
            await w.fake.await_for("chat.postMessage")
            async with w.http.post(w.url, data=body.encode(), headers=headers) as resp:
                assert resp.status == 401  # the same request, replayed
            async with w.http.post(w.url, data=(body + "&x=1").encode(),
                                   headers=headers) as resp:
                assert resp.status == 401  # tampered body
            await w.settle()
            assert _tasks(w) == 1
            assert len(w.fake.calls("chat.postMessage")) == 1
            # setting the Request URL in Slack's settings: the url_verification handshake
            challenge = '{"token": "x", "challenge": "3eZbrw1aBm", "type": "url_verification"}'
            signed = {"Content-Type": "application/json", **payloads.sign(SECRET, challenge)}
            async with w.http.post(w.url, data=challenge.encode(), headers=signed) as resp:
                assert resp.status == 200 and "3eZbrw1aBm" in await resp.text()

    asyncio.run(story())


async def retried_event_and_home(w: SlackWorld) -> None:
    """Also run on PostgreSQL by tests/integration/test_slack_postgres.py."""
    await w.slash("add Review the deck <@U0ANA|ana> due:tomorrow")
    await w.fake.await_for("chat.postMessage")
    await w.settle()  # the command's listener is done (it refreshes a Home seen by then)
    event = payloads.home_opened("U0ANA")
    assert (await w.event(event, "Ev0RETRY01")).status == 200
    [home] = await w.fake.await_for("views.publish")
    assert home.params["user_id"] == "U0ANA"
    view = home.view()
    assert view["type"] == "home" and "Review the deck" in home.dumped()
    assert "Due soon" in home.dumped()
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await w.event(event, "Ev0RETRY01", headers=retry)).status == 200
    assert (await w.event(event, "Ev0RETRY01", headers=retry)).status == 200
    await w.settle()
    assert len(w.fake.calls("views.publish")) == 1
    assert (await w.event(event, "Ev0OTHER01")).status == 200  # a new event
    await w.fake.await_for("views.publish", 2)


def test_retried_event_is_handled_once_and_home_is_published(tmp_path: Path) -> None:
    run_in_world(tmp_path, retried_event_and_home)
