"""DM components name a guild in their custom_id; a DM proves nothing about the clicker.

`gate_dm` lets a DM click through only when Discord says its user is still in that guild
(GET /guilds/{id}/members/{user}, no privileged intent needed), remembered for a minute.
Someone who left or was removed, or a guild the bot is no longer in, is refused privately.
When Discord can't tell in time, the core's check still applies: the context of a DM
interaction is `members_only`, so only an existing member of the guild's workspace acts
and nobody becomes one from a DM (see `bridge.context`)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord

from adapters.discord.bridge import bridge_of

log = logging.getLogger(__name__)

GUILD_CHECK_BUDGET = 1.0  # counted from arrival, well before the 1.5 s defer
REMEMBER = 60.0
_known: dict[tuple[str, int], tuple[bool, float]] = {}


async def in_guild(interaction: discord.Interaction[Any], guild_id: str) -> bool:
    """Is the interaction's user in guild `guild_id`? True for an interaction in a guild."""
    if interaction.guild_id is not None:
        return True
    key = (guild_id, interaction.user.id)
    now = time.monotonic()
    known = _known.get(key)
    if known is not None and known[1] > now:
        return known[0]
    budget = bridge_of(interaction).time_left(interaction, GUILD_CHECK_BUDGET)
    try:
        await asyncio.wait_for(interaction.client.http.get_member(int(guild_id),
                                                                  interaction.user.id), budget)
        found = True
    except (discord.NotFound, discord.Forbidden):
        found = False
    except (discord.HTTPException, TimeoutError, ValueError) as err:
        log.info("interaction %s: could not check guild membership (%s)", interaction.id,
                 type(err).__name__)
        return True
    if len(_known) > 10_000:
        _known.clear()
    _known[key] = (found, now + REMEMBER)
    return found


async def gate_dm(interaction: discord.Interaction[Any], guild_id: str) -> bool:
    """False (and the user told so) when a DM component's user is not in its guild."""
    if await in_guild(interaction, guild_id):
        return True
    await bridge_of(interaction).refuse(
        interaction, "You're not in that server (any more), so this can't act there.")
    return False
