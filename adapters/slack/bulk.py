"""Bulk changes on Slack: the preview's Confirm button, and the bulk results as Block Kit.

The button's value is the `/task` text of exactly the task numbers the preview showed
(`done #3,#5,#8`), so a click never acts on tasks that started matching since; the click
runs it as the clicker (the core checks each task's permission again) and the summary
replaces the preview."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import Block, actions, button, context, split_sections
from adapters.slack.cards import ref_line
from adapters.slack.escape import esc
from adapters.slack.render import _blocks, render
from adapters.slack.runtime import SlackRuntime, log, replace_message, team_of
from core.bus import ErrorReply
from core.commands_bulk import BULK_VERBS
from core.results_bulk import BulkDone, BulkPreview

CONFIRM = "bulk_confirm"
VALUE_MAX = 2000
"""Slack's limit on a button's value: a longer selection is confirmed by typing."""
_BUTTON_TEXT = re.compile(rf"^(?:{'|'.join(BULK_VERBS)}) #\d{{1,10}}(?:,#\d{{1,10}})*(?: .*)?$",
                          re.ASCII | re.DOTALL)
BAD_BUTTON = "That button does not name tasks I can read; nothing was changed."


@_blocks.register
def _(result: BulkPreview) -> list[Block]:
    lines = [esc(result.headline), *(ref_line(t, result.viewer_tz) for t in result.shown)]
    if result.more:
        lines.append(f"_… and {result.more} more_")
    blocks = split_sections(lines)
    blocks.append(context(f"Or type `{esc(result.text_confirm)}`"))
    if len(result.button_text) <= VALUE_MAX:
        blocks.append(actions([button(result.button_label, CONFIRM, result.button_text,
                                      style="primary")], block_id="bulk_confirm"))
    return blocks


@_blocks.register
def _(result: BulkDone) -> list[Block]:
    return split_sections([esc(line) for line in result.message.splitlines()])


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    @app.action(CONFIRM)
    async def on_confirm(ack: Any, body: dict[str, Any], action: dict[str, Any],
                         client: AsyncWebClient, respond: Any, context: Any) -> None:
        await ack()
        team, user = team_of(body, context), str(body["user"]["id"])
        channel = (body.get("channel") or {}).get("id")
        value = str(action.get("value") or "")
        if not _BUTTON_TEXT.match(value):
            log.warning("unreadable bulk confirmation from %s in %s", user, team)
            msg = render(ErrorReply(reason=BAD_BUTTON))
        else:
            ctx = await runtime.context(client, team, user, channel)
            msg = render(await runtime.run_text(ctx, "task", value))
        await replace_message(client, body, respond, msg.text, msg.blocks)
