"""The taskbot Discord client: an `AutoShardedClient` with the command tree, the persistent
card components, and only the intents it needs.

Intents: `guilds` alone (channels and the guild list for interactions); interactions,
DMs sent by the bot, and message context menus need no intent, so no privileged intent
(members, presences, message content) is requested. Commands are never synced here: that
is `taskbot discord sync`, run once per change (see bot/discord_cli.py)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.webhook.async_ import async_context

from adapters.discord import commands
from adapters.discord.bridge import NO_MENTIONS, Bridge
from adapters.discord.callbacks import DeadlineAdapter
from adapters.discord.modals import answer_stale_form
from adapters.discord.reminder_views import ReminderDoneButton, ReminderSnooze
from adapters.discord.views import CardButton, CardMore, view_factory

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    return discord.Intents(guilds=True)


class TaskbotClient(discord.AutoShardedClient):
    """`shard_ids` / `shard_count`: this replica's share of the shards (both or neither;
    neither lets Discord recommend a count via GET /gateway/bot)."""

    def __init__(self, bridge: Bridge, *, shard_ids: list[int] | None = None,
                 shard_count: int | None = None, **options: Any) -> None:
        options.setdefault("max_ratelimit_timeout", 30.0)
        if shard_ids is not None:
            options["shard_ids"] = shard_ids
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS,
                         shard_count=shard_count, chunk_guilds_at_startup=False, **options)
        if bridge.view_factory is None:
            bridge.view_factory = view_factory
        self.bridge = bridge
        self.tree: app_commands.CommandTree[TaskbotClient] = app_commands.CommandTree(self)
        commands.install(self.tree, bridge)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.ready_event = asyncio.Event()
        self._inflight: set[asyncio.Future[Any]] = set()
        self._track_interactions()

    def _track_interactions(self) -> None:
        """Remember the tasks discord.py starts for each INTERACTION_CREATE (the command
        tree's invoker, view and modal dispatch, listeners), so a stop can wait for them."""
        parsers = self._connection.parsers
        parse = parsers["INTERACTION_CREATE"]

        def tracked(data: Any) -> None:
            before = asyncio.all_tasks()
            parse(data)
            self._inflight |= asyncio.all_tasks() - before
            self._inflight = {t for t in self._inflight if not t.done()}

        parsers["INTERACTION_CREATE"] = tracked

    async def drain(self, grace: float) -> int:
        """Wait up to `grace` seconds for every interaction being handled (and any that
        arrive meanwhile) to finish, before the HTTP session closes under them; cancel the
        rest (their finished commands are still told to the author: `Bridge`). Returns
        how many were cancelled."""
        deadline = asyncio.get_running_loop().time() + grace
        while pending := {t for t in self._inflight if not t.done()}:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                for task in pending:
                    task.cancel()
                await asyncio.wait(pending, timeout=1.0)
                log.warning("stopping: %d interactions still running were cancelled",
                            len(pending))
                return len(pending)
            await asyncio.wait(pending, timeout=left)
        return 0

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await answer_stale_form(interaction)

    async def on_ready(self) -> None:
        log.info("Discord ready: %d guilds, shards %s", len(self.guilds), self.shard_ids)
        self.ready_event.set()

    async def setup_hook(self) -> None:
        # Interaction callbacks retried inside their 3 s (see adapters.discord.callbacks);
        # set here, in the task that starts the shards, so every handler inherits it.
        async_context.set(DeadlineAdapter())
        # Persistent components: every card and reminder DM ever sent keeps working after a
        # restart.
        self.add_dynamic_items(CardButton, CardMore, ReminderSnooze, ReminderDoneButton)

    async def _on_tree_error(self, interaction: discord.Interaction[Any],
                             error: app_commands.AppCommandError) -> None:
        log.warning("app command failed: %s", error, exc_info=error)
        reason = ("That option isn't valid: " + str(error)
                  if isinstance(error, app_commands.TransformerError)
                  else "Something went wrong on my side; nothing was changed.")
        if interaction.response.is_done():
            await interaction.followup.send(f"⚠️ {reason}", ephemeral=True,
                                            allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(f"⚠️ {reason}", ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
