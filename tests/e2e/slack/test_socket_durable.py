"""Socket Mode keeps acked work too: every envelope is recorded in the request inbox
before its ack; on stop the socket closes first and what is in flight is finished; at
start-up the rows a previous run left are replayed, and a command whose change was already
committed is answered from its kept result, not run again."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qsl

from sqlalchemy import text

from adapters.slack.modals import Meta, task_modal
from adapters.storage.engine import make_session_factory
from adapters.storage.inbox import SqlInbox
from core.commands import Context
from tests.e2e.fakes.slack_socket import FakeSocketMode
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world

APP_TOKEN = "xapp-1-A0APP0001-socket"
WORKER = "replica-a"


def _states(w: SlackWorld) -> dict[str, int]:
    with w.service.engine.connect() as conn:
        return {str(s): int(n) for s, n in conn.execute(text(
            "SELECT state, count(*) FROM request_inbox GROUP BY state"))}


def _titles(w: SlackWorld) -> list[str]:
    with w.service.engine.connect() as conn:
        return sorted(str(t) for t in conn.execute(text("SELECT title FROM tasks")).scalars())


async def stop_disconnects_then_finishes_in_flight(w: SlackWorld) -> None:
    socket = await FakeSocketMode().start()
    w.fake.state.socket_url = socket.url
    stop = asyncio.Event()
    running = asyncio.create_task(w.service.run(stop))
    try:
        await asyncio.wait_for(socket.connected.wait(), 10)
        w.fake.slow("chat.postMessage", 0.3)  # answers are slow: work is still in flight
        envelopes = []
        for k in range(10):
            form = payloads.slash("/task", f"add Socket {k}", "U0ANA", "C0GENERAL",
                                  w.fake.response_url(f"s{k}"))
            envelopes.append(await socket.push("slash_commands", dict(parse_qsl(form))))
        for envelope in envelopes:
            await socket.ack_of(envelope)
        stop.set()
        await asyncio.wait_for(running, 30)
    finally:
        await socket.close()
    assert socket._socket is not None and socket._socket.closed  # disconnected
    cards = w.fake.calls("chat.postMessage", where=lambda c: "Socket" in c.dumped())
    assert sorted(k for k in range(10) for c in cards if f"Socket {k}" in c.dumped()) \
        == list(range(10))
    assert _titles(w) == sorted(f"Socket {k}" for k in range(10))
    assert _states(w) == {"done": 10}


def test_socket_mode_stop_disconnects_and_finishes_in_flight(tmp_path: Path) -> None:
    run_in_world(tmp_path, stop_disconnects_then_finishes_in_flight,
                 SLACK_APP_TOKEN=APP_TOKEN)


async def start_replays_what_a_dead_run_left(w: SlackWorld) -> None:
    inbox = SqlInbox(make_session_factory(w.service.engine), "slack")
    lease = dt.timedelta(minutes=2)

    def left(k: int, worker: str, lease: dt.timedelta = lease) -> int:
        form = payloads.slash("/task", f"add Left {k}", "U0ANA", "C0GENERAL",
                              w.fake.response_url(f"l{k}"))
        body = dict(parse_qsl(form))
        row = inbox.record(f"command:{body['trigger_id']}", body["team_id"], "command",
                           json.dumps(body), worker, lease)
        assert row is not None
        return row

    mine = left(0, WORKER)  # this replica's former self: taken at once
    expired = left(1, "gone-host:1", dt.timedelta(seconds=-1))  # lease ran out
    busy = left(2, "other-host:7")  # another live replica's: left alone
    committed = left(3, WORKER)  # its change committed, its answer never sent
    ctx = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA",
                  display_name="ana", channel_id="C0GENERAL")
    first = w.bus.run_text(ctx, "task", "add Left 3", receipt=inbox.receipt(committed, 1))
    assert "Left 3" in str(first)
    view = task_modal(Meta(mode="create", channel_id="C0GENERAL", source=None, tz="UTC",
                           team="T0TEAM001"))
    form = dict(parse_qsl(payloads.view_submission(
        "U0ANA", view, payloads.input_values(title="Left 4", project="nope"))))
    submitted = json.loads(form["payload"])
    refused = inbox.record(f"view_submission:{submitted['trigger_id']}", "T0TEAM001",
                           "view_submission", form["payload"], WORKER, lease)

    socket = await FakeSocketMode().start()
    w.fake.state.socket_url = socket.url
    stop = asyncio.Event()
    running = asyncio.create_task(w.service.run(stop))
    try:
        cards = await w.fake.await_for("chat.postMessage", 3, timeout=10,
                                       where=lambda c: "Left" in c.dumped())
        [dm] = await w.fake.await_for("chat.postMessage", timeout=10,
                                      where=lambda c: "not saved" in c.dumped())
        await asyncio.sleep(0.3)
    finally:
        stop.set()
        await asyncio.wait_for(running, 30)
        await socket.close()
    answered = sorted(k for k in range(4) for c in cards if f"Left {k}" in c.dumped())
    assert answered == [0, 1, 3]
    assert _titles(w) == ["Left 0", "Left 1", "Left 3"]  # Left 3 once: not run again
    with w.service.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, state FROM request_inbox")).all()
        states: dict[int, str] = {row_id: state for row_id, state in rows}
    assert states == {mine: "done", expired: "done", busy: "pending", committed: "done",
                      refused: "done"}
    assert dm.params["channel"] == "U0ANA" and "project" in dm.dumped()  # the modal is gone


def test_socket_mode_start_replays_rows_left_by_a_dead_run(tmp_path: Path) -> None:
    run_in_world(tmp_path, start_replays_what_a_dead_run_left, SLACK_APP_TOKEN=APP_TOKEN,
                 TASKBOT_WORKER_ID=WORKER)
