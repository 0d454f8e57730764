"""Multi-workspace: the OAuth install and redirect routes store the installation in our
database (slack-sdk's SQLAlchemy stores); commands from that workspace then run with its
token; `app_uninstalled` removes the workspace's tokens."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.e2e.fakes.slack_api import TEAM_ID
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world

OAUTH = {"SLACK_BOT_TOKEN": None, "SLACK_CLIENT_ID": "111.222",
         "SLACK_CLIENT_SECRET": "client-secret"}


async def install_use_uninstall(w: SlackWorld) -> None:
    """Also run on PostgreSQL by tests/integration/test_slack_postgres.py."""
    assert await w.service.notifier.client_for(TEAM_ID) is None  # not installed
    async with w.http.get(w.server.make_url("/slack/install")) as resp:
        assert resp.status == 200
        page = await resp.text()
        cookie = resp.headers["Set-Cookie"].split(";", 1)[0]
    state = re.search(r"state=([^&\"']+)", page)
    assert state and "client_id=111.222" in page
    redirect = w.server.make_url("/slack/oauth_redirect").with_query(
        code="the-code", state=state.group(1))
    async with w.http.get(redirect, headers={"Cookie": cookie}) as resp:
        assert resp.status == 200, await resp.text()
    [exchange] = w.fake.calls("oauth.v2.access")
    assert exchange.params["code"] == "the-code"
    client = await w.service.notifier.client_for(TEAM_ID)
    assert client is not None and client.token == "xoxb-installed-token"

    await w.slash("add Installed and working")
    [card] = await w.fake.await_for("chat.postMessage")
    assert card.token == "xoxb-installed-token"

    # the state was consumed: the same redirect again is refused
    async with w.http.get(redirect, headers={"Cookie": cookie}) as resp:
        assert resp.status != 200

    await w.event({"type": "app_uninstalled", "event_ts": "1700000000.1"})
    for _ in range(50):
        if await w.service.notifier.client_for(TEAM_ID) is None:
            break
        await asyncio.sleep(0.05)
    assert await w.service.notifier.client_for(TEAM_ID) is None
    body = payloads.slash("/task", "list", "U0ANA", "C0GENERAL", w.fake.response_url())
    resp = await w.post(body)
    assert resp.status == 200  # bolt answers, but nothing runs without a token
    await w.settle()
    assert len(w.fake.calls("chat.postMessage")) == 1


def test_install_use_and_uninstall(tmp_path: Path) -> None:
    run_in_world(tmp_path, install_use_uninstall, **OAUTH)
