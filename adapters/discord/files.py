"""Posting a file on Discord: a message attachment (multipart upload) within the guild's
size limit (`guild.filesize_limit`; the default tier's when the guild is not cached), with
the alt text as the attachment's description. An embed shows an attached image with
`attachment://<filename>`. A file over the limit is left out and the message says so.

Any `core.files.FilePayload` goes this way: a chart PNG now, CSV or JSON exports later."""

from __future__ import annotations

import io
from typing import Any

import discord

from core.files import FilePayload

DESCRIPTION_MAX = 1024      # Discord's limit on an attachment's description (alt text)


def limit_for(client: discord.Client | None, guild_id: str | int | None) -> int:
    guild = None
    if client is not None and guild_id is not None and str(guild_id).isdigit():
        guild = client.get_guild(int(guild_id))
    default = discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES
    return guild.filesize_limit if guild is not None else default


def to_file(file: FilePayload) -> discord.File:
    return discord.File(io.BytesIO(file.data), filename=file.filename,
                        description=file.alt[:DESCRIPTION_MAX] or None)


def attach(kwargs: dict[str, Any], files: list[FilePayload], limit: int) -> None:
    """Add the files that fit to a send's keyword arguments; note the ones that do not."""
    fits = [f for f in files if f.size <= limit]
    left = [f for f in files if f.size > limit]
    if fits:
        kwargs["files"] = [to_file(f) for f in fits]
    if left:
        names = ", ".join(f"{f.filename} ({f.size / 1_048_576:.1f} MB)" for f in left)
        note = (f"(Not attached: {names}; this server takes files up to "
                f"{limit / 1_048_576:.0f} MB.)")
        content = kwargs.get("content")
        kwargs["content"] = f"{content}\n{note}" if content else note
