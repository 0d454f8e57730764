"""The task modal's life: submission (inline errors, nothing saved until valid), the
type-ahead options for project and blocked-by, and the "Create task from message" and
"New task" shortcuts that open it.

A submission is checked locally first (title, date), then run by the core while Slack
waits (up to `SUBMIT_BUDGET` seconds): a refusal from the core (unknown project, a
dependency cycle) comes back inline on its field and nothing is saved. If the core is
slower than that, the modal closes and the outcome arrives as a DM.

The budget counts from the request's arrival: users.info (the submitter's zone when the
form did not record one, the assignee's name) gets `PEOPLE_BUDGET`, the message permalink
`LINK_BUDGET` (fetched from the start, concurrently); a permalink that comes later is
stored on the new task after the ack, before its card is posted."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from typing import Any

from pydantic import ValidationError
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import modals
from adapters.slack.cards import task_card
from adapters.slack.escape import esc
from adapters.slack.inbox_slot import REPLAYED
from adapters.slack.render import render
from adapters.slack.runtime import SlackRuntime, log, received_at, reply, team_of
from adapters.slack.slash import open_create_modal
from core import commands as c
from core.bus import ErrorReply
from core.commands import Context, FindOpenTasks
from core.errors import invalid_input
from core.model import TITLE_MAX
from core.results import ProjectList, Result, TaskChanged, TaskList

SUBMIT_BUDGET = 2.3  # seconds from receiving a submission to acking it, at most
PEOPLE_BUDGET = 0.5  # of which users.info (the submitter's zone, the assignee's name)
LINK_BUDGET = 0.8  # and chat.getPermalink; a later permalink is stored after the ack
PERMALINK_TIMEOUT = 5.0
OPTIONS_BUDGET = 2.3
QUERY_MAX = 200  # characters of type-ahead text a search uses
MESSAGE_SHORTCUT = "create_task_from_message"
GLOBAL_SHORTCUT = "new_task"
STALE_FORM = ("This form is out of date or belongs to another workspace; close it and "
              "open a new one with /task.")


async def _run_all(runtime: SlackRuntime, ctx: Context, commands: list[Any]) -> list[Result]:
    """Run the form's commands in one unit of work: all saved, or none at the first
    refusal (then the list is just the `ErrorReply`)."""
    return await runtime.execute_all(ctx, commands)


async def _permalink(client: AsyncWebClient, source: dict[str, str] | None) -> str | None:
    if not source:
        return None
    try:
        resp = await asyncio.wait_for(client.chat_getPermalink(
            channel=source["channel"], message_ts=source["ts"]), PERMALINK_TIMEOUT)
        return str(resp["permalink"])
    except (SlackApiError, KeyError, TimeoutError) as err:
        log.info("no permalink for %s: %s", source, err)
        return None


async def _early(link: asyncio.Future[str | None] | None, budget: float) -> str | None:
    """The permalink if it arrives within `budget` seconds; it keeps coming otherwise."""
    if link is None:
        return None
    done, _ = await asyncio.wait({link}, timeout=max(0.0, budget))
    return link.result() if done else None


async def _link_late(runtime: SlackRuntime, ctx: Context,
                     link: asyncio.Future[str | None], results: list[Result]) -> list[Result]:
    """After the ack: store a permalink that missed the ack budget on the new task, so the
    card posted next links to the message too."""
    created = results[-1] if results else None
    url = await link
    if not url or not isinstance(created, TaskChanged):
        return results
    edited = await runtime.execute(ctx, c.EditTask(number=created.task.number,
                                                   source_link=url))
    if not isinstance(edited, TaskChanged):
        log.info("could not keep the permalink on #%s: %s", created.task.number, edited)
        return results
    return [*results[:-1], created.model_copy(update={"task": edited.task})]


async def _bounded(work: Awaitable[Result]) -> Result | None:
    """Options must be answered within 3 s: a slow database gives an empty list rather
    than an error on the user's screen."""
    try:
        return await asyncio.wait_for(work, OPTIONS_BUDGET)
    except TimeoutError:
        log.warning("options query took longer than %.1f s", OPTIONS_BUDGET)
        return None


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    @app.view(modals.CALLBACK)
    async def on_submit(ack: Any, body: dict[str, Any], view: dict[str, Any],
                        client: AsyncWebClient, context: Any) -> None:
        loop = asyncio.get_running_loop()
        started = received_at(context)
        team, user = team_of(body, context), str(body["user"]["id"])
        meta = modals.Meta.load(view.get("private_metadata"), team)
        if meta is None:
            log.warning("refused a task form from %s in %s: unreadable or foreign metadata",
                        user, team)
            await ack(response_action="errors", errors={"title": STALE_FORM})
            return
        values = (view.get("state") or {}).get("values") or {}
        creating = meta.mode != "edit" or meta.number is None
        link = (asyncio.ensure_future(_permalink(client, meta.source))
                if creating and meta.source else None)
        assignee_id = modals.selected_user(values)
        wanted = [u for u, needed in ((user, meta.tz is None), (assignee_id, True))
                  if u and needed]
        people = await runtime.people.within(
            client, team, wanted, PEOPLE_BUDGET - (loop.time() - started))
        me = people.get(user)
        tz = meta.tz or (me.tz if me else None) or "UTC"
        form, errors = modals.read_form(values, tz, dt.datetime.now(dt.UTC), creating)
        if form is None:
            await _refuse(ack, context, client, user, errors)
            return
        named = people.get(form.assignee_id) if form.assignee_id else None
        assignee_name = named.display_name if named else None
        ctx = await runtime.context(client, team, user, meta.channel_id, lookup=False)
        try:
            if creating:
                source_link = await _early(link, LINK_BUDGET - (loop.time() - started))
                commands: list[Any] = [modals.add_command(form, source_link, assignee_name)]
            else:
                assert meta.number is not None
                commands = modals.edit_commands(meta.number, form, meta.orig, assignee_name)
        except ValidationError as err:  # a field the command model refuses: say which
            reason = invalid_input(err).reason
            await ack(response_action="errors", errors={modals.field_for(reason): reason[:150]})
            return
        work = asyncio.ensure_future(_run_all(runtime, ctx, commands))
        left = SUBMIT_BUDGET - (loop.time() - started)
        done, _ = await asyncio.wait({work}, timeout=max(0.05, left))
        if done:
            results = work.result()
            if results and isinstance(results[-1], ErrorReply):
                reason = results[-1].reason
                await _refuse(ack, context, client, user,
                              {modals.field_for(reason): reason[:150]})
                return
        await ack()
        results = await work
        if creating and link is not None and not commands[0].source_link:
            results = await _link_late(runtime, ctx, link, results)
        await _after_submit(runtime, client, meta, results, team, user)

    @app.options(modals.PROJECT)
    async def project_options(ack: Any, body: dict[str, Any], context: Any,
                              client: AsyncWebClient) -> None:
        query = str(body.get("value") or "").casefold()
        ctx = await runtime.context(client, team_of(body, context), str(body["user"]["id"]),
                                    lookup=False)
        result = await _bounded(runtime.execute(ctx, c.ListProjects()))
        names = [p.name for p in result.projects] if isinstance(result, ProjectList) else []
        await ack(options=[modals.project_option(n) for n in names
                           if query in n.casefold()][:100])

    @app.options(modals.BLOCKED_BY)
    async def task_options(ack: Any, body: dict[str, Any], context: Any,
                           client: AsyncWebClient) -> None:
        team = team_of(body, context)
        meta = modals.Meta.load((body.get("view") or {}).get("private_metadata"), team)
        ctx = await runtime.context(client, team, str(body["user"]["id"]), lookup=False)
        result = await _bounded(runtime.execute(
            ctx, FindOpenTasks(query=str(body.get("value") or "")[:QUERY_MAX], limit=100)))
        tasks = result.tasks if isinstance(result, TaskList) else ()
        await ack(options=[modals.task_option(t.number, t.title) for t in tasks
                           if meta is None or t.number != meta.number][:100])

    @app.shortcut(MESSAGE_SHORTCUT)
    async def from_message(ack: Any, shortcut: dict[str, Any], client: AsyncWebClient,
                           context: Any) -> None:
        await ack()
        message = shortcut.get("message") or {}
        text = str(message.get("text") or "").strip()
        first = text.splitlines()[0] if text else ""
        title = first[:TITLE_MAX]
        description = text if text != title else ""
        channel = (shortcut.get("channel") or {}).get("id")
        await open_create_modal(client, runtime, shortcut["trigger_id"],
                                team_of(shortcut, context), str(shortcut["user"]["id"]),
                                channel, title=title, description=description,
                                source={"channel": channel, "ts": message.get("ts")})

    @app.shortcut(GLOBAL_SHORTCUT)
    async def new_task(ack: Any, shortcut: dict[str, Any], client: AsyncWebClient,
                       context: Any) -> None:
        await ack()
        await open_create_modal(client, runtime, shortcut["trigger_id"],
                                team_of(shortcut, context), str(shortcut["user"]["id"]), None)


async def _refuse(ack: Any, context: Any, client: AsyncWebClient, user: str,
                  errors: dict[str, str]) -> None:
    """Show the form's mistakes on its fields; a submission replayed from the request
    inbox (its modal closed long ago) gets them as a DM instead."""
    if not context.get(REPLAYED):
        await ack(response_action="errors", errors=errors)
        return
    reason = "; ".join(errors.values()) or "the form was not valid"
    await reply(None, client, render(ErrorReply(reason=f"Your task form was not saved: "
                                                       f"{reason}")), None, user)


async def _after_submit(runtime: SlackRuntime, client: AsyncWebClient, meta: modals.Meta,
                        results: list[Result], team: str, user: str) -> None:
    """The modal is closed: post the new card to its channel, refresh an edited card in
    place, and tell the user (by DM) about anything the core refused late."""
    last = results[-1] if results else None
    if isinstance(last, ErrorReply) or last is None:
        if last is not None:
            await reply(None, client, render(last), None, user)
        return
    changed = [r for r in results if isinstance(r, TaskChanged)]
    if meta.mode == "edit" and changed and meta.card:
        task = changed[-1]
        try:
            await client.chat_update(channel=meta.card["channel"], ts=meta.card["ts"],
                                     text=esc(task.message),
                                     blocks=task_card(task.task, task.viewer_tz,
                                                      note=esc(task.message)))
        except SlackApiError as err:
            log.info("could not refresh the edited card: %s", err)
    elif meta.mode != "edit":
        msg = render(last)
        if not meta.channel_id:
            msg.card_in_channel = False
        await reply(None, client, msg, meta.channel_id, user)
    await runtime.refresh_home_if_seen(client, team, user)
