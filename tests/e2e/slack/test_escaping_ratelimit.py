"""A title full of mentions pings nobody anywhere (card, card update, DM, Home tab); a 429
from chat.postMessage is retried after Retry-After and the DM is delivered exactly once."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from adapters.slack import cards
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import slack_world

NASTY = "<!channel> <!here> <!everyone> <@U0CAROL> <#C0SECRET> <https://evil.example|click> & co"
# Any live Slack control sequence the bot itself might have produced: mentions, broadcasts,
# channel links and links other than the ones it makes (its own <!date^...> tokens).
LIVE = re.compile(r"<(?:!(?:channel|here|everyone)|@U|#C|https?://evil)")


def _assert_inert(calls: list[Call]) -> None:
    assert calls
    for call in calls:
        dumped = call.dumped()
        assert not LIVE.search(dumped), dumped
        assert "&lt;!channel&gt;" in dumped, dumped


def test_title_full_of_mentions_is_escaped_everywhere(tmp_path: Path) -> None:
    async def story() -> None:
        # no burst window: bo's assignment DM is queued with the command and checked below
        async with slack_world(tmp_path, TASKBOT_NOTIFY_BURST_SECONDS=0) as w:
            await w.slash(f"add \"{NASTY}\" <@U0BO|bo>", user="U0ANA")
            [card] = await w.fake.await_for("chat.postMessage")
            await w.drain()  # bo's assignment DM
            dms = await w.fake.await_for("chat.postMessage", 2)
            click = payloads.block_actions("U0BO", payloads.button(cards.START, "1"),
                                           channel="C0GENERAL", message_ts=card.response["ts"],
                                           response_url=w.fake.response_url("c"))
            await w.post(click)
            updates = await w.fake.await_for("chat.update")
            await w.event(payloads.home_opened("U0BO"))
            homes = await w.fake.await_for("views.publish")
            await w.slash("show #1", user="U0BO")
            shown = await w.fake.await_for("response_url")
            _assert_inert([*dms, *updates, *homes, *shown])

    asyncio.run(story())


def test_rate_limited_dm_is_retried_after_retry_after_and_sent_once(tmp_path: Path) -> None:
    async def story() -> None:
        # about delivery, not when: no burst window, so the DM is queued with the command
        async with slack_world(tmp_path, TASKBOT_NOTIFY_BURST_SECONDS=0) as w:
            await w.slash("add Needs a hand <@U0BO|bo>", user="U0ANA")
            await w.fake.await_for("chat.postMessage")
            w.fake.clear()
            w.fake.rate_limit("chat.postMessage", times=1, retry_after=1)
            started = time.monotonic()
            await w.drain()
            [limited] = w.fake.calls("chat.postMessage")
            assert limited.status == 429
            await w.drain()  # too early: Slack said wait a second
            assert len(w.fake.calls("chat.postMessage")) == 1
            while len(w.fake.calls("chat.postMessage")) < 2 and time.monotonic() - started < 5:
                await asyncio.sleep(0.2)
                await w.drain()
            sent = [c for c in w.fake.calls("chat.postMessage") if c.status == 200]
            assert len(sent) == 1 and sent[0].params["channel"] == "U0BO"
            assert time.monotonic() - started >= 1.0
            for _ in range(3):
                await w.drain()
            assert len([c for c in w.fake.calls("chat.postMessage") if c.status == 200]) == 1

    asyncio.run(story())
