"""bolt's hooks around every listener run, for the request inbox (`durable`): the start
gives the listener its `Slot`, the completion marks the row done (or failed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.listener.async_listener_error_handler import AsyncListenerErrorHandler
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.inbox_slot import INBOX_ID, REPLAYED, SLOT, Slot

if TYPE_CHECKING:
    from adapters.slack.durable import Durable

STARTED = "taskbot_listener_started"
FAILED = "taskbot_listener_failed"


class Started(AsyncListenerStartHandler):
    def __init__(self, durable: Durable) -> None:
        self.durable = durable

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        inbox_id = request.context.get(INBOX_ID)
        if inbox_id is None:
            return
        request.context[STARTED] = True
        SLOT.set(Slot(self.durable.inbox, int(inbox_id), bool(request.context.get(REPLAYED)),
                      self.durable.notes))
        self.durable.enter()


class Failed(AsyncListenerErrorHandler):
    """bolt's error handler, noting the failure for the completion hook (which bolt
    hands no status when the listener raised after its ack)."""

    def __init__(self, inner: AsyncListenerErrorHandler) -> None:
        self.inner = inner

    async def handle(self, error: Exception, request: AsyncBoltRequest,
                     response: BoltResponse | None) -> None:
        request.context[FAILED] = True
        await self.inner.handle(error=error, request=request, response=response)


class Completed(AsyncListenerCompletionHandler):
    def __init__(self, durable: Durable) -> None:
        self.durable = durable

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        inbox_id = request.context.get(INBOX_ID)
        if inbox_id is None:
            return
        try:
            failed = bool(request.context.get(FAILED))
            await self.durable.finish(int(inbox_id), "listener failed" if failed else None)
        finally:
            self.durable.leave()
