"""Hostile-request figures (a script, not a test): `python -m tests.bench.slack_hostile`.

Re-runs the issue's scenarios against the real bolt app over HTTP (SQLite in a temporary
directory, the fake Slack Web API) and prints what came back: the status of each unsigned
junk request, the error log records they caused, a replay sent to a second app instance
on the same database, and the `users.info` calls counted on the fake for one command with
300 distinct mentions, for five such commands at once and for 60 people the bot has not
met sending a command at once (within 2 s)."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

from tests.e2e.slack import payloads
from tests.e2e.slack.harness import FORM, SECRET, slack_world
from tests.e2e.slack.test_hostile import UNSIGNED, sign_bytes


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records = 0
        self.tracebacks = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1
        self.tracebacks += bool(record.exc_info)


def _mentions(n: int, start: int = 0) -> str:
    return " ".join(f"<@U0M{i:04d}>" for i in range(start, start + n))


async def main(tmp: Path) -> None:
    counter = _Count()
    logging.getLogger().addHandler(counter)
    url = f"sqlite:///{tmp / 'bench.db'}"
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(slack_world(tmp, url))
        b = await stack.enter_async_context(slack_world(tmp, url))
        for name, body, ctype, extra in UNSIGNED:
            async with a.http.post(a.url, data=body, headers={"Content-Type": ctype, **extra}
                                   ) as resp:
                print(f"unsigned {name:<22} -> {resp.status}")
        for name, body, ctype, _ in UNSIGNED[:4]:
            async with a.http.post(a.url, data=body, headers={"Content-Type": ctype,
                                                              **sign_bytes(body)}) as resp:
                print(f"signed   {name:<22} -> {resp.status}")
        print(f"error log records: {counter.records}, with a traceback: {counter.tracebacks}")
        slash = payloads.slash("/task", "add Pay", "U0ANA", "C0GENERAL", a.fake.response_url())
        headers = {"Content-Type": FORM, **payloads.sign(SECRET, slash)}
        for world, label in ((a, "replica A"), (b, "replay to replica B"),
                             (a, "replay to A as JSON")):
            if label.endswith("JSON"):
                headers = {**headers, "Content-Type": "application/json"}
            async with world.http.post(world.url, data=slash.encode(), headers=headers) as r:
                print(f"{label:<22} -> {r.status}")
        await a.fake.await_for("chat.postMessage")
        a.fake.clear()
        await a.slash(f"add Plan {_mentions(300)}")
        await a.fake.await_for("response_url")
        await a.settle(1.0)
        print(f"300 mentions, one command: {len(a.fake.calls('users.info'))} users.info calls")
        a.fake.clear()
        started = time.time()
        users = ["U0BO", "U0CAROL", "U0P0001", "U0P0002", "U0P0003"]
        await asyncio.gather(*(a.slash(f"add Plan {_mentions(300, 300 * k)}", user=u)
                               for k, u in enumerate(users)))
        await a.fake.await_for("response_url", 5)
        await asyncio.sleep(max(0.0, started + 2.0 - time.time()))
        calls = [c for c in a.fake.calls("users.info") if c.at - started <= 2.0]
        print(f"five such commands at once: {len(calls)} users.info calls in 2 s")
        a.fake.clear()
        started = time.time()
        strangers = [f"U0S{i:04d}" for i in range(60)]
        await asyncio.gather(*(a.slash("list", user=u) for u in strangers))
        answered = len(await a.fake.await_for("response_url", 60, timeout=10))
        calls = [c for c in a.fake.calls("users.info") if c.at - started <= 2.0]
        print(f"60 unknown people at once: {len(calls)} users.info calls in 2 s, "
              f"{answered} answered")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(Path(tmp)))
