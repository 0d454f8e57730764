"""The Slack side of the outbox: `SlackNotifier.deliver(note)` posts a notification as a DM
(chat.postMessage to the user id) or a channel post, with the task card and its buttons.

It never swallows a failure: a 429 becomes RETRY with Slack's Retry-After (the delivery
worker keeps the row and re-queues it), network trouble and 5xx become RETRY, a person who
cannot be DMed becomes UNREACHABLE, anything else permanent becomes FAILED."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import upload
from adapters.slack.notification_render import render_notification
from core.notifications import Notification
from core.ports import DeliveryOutcome, DeliveryStatus

log = logging.getLogger(__name__)

ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]
AfterSend = Callable[[Notification], Awaitable[None]]

_UNREACHABLE = {"cannot_dm_bot", "user_not_found", "user_disabled", "not_allowed_token_type",
                "messages_tab_disabled", "user_not_visible"}
_TRANSIENT = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
              "request_timeout", "team_added_to_org"}
def outcome_for_error(err: SlackApiError, is_dm: bool) -> DeliveryOutcome:
    status = err.response.status_code
    code = str(err.response.get("error", "")) if err.response.data else ""
    if status == 429 or code == "ratelimited":
        raw = err.response.headers.get("Retry-After") or err.response.headers.get("retry-after")
        try:
            after = float(raw) if raw is not None else 1.0
        except ValueError:
            after = 1.0
        return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=after, error="ratelimited")
    if status >= 500 or code in _TRANSIENT:
        return DeliveryOutcome(DeliveryStatus.RETRY, error=code or f"http {status}")
    if is_dm and code in _UNREACHABLE:
        return DeliveryOutcome(DeliveryStatus.UNREACHABLE, error=code)
    return DeliveryOutcome(DeliveryStatus.FAILED, error=code or f"http {status}")


def thread_of(note: Notification) -> tuple[str, str] | None:
    """(channel, ts) of the message whose thread a note replies in (`extra["thread_ref"]`,
    the outbox's `channel:ts` reference of that message), else None."""
    channel, sep, ts = str(note.extra.get("thread_ref") or "").partition(":")
    return (channel, ts) if sep and channel and ts else None


class SlackNotifier:
    """`client_for(team_id)` gives the workspace's bot client (None: not installed there).
    `after_send` runs after a successful DM (the wiring refreshes that person's Home tab)."""

    platform = "slack"

    def __init__(self, client_for: ClientFor, after_send: AfterSend | None = None,
                 timeout: float = 15.0) -> None:
        self.client_for = client_for
        self._after_send = after_send
        self._timeout = timeout

    async def deliver(self, note: Notification) -> DeliveryOutcome:
        if note.platform != self.platform:
            return DeliveryOutcome(DeliveryStatus.FAILED, error=f"not a {self.platform} note")
        destination = note.user_id or note.channel_id
        if not destination:
            return DeliveryOutcome(DeliveryStatus.FAILED, error="no destination")
        client = await self.client_for(note.workspace_id)
        if client is None:
            return DeliveryOutcome(DeliveryStatus.FAILED, error="workspace not installed")
        msg = render_notification(note)
        thread = thread_of(note)
        if thread is not None:  # a reply in a posted message's thread (a late check-in)
            destination = thread[0]
        try:
            if note.file is not None:  # the text as the file's comment: one message, one try
                shared = await asyncio.wait_for(upload(client, note.file, destination,
                                                       comment=msg.text), self._timeout)
                return DeliveryOutcome(DeliveryStatus.SENT,
                                       message_ref=f"{destination}:{shared.get('id')}")
            resp = await asyncio.wait_for(client.chat_postMessage(
                channel=destination, text=msg.text, blocks=msg.blocks,
                unfurl_links=False, unfurl_media=False,
                thread_ts=thread[1] if thread else None), self._timeout)
        except SlackApiError as err:
            outcome = outcome_for_error(err, note.is_dm)
            log.info("slack delivery to %s: %s", destination, outcome)
            return outcome
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            return DeliveryOutcome(DeliveryStatus.RETRY, error=f"network: {err!r}")
        ref = f"{resp.get('channel')}:{resp.get('ts')}"
        if self._after_send is not None and note.is_dm:
            try:
                await self._after_send(note)
            except Exception:  # a Home refresh must never turn a sent DM into a retry
                log.exception("after_send hook failed")
        return DeliveryOutcome(DeliveryStatus.SENT, message_ref=ref,
                               extra={"channel": str(resp.get("channel")),
                                      "ts": str(resp.get("ts"))})
