"""`taskbot tick [--now ISO]`: run one scheduler tick, deliver what it queued, and exit
(cron-style deployments, tests). Messages for the console workspace print to standard
output with the console's destination tags (`[#channel]`, `[DM @user]`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.operator_errors import explained
from bot.startup import load_settings
from core.clock_range import clock_problem

if TYPE_CHECKING:  # `taskbot --help` declares this command: it imports only what runs it
    from bot.settings import Settings


def parse_now(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not an ISO date-time "
                                 "(like 2026-03-02T09:00:00+01:00)") from None
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
    problem = clock_problem(value)
    if problem is not None:
        raise typer.BadParameter(problem)
    return value.astimezone(dt.UTC)


async def run_tick(settings: Settings, now: dt.datetime | None, deliver: bool = True) -> str:
    from adapters.console.notifier import ConsoleNotifier
    from bot.container import build, prepare_database
    from bot.scheduler import tick_once
    from bot.startup import started
    from core.ports import FixedClock, SystemClock

    started()  # `taskbot tick`'s modules are loaded (bot/startup.py)

    prepare_database(settings)
    clock = FixedClock(now) if now is not None else SystemClock()
    container = build(settings, clock=clock)
    try:
        worker = None
        # Only the console's messages can be sent from here: a platform's messages stay
        # queued for the running bot, whose workers hold the platform clients.
        if deliver and not (settings.slack_enabled or settings.discord_enabled):
            notifier = ConsoleNotifier(lambda text: print(text, flush=True),
                                       default_tz=settings.default_tz,
                                       files_dir=Path(settings.files_dir))
            worker = container.delivery_worker({"console": notifier})
        stats = await tick_once(container, worker, now)
        return str(stats)
    finally:
        container.close()


def tick(
    now: Annotated[str | None, typer.Option(help="Tick as if it were this instant (ISO "
                                            "8601; naive means UTC).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    deliver: Annotated[bool, typer.Option(help="Deliver console messages after the tick.")]
    = True,
) -> None:
    """Run one scheduler tick (digests, reminders, alerts, recurring tasks) and exit."""
    import asyncio

    settings = load_settings(db)
    when = parse_now(now)
    with explained(settings.database_url):
        summary = asyncio.run(run_tick(settings, when, deliver))
    typer.echo(summary, err=True)
