"""Round-trip latency of Discord interactions through the real discord.py client, the real
core and SQLite storage, against the local fake Discord (gateway + REST on loopback).

    .venv/bin/python -m tests.bench.discord_roundtrip [runs]

Prints p50/p99 in ms from dispatching INTERACTION_CREATE to the bot's callback arriving, for
`/task add` (with an assignee) and task-number autocomplete, then how long the delivery
worker takes to send the resulting DMs."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.e2e.discord.harness import Harness, run


def _stats(samples: list[float]) -> str:
    samples = sorted(samples)
    p99 = samples[max(0, int(len(samples) * 0.99) - 1)]
    return f"p50 {statistics.median(samples):6.1f} ms   p99 {p99:6.1f} ms   (n={len(samples)})"


async def _timed(runs: int, step: Callable[[int], Awaitable[object]]) -> list[float]:
    out = []
    for i in range(runs):
        start = time.perf_counter()
        await step(i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(runs: int = 300) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        adds = await _timed(runs, lambda i: h.slash("ana", "task", "add", title=f"Task {i}",
                                                    users={"assignee": "bo"}))
        completes = await _timed(runs, lambda i: h.autocomplete("bo", "task", "done",
                                                                "number", f"Task {i}"))
        start = time.perf_counter()
        sent = await h.worker().drain()
        drained = time.perf_counter() - start
        print(f"/task add       {_stats(adds)}")
        print(f"autocomplete    {_stats(completes)}")
        print(f"outbox -> DMs   {sent} in {drained:.2f} s ({sent / drained:.0f}/s)")

    run(Path(tempfile.mkdtemp()), scenario, timeout=600.0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
