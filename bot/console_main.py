"""Wires the console adapter: a chat in the terminal on the configured database."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from adapters.console.notifier import ConsoleNotifier
from adapters.console.runner import run_interactive, run_script
from adapters.console.session import ConsoleClock, ConsoleSession
from adapters.storage.attention import has_held_due
from adapters.storage.outbox_stats import has_due
from bot.container import build, prepare_database
from bot.scheduler import make_ticker
from bot.settings import Settings


def _printer(text: str) -> None:
    print(text, flush=True)


async def run_console(settings: Settings, script: Iterable[str] | None, user: str,
                      channel: str, write: Callable[[str], None] = _printer,
                      on_clock: Callable[..., Awaitable[None]] | None = None) -> None:
    """Run a console chat: a transcript of `script` when given, else an interactive prompt."""
    prepare_database(settings)
    clock = ConsoleClock()
    container = build(settings, clock=clock)
    try:
        files_dir = Path(settings.files_dir)
        notifier = ConsoleNotifier(write, default_tz=settings.default_tz, files_dir=files_dir)
        worker = container.delivery_worker({"console": notifier})

        ticker = make_ticker(container)

        async def deliver() -> int:
            """Deliver what a line queued, and held notifications whose burst window or
            batch time has come (`core.attention`); a line that queued nothing and finds
            nothing held due takes no write lock."""
            if await asyncio.to_thread(has_held_due, container.engine, clock.now()):
                await asyncio.to_thread(ticker.release_held, clock.now())
            if not await asyncio.to_thread(has_due, container.engine, clock.now(),
                                           ("console",)):
                return 0
            return await worker.drain()

        tick = None
        if on_clock is not None:
            async def tick() -> None:
                await on_clock(container, worker)
        session = ConsoleSession(bus=container.bus, write=write, clock=clock,
                                 deliver=deliver, on_clock=tick,
                                 user=user.lstrip("@"), channel=channel.lstrip("#"),
                                 files_dir=files_dir)
        if script is not None:
            await run_script(session, script)
        else:
            await run_interactive(session, sys.stdin)
    finally:
        container.close()
