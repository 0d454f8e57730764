"""Discord wiring: builds the taskbot Discord client and its notifier from settings.

`taskbot run` uses it as

    rt = build_discord(settings, container.bus)
    notifiers["discord"] = rt.notifier          # for the outbox delivery worker
    await rt.run(stop_event)                    # until stop_event is set

(`run_discord(settings, bus, stop_event)` does the last two lines' work alone.)
DISCORD_API_URL / DISCORD_GATEWAY_URL point discord.py at another Discord (the tests'
local fake); discord.py keeps both as class attributes, so this is process-wide."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.breaker import BUDGET_WINDOW, GuardPolicy
from adapters.discord.bridge import Announce, Bridge, Bus
from adapters.discord.client import TaskbotClient
from adapters.discord.ledger import Admission, InteractionLedger
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.pacing import RestGuard
from bot.failures import StartupFailure
from bot.settings import Settings
from core.commands import Context
from core.notifications import Kind, Notification
from core.ports import Clock, UnitOfWorkFactory
from core.results import Info, Result, TaskChanged

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def parse_shard_ids(text: str) -> list[int]:
    """`0-3` -> [0, 1, 2, 3]; `0,2` -> [0, 2]; `1, 4-5` -> [1, 4, 5]."""
    ids: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = _RANGE.match(part)
        if m:
            low, high = int(m[1]), int(m[2])
            if high < low:
                raise ValueError(f"DISCORD_SHARD_IDS: range {part!r} runs backwards")
            ids.extend(range(low, high + 1))
        elif part.isdigit():
            ids.append(int(part))
        else:
            raise ValueError(f"DISCORD_SHARD_IDS: {part!r} is not a shard id or range")
    return sorted(set(ids))


def shard_plan(settings: Settings) -> tuple[list[int] | None, int | None]:
    """(shard_ids, shard_count) for this replica. Neither set: Discord recommends the count.
    Ids without a count is a configuration error (replicas must agree on the count)."""
    count = settings.discord_shard_count
    if not settings.discord_shard_ids:
        return None, count
    if count is None:
        raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total, the same "
                         "on every replica)")
    ids = parse_shard_ids(settings.discord_shard_ids)
    bad = [i for i in ids if i >= count]
    if bad:
        raise ValueError(f"DISCORD_SHARD_IDS {bad} are not below DISCORD_SHARD_COUNT {count}")
    return ids, count


def point_at(settings: Settings) -> None:
    """Use another REST base / gateway than discord.com (only when configured)."""
    if settings.discord_api_url:
        base = settings.discord_api_url.rstrip("/")
        if not re.search(r"/api/v\d+$", base):
            base += "/api/v10"
        Route.BASE = base
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def rest_share(settings: Settings) -> float:
    """This process's share of the bot's REST rate and invalid-request budget: 1 /
    DISCORD_REST_PROCESSES, else its shards over DISCORD_SHARD_COUNT, else all of it."""
    if settings.discord_rest_processes:
        return 1.0 / settings.discord_rest_processes
    ids, count = shard_plan(settings)
    return len(ids) / count if ids and count else 1.0


def rest_guard(settings: Settings) -> RestGuard:
    """The pacer and breaker every REST request of this process goes through. The
    breaker's windows scale with DISCORD_BREAKER_SECONDS (tests compress time with it)."""
    share = rest_share(settings)
    opened = settings.discord_breaker_seconds
    policy = GuardPolicy(backoff_base=settings.discord_backoff_base,
                         backoff_max=min(BUDGET_WINDOW / 2, 300 * settings.discord_backoff_base),
                         trip_window=2 * opened, open_for=opened, open_max=120 * opened,
                         budget=max(1, int(settings.discord_invalid_budget * share)))
    return RestGuard(settings.discord_rest_rate * share, policy)


def outbox_announcer(uow_factory: UnitOfWorkFactory, clock: Clock) -> Announce:
    """The bridge's fallback: a DM to the author, through the outbox (so it is sent even
    by another replica after this one stopped), once per interaction."""

    def announce(ctx: Context, result: Result, interaction_id: str) -> None:
        what = result.message if isinstance(result, TaskChanged | Info) else ""
        note = Notification(
            kind=Kind.REPLY, platform=ctx.platform, workspace_id=ctx.workspace_id,
            user_id=ctx.user_id, fallback_channel_id=ctx.channel_id,
            text=f"I couldn't answer you in the channel, so here it is: {what}",
            task=result.task if isinstance(result, TaskChanged) else None,
            dedupe_key=f"reply:{interaction_id}")
        with uow_factory() as uow:
            uow.outbox.add(note, clock.now())
            uow.commit()

    return announce


@dataclass
class DiscordRuntime:
    client: TaskbotClient
    notifier: DiscordNotifier
    token: str
    guard: RestGuard | None = None
    drain_seconds: float = 8.0

    async def run(self, stop_event: asyncio.Event) -> None:
        """Connect and serve until `stop_event` is set (or the client fails: bad token,
        privileged intents refused), then let the interactions in flight finish (at most
        `drain_seconds`) and close cleanly."""
        client = self.client
        runner = asyncio.create_task(client.start(self.token), name="discord-client")
        stopper = asyncio.create_task(stop_event.wait(), name="discord-stop")
        try:
            await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if not runner.done():
                await client.drain(self.drain_seconds)
        finally:
            stopper.cancel()
            await client.close()
            if runner.done():
                _raise_token_rejected(runner)
                runner.result()
            else:
                runner.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await runner


class DiscordTokenRejected(StartupFailure):
    """Discord refused the bot token (HTTP 401 at login, or gateway close code 4004)."""


TOKEN_REJECTED = ("Discord rejected the bot token ({why}): set DISCORD_TOKEN to the bot "
                  "token from the Developer Portal (Bot -> Reset Token).")


def _raise_token_rejected(runner: asyncio.Task[None]) -> None:
    """The client's failure as one clear line when it is the token's fault."""
    if runner.cancelled():
        return
    error = runner.exception()
    if isinstance(error, discord.LoginFailure):
        raise DiscordTokenRejected(TOKEN_REJECTED.format(why="HTTP 401 at login")) from None
    if isinstance(error, discord.ConnectionClosed) and error.code == 4004:
        raise DiscordTokenRejected(TOKEN_REJECTED.format(
            why="gateway close code 4004, authentication failed")) from None


def build_discord(settings: Settings, bus: Bus, engine: Engine | None = None,
                  **client_options: Any) -> DiscordRuntime:
    """The client (not connected yet) and its notifier. `engine`: the database that
    remembers handled interaction ids across processes (without it, only this process's
    memory does). `client_options` go to discord.py (tests pass a short
    `guild_ready_timeout`)."""
    if not settings.discord_token:
        raise ValueError("DISCORD_TOKEN is not set")
    point_at(settings)
    shard_ids, shard_count = shard_plan(settings)
    defer_after = client_options.pop("defer_after", 1.5)
    announce: Announce | None = client_options.pop("announce", None)
    guard = rest_guard(settings)
    bridge = Bridge(bus, defer_after=defer_after, announce=announce)
    admission = Admission(InteractionLedger(engine) if engine is not None else None)
    client = TaskbotClient(bridge, shard_ids=shard_ids, shard_count=shard_count,
                           admission=admission, http_trace=guard.trace_config(),
                           **client_options)
    return DiscordRuntime(client=client, notifier=DiscordNotifier(client, guard),
                          token=settings.discord_token, guard=guard,
                          drain_seconds=settings.discord_drain_seconds)


async def run_discord(settings: Settings, bus: Bus, stop_event: asyncio.Event) -> None:
    await build_discord(settings, bus).run(stop_event)


async def sync_commands(settings: Settings, guild_id: int | None) -> list[str]:
    """Register the command tree with Discord: one guild (instant) or global (up to an hour
    to appear everywhere). Logs in over HTTP only; no gateway connection."""
    runtime = build_discord(settings, _NoBus())
    client = runtime.client
    async with client:
        await client.login(runtime.token)
        guild = discord.Object(guild_id) if guild_id else None
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return [cmd.name for cmd in synced]


class _NoBus:
    """Syncing runs no commands."""

    def execute(self, ctx: Any, command: Any) -> Any:
        raise RuntimeError("no bus while syncing")

    def run_text(self, ctx: Any, command_name: str, text: str) -> Any:
        raise RuntimeError("no bus while syncing")
