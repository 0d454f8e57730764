"""The APScheduler loop of `taskbot run`, wired as the bot wires it: it ticks, the digest
that is due goes out once, and it stops when told."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.container import build
from bot.scheduler import run_scheduler
from bot.settings import Settings
from core.commands import Context
from core.notifications import Kind
from core.ports import FixedClock
from tests.fakes_outbox import RecordingNotifier


def test_the_run_loop_ticks_and_delivers_once(schema_url: str) -> None:
    settings = Settings(TASKBOT_DATABASE_URL=schema_url, TASKBOT_TICK_SECONDS=0.05)
    clock = FixedClock(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC))
    container = build(settings, clock=clock)
    ctx = Context(platform="console", workspace_id="W", user_id="ana", channel_id="general")
    container.bus.run_text(ctx, "task", "digest here at 09:00 UTC daily")
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    platform = RecordingNotifier()
    worker = container.delivery_worker({"console": platform})

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.gather(run_scheduler(container, stop), worker.run(stop, 0.05))
        for _ in range(100):
            await asyncio.sleep(0.05)
            if platform.sent:
                break
        await asyncio.sleep(0.3)  # more ticks: nothing more is sent
        stop.set()
        await loop

    try:
        asyncio.run(main())
    finally:
        container.close()
    assert [(n.kind, n.channel_id) for n in platform.sent] == [(Kind.DIGEST, "general")]
