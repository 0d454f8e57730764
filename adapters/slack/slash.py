"""`/task`, `/project` and `/standup`: ack at once, then run the text through the core grammar in a
worker thread and answer. `/task` alone (or `/task new`) opens the create modal."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.modals import Meta, task_modal
from adapters.slack.runtime import SlackRuntime, answer, team_of
from core.bus import ErrorReply

TASK_COMMAND = "/task"
PROJECT_COMMAND = "/project"
STANDUP_COMMAND = "/standup"


async def open_create_modal(client: AsyncWebClient, runtime: SlackRuntime, trigger_id: str,
                            team_id: str, user_id: str, channel_id: str | None,
                            **prefill: Any) -> None:
    """Open the create modal straight away (a trigger_id lives 3 s): the time zone hint
    comes from the cache only, never from a lookup. An uncached user is looked up in the
    background, so the submission finds their zone in the cache."""
    person = runtime.people.peek(team_id, user_id)
    known = person.tz if person else None
    meta = Meta(mode="create", channel_id=channel_id, source=prefill.pop("source", None),
                tz=known, team=team_id)
    await client.views_open(trigger_id=trigger_id,
                            view=task_modal(meta, tz=known or "UTC", **prefill))
    if person is None:
        await runtime.people.within(client, team_id, [user_id], 0)


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    async def run(ack: Any, command: dict[str, Any], client: AsyncWebClient,
                  respond: Any, context: Any, name: str) -> None:
        await ack()
        text = str(command.get("text") or "").strip()
        team = team_of(command, context)
        user = str(command["user_id"])
        channel = command.get("channel_id")
        if name == "task" and text.lower() in ("", "new"):
            await open_create_modal(client, runtime, command["trigger_id"], team, user,
                                    channel)
            return
        ctx, text = await asyncio.gather(runtime.context(client, team, user, channel),
                                         runtime.label_mentions(client, team, text, name))
        result = await runtime.run_text(ctx, name, text)
        await answer(respond, client, result, channel, user)
        if not isinstance(result, ErrorReply):
            await runtime.refresh_home_if_seen(client, team, user)

    @app.command(TASK_COMMAND)
    async def task_command(ack: Any, command: dict[str, Any], client: AsyncWebClient,
                           respond: Any, context: Any) -> None:
        await run(ack, command, client, respond, context, "task")

    @app.command(PROJECT_COMMAND)
    async def project_command(ack: Any, command: dict[str, Any], client: AsyncWebClient,
                              respond: Any, context: Any) -> None:
        await run(ack, command, client, respond, context, "project")

    @app.command(STANDUP_COMMAND)
    async def standup_command(ack: Any, command: dict[str, Any], client: AsyncWebClient,
                              respond: Any, context: Any) -> None:
        await run(ack, command, client, respond, context, "standup")
