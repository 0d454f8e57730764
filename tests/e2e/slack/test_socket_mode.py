"""Socket Mode: with SLACK_APP_TOKEN the bot opens Slack's WebSocket (via
apps.connections.open on the Web API), acks each envelope at once and does the work after;
an event delivered twice (a retry) is handled once."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

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


MALFORMED: list[tuple[str, dict[str, Any]]] = [
    ("interactive", {"type": "block_actions", "actions": [], "user": {"id": "U0ANA"},
                     "team": {"id": "T0ACME"}, "trigger_id": "1.2", "api_app_id": "A0APP0001"}),
    ("interactive", {"type": "block_actions", "user": "U0ANA", "team": {"id": "T0ACME"},
                     "actions": [{"action_id": 7, "value": "1"}], "trigger_id": "1.2"}),
    ("interactive", {"type": "view_submission", "user": {"id": "U0ANA"},
                     "team": {"id": "T0ACME"}, "view": "garbage"}),
    ("slash_commands", {"command": "/task", "text": "add Never", "team_id": "T0ACME",
                        "user_id": "U0ANA", "channel_id": "C0GENERAL"}),
]


def test_malformed_socket_mode_envelopes_are_acked_and_dropped(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario(w: SlackWorld) -> None:
        socket = await FakeSocketMode().start()
        w.fake.state.socket_url = socket.url
        stop = asyncio.Event()
        running = asyncio.create_task(w.service.run(stop))
        try:
            await asyncio.wait_for(socket.connected.wait(), 10)
            for kind, payload in MALFORMED:
                await socket.ack_of(await socket.push(kind, payload))
            form = payloads.slash("/task", "add After the junk", "U0ANA", "C0GENERAL",
                                  w.fake.response_url())
            await socket.ack_of(await socket.push("slash_commands", dict(parse_qsl(form))))
            [card] = await w.fake.await_for("chat.postMessage")
            assert "After the junk" in card.dumped() and "Never" not in card.dumped()
            await w.settle()
        finally:
            stop.set()
            await asyncio.wait_for(running, 10)
            await socket.close()

    with caplog.at_level(logging.INFO):
        run_in_world(tmp_path, scenario, SLACK_APP_TOKEN="xapp-1-A0APP0001-socket")
    dropped = [r for r in caplog.records if "malformed Socket Mode" in r.getMessage()]
    assert len(dropped) == len(MALFORMED)
    assert not [r for r in caplog.records if r.exc_info], "no traceback for a bad payload"
