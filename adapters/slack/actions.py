"""Buttons and menus on task cards (in channels, DMs and the Home tab).

Each click acks at once, then runs one core command as the clicker; the core checks the
permission and refuses what no longer applies (completing a done task), so a double click
completes once and notifies once. Success updates the card in place; a refusal goes to the
clicker only."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import cards, home
from adapters.slack.escape import esc
from adapters.slack.modals import Meta, loading_view, orig_of, task_modal
from adapters.slack.render import render
from adapters.slack.runtime import SlackRuntime, log, replace_message, reply, team_of
from adapters.slack.shapes import task_number
from adapters.slack.slash import open_create_modal
from core import commands as c
from core.bus import ErrorReply
from core.results import Result, TaskChanged, TaskDetails

_SIMPLE = frozenset({"start", "done", "take", "drop", "reopen"})
"""The card's one-click verbs (commands from `c.BY_NUMBER`)."""
BAD_BUTTON = ("That button does not point at a task I can read; nothing was changed. "
              "Try /task list for fresh buttons.")
_ACTION_VERB = {cards.START: "start", cards.DONE: "done", cards.TAKE: "take"}


def decode(action: dict[str, Any]) -> tuple[str, int, str]:
    """(verb, task number, argument) from a button value or a selected menu option."""
    value = str((action.get("selected_option") or {}).get("value") or action.get("value", ""))
    verb = _ACTION_VERB.get(action.get("action_id", ""))
    if verb is not None:
        return verb, _number(value), ""
    parts = value.split(":", 2)
    return parts[0], _number(parts[1]), parts[2] if len(parts) > 2 else ""


def _number(raw: str) -> int:
    number = task_number(raw)
    if number is None:
        raise ValueError(f"not a task number: {raw[:20]!r}")
    return number


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    @app.action(re.compile(f"^({'|'.join(cards.CARD_ACTIONS)})$"))
    async def on_card(ack: Any, body: dict[str, Any], action: dict[str, Any],
                      client: AsyncWebClient, respond: Any, context: Any) -> None:
        await ack()
        team, user = team_of(body, context), str(body["user"]["id"])
        channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get(
            "channel_id")
        try:
            verb, number, arg = decode(action)
        except (ValueError, IndexError) as err:
            log.warning("unreadable card action from %s in %s: %s", user, team, err)
            await show_outcome(runtime, client, body, respond, ErrorReply(reason=BAD_BUTTON),
                               team, user, channel)
            return
        if verb == "edit":
            await open_edit_modal(client, runtime, body, team, user, number)
            return
        ctx = await runtime.context(client, team, user, channel)
        result: Result
        if verb == "snooze":
            result = await runtime.run_text(ctx, "task", f"remind #{number} {arg}")
        elif verb in _SIMPLE:
            result = await runtime.execute(ctx, c.BY_NUMBER[verb](number=number))
        else:
            return
        await show_outcome(runtime, client, body, respond, result, team, user, channel)

    @app.action(home.NEW_TASK)
    async def home_new(ack: Any, body: dict[str, Any], client: AsyncWebClient,
                       context: Any) -> None:
        await ack()
        await open_create_modal(client, runtime, body["trigger_id"], team_of(body, context),
                                str(body["user"]["id"]), None)

    @app.action(home.REFRESH)
    async def home_refresh(ack: Any, body: dict[str, Any], client: AsyncWebClient,
                           context: Any) -> None:
        await ack()
        await runtime.refresh_home(client, team_of(body, context), str(body["user"]["id"]))


async def show_outcome(runtime: SlackRuntime, client: AsyncWebClient, body: dict[str, Any],
                       respond: Any, result: Result, team: str, user: str,
                       channel: str | None) -> None:
    container = body.get("container") or {}
    on_home = container.get("type") == "view"
    if isinstance(result, TaskChanged) and not on_home:
        await update_card(client, body, respond, result)
    elif not isinstance(result, TaskChanged):
        answer_to_clicker = render(result)
        answer_to_clicker.ephemeral = True
        answer_to_clicker.card_in_channel = False
        if on_home:
            respond = None
        await reply(respond if body.get("response_url") else None, client, answer_to_clicker,
                    None if on_home else channel, user)
    if on_home:  # once: a second publish could land after the first and show it stale
        await runtime.refresh_home(client, team, user)
    elif not isinstance(result, ErrorReply):
        await runtime.refresh_home_if_seen(client, team, user)


async def update_card(client: AsyncWebClient, body: dict[str, Any], respond: Any,
                      result: TaskChanged) -> None:
    """Replace the clicked message with the fresh card."""
    blocks = cards.task_card(result.task, result.viewer_tz, note=esc(result.message))
    await replace_message(client, body, respond, esc(result.message), blocks)


async def open_edit_modal(client: AsyncWebClient, runtime: SlackRuntime, body: dict[str, Any],
                          team: str, user: str, number: int) -> None:
    """Open a 'loading' modal at once (the trigger_id expires in 3 s), then fill it from
    the core's view of the task."""
    opened = await client.views_open(trigger_id=body["trigger_id"], view=loading_view())
    view_id = opened["view"]["id"]
    ctx = await runtime.context(client, team, user)
    details = await runtime.execute(ctx, c.ShowTask(number=number))
    container = body.get("container") or {}
    card = None
    if container.get("message_ts") and container.get("channel_id"):
        card = {"channel": container["channel_id"], "ts": container["message_ts"]}
    if not isinstance(details, TaskDetails):
        msg = render(details)
        await client.views_update(view_id=view_id, view={
            "type": "modal", "title": {"type": "plain_text", "text": "Task"},
            "blocks": msg.blocks})
        return
    meta = Meta(mode="edit", number=number, source=None, orig=orig_of(details.task),
                card=card, tz=details.viewer_tz, team=team)
    await client.views_update(view_id=view_id,
                              view=task_modal(meta, task=details.task, tz=details.viewer_tz))
