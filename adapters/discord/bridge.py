"""The one path from a Discord interaction into the core and back.

`Bridge.handle(interaction, command)` runs the command on the bus in a worker thread (the
bus is synchronous), answers within Discord's 3 seconds (deferring when the core is slow,
then following up), and sends the rendered replies with mentions disabled.

An answer that cannot be sent (the interaction expired, Discord kept failing, the process
is stopping and its handler was cancelled) is not lost when the command changed something:
`announce` writes a DM to the author into the outbox saying what was done, once per
interaction. The command runs on an executor future, not a task, so a handler cancelled at
shutdown leaves it running, and its result is announced when it finishes."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import discord
from pydantic import ValidationError

from adapters.discord.files import attach, limit_for
from adapters.discord.limits import CONTENT_MAX, clip
from adapters.discord.render import Reply, render
from core.bus import ErrorReply
from core.commands import Context
from core.errors import UserError, invalid_input
from core.results import Info, Result, TaskChanged

log = logging.getLogger(__name__)

PLATFORM = "discord"
NO_MENTIONS = discord.AllowedMentions.none()
UNKNOWN_INTERACTION = 10062
ALREADY_ANSWERED = 40060
FORM_PREFIX = "taskbot:form:"
FORM_TTL = 16 * 60.0  # a modal's interaction token lives 15 minutes


class Bus(Protocol):
    def execute(self, ctx: Context, command: Any) -> Result: ...
    def run_text(self, ctx: Context, command_name: str, text: str) -> Result: ...


ViewFactory = Callable[[Reply, str], discord.ui.View | None]
Announce = Callable[[Context, Result, str], None]
"""(who, what was done, interaction id): queue a DM telling the author (sync; any thread)."""


def context(interaction: discord.Interaction[Any], guild_id: str | None = None) -> Context:
    """Who acts, where: the tenant is the guild (or the guild named by a DM card's id).

    Outside a guild (a button, select or form on a DM) nothing proves the user belongs to
    the guild the id names, so the core acts only for an existing member of its workspace
    and never makes anyone a member from a DM."""
    workspace = guild_id or (str(interaction.guild_id) if interaction.guild_id else None)
    if workspace is None:
        raise UserError("Use taskbot inside a server: tasks belong to a server's workspace.")
    user = interaction.user
    in_guild = interaction.guild_id is not None
    return Context(platform=PLATFORM, workspace_id=workspace, user_id=str(user.id),
                   display_name=user.display_name, members_only=not in_guild,
                   channel_id=str(interaction.channel_id) if in_guild and interaction.channel_id
                   else None)


def bridge_of(interaction: discord.Interaction[Any]) -> Bridge:
    """The bridge the client carries (set by `bot.discord_app` when it builds the client)."""
    bridge = getattr(interaction.client, "bridge", None)
    if not isinstance(bridge, Bridge):
        raise RuntimeError("the Discord client has no taskbot bridge")
    return bridge


class Bridge:
    """`defer_after`: how long the core may take before the interaction is deferred; well
    inside Discord's 3 s, leaving room for the network."""

    def __init__(self, bus: Bus, *, defer_after: float = 1.5,
                 view_factory: ViewFactory | None = None,
                 announce: Announce | None = None) -> None:
        self.bus = bus
        self.defer_after = defer_after
        self.view_factory = view_factory
        self.announce = announce
        self._forms: dict[str, float] = {}
        self._received: dict[str, float] = {}
        self._sent_forms: dict[str, int] = {}

    def received(self, interaction_id: str) -> None:
        """Note when an interaction arrived: the defer deadline counts from then, not from
        when its handler started (admitting it may have waited on the database)."""
        now = time.monotonic()
        if len(self._received) > 1000:
            self._received = {k: t for k, t in self._received.items() if now - t < 60}
        self._received[interaction_id] = now

    def arrival(self, interaction_id: str) -> float | None:
        return self._received.get(interaction_id)

    def time_left(self, interaction: discord.Interaction[Any], budget: float) -> float:
        """What remains of `budget` seconds counted from the interaction's arrival."""
        arrived = self._received.get(str(interaction.id))
        if arrived is None:
            return budget
        return max(0.0, budget - (time.monotonic() - arrived))

    def _defer_in(self, interaction: discord.Interaction[Any]) -> float:
        return self.time_left(interaction, self.defer_after)

    async def open_form(self, interaction: discord.Interaction[Any],
                        modal: discord.ui.Modal) -> None:
        """Show a modal and remember its id, so a submit this process cannot handle (the
        form was opened before a restart) gets an answer instead of "interaction failed"."""
        now = time.monotonic()
        self._forms = {k: t for k, t in self._forms.items() if t > now}
        self._forms[modal.custom_id] = now + FORM_TTL
        await interaction.response.send_modal(modal)

    def knows_form(self, custom_id: str) -> bool:
        return self._forms.get(custom_id, 0.0) > time.monotonic()

    def take_form(self, custom_id: str, interaction_id: int) -> bool:
        """True for the first submit of a form (a second submit changes nothing)."""
        taker = self._sent_forms.setdefault(custom_id, interaction_id)
        if len(self._sent_forms) > 1000:
            self._sent_forms = {custom_id: taker}
        return taker == interaction_id

    def sent_by_another(self, custom_id: str, interaction_id: int) -> bool:
        """The form was already submitted by another interaction."""
        taker = self._sent_forms.get(custom_id)
        return taker is not None and taker != interaction_id

    async def call(self, ctx: Context, command: Any) -> Result:
        return await asyncio.to_thread(self.bus.execute, ctx, command)

    async def handle(self, interaction: discord.Interaction[Any], build: Callable[[], Any], *,
                     public: bool = False, guild_id: str | None = None,
                     text: tuple[str, str] | None = None) -> Result:
        """Build the command (mapping errors become an ErrorReply), run it, answer.
        `public`: the answer is for the channel (errors still go to the caller only)."""
        try:
            ctx = context(interaction, guild_id)
            if text is not None:
                job = self._run(self.bus.run_text, ctx, *text)
            else:
                job = self._run(self.bus.execute, ctx, build())
        except UserError as err:
            result: Result = ErrorReply(reason=err.reason, usage=err.usage)
            await self.send(interaction, render(result))
            return result
        except ValidationError as err:  # a command model refused an option's value
            result = ErrorReply(reason=invalid_input(err).reason)
            await self.send(interaction, render(result))
            return result
        except ValueError as err:  # an option the mapping could not read
            result = ErrorReply(reason=str(err))
            await self.send(interaction, render(result))
            return result
        try:
            result = await self.wait(interaction, asyncio.shield(job), public=public)
        except asyncio.CancelledError:
            job.add_done_callback(functools.partial(self._announce_later, ctx,
                                                    str(interaction.id)))
            raise
        replies = render(result)
        if public and not isinstance(result, ErrorReply):
            for reply in replies:
                reply.ephemeral = False
        answered = False
        try:
            answered = await self.send(interaction, replies, guild_id=ctx.workspace_id,
                                       deferred_public=public)
        except Exception as err:
            log.warning("could not answer interaction %s: %s", interaction.id, err)
        finally:
            if not answered:  # failed, expired, or cancelled while sending
                self._announce(ctx, result, str(interaction.id))
        return result

    def _run(self, fn: Callable[..., Result], *args: Any) -> asyncio.Future[Result]:
        """The bus call on the default executor, as a future that no task cancellation
        reaches (a shutdown cancelling tasks must not lose a finished command's result)."""
        call = functools.partial(contextvars.copy_context().run, fn, *args)
        return asyncio.get_running_loop().run_in_executor(None, call)

    def _announce_later(self, ctx: Context, interaction_id: str,
                        job: asyncio.Future[Result]) -> None:
        if not job.cancelled() and job.exception() is None:
            self._announce(ctx, job.result(), interaction_id)

    def _announce(self, ctx: Context, result: Result, interaction_id: str) -> None:
        """Tell the author through the outbox what a command did that they never saw."""
        if self.announce is None or not isinstance(result, TaskChanged | Info):
            return
        try:
            self.announce(ctx, result, interaction_id)
        except Exception:
            log.exception("could not queue the answer to interaction %s", interaction_id)

    async def wait(self, interaction: discord.Interaction[Any], job: asyncio.Future[Result],
                   *, public: bool = False, update: bool = False) -> Result:
        """Wait for the core; defer the interaction when it takes longer than `defer_after`
        (`update`: a component click, deferred as "the message will be edited")."""
        done: set[asyncio.Future[Result]] = set()
        if self.defer_after > 0:  # 0: always defer
            done, _ = await asyncio.wait({job}, timeout=self._defer_in(interaction))
        if not done and not interaction.response.is_done():
            if update:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=not public, thinking=True)
        try:
            return await job
        except Exception:
            log.exception("command failed")
            return ErrorReply(reason="Something went wrong on my side; nothing was changed.")

    def view_for(self, reply: Reply, guild_id: str) -> discord.ui.View | None:
        return self.view_factory(reply, guild_id) if self.view_factory else None

    async def send(self, interaction: discord.Interaction[Any], replies: list[Reply], *,
                   guild_id: str | None = None, deferred_public: bool = False) -> bool:
        """The first reply answers the interaction, the rest follow up. After a public
        defer, an ephemeral answer replaces the (public) thinking message. False: the
        interaction had expired."""
        try:
            await self._send(interaction, replies, guild_id, deferred_public)
        except discord.InteractionResponded:
            log.info("interaction %s was already answered", interaction.id)
        except discord.NotFound as err:
            if err.code != UNKNOWN_INTERACTION:
                raise
            # Answered too late (over 3 s, or the token's 15 minutes): nothing to answer.
            log.warning("interaction %s expired before it was answered", interaction.id)
            return False
        except discord.HTTPException as err:
            if err.code != ALREADY_ANSWERED:
                raise
            log.info("interaction %s was already answered (40060)", interaction.id)
        return True

    async def _send(self, interaction: discord.Interaction[Any], replies: list[Reply],
                    guild_id: str | None, deferred_public: bool) -> None:
        guild = guild_id or (str(interaction.guild_id) if interaction.guild_id else "0")
        for i, reply in enumerate(replies):
            kwargs: dict[str, Any] = {"content": reply.content, "embeds": reply.embeds,
                                      "allowed_mentions": NO_MENTIONS}
            view = self.view_for(reply, guild)
            if view is not None:
                kwargs["view"] = view
            if reply.files:
                attach(kwargs, reply.files, limit_for(interaction.client, guild))
            if i == 0 and not interaction.response.is_done():
                await interaction.response.send_message(ephemeral=reply.ephemeral, **kwargs)
            elif i == 0 and deferred_public and reply.ephemeral:
                await interaction.delete_original_response()
                await interaction.followup.send(ephemeral=True, **kwargs)
            else:
                await interaction.followup.send(ephemeral=reply.ephemeral, **kwargs)

    async def answer_or_announce(self, interaction: discord.Interaction[Any], ctx: Context,
                                 result: Result, answer: Callable[[], Awaitable[Any]]
                                 ) -> None:
        """A component click's answer (edit the message, tell the clicker); when it cannot
        be sent (expired, failing, cancelled), the author is told through the outbox, as for
        a command (`handle`)."""
        answered = False
        try:
            answered = await answer() is not False
        except Exception as err:
            log.warning("could not answer interaction %s: %s", interaction.id, err)
        finally:
            if not answered:
                self._announce(ctx, result, str(interaction.id))

    async def update_message(self, interaction: discord.Interaction[Any],
                             **edit: Any) -> None:
        """Edit the message a component sits on: the interaction's answer, or after an
        update-defer (see `wait(update=True)`) an edit of the original response."""
        edit.setdefault("allowed_mentions", NO_MENTIONS)
        if interaction.response.is_done():
            await interaction.edit_original_response(**edit)
        else:
            await interaction.response.edit_message(**edit)

    async def tell(self, interaction: discord.Interaction[Any], replies: list[Reply]) -> bool:
        """Private replies to a component click, before or after the message was edited.
        False: the interaction had expired."""
        if not interaction.response.is_done():
            return await self.send(interaction, replies)
        for reply in replies:
            await interaction.followup.send(content=reply.content or "", embeds=reply.embeds,
                                            ephemeral=True, allowed_mentions=NO_MENTIONS)
        return True

    async def refuse(self, interaction: discord.Interaction[Any], reason: str) -> None:
        """One private message, whatever the reason quotes."""
        await self.send(interaction, [Reply(content=clip(f"⚠️ {reason}", CONTENT_MAX))])

