"""Socket Mode: with SLACK_APP_TOKEN the bot opens Slack's WebSocket (via
apps.connections.open on the Web API), acks each envelope at once and does the work after;
an event delivered twice (a retry) is handled once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import parse_qsl

from tests.e2e.fakes.slack_socket import FakeSocketMode
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world


async def socket_mode(w: SlackWorld) -> None:
    assert w.service.socket_mode
    socket = await FakeSocketMode().start()
    w.fake.state.socket_url = socket.url
    stop = asyncio.Event()
    running = asyncio.create_task(w.service.run(stop))
    try:
        await asyncio.wait_for(socket.connected.wait(), 10)
        form = payloads.slash("/task", "add Over the socket", "U0ANA", "C0GENERAL",
                              w.fake.response_url())
        command = dict(parse_qsl(form))
        envelope = await socket.push("slash_commands", command)
        ack = await socket.ack_of(envelope)
        assert ack["envelope_id"] == envelope
        [card] = await w.fake.await_for("chat.postMessage")
        assert card.params["channel"] == "C0GENERAL" and "Over the socket" in card.dumped()
        await w.settle()  # the command's listener is done (it refreshes a Home seen by then)

        event = json.loads(payloads.event(payloads.home_opened("U0ANA"), "Ev0SOCKET1"))
        first = await socket.push("events_api", event)
        again = await socket.push("events_api", event, retry_attempt=1)
        await socket.ack_of(first)
        await socket.ack_of(again)
        await w.fake.await_for("views.publish")
        await w.settle()
        assert len(w.fake.calls("views.publish")) == 1
    finally:
        stop.set()
        await asyncio.wait_for(running, 10)
        await socket.close()


def test_socket_mode_commands_and_events(tmp_path: Path) -> None:
    run_in_world(tmp_path, socket_mode, SLACK_APP_TOKEN="xapp-1-A0APP0001-socket")
