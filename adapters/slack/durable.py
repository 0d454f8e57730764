"""Acknowledged work survives a stop and a crash: every Slack request the bot acks
(slash command, button click, form submission, shortcut, event) is first recorded in the
request inbox (storage's `SqlInbox`, through the `InboxStore` port of `inbox_slot`),
then acked. bolt's listener hooks are in `durable_hooks`.

- Live path: a global middleware records the request (claimed by this process) before the
  listener acks; bolt's listener start/completion hooks mark it done once the listener
  has run and answered. A request no listener takes is marked done at once.
- Replay: pending rows of a process that is gone (or of this worker's former self, at
  start-up) are claimed and dispatched through the same bolt app again, marked as
  replayed: signature and event de-duplication are skipped (the row was checked when it
  was recorded), `ack()` goes nowhere, `respond` still reaches the response_url (valid 30
  minutes). Every core call of a request goes through `SLOT`: its results are kept in the
  command's own transaction, and a replay reuses them instead of running it twice. An
  answer that has left for Slack is noted (`inbox_slot.answer_trace`; on SQLite at once
  in a sidecar file, see storage's `answer_notes`): a replay of that row posts nothing.
- A database that is slow or down when a request arrives: the request is acked anyway,
  kept in memory, recorded as soon as the database answers, then run (lost only if the
  process dies before the database comes back).
- Drain: `close()` stops new work, `drain()` waits (bounded) for what is in flight and
  hands what is left back to the inbox for the next process."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.durable_hooks import STARTED, Completed, Failed, Started
from adapters.slack.inbox_slot import (
    INBOX_ID,
    REPLAYED,
    InboxStore,
    key_of,
    kind_of,
    one_line,
)

log = logging.getLogger(__name__)

_COUNTED = "taskbot_counted_in_flight"
RECORD_BUDGET = 1.5  # seconds the ack waits for the inbox write; then it acks anyway
LEASE = dt.timedelta(minutes=2)
LATER = "Got it. I'm a little slow right now; I'll answer here in a moment."
T = TypeVar("T")


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
        self.notes = ThreadPoolExecutor(max_workers=4, thread_name_prefix="slack-notes")
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
        runner.listener_start_handler = Started(self)
        runner.listener_completion_handler = Completed(self)
        runner.listener_error_handler = Failed(runner.listener_error_handler)

    def enter(self) -> None:
        self.inflight += 1
        self._idle.clear()

    def leave(self) -> None:
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
        self.enter()  # until the dispatch ends: a drain waits for it from here on
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
        self.enter()
        try:
            delay, first = 0.5, True
            while True:
                try:
                    inbox_id = await write if first else await self._thread(
                        self.inbox.record, key, team, kind, raw, self.worker, self.lease)
                    break
                except Exception as err:
                    log.warning("request inbox unavailable (%s); an acked %s waits in "
                                "memory and will be retried", one_line(err), kind)
                    first = False
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 10.0)
            if inbox_id is not None:
                await self.replay(inbox_id, raw)
        finally:
            self.leave()

    async def after_dispatch(self, req: AsyncBoltRequest) -> None:
        """A recorded request that no listener took (unhandled, or answered by a
        middleware) has nothing left to do."""
        inbox_id = req.context.get(INBOX_ID)
        try:
            if inbox_id is None:
                return
            await asyncio.sleep(0)  # an auto-acked listener's task starts on this turn
            if not req.context.get(STARTED):
                await self.finish(int(inbox_id), None)
        finally:
            if req.context.get(_COUNTED):
                self.leave()

    async def finish(self, inbox_id: int, error: str | None) -> None:
        try:
            await self._thread(self.inbox.finish, inbox_id, error)
        except Exception as err:  # stays pending: a later replay answers from its results
            log.warning("request inbox: could not mark %s done (%s)", inbox_id,
                        one_line(err))

    # -- replay ---------------------------------------------------------------------
    async def replay(self, inbox_id: int, raw: str) -> None:
        assert self.app is not None
        try:
            body = json.loads(raw)
        except ValueError:
            await self.finish(inbox_id, "unreadable body")
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
            self.enter()
            self._spawn(self._replay_one(inbox_id, raw, was_answering))
        if rows:
            log.info("request inbox: replaying %d pending request(s)", len(rows))
        return len(rows)

    async def _replay_one(self, inbox_id: int, raw: str, was_answering: bool) -> None:
        try:
            if was_answering:  # its change is made and its answer left: not twice
                log.info("request %s was being answered when its process stopped; "
                         "not answering it again", inbox_id)
                await self.finish(inbox_id, None)
                return
            await self.replay(inbox_id, raw)
        finally:
            self.leave()

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
                            one_line(err))
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
            log.warning("drain: could not hand requests back (%s)", one_line(err))
        self._pool.shutdown(wait=False)
        self.notes.shutdown(wait=False)
        return finished


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
