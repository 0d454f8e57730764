"""The request inbox as the Slack adapter sees it: the `InboxStore` port, what marks a
request (context keys), the `Slot` of the listener at work, and the note that an answer
has left for Slack (`answer_trace`). `durable` builds the live path and the replay on it."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import TraceConfig, TraceRequestChunkSentParams

from core.receipts import Receipt

log = logging.getLogger(__name__)

INBOX_ID = "taskbot_inbox_id"
REPLAYED = "taskbot_replayed"
DURABLE_KINDS = ("block_actions", "view_submission", "shortcut", "message_action",
                 "event_callback")


class InboxStore(Protocol):
    def record(self, key: str, team_id: str, kind: str, body: str, worker: str,
               lease: dt.timedelta) -> int | None: ...
    def receipt(self, inbox_id: int, seq: int) -> Receipt: ...
    def note_now(self, inbox_id: int) -> bool: ...
    def answering(self, inbox_id: int) -> None: ...
    def result(self, inbox_id: int, seq: int) -> str | None: ...
    def finish(self, inbox_id: int, error: str | None = None) -> None: ...
    def release(self, worker: str) -> int: ...
    def claimers(self) -> list[str]: ...
    def claim(self, worker: str, lease: dt.timedelta, limit: int,
              take_over: Collection[str] = (), max_attempts: int = 5
              ) -> list[tuple[int, str, bool]]: ...
    def prune(self, older_than: dt.timedelta) -> int: ...


@dataclass
class Slot:
    """The inbox row the current listener works for, and its count of core calls."""

    inbox: InboxStore
    inbox_id: int
    replay: bool
    pool: ThreadPoolExecutor | None = None  # threads for the answer note (None: asyncio's)
    calls: int = 0
    answering: bool = False

    def next_seq(self) -> int:
        self.calls += 1
        return self.calls


SLOT: ContextVar[Slot | None] = ContextVar("taskbot_inbox_slot", default=None)
POSTS = ("chat.postMessage", "chat.postEphemeral")
"""Answers that show twice if sent twice (updates in place, views.publish, do not)."""
_notes: set[asyncio.Task[None]] = set()


def _answer_left() -> None:
    """The request's answer has left for Slack: note it at once where the store can
    (SQLite's sidecar), else on its inbox row in the background (the answer does not wait
    for the database). A row so noted, found unfinished after a crash, is finished
    without answering again."""
    slot = SLOT.get()
    if slot is None or slot.answering:
        return
    slot.answering = True
    try:  # a SQLite sidecar takes the note at once: it waits on no other writer
        if slot.inbox.note_now(slot.inbox_id):
            return
    except Exception as err:
        log.warning("request inbox: could not note the answer of %s at once (%s)",
                    slot.inbox_id, one_line(err))

    async def note() -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(
                slot.pool, slot.inbox.answering, slot.inbox_id)
        except Exception as err:
            log.warning("request inbox: could not note the answer of %s (%s)",
                        slot.inbox_id, one_line(err))

    task = asyncio.ensure_future(note())
    _notes.add(task)
    task.add_done_callback(_notes.discard)


def answer_trace() -> TraceConfig:
    """For the aiohttp session of the Slack Web API clients: once the body of a post (a
    new message, an ephemeral reply) has been handed to the network, note the answer.
    A crash before that point leaves the row to be replayed and answered; after it, the
    answer is on its way and a replay does not post it twice."""
    trace = TraceConfig()

    async def sent(_session: Any, _ctx: Any, params: TraceRequestChunkSentParams) -> None:
        if params.method == "POST" and str(params.url).endswith(POSTS):
            _answer_left()

    trace.on_request_chunk_sent.append(sent)
    return trace


def kind_of(body: dict[str, Any]) -> str | None:
    """The durable kind of a request body, None for what needs no record (options,
    url_verification, view_closed...)."""
    kind = body.get("type")
    if kind is None and body.get("command"):
        return "command"
    return str(kind) if kind in DURABLE_KINDS else None


def key_of(body: dict[str, Any], kind: str) -> str:
    """What identifies one request across Slack's retries and replicas."""
    ident = body.get("event_id") if kind == "event_callback" else body.get("trigger_id")
    if not ident or len(str(ident)) > 100:
        ident = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return f"{kind}:{ident}"


def one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:200] if text else ''}"


