"""Delivers outbox notifications on Discord: DMs with the task card and its buttons (or a
reminder's Snooze / Done buttons), and channel posts (digests, the fallback mention of
someone whose DMs are closed).

Outcomes for the delivery worker (core.delivery): a 403 with code 50007 ("Cannot send
messages to this user") is UNREACHABLE, never retried; a 429 is RETRY with Discord's
`retry_after`; 5xx and network errors are RETRY; other 4xx are FAILED (retrying a bad
request only burns the invalid-request budget that gets an IP banned).

While the REST guard (adapters.discord.pacing) has stopped sending (breaker open, invalid
request budget spent, global back-off) a row is not tried at all: RETRY after the pause,
which keeps it queued without burning an attempt. Every message carries a `nonce` derived
from its outbox row, with `enforce_nonce`: a retry of a POST that Discord stored but
answered with a 502 returns the stored message instead of posting it twice."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord

from adapters.discord.files import attach, limit_for
from adapters.discord.notification_render import notification_mentions, render_notification
from adapters.discord.pacing import OUTBOX_SEND, RestGuard, SendingPaused
from adapters.discord.reminder_views import reminder_view
from adapters.discord.render import Reply
from adapters.discord.standup_views import standup_view, thread_reference
from adapters.discord.views import card_view
from core.delivery import DELIVERY_KEY
from core.notifications import Notification
from core.ports import DeliveryOutcome, DeliveryStatus

log = logging.getLogger(__name__)

CANNOT_DM = 50007


class DiscordNotifier:
    platform = "discord"

    def __init__(self, client: discord.Client, guard: RestGuard | None = None) -> None:
        self.client = client
        self.guard = guard

    async def deliver(self, note: Notification) -> DeliveryOutcome:
        if self.client.is_closed() or self.client.user is None:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=5.0,
                                   error="discord client not connected")
        paused = self.guard.paused_for() if self.guard is not None else 0.0
        if paused > 0:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=paused,
                                   error="sending paused (rate limits)")
        token = OUTBOX_SEND.set(True)
        try:
            message = await self._send(note, nonce_of(DELIVERY_KEY.get()))
        except SendingPaused as err:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=err.retry_after,
                                   error="sending paused (rate limits)")
        except discord.RateLimited as err:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=err.retry_after,
                                   error="rate limited")
        except discord.Forbidden as err:
            if err.code == CANNOT_DM and note.is_dm:
                return DeliveryOutcome(DeliveryStatus.UNREACHABLE, error=f"{err.code}: "
                                       f"{err.text}")
            return DeliveryOutcome(DeliveryStatus.FAILED, error=f"forbidden {err.code}: "
                                   f"{err.text}")
        except discord.HTTPException as err:
            return _http_outcome(err)
        except ValueError as err:  # no destination, or an id that is not a snowflake
            return DeliveryOutcome(DeliveryStatus.FAILED, error=f"bad destination: {err}")
        except (aiohttp.ClientError, OSError, TimeoutError) as err:
            return DeliveryOutcome(DeliveryStatus.RETRY, error=f"network: {err}")
        finally:
            OUTBOX_SEND.reset(token)
        return DeliveryOutcome(DeliveryStatus.SENT, message_ref=f"{message.channel.id}/"
                               f"{message.id}")

    async def _send(self, note: Notification, nonce: str | None) -> discord.Message:
        reply = render_notification(note)
        kwargs: dict[str, Any] = {"content": reply.content, "embeds": reply.embeds,
                                  "allowed_mentions": notification_mentions(note)}
        if nonce is not None:
            kwargs["nonce"] = nonce  # discord.py adds enforce_nonce with it
        view = notification_view(reply, note.workspace_id) or standup_view(note)
        if view is not None:
            kwargs["view"] = view
        reference = thread_reference(note)  # a late check-in answer replies to the report
        if reference is not None:
            kwargs["reference"] = reference
        if note.file is not None:  # a report's chart: attached to the same message
            attach(kwargs, [note.file], limit_for(self.client, note.workspace_id))
        if note.is_dm:
            assert note.user_id is not None
            channel = await self.client.create_dm(discord.Object(int(note.user_id)))
            return await channel.send(**kwargs)
        if not note.channel_id:
            raise ValueError("a channel notification without a channel")
        target = self.client.get_partial_messageable(int(note.channel_id))
        return await target.send(**kwargs)


def nonce_of(key: str | None) -> str | None:
    """Discord's nonce (at most 25 characters), the same for every attempt of a row."""
    return f"taskbot-{key}"[:25] if key else None


def notification_view(reply: Reply, guild_id: str) -> discord.ui.View | None:
    """The persistent buttons of a notification: a reminder's Snooze / Done, else the task
    card's; none outside a guild (the ids name the guild the click acts in)."""
    if not guild_id.isdigit():
        return None
    if reply.reminder_id is not None:
        return reminder_view(guild_id, reply.reminder_id, reply.reminder_actions)
    return card_view(reply.card, guild_id) if reply.card is not None else None


def _http_outcome(err: discord.HTTPException) -> DeliveryOutcome:
    if err.status == 429:
        retry_after = None
        response = getattr(err, "response", None)
        header = response.headers.get("Retry-After") if response is not None else None
        if header:
            try:
                retry_after = float(header)
            except ValueError:
                retry_after = None
        return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=retry_after or 1.0,
                               error="rate limited")
    if err.status >= 500:
        return DeliveryOutcome(DeliveryStatus.RETRY, error=f"discord {err.status}")
    return DeliveryOutcome(DeliveryStatus.FAILED, error=f"{err.status} {err.code}: {err.text}")
