"""Figures for the README's Discord limits: re-runs the issue-14 scenarios against the fake
Discord with the default settings, in real time (the 429 storms last a real minute).

    .venv/bin/python -m tests.e2e.discord.limits_figures [--storm-seconds 60] [--only storm]

Prints: peak REST requests in any one second for 200 `/task add` assigning 50 people;
invalid requests (401/403/429) during a per-route and a global 429 storm with 30 DM
destinations queued, and whether each DM arrived exactly once afterwards; DMs stored and
duplicates after 502s answered once Discord had stored them; interactions answered after
SIGTERM (10 deferred, 10 fast)."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from tests.e2e.discord import test_rest_limits as limits
from tests.e2e.discord import test_sigterm as sigterm
from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import option, slash_command
from tests.e2e.fakes.discord_server import FakeDiscord


def pacing() -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        people = [h.user(f"p{i}") for i in range(50)]
        stop = asyncio.Event()
        worker = asyncio.create_task(limits._run_worker(h, stop))
        payloads = []
        for i in range(200):
            who = people[i % 50]
            payloads.append(await h.fake.interact(slash_command(
                app_id=h.fake.app_id, user=h.user("lead"), guild=h.guild, group="task",
                sub="add", options=[option("title", f"Job {i}", 3),
                                    option("assignee", who.id, 6)], resolved_users=[who])))
        for payload in payloads:
            await h.fake.wait_for_callback(payload, timeout=30)
        await limits._wait_until(lambda: sum(
            1 for c in limits._paced(h.fake.calls)
            if c.method == "POST" and c.path.endswith("/messages")) >= 200, 60)
        stop.set()
        await worker
        paced = limits._paced(h.fake.calls)
        print(f"pacing: {len(paced)} rate-limited REST requests, peak "
              f"{h.fake.peak_per_second(paced)} in one second (all requests incl. "
              f"interaction callbacks: peak {h.fake.peak_per_second()}); budget 45/s")

    run(Path(tempfile.mkdtemp()), scenario, timeout=300)


def storm(seconds: float, is_global: bool) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        names = await limits._queue_dms(h, 30)
        h.fake.storm("POST", "/messages", seconds=seconds, retry_after=1.0,
                     is_global=is_global)
        start = len(h.fake.calls)
        stop = asyncio.Event()
        worker = asyncio.create_task(limits._run_worker(h, stop))
        await limits._wait_until(lambda: all(any(c.status == 200 for c in h.dm_posts(n))
                                             for n in names), seconds + 700)
        stop.set()
        await worker
        invalid = [c for c in h.fake.calls[start:] if c.status in (401, 403, 429)]
        first = h.fake.calls[start].at if len(h.fake.calls) > start else 0.0
        in_minute = sum(1 for c in invalid if c.at - first < 60)
        delivered = Counter(n for n in names for c in h.dm_posts(n) if c.status == 200)
        kind = "global" if is_global else "per-route"
        print(f"{kind} 429 storm of {seconds:.0f}s, 30 destinations: {len(invalid)} invalid "
              f"requests in all ({in_minute} in the first minute); delivered "
              f"{sum(delivered.values())} DMs to {len(delivered)} people, max "
              f"{max(delivered.values())} each")

    run(Path(tempfile.mkdtemp()), scenario, timeout=seconds + 800)


def nonce() -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await limits._queue_dms(h, 5)
        h.fake.fail("POST", "/messages", 502, times=5, after_store=True)
        await h.worker().drain()
        dm_channels = set(h.fake._dm_channels.values())
        stored = Counter(m["channel_id"] for m in h.fake.messages.values()
                         if m["channel_id"] in dm_channels)
        print(f"502 after store: 5 DMs -> {sum(stored.values())} messages, "
              f"{sum(v - 1 for v in stored.values())} duplicates")

    run(Path(tempfile.mkdtemp()), scenario, timeout=120)


def sigterm_figures() -> None:
    async def deferred(fake: FakeDiscord, tmp: Path) -> None:
        bot = sigterm.Bot(tmp, fake)
        await bot.start()
        lock = sigterm._lock(bot.db)
        payloads = await bot.adds(10)
        for p in payloads:
            await fake.wait_for_callback(p, timeout=10)
        stopping = asyncio.create_task(bot.sigterm_and_wait())
        await asyncio.sleep(0.5)
        lock.rollback()
        lock.close()
        await stopping
        print(f"SIGTERM with 10 deferred in flight: {bot.count('SELECT count(*) FROM tasks')}"
              f" tasks saved, {sum(sigterm._answered(fake, p) for p in payloads)} answered")

    async def fast(fake: FakeDiscord, tmp: Path) -> None:
        bot = sigterm.Bot(tmp, fake)
        await bot.start()
        payloads = await bot.adds(10)
        await asyncio.sleep(0.03)
        await bot.sigterm_and_wait()
        print(f"SIGTERM 30 ms after 10 fast: "
              f"{sum(sigterm._answered(fake, p) for p in payloads)} of 10 answered")

    for body in (deferred, fast):
        tmp = Path(tempfile.mkdtemp())

        async def go(fake: FakeDiscord, body: Any = body, tmp: Path = tmp) -> None:
            await body(fake, tmp)

        sigterm._scenario(tmp, go)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--storm-seconds", type=float, default=60.0)
    parser.add_argument("--only", choices=["pacing", "storm", "nonce", "sigterm"])
    args = parser.parse_args()
    if args.only in (None, "pacing"):
        pacing()
    if args.only in (None, "storm"):
        storm(args.storm_seconds, is_global=False)
        storm(args.storm_seconds, is_global=True)
    if args.only in (None, "nonce"):
        nonce()
    if args.only in (None, "sigterm"):
        sigterm_figures()


if __name__ == "__main__":
    main()
