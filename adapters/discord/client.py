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
from adapters.discord.answers import (
    CLIENT_ERRORS,
    TaskbotTree,
    answer,
    answer_if_unanswered,
    describe,
)
from adapters.discord.bridge import NO_MENTIONS, Bridge
from adapters.discord.callbacks import DeadlineAdapter
from adapters.discord.ledger import Admission
from adapters.discord.limits import clip
from adapters.discord.modals import answer_stale_form
from adapters.discord.reminder_views import ReminderDoneButton, ReminderSnooze
from adapters.discord.report_views import ChartButton, with_charts
from adapters.discord.standup_views import StandupAnswerButton
from adapters.discord.views import CardButton, CardMore, view_factory

log = logging.getLogger(__name__)
AUTOCOMPLETE = 4  # interaction type


def intents() -> discord.Intents:
    return discord.Intents(guilds=True)


class TaskbotClient(discord.AutoShardedClient):
    """`shard_ids` / `shard_count`: this replica's share of the shards (both or neither;
    neither lets Discord recommend a count via GET /gateway/bot)."""

    def __init__(self, bridge: Bridge, *, shard_ids: list[int] | None = None,
                 shard_count: int | None = None, admission: Admission | None = None,
                 **options: Any) -> None:
        options.setdefault("max_ratelimit_timeout", 30.0)
        if shard_ids is not None:
            options["shard_ids"] = shard_ids
        super().__init__(intents=intents(), allowed_mentions=NO_MENTIONS,
                         shard_count=shard_count, chunk_guilds_at_startup=False, **options)
        if bridge.view_factory is None:
            bridge.view_factory = view_factory
        bridge.view_factory = with_charts(bridge.view_factory)
        self.bridge = bridge
        self.tree: app_commands.CommandTree[TaskbotClient] = TaskbotTree(self)
        commands.install(self.tree, bridge)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.ready_event = asyncio.Event()
        # Every INTERACTION_CREATE is admitted once (see adapters.discord.ledger) before
        # discord.py builds the Interaction and runs a handler; the tasks it starts are
        # remembered, so a stop can wait for them (`drain`).
        self.admission = admission or Admission(None)
        parsers = self._connection.parsers
        self._parse_interaction = parsers["INTERACTION_CREATE"]
        parsers["INTERACTION_CREATE"] = self._admit_interaction
        self._inflight: set[asyncio.Future[Any]] = set()

    def _admit_interaction(self, data: dict[str, Any]) -> None:
        self.bridge.received(str(data.get("id", "")))
        task = asyncio.create_task(self._admit(data), name="discord-admit")
        self._inflight = {t for t in self._inflight if not t.done()} | {task}

    async def _admit(self, data: dict[str, Any]) -> None:
        interaction_id = str(data.get("id", ""))
        durable = data.get("type") != AUTOCOMPLETE
        if not await self.admission.first_time(interaction_id, durable=durable):
            log.info("interaction %s ignored: already handled (a replayed or repeated "
                     "dispatch) or older than its token", interaction_id)
            return
        before = asyncio.all_tasks()
        try:
            self._parse_interaction(data)
        except Exception as err:  # an envelope discord.py can't even build: nothing to answer
            log.info("interaction %s: unreadable payload (%s)", interaction_id, describe(err))
        # the command tree's invoker, view and modal dispatch, listeners
        self._inflight |= asyncio.all_tasks() - before

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
        if (interaction.type is discord.InteractionType.modal_submit
                and await answer_stale_form(interaction)):
            return
        await answer_if_unanswered(interaction, self.bridge.arrival(str(interaction.id)))

    async def on_ready(self) -> None:
        log.info("Discord ready: %d guilds, shards %s", len(self.guilds), self.shard_ids)
        self.ready_event.set()

    async def setup_hook(self) -> None:
        # Interaction callbacks retried inside their 3 s (see adapters.discord.callbacks);
        # set here, in the task that starts the shards, so every handler inherits it.
        async_context.set(DeadlineAdapter())
        # Persistent components: every card and reminder DM ever sent keeps working after a
        # restart.
        self.add_dynamic_items(CardButton, CardMore, ReminderSnooze, ReminderDoneButton,
                               StandupAnswerButton, ChartButton)

    async def _on_tree_error(self, interaction: discord.Interaction[Any],
                             error: app_commands.AppCommandError) -> None:
        """A client's mistake (unknown or outdated command, an option that doesn't convert)
        is one log line; a failure of ours keeps its traceback. An autocomplete is answered
        with (no) choices, anything else with a private line."""
        if isinstance(error, CLIENT_ERRORS) or (
                interaction.type is discord.InteractionType.autocomplete):
            log.info("interaction %s refused: %s", interaction.id, describe(error))
        else:
            log.warning("app command failed: %s", error, exc_info=error)
        if isinstance(error, app_commands.TransformerError):
            reason = f"That option isn't valid: {clip(str(error.value), 80)!r} is not a " \
                     f"{error.type.name.lower()} here."
        elif isinstance(error, CLIENT_ERRORS):
            reason = ("That command isn't one I know in this form; pick it again from "
                      "Discord's list.")
        else:
            reason = "Something went wrong on my side; nothing was changed."
        await answer(interaction, f"⚠️ {reason}")
