"""Discord API payloads for the fake Discord: users, members, guilds, channels, messages and
interactions, shaped as the Discord API (v10) sends them and as discord.py's own
`discord/types/*.py` TypedDicts describe them. Tests build interactions with these helpers so
every dispatched INTERACTION_CREATE looks like one Discord would send."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
_counter = itertools.count(1)


def snowflake() -> str:
    """A fresh, time-ordered snowflake id (as Discord sends them: a string)."""
    now_ms = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
    return str(((now_ms - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0x3FFFFF))


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass
class FakeUser:
    id: str
    username: str
    global_name: str | None = None
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data

    def member_payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "premium_since": None,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.payload()
        return data


@dataclass
class FakeGuild:
    id: str
    name: str
    channel_ids: list[str] = field(default_factory=list)
    owner_id: str = "1"

    def channel_payload(self, channel_id: str, index: int = 0) -> dict[str, Any]:
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.id,
            "name": f"general-{index}" if index else "general",
            "position": index,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def create_payload(self, bot: FakeUser) -> dict[str, Any]:
        """The GUILD_CREATE dispatch body (available guild)."""
        everyone = {
            "id": self.id, "name": "@everyone", "permissions": "559623605571137",
            "position": 0, "color": 0, "hoist": False, "managed": False,
            "mentionable": False, "flags": 0,
        }
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "large": False,
            "unavailable": False,
            "member_count": 2,
            "voice_states": [],
            "members": [bot.member_payload()],
            "channels": [self.channel_payload(c, i) for i, c in enumerate(self.channel_ids)],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


def message_payload(channel_id: str, author: FakeUser, body: dict[str, Any], *,
                    message_id: str | None = None, guild_id: str | None = None,
                    flags: int = 0) -> dict[str, Any]:
    """A message object as the API returns it after a create/edit, from a request body."""
    data: dict[str, Any] = {
        "id": message_id or snowflake(),
        "channel_id": channel_id,
        "type": 0,
        "author": author.payload(),
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts", False)),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": body.get("attachments") or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "flags": body.get("flags", flags) or 0,
    }
    if guild_id:
        data["guild_id"] = guild_id
    return data


def _interaction_base(kind: int, *, app_id: str, user: FakeUser, guild: FakeGuild | None,
                      channel_id: str | None) -> dict[str, Any]:
    interaction_id = snowflake()
    data: dict[str, Any] = {
        "id": interaction_id,
        "application_id": app_id,
        "type": kind,
        "token": f"tok-{interaction_id}",
        "version": 1,
        "locale": "en-US",
        "app_permissions": "2248473465835073",
        "entitlements": [],
        "authorizing_integration_owners": {"0": guild.id if guild else user.id},
        "attachment_size_limit": 10485760,
    }
    if guild is not None:
        channel = channel_id or guild.channel_ids[0]
        data.update(
            guild_id=guild.id,
            guild={"id": guild.id, "locale": "en-US", "features": []},
            guild_locale="en-US",
            channel_id=channel,
            channel=guild.channel_payload(channel) | {"permissions": "2248473465835073"},
            member=user.member_payload() | {"permissions": "2248473465835073"},
            context=0,
        )
    else:
        channel = channel_id or snowflake()
        data.update(
            channel_id=channel,
            channel={"id": channel, "type": 1, "flags": 0, "last_message_id": None,
                     "recipients": [user.payload()]},
            user=user.payload(),
            context=1,
        )
    return data


def option(name: str, value: Any, kind: int = 3, *, focused: bool = False) -> dict[str, Any]:
    """One value option: 3 string, 4 integer, 5 boolean, 6 user, 10 number."""
    data: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def slash_command(*, app_id: str, user: FakeUser, guild: FakeGuild | None, group: str,
                  sub: str, options: list[dict[str, Any]] | None = None,
                  resolved_users: list[FakeUser] | None = None, autocomplete: bool = False,
                  channel_id: str | None = None) -> dict[str, Any]:
    """INTERACTION_CREATE for `/group sub ...` (type 2), or its autocomplete (type 4)."""
    data = _interaction_base(4 if autocomplete else 2, app_id=app_id, user=user, guild=guild,
                             channel_id=channel_id)
    command: dict[str, Any] = {
        "id": snowflake(),
        "name": group,
        "type": 1,
        "options": [{"name": sub, "type": 1, "options": options or []}],
    }
    if resolved_users:
        command["resolved"] = {
            "users": {u.id: u.payload() for u in resolved_users},
            "members": ({u.id: u.member_payload(with_user=False) | {"permissions": "0"}
                         for u in resolved_users} if guild else {}),
        }
    data["data"] = command
    return data


def message_command(*, app_id: str, user: FakeUser, guild: FakeGuild, name: str,
                    target: dict[str, Any]) -> dict[str, Any]:
    """INTERACTION_CREATE for a message context-menu command (type 2, data.type 3)."""
    data = _interaction_base(2, app_id=app_id, user=user, guild=guild,
                             channel_id=target["channel_id"])
    data["data"] = {
        "id": snowflake(),
        "name": name,
        "type": 3,
        "target_id": target["id"],
        "resolved": {"messages": {target["id"]: target}},
    }
    return data


def component(*, app_id: str, user: FakeUser, guild: FakeGuild | None,
              message: dict[str, Any], custom_id: str, component_type: int = 2,
              values: list[str] | None = None) -> dict[str, Any]:
    """INTERACTION_CREATE for a button (2) or string select (3) on `message` (type 3)."""
    data = _interaction_base(3, app_id=app_id, user=user, guild=guild,
                             channel_id=message["channel_id"])
    data["message"] = message
    inner: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
    if component_type != 2:
        inner["values"] = values or []
    data["data"] = inner
    return data


def modal_submit(*, app_id: str, user: FakeUser, guild: FakeGuild | None, custom_id: str,
                 fields: dict[str, str], channel_id: str | None = None,
                 labels: bool = False, message: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    """INTERACTION_CREATE for a modal submit (type 5). Text inputs come back in action rows
    (`labels=False`) or, for modals sent with Label components, as type 18 wrappers. A modal
    opened from a message's component carries that `message`."""
    data = _interaction_base(5, app_id=app_id, user=user, guild=guild,
                             channel_id=message["channel_id"] if message else channel_id)
    if message is not None:
        data["message"] = message
    if labels:
        comps: list[dict[str, Any]] = [
            {"type": 18, "id": i + 1,
             "component": {"type": 4, "id": i + 100, "custom_id": k, "value": v}}
            for i, (k, v) in enumerate(fields.items())
        ]
    else:
        comps = [{"type": 1, "id": i + 1,
                  "components": [{"type": 4, "id": i + 100, "custom_id": k, "value": v}]}
                 for i, (k, v) in enumerate(fields.items())]
    data["data"] = {"custom_id": custom_id, "components": comps}
    return data
