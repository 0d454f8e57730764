"""Staying inside Discord's limits: every REST request of a process paced under its share
of the bot's 50 requests a second, 429 storms answered by back-off and the breaker (a
small, bounded number of invalid requests, nothing lost), and outbox messages sent with a
nonce so a retry after a 502 never posts twice. Time is compressed with the breaker and
back-off settings (DISCORD_BREAKER_SECONDS, DISCORD_BACKOFF_BASE), not faked."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.discord_app import build_discord, rest_share
from bot.settings import Settings
from core.delivery import DeliveryWorker
from core.notifications import Kind, Notification
from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import option, slash_command
from tests.e2e.fakes.discord_server import Call

NO_BURST = {"TASKBOT_NOTIFY_BURST_SECONDS": "0"}
"""These tests are about delivering DMs, not about when: the burst window (which holds a
non-urgent DM a minute for more from the same person, tests/e2e/discord/test_attention.py)
is off, so each assignment's DM is queued at once as before it existed."""
PACED = {"DISCORD_REST_PROCESSES": "2", **NO_BURST}
"""Two processes share the bot: this one paces at half of the default 45/s; Discord's 50/s
leaves it 25 (the margin absorbs arrival jitter on a busy machine)."""


def _paced(calls: list[Call]) -> list[Call]:
    """Requests bound by the global limit (interaction callbacks and follow-ups are not)."""
    return [c for c in calls if not c.path.startswith(("/interactions/", "/webhooks/"))]


async def _run_worker(h: Harness, stop: asyncio.Event) -> None:
    await h.worker().run(stop, idle_seconds=0.05)


async def _wait_until(check: Any, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        assert loop.time() < end, "timed out"
        await asyncio.sleep(0.05)


def test_200_adds_assigning_50_people_stay_under_the_process_share(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        people = [h.user(f"p{i}") for i in range(50)]
        stop = asyncio.Event()
        worker = asyncio.create_task(_run_worker(h, stop))  # sends while commands run
        payloads = []
        for i in range(200):
            who = people[i % 50]
            payload = slash_command(
                app_id=h.fake.app_id, user=h.user("lead"), guild=h.guild, group="task",
                sub="add", options=[option("title", f"Job {i}", 3),
                                    option("assignee", who.id, 6)],
                resolved_users=[who])
            payloads.append(await h.fake.interact(payload))
        for payload in payloads:
            await h.fake.wait_for_callback(payload, timeout=20)
        dms = lambda: [c for c in _paced(h.fake.calls)  # noqa: E731
                       if c.method == "POST" and c.path.endswith("/messages")]
        await _wait_until(lambda: len(dms()) >= 200, 40)
        stop.set()
        await worker
        paced = _paced(h.fake.calls)
        peak = h.fake.peak_per_second(paced)
        print(f"paced requests: {len(paced)}, peak per second: {peak} (share of 50/s: 25)")
        assert peak <= 25  # was 145
        assert len(dms()) == 200
        assert len({c.json["nonce"] for c in dms()}) == 200

    run(tmp_path, scenario, extra_settings=PACED, timeout=90)


def test_shard_processes_split_the_rate() -> None:
    base = {"DISCORD_TOKEN": "t"}
    assert rest_share(Settings.model_validate(base)) == 1.0
    two_of_four = Settings.model_validate(base | {"DISCORD_SHARD_COUNT": "4",
                                                  "DISCORD_SHARD_IDS": "0-1"})
    assert rest_share(two_of_four) == 0.5
    forced = Settings.model_validate(base | {"DISCORD_REST_PROCESSES": "3"})
    assert abs(rest_share(forced) - 1 / 3) < 1e-9


STORM = {"DISCORD_BREAKER_SECONDS": "0.5", "DISCORD_BACKOFF_BASE": "0.1", **NO_BURST}
"""Time at a tenth: a 6 s storm stands for Discord's 60 s, a 0.5 s open breaker for 5 s."""


async def _queue_dms(h: Harness, n: int) -> list[str]:
    """n tasks assigned to n people: n DM destinations queued in the outbox."""
    names = [f"d{i}" for i in range(n)]
    for name in names:
        await h.slash("lead", "task", "add", title=f"For {name}", users={"assignee": name})
    return names


async def _storm_then_recover(h: Harness, *, is_global: bool) -> tuple[int, Counter[str]]:
    await h.start_bot()
    names = await _queue_dms(h, 30)
    h.fake.storm("POST", "/messages", seconds=6.0, retry_after=0.2, is_global=is_global)
    start = len(h.fake.calls)
    stop = asyncio.Event()
    worker = asyncio.create_task(_run_worker(h, stop))
    await _wait_until(lambda: all(any(c.status == 200 for c in h.dm_posts(n))
                                  for n in names), 25)
    stop.set()
    await worker
    invalid = [c for c in h.fake.invalid() if h.fake.calls.index(c) >= start]
    delivered = Counter(n for n in names for c in h.dm_posts(n) if c.status == 200)
    return len(invalid), delivered


def test_a_429_storm_costs_a_few_invalid_requests_and_loses_nothing(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        invalid, delivered = await _storm_then_recover(h, is_global=False)
        print(f"route 429 storm: {invalid} invalid requests in the storm's minute")
        assert invalid <= 15  # was 2,520 a minute
        assert set(delivered.values()) == {1} and len(delivered) == 30
        # Each DM was stored once: the retries reused the nonce, the store shows one each.
        stored = Counter(m["channel_id"] for m in h.fake.messages.values()
                         if m["channel_id"] in h.fake._dm_channels.values())
        assert set(stored.values()) == {1}

    run(tmp_path, scenario, extra_settings=STORM, timeout=60)


def test_a_global_429_storm_stops_all_sending_then_delivers_each_once(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        invalid, delivered = await _storm_then_recover(h, is_global=True)
        print(f"global 429 storm: {invalid} invalid requests in the storm's minute")
        assert invalid <= 15  # was 1,500 a minute
        assert set(delivered.values()) == {1} and len(delivered) == 30

    run(tmp_path, scenario, extra_settings=STORM, timeout=60)


def test_the_invalid_request_budget_stops_sending_and_keeps_the_rows(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        runtime = await h.start_bot()
        names = await _queue_dms(h, 5)
        h.fake.storm("POST", "/messages", seconds=3.0, retry_after=0.1)
        stop = asyncio.Event()
        worker = asyncio.create_task(_run_worker(h, stop))
        await asyncio.sleep(2.0)
        assert runtime.guard is not None
        assert len(h.fake.invalid()) <= 3  # the budget (3), never passed
        assert runtime.guard.paused_for() > 0
        assert not any(c.status == 200 for n in names for c in h.dm_posts(n))
        stop.set()
        await worker
        with h.container.engine.connect() as conn:  # all still queued, none given up
            states = conn.execute(text("SELECT state, attempts FROM outbox")).all()
        assert len(states) == 5 and {s for s, _ in states} == {"pending"}

    run(tmp_path, scenario, extra_settings=STORM | {"DISCORD_INVALID_BUDGET": "3"})


def test_a_502_after_discord_stored_the_dm_does_not_post_it_twice(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        names = await _queue_dms(h, 5)
        h.fake.fail("POST", "/messages", 502, times=5, after_store=True)
        await h.worker().drain()
        failures = 0
        for name in names:
            posts = h.dm_posts(name)
            # 4 sends in flight: the 5 failures fall on the first sends and a retry or two
            statuses = [c.status for c in posts]
            assert statuses[-1] == 200 and set(statuses[:-1]) <= {502}, statuses
            failures += len(statuses) - 1
            assert len({c.json["nonce"] for c in posts}) == 1  # every retry: the same nonce
            assert all(c.json["enforce_nonce"] is True for c in posts)
        stored = Counter(m["channel_id"] for m in h.fake.messages.values()
                         if m["channel_id"] in h.fake._dm_channels.values())
        assert sorted(stored.values()) == [1] * 5  # 5 DMs, 0 duplicates
        assert failures == 5  # every 502 (each after the store) was retried, none doubled

    run(tmp_path, scenario, timeout=60, extra_settings=NO_BURST)


def test_two_shard_processes_together_stay_under_discords_50(tmp_path: Path) -> None:
    """Two replicas (shards 0 and 1 of 2) drain one outbox at once: each paces at its half
    of 45/s, so Discord never sees more than 50 in a second from the bot."""

    async def scenario(h: Harness) -> None:
        first = await h.start_bot()
        second = build_discord(h.settings.model_copy(update={"discord_shard_ids": "1"}),
                               h.container.bus, guild_ready_timeout=0.05)
        stop_second = asyncio.Event()
        running = asyncio.create_task(second.run(stop_second))
        await asyncio.wait_for(second.client.ready_event.wait(), 10)
        people = [h.user(f"p{i}") for i in range(50)]
        with h.container.uow_factory() as uow:
            for i in range(200):
                uow.outbox.add(Notification(
                    kind=Kind.ASSIGNED, platform="discord", workspace_id=h.guild.id,
                    user_id=people[i % 50].id, text=f"Job {i}"), h.container.clock.now())
            uow.commit()
        stop = asyncio.Event()
        workers = [asyncio.create_task(DeliveryWorker(
            h.container.outbox_store, {"discord": rt.notifier}, h.container.clock, name
        ).run(stop, idle_seconds=0.05)) for rt, name in ((first, "a"), (second, "b"))]
        await _wait_until(lambda: sum(1 for c in h.fake.calls if c.status == 200
                                      and c.path.endswith("/messages")) >= 200, 40)
        stop.set()
        await asyncio.gather(*workers)
        stop_second.set()
        await running
        paced = _paced(h.fake.calls)
        peak = h.fake.peak_per_second(paced)
        print(f"two processes: {len(paced)} requests, peak per second {peak}")
        assert peak <= 50
        assert first.guard is not None and second.guard is not None
        assert first.guard.rate == second.guard.rate == 22.5
        assert first.guard.sent > 20 and second.guard.sent > 20  # both really sent

    run(tmp_path, scenario, extra_settings={"DISCORD_SHARD_COUNT": "2",
                                            "DISCORD_SHARD_IDS": "0"}, timeout=90)
