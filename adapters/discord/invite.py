"""The OAuth2 install URL: exactly the scopes and permissions taskbot uses."""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")


def permissions() -> discord.Permissions:
    """See channels, post task cards and fallback mentions (also in threads) with embeds.
    Interaction replies, DMs and editing its own messages need no permission."""
    return discord.Permissions(view_channel=True, send_messages=True,
                               send_messages_in_threads=True, embed_links=True)


def invite_url(application_id: int | str) -> str:
    return discord.utils.oauth_url(int(application_id), permissions=permissions(),
                                   scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """A bot token's first part is its user id (the application id) in base64."""
    head = token.split(".", 1)[0]
    try:
        raw = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(raw) if raw.isdigit() else None
