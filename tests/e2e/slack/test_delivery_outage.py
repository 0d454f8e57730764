"""Delivery through a Slack outage, the way the issue found it: the real slack-sdk client
and `SlackNotifier` against the local fake Web API, which answers chat.postMessage with
429 (Retry-After 3) for 30 s, then HTTP 500 for 15 s, then normally. The worker's clock
is a test clock the fake reads too, so the 45 s of outage take a second or two.

Before: every 429 used up an attempt, and 100 notifications became dead letters at the
first 500. Now: none is a dead letter, each goes out once, and the queue is empty a few
seconds (of the test clock) after Slack recovers."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.notifier import SlackNotifier
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.delivery import DeliveryWorker
from core.notifications import Kind, Notification
from core.ports import FixedClock, OutboxState
from tests.e2e.fakes.slack_api import TEAM_ID, FakeSlackApi
from tests.migrated import migrated_sqlite

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
RATE_LIMITED_UNTIL = 30.0
DOWN_UNTIL = 45.0
N = 100


def queue_dms(url: str, n: int) -> None:
    """`n` DMs to `n` different people, as commands queue them."""
    engine = make_engine(url)
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    with uows() as uow:
        for i in range(n):
            assert uow.outbox.add(Notification(
                kind=Kind.ASSIGNED, platform="slack", workspace_id=TEAM_ID,
                text=f"note {i} for you", user_id=f"U{i:05d}", dedupe_key=f"k{i}"), T0)
        uow.commit()
    engine.dispose()


def test_429s_then_500s_then_recovery_lose_nothing_and_drain_at_once(tmp_path: Path) -> None:
    url = migrated_sqlite(tmp_path / "outage.db")
    queue_dms(url, N)
    clock = FixedClock(T0)
    accepted: list[float] = []  # when (test clock, seconds after T0) Slack took each one
    answers: Counter[int] = Counter()

    def slack_status() -> tuple[int, dict[str, str], dict[str, Any]] | None:
        t = (clock.now() - T0).total_seconds()
        if t < RATE_LIMITED_UNTIL:
            answers[429] += 1
            return 429, {"Retry-After": "3"}, {"ok": False, "error": "ratelimited"}
        if t < DOWN_UNTIL:
            answers[500] += 1
            return 500, {}, {"ok": False, "error": "internal_error"}
        answers[200] += 1
        accepted.append(t)
        return None

    fake = FakeSlackApi().start()
    fake.outage("chat.postMessage", slack_status)
    engine = make_engine(url)
    store = SqlOutboxStore(make_session_factory(engine))

    async def scenario() -> None:
        client = AsyncWebClient(token="xoxb-outage", base_url=fake.base_url)

        async def client_for(team_id: str) -> AsyncWebClient | None:
            return client if team_id == TEAM_ID else None

        worker = DeliveryWorker(store, {"slack": SlackNotifier(client_for)}, clock, "w1")
        try:
            while clock.now() < T0 + dt.timedelta(minutes=5):
                await worker.drain()
                if not store.recent("slack", TEAM_ID, OutboxState.PENDING, 1):
                    break
                clock.set(clock.now() + dt.timedelta(seconds=0.25))
        finally:
            worker.close()

    try:
        asyncio.run(scenario())
    finally:
        fake.stop()
    rows = store.recent("slack", TEAM_ID, None, 1000)
    engine.dispose()
    assert Counter(r.state.value for r in rows) == Counter({"sent": N})  # no dead letter
    assert all(r.attempts <= 4 for r in rows)  # 429s used up no attempt
    delivered = Counter(c.params["text"] for c in fake.calls("chat.postMessage")
                        if c.status == 200)
    assert delivered == Counter({f"note {i} for you": 1 for i in range(N)})
    assert answers[200] == N
    # Honoured, not hammered: a handful of probes per Retry-After, a few per second down.
    assert answers[429] <= 5 * (RATE_LIMITED_UNTIL / 3 + 1)
    assert answers[500] <= 5 * (DOWN_UNTIL - RATE_LIMITED_UNTIL)
    # The whole backlog went out within a few seconds of Slack answering again.
    assert min(accepted) >= DOWN_UNTIL
    assert max(accepted) - DOWN_UNTIL <= 6.0
