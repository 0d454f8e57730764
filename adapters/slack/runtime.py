"""What every Slack listener shares: who is asking (a core `Context` with the user's Slack
time zone and display name), the door into the core (the sync bus, run in a worker thread
AFTER the ack), and the ways an answer goes back to Slack."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import post_file
from adapters.slack.home import home_view
from adapters.slack.inbox_slot import SLOT
from adapters.slack.mentions import kept_mentions, with_labels
from adapters.slack.people import PeopleCache, Person
from adapters.slack.render import SlackMessage, render
from core.bus import INTERNAL_ERROR, ErrorReply
from core.commands import Context, ShowMyWork
from core.model import Platform
from core.receipts import Receipt, load_results
from core.results import Result, WorkOverview

log = logging.getLogger(__name__)

OOPS = ErrorReply(reason="Something went wrong on my side; nothing was changed. "
                         "Please try again in a moment.")

Respond = Callable[..., Awaitable[Any]]
T = TypeVar("T")


class Bus(Protocol):
    def execute(self, ctx: Context, command: Any, receipt: Receipt | None = None
                ) -> Result: ...
    def execute_all(self, ctx: Context, commands: list[Any],
                    receipt: Receipt | None = None) -> list[Result]: ...
    def run_text(self, ctx: Context, command_name: str, text: str,
                 receipt: Receipt | None = None) -> Result: ...


def team_of(body: dict[str, Any], context: Any = None) -> str:
    """The workspace (tenant) of a request: the team, or the org for an org-wide install."""
    team = (context.get("team_id") if context is not None else None) or body.get("team_id")
    if not team:
        raw = body.get("team") or body.get("user", {}).get("team_id") or {}
        team = raw.get("id") if isinstance(raw, dict) else raw
    if not team:
        team = (context.get("enterprise_id") if context is not None else None) or ""
    return str(team)


CORE_THREADS = 32
RECEIVED_AT = "taskbot_received_at"  # bolt context key: loop time the request arrived


def received_at(context: Any) -> float:
    """When the request arrived (HTTP mode), else now: Slack's 3 s count from there."""
    now = asyncio.get_running_loop().time()
    stamp = context.get(RECEIVED_AT) if context is not None else None
    return float(stamp) if isinstance(stamp, float) and stamp <= now else now
MENTION_LOOKUP_BUDGET = 1.0  # seconds a command waits for users.info on mentioned people


@dataclass
class SlackRuntime:
    """`executor`: the core's own worker threads (the bus is sync). A database that is slow
    (waiting, not computing) then holds up to CORE_THREADS commands at once instead of
    queueing them behind asyncio's small default pool."""

    bus: Bus
    people: PeopleCache = field(default_factory=PeopleCache)
    home_viewers: set[tuple[str, str]] = field(default_factory=set)
    home_locks: dict[tuple[str, str], asyncio.Lock] = field(default_factory=dict)
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(
        max_workers=CORE_THREADS, thread_name_prefix="slack-core"))

    async def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def context(self, client: AsyncWebClient, team_id: str, user_id: str,
                      channel_id: str | None = None, lookup: bool = True) -> Context:
        person = (await self.people.get(client, team_id, user_id) if lookup
                  else self.people.peek(team_id, user_id) or Person(user_id))
        return Context(platform=Platform.SLACK.value, workspace_id=team_id, user_id=user_id,
                       display_name=person.display_name, channel_id=channel_id,
                       platform_tz=person.tz)

    async def label_mentions(self, client: AsyncWebClient, team_id: str, text: str,
                             command_name: str = "task") -> str:
        """Slash text with bare `<@U…>` mentions labelled with the person's display name,
        so the core names a member it meets for the first time (call AFTER the ack). Only
        the mentions the grammar keeps are looked up (bounded per command; the people
        cache bounds lookups per second and workspace)."""
        ids = kept_mentions(command_name, text)
        if not ids:
            return text
        people = await self.people.within(client, team_id, ids, MENTION_LOOKUP_BUDGET)
        return with_labels(text, {uid: p.display_name for uid, p in people.items()
                                  if p.display_name})

    async def _once(self, run: Callable[[dict[str, Any]], list[Result]]) -> list[Result]:
        """Run a core call for the request being handled. For a request recorded in the
        inbox (see adapters.slack.durable) the call's results are kept with its changes, in
        one transaction; a replay of the request gets them back instead of a second run."""
        slot = SLOT.get()
        if slot is None:
            return await self._in_thread(run, {})
        seq = slot.next_seq()
        if slot.replay:
            kept = await self._in_thread(slot.inbox.result, slot.inbox_id, seq)
            if kept is not None:
                return load_results(kept)
        results = await self._in_thread(run, {"receipt": slot.inbox.receipt(slot.inbox_id,
                                                                            seq)})
        last = results[-1] if results else None
        if isinstance(last, ErrorReply) and last.reason == INTERNAL_ERROR:
            kept = await self._in_thread(slot.inbox.result, slot.inbox_id, seq)
            if kept is not None:  # another process ran this request meanwhile
                return load_results(kept)
        return results

    async def execute(self, ctx: Context, command: Any) -> Result:
        try:
            return (await self._once(lambda kw: [self.bus.execute(ctx, command, **kw)]))[-1]
        except Exception:
            log.exception("core failed on %s", type(command).__name__)
            return OOPS

    async def execute_all(self, ctx: Context, commands: list[Any]) -> list[Result]:
        """Several commands in one unit of work (a submitted form): all or nothing."""
        try:
            return await self._once(lambda kw: self.bus.execute_all(ctx, commands, **kw))
        except Exception:
            log.exception("core failed on %s", [type(c).__name__ for c in commands])
            return [OOPS]

    async def run_text(self, ctx: Context, name: str, text: str) -> Result:
        try:
            return (await self._once(lambda kw: [self.bus.run_text(ctx, name, text, **kw)]))[-1]
        except Exception:
            log.exception("core failed on /%s %r", name, text[:100])
            return OOPS

    async def refresh_home(self, client: AsyncWebClient, team_id: str, user_id: str,
                           ctx: Context | None = None) -> None:
        """Publish the user's Home tab (views.publish); a failure is logged, not raised.

        One refresh per user at a time: two refreshes racing (a button and a delivered DM)
        could otherwise publish in the opposite order to their reads, leaving the older
        view on screen. Under the lock (one per user, in this process) the last publish
        is of the latest read."""
        key = (team_id, user_id)
        lock = self.home_locks.setdefault(key, asyncio.Lock())
        async with lock:
            ctx = ctx or await self.context(client, team_id, user_id)
            work = await self.execute(ctx, ShowMyWork())
            if not isinstance(work, WorkOverview):
                log.warning("home for %s: %s", user_id, work)
                return
            try:
                await client.views_publish(user_id=user_id, view=home_view(work))
                self.home_viewers.add(key)
            except SlackApiError as err:
                log.warning("views.publish for %s failed: %s", user_id, err)

    async def refresh_home_if_seen(self, client: AsyncWebClient, team_id: str,
                                   user_id: str) -> None:
        if (team_id, user_id) in self.home_viewers:
            await self.refresh_home(client, team_id, user_id)


async def reply(respond: Respond | None, client: AsyncWebClient, msg: SlackMessage,
                channel_id: str | None, user_id: str) -> None:
    """Send a rendered result where it belongs: a card for the channel via chat.postMessage
    (falling back to an in-channel response), everything else as an ephemeral reply through
    the response_url, or, with no response_url, chat.postEphemeral / a DM."""
    if msg.card_in_channel and channel_id:
        try:
            await client.chat_postMessage(channel=channel_id, text=msg.text, blocks=msg.blocks)
            return
        except SlackApiError as err:
            log.info("card post to %s failed (%s); answering in place", channel_id, err)
            if respond is not None:
                await respond(text=msg.text, blocks=msg.blocks, response_type="in_channel",
                              replace_original=False)
                return
    if respond is not None:
        await respond(text=msg.text, blocks=msg.blocks,
                      response_type="ephemeral" if msg.ephemeral else "in_channel",
                      replace_original=False)
        return
    await whisper(client, msg, channel_id, user_id)


async def whisper(client: AsyncWebClient, msg: SlackMessage, channel_id: str | None,
                  user_id: str) -> None:
    """An answer only `user_id` sees, without a response_url."""
    try:
        if channel_id and not channel_id.startswith("D"):
            await client.chat_postEphemeral(channel=channel_id, user=user_id, text=msg.text,
                                            blocks=msg.blocks)
        else:
            await client.chat_postMessage(channel=user_id, text=msg.text, blocks=msg.blocks)
    except SlackApiError as err:
        log.warning("could not answer %s: %s", user_id, err)


def message_where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """(channel, ts) of the message an interaction came from."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return channel, ts


async def replace_message(client: AsyncWebClient, body: dict[str, Any], respond: Respond,
                          text: str, blocks: list[dict[str, Any]]) -> None:
    """Replace the clicked message in place: chat.update, or, for an ephemeral message
    (or one chat.update cannot reach), its response_url."""
    channel, ts = message_where(body)
    if not (body.get("container") or {}).get("is_ephemeral") and ts and channel:
        try:
            await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
            return
        except SlackApiError as err:
            log.info("chat.update failed (%s); using response_url", err)
    if body.get("response_url"):
        await respond(text=text, blocks=blocks, replace_original=True)


async def answer(respond: Respond | None, client: AsyncWebClient, result: Result,
                 channel_id: str | None, user_id: str) -> None:
    await reply(respond, client, render(result), channel_id, user_id)
    await post_file(client, result, channel_id, user_id)
