"""Posting a file to Slack: the external upload (`files_upload_v2` = files.getUploadURLExternal,
the POST of the bytes to the URL it returns, then files.completeUploadExternal sharing the
file into the channel or thread), with the alt text for screen readers. Needs `files:write`.

Used for a command's result that carries a file (a chart) and by the notifier for outbox
notifications that do (the weekly report): any `core.files.FilePayload` (PNG, CSV, JSON)."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.escape import esc, truncate
from core.files import FilePayload

log = logging.getLogger(__name__)

ALT_MAX = 1000      # Slack's limit on alt_txt
TITLE_MAX = 250


async def upload(client: AsyncWebClient, file: FilePayload, channel_id: str,
                 thread_ts: str | None = None, comment: str | None = None) -> dict[str, Any]:
    """Upload `file` and share it into `channel_id` (and `thread_ts`); `comment` is the
    message text shown above it (already escaped). Returns the completed file's info."""
    resp = await client.files_upload_v2(
        channel=channel_id, thread_ts=thread_ts, file=file.data, filename=file.filename,
        title=truncate(file.title, TITLE_MAX) or file.filename,
        alt_txt=truncate(file.alt, ALT_MAX) or None,
        initial_comment=comment or None)
    found = resp.get("file")
    return dict(found) if isinstance(found, dict) else {}


def file_of(result: object) -> FilePayload | None:
    file = getattr(result, "file", None)
    return file if isinstance(file, FilePayload) else None


def caption(file: FilePayload) -> str:
    return esc(file.title)


async def destination(client: AsyncWebClient, result: object, channel_id: str | None,
                      user_id: str) -> str | None:
    """Where a result's file goes: the channel of a public answer (a chart); the asker's DM
    for an ephemeral one (an export: an ephemeral message cannot carry a file, and a
    project's whole history should not land in front of everyone in the channel)."""
    if not getattr(result, "ephemeral", False):
        return channel_id
    opened = await client.conversations_open(users=user_id)
    channel = opened.get("channel")
    return str(channel["id"]) if isinstance(channel, dict) and channel.get("id") else None


async def post_file(client: AsyncWebClient, result: object, channel_id: str | None,
                    user_id: str) -> None:
    """After a command's answer: upload the file its result carries (into the channel, or
    the asker's DM, see `destination`). A failed upload (the bot is not in the channel, no
    `files:write`) is told to the user only; the answer itself already went out."""
    file = file_of(result)
    if file is None or not channel_id:
        return
    where: str | None = channel_id
    try:
        where = await destination(client, result, channel_id, user_id)
        if where:
            await upload(client, file, where)
    except (SlackApiError, aiohttp.ClientError, OSError) as err:
        code = err.response.get("error", "") if isinstance(err, SlackApiError) else repr(err)
        log.info("file upload to %s failed: %s", where, code)
        try:
            await client.chat_postEphemeral(
                channel=channel_id, user=user_id,
                text=f"I couldn't post the file ({esc(str(code))}): invite me to the "
                     "channel, or ask an admin to reinstall the app with files:write.")
        except SlackApiError:
            log.info("could not tell %s about the failed upload", user_id)
