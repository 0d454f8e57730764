"""Acknowledged work survives a stop and a crash: every Slack request the bot acks
(slash command, button click, form submission, shortcut, event) is first recorded in the
request inbox (storage's `SqlInbox`, through the `InboxStore` port below), then acked.

- Live path: a global middleware records the request (claimed by this process) before the
  listener acks; bolt's listener start/completion hooks mark it done once the listener
  has run and answered. A request no listener takes is marked done at once.
- Replay: pending rows of a process that is gone (or of this worker's former self, at
  start-up) are claimed and dispatched through the same bolt app again, marked as
  replayed: signature and event de-duplication are skipped (the row was checked when it
  was recorded), `ack()` goes nowhere, `respond` still reaches the response_url (valid 30
  minutes). Every core call of a request goes through `SLOT`: its results are kept in the
  command's own transaction, and a replay reuses them instead of running it twice. An
  answer that has left for Slack is noted on the row (`answer_trace`): a replay of that
  row posts nothing.
- A database that is slow or down when a request arrives: the request is acked anyway,
  kept in memory, recorded as soon as the database answers, then run (lost only if the
  process dies before the database comes back).
- Drain: `close()` stops new work, `drain()` waits (bounded) for what is in flight and
  hands what is left back to the inbox for the next process."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from aiohttp import TraceConfig, TraceRequestChunkSentParams
from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_completion_handler import (
    AsyncListenerCompletionHandler,
)
from slack_bolt.listener.async_listener_error_handler import AsyncListenerErrorHandler
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from core.receipts import Receipt

log = logging.getLogger(__name__)

INBOX_ID = "taskbot_inbox_id"
REPLAYED = "taskbot_replayed"
_STARTED = "taskbot_listener_started"
_FAILED = "taskbot_listener_failed"
_COUNTED = "taskbot_counted_in_flight"
RECORD_BUDGET = 1.5  # seconds the ack waits for the inbox write; then it acks anyway
LEASE = dt.timedelta(minutes=2)
DURABLE_KINDS = ("block_actions", "view_submission", "shortcut", "message_action",
                 "event_callback")
LATER = "Got it. I'm a little slow right now; I'll answer here in a moment."
T = TypeVar("T")


class InboxStore(Protocol):
    def record(self, key: str, team_id: str, kind: str, body: str, worker: str,
               lease: dt.timedelta) -> int | None: ...
    def receipt(self, inbox_id: int, seq: int) -> Receipt: ...
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
    """The request's answer has left for Slack: note it on its inbox row, in the
    background (the answer does not wait for the database). A row so noted, found
    unfinished after a crash, is finished without answering again."""
    slot = SLOT.get()
    if slot is None or slot.answering:
        return
    slot.answering = True

    async def note() -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(
                slot.pool, slot.inbox.answering, slot.inbox_id)
        except Exception as err:
            log.warning("request inbox: could not note the answer of %s (%s)",
                        slot.inbox_id, _one_line(err))

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


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0][:200] if text else ''}"


class Durable:
    """The inbox's life in one process. `is_gone(worker_id)`: that worker's process has
    ended (its claims can be taken over at once rather than after the lease)."""

    def __init__(self, inbox: InboxStore, worker: str, is_gone: Callable[[str], bool],
                 team_of: Callable[[dict[str, Any], Any], str], *, sweep: float = 10.0,
                 lease: dt.timedelta = LEASE) -> None:
        self.inbox, self.worker, self.is_gone, self.team_of = inbox, worker, is_gone, team_of
        self.sweep, self.lease = sweep, lease
        self.open = True
        self.inflight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="slack-inbox")
        # answer notes never queue behind records: the sooner a note is in, the fewer
        # answers a crash can repeat
        self._notes = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-notes")
        self.app: AsyncApp | None = None

    async def _thread(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    # -- wiring ---------------------------------------------------------------------
    def install(self, app: AsyncApp) -> None:
        """Call before any other `app.middleware`: the record comes first."""
        self.app = app
        if isinstance(app, DurableApp):
            app.durable = self
        app.middleware(self._record)
        runner = app._async_listener_runner  # bolt's hooks around every listener run
        runner.listener_start_handler = _Started(self)
        runner.listener_completion_handler = _Completed(self)
        runner.listener_error_handler = _Failed(runner.listener_error_handler)

    def _enter(self) -> None:
        self.inflight += 1
        self._idle.clear()

    def _exit(self) -> None:
        self.inflight -= 1
        if self.inflight <= 0:
            self.inflight = 0
            self._idle.set()

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- live path ------------------------------------------------------------------
    async def _record(self, body: dict[str, Any], context: Any,
                      next: Callable[[], Any]) -> BoltResponse | None:
        kind = kind_of(body) if isinstance(body, dict) else None
        if context.get(REPLAYED) or kind is None:
            await next()
            return None
        key, raw = key_of(body, kind), json.dumps(body)
        team = self.team_of(body, context)
        self._enter()  # until the dispatch ends: a drain waits for it from here on
        context[_COUNTED] = True
        write = asyncio.ensure_future(self._thread(
            self.inbox.record, key, team, kind, raw, self.worker, self.lease))
        done, _ = await asyncio.wait({write}, timeout=RECORD_BUDGET)
        if done and write.exception() is None:
            inbox_id = write.result()
            if inbox_id is None:
                log.info("request %s was recorded before; not running it again", key)
                return BoltResponse(status=200, body="")
            context[INBOX_ID] = inbox_id
            await next()
            return None
        self._spawn(self._later(write, key, team, kind, raw))
        if kind == "command":  # a word now; the answer follows when the work is done
            return BoltResponse(status=200, body={"response_type": "ephemeral", "text": LATER})
        return BoltResponse(status=200, body="")

    async def _later(self, write: asyncio.Future[int | None], key: str, team: str,
                     kind: str, raw: str) -> None:
        """The database did not take the record in time: keep trying, then run it."""
        self._enter()
        try:
            delay, first = 0.5, True
            while True:
                try:
                    inbox_id = await write if first else await self._thread(
                        self.inbox.record, key, team, kind, raw, self.worker, self.lease)
                    break
                except Exception as err:
                    log.warning("request inbox unavailable (%s); an acked %s waits in "
                                "memory and will be retried", _one_line(err), kind)
                    first = False
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10.0)
            if inbox_id is not None:
                await self.replay(inbox_id, raw)
        finally:
            self._exit()

    async def after_dispatch(self, req: AsyncBoltRequest) -> None:
        """A recorded request that no listener took (unhandled, or answered by a
        middleware) has nothing left to do."""
        inbox_id = req.context.get(INBOX_ID)
        try:
            if inbox_id is None:
                return
            await asyncio.sleep(0)  # an auto-acked listener's task starts on this turn
            if not req.context.get(_STARTED):
                await self._finish(int(inbox_id), None)
        finally:
            if req.context.get(_COUNTED):
                self._exit()

    async def _finish(self, inbox_id: int, error: str | None) -> None:
        try:
            await self._thread(self.inbox.finish, inbox_id, error)
        except Exception as err:  # stays pending: a later replay answers from its results
            log.warning("request inbox: could not mark %s done (%s)", inbox_id,
                        _one_line(err))

    # -- replay ---------------------------------------------------------------------
    async def replay(self, inbox_id: int, raw: str) -> None:
        assert self.app is not None
        try:
            body = json.loads(raw)
        except ValueError:
            await self._finish(inbox_id, "unreadable body")
            return
        req = AsyncBoltRequest(body=body, mode="socket_mode",
                               context={INBOX_ID: inbox_id, REPLAYED: True})
        await self.app.async_dispatch(req)

    async def recover_once(self, first: bool = False) -> int:
        """Claim and replay pending rows nobody is working on; `first` (at start-up) also
        takes this worker's own rows, left by its previous run."""
        holders = await self._thread(self.inbox.claimers)
        take = {w for w in holders if w != self.worker and self.is_gone(w)}
        if first:
            take.add(self.worker)
        rows = await self._thread(self.inbox.claim, self.worker, self.lease, 100, take)
        for inbox_id, raw, was_answering in rows:
            self._enter()
            self._spawn(self._replay_one(inbox_id, raw, was_answering))
        if rows:
            log.info("request inbox: replaying %d pending request(s)", len(rows))
        return len(rows)

    async def _replay_one(self, inbox_id: int, raw: str, was_answering: bool) -> None:
        try:
            if was_answering:  # its change is made and its answer left: not twice
                log.info("request %s was being answered when its process stopped; "
                         "not answering it again", inbox_id)
                await self._finish(inbox_id, None)
                return
            await self.replay(inbox_id, raw)
        finally:
            self._exit()

    async def run(self, stop: asyncio.Event) -> None:
        """Look for orphaned rows every `sweep` seconds until `stop` or `close()`."""
        sweeps = 0
        while self.open and not stop.is_set():
            try:
                found = await self.recover_once()
                sweeps += 1
                if sweeps % 360 == 1:
                    await self._thread(self.inbox.prune, dt.timedelta(days=1))
            except Exception as err:
                found = 0
                log.warning("request inbox: could not look for pending requests (%s)",
                            _one_line(err))
            if found >= 100:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.sweep)

    # -- drain ----------------------------------------------------------------------
    def close(self) -> None:
        """Take no new work (the HTTP layer answers 503; Socket Mode disconnects)."""
        self.open = False

    async def drain(self, seconds: float) -> bool:
        """Wait up to `seconds` for the work in flight; hand what is left to the next
        process. True when everything finished."""
        self.close()
        try:
            await asyncio.wait_for(self._idle.wait(), seconds)
            finished = True
        except TimeoutError:
            finished = False
            log.warning("drain: %d request(s) still running after %.0f s; left in the "
                        "inbox for the next process", self.inflight, seconds)
        for task in list(self._tasks):
            task.cancel()
        try:
            released = await asyncio.wait_for(self._thread(self.inbox.release, self.worker),
                                              5)
            if released:
                log.info("drain: %d request(s) handed back to the inbox", released)
        except Exception as err:
            log.warning("drain: could not hand requests back (%s)", _one_line(err))
        self._pool.shutdown(wait=False)
        self._notes.shutdown(wait=False)
        return finished


class _Started(AsyncListenerStartHandler):
    def __init__(self, durable: Durable) -> None:
        self.durable = durable

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        inbox_id = request.context.get(INBOX_ID)
        if inbox_id is None:
            return
        request.context[_STARTED] = True
        SLOT.set(Slot(self.durable.inbox, int(inbox_id), bool(request.context.get(REPLAYED)),
                      self.durable._notes))
        self.durable._enter()


class _Failed(AsyncListenerErrorHandler):
    """bolt's error handler, noting the failure for the completion hook (which bolt
    hands no status when the listener raised after its ack)."""

    def __init__(self, inner: AsyncListenerErrorHandler) -> None:
        self.inner = inner

    async def handle(self, error: Exception, request: AsyncBoltRequest,
                     response: BoltResponse | None) -> None:
        request.context[_FAILED] = True
        await self.inner.handle(error=error, request=request, response=response)


class _Completed(AsyncListenerCompletionHandler):
    def __init__(self, durable: Durable) -> None:
        self.durable = durable

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        inbox_id = request.context.get(INBOX_ID)
        if inbox_id is None:
            return
        try:
            failed = bool(request.context.get(_FAILED))
            await self.durable._finish(int(inbox_id), "listener failed" if failed else None)
        finally:
            self.durable._exit()


class DurableApp(AsyncApp):
    """bolt's AsyncApp whose dispatch ends by settling a recorded request no listener
    took. `durable` is attached by `Durable.install` (None: a plain AsyncApp)."""

    durable: Durable | None = None

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        try:
            return await super().async_dispatch(req)
        finally:
            if self.durable is not None:
                await self.durable.after_dispatch(req)
