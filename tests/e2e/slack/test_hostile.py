"""Hostile requests against the real bolt app over HTTP: nothing unsigned costs more than
a 401 (and no traceback), and a signed request is accepted once, whatever Content-Type it
is re-sent with and whichever replica (another app on the same database) it is re-sent to.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from adapters.storage.slack_schema import slack_requests_seen
from core.commands import Context, ListTasks
from core.results import TaskList
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import FORM, SECRET, SlackWorld, slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA")
JSON = "application/json"


def sign_bytes(body: bytes, timestamp: str | None = None) -> dict[str, str]:
    ts = timestamp or str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def tasks(w: SlackWorld) -> int:
    result = w.bus.execute(ANA, ListTasks(scope="all"))
    assert isinstance(result, TaskList)
    return len(result.tasks)


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()
           or r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage()[:200] for r in bad]


UNSIGNED: list[tuple[str, bytes, str, dict[str, str]]] = [
    ("payload=%7B", b"payload=%7B", FORM, {}),
    ("0xFF byte", b"payload=\xff\xfe", FORM, {}),
    ("50k nested [", b"[" * 50_000, JSON, {}),
    ("malformed JSON", b'{"type": "event_callback", ', JSON, {}),
    ("timestamp abc", b"command=%2Ftask&text=add+x", FORM,
     {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64}),
    ("timestamp 10**30", b"{}", JSON,
     {"X-Slack-Request-Timestamp": "9" * 30, "X-Slack-Signature": "v0=00"}),
    ("non-ascii signature", b"{}", JSON,
     {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=é"}),
]


def test_unsigned_junk_gets_401_and_no_traceback(tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    async def story() -> None:
        async with slack_world(tmp_path) as w:
            for name, body, ctype, extra in UNSIGNED:
                headers = {"Content-Type": ctype, **extra}
                async with w.http.post(w.url, data=body, headers=headers) as resp:
                    assert resp.status == 401, (name, resp.status, await resp.text())
            # the same junk signed gets past the signature and no further: a 400
            for name, body, ctype, _extra in UNSIGNED[:4]:
                headers = {"Content-Type": ctype, **sign_bytes(body)}
                async with w.http.post(w.url, data=body, headers=headers) as resp:
                    assert resp.status == 400, (name, resp.status, await resp.text())
            await w.settle(0.1)
            assert tasks(w) == 0 and not w.fake.calls("chat.postMessage")

    asyncio.run(story())
    no_tracebacks(caplog)


async def replay_across_replicas(tmp_path: Path, url: str) -> None:
    """Two app instances on one database: a request accepted by one is refused by the
    other, and by itself with another Content-Type. Also run on PostgreSQL."""
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(slack_world(tmp_path, url))
        b = await stack.enter_async_context(slack_world(tmp_path, url))
        body = payloads.slash("/task", "add Pay the invoice", "U0ANA", "C0GENERAL",
                              a.fake.response_url())
        headers = payloads.sign(SECRET, body)
        async with a.http.post(a.url, data=body.encode(),
                               headers={"Content-Type": FORM, **headers}) as resp:
            assert resp.status == 200
        for world, ctype in ((b, FORM), (a, JSON), (a, "text/plain"), (b, JSON)):
            async with world.http.post(world.url, data=body.encode(),
                                       headers={"Content-Type": ctype, **headers}) as resp:
                assert resp.status == 401, (ctype, resp.status)
        # the command's work (and its Home refresh) is done before Home is first opened:
        # else that refresh may come after the event's publish and publish a second time
        await a.fake.await_for("chat.postMessage")
        await a.settle()
        # an event re-sent byte for byte is refused too (Slack's own retry, which says
        # X-Slack-Retry-Num, gets a 200 that runs nothing)
        event = payloads.event(payloads.home_opened("U0ANA"), "Ev0REPLAY1")
        ev_headers = {"Content-Type": JSON, **payloads.sign(SECRET, event)}
        async with a.http.post(a.url, data=event.encode(), headers=ev_headers) as resp:
            assert resp.status == 200
        async with b.http.post(b.url, data=event.encode(), headers=ev_headers) as resp:
            assert resp.status == 401
        retry = {**ev_headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
        async with b.http.post(b.url, data=event.encode(), headers=retry) as resp:
            assert resp.status == 200
        await a.fake.await_for("chat.postMessage")
        await a.settle()
        assert tasks(a) == 1
        assert len(a.fake.calls("chat.postMessage")) == 1
        assert not b.fake.calls("chat.postMessage")
        assert len(a.fake.calls("views.publish")) == 1 and not b.fake.calls("views.publish")
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(slack_requests_seen))
            assert rows.scalar_one() == 2  # the two accepted signatures, nothing else
    finally:
        engine.dispose()


def test_replay_refused_across_content_types_and_replicas(tmp_path: Path) -> None:
    asyncio.run(replay_across_replicas(tmp_path, f"sqlite:///{tmp_path / 'shared.db'}"))
