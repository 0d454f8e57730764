"""A replica without Slack's HTTP server (Discord-only, Socket Mode) serves `/metrics` next
to `/healthz` on TASKBOT_HTTP_PORT: the same registry the bus, the delivery worker and the
scheduler count into, scraped over HTTP and read with prometheus-client's parser."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from pathlib import Path

from aiohttp import ClientSession
from prometheus_client.parser import text_string_to_metric_families

from adapters.console.notifier import ConsoleNotifier
from bot.container import build, prepare_database
from bot.metrics import PrometheusMetrics
from bot.scheduler import tick_once
from bot.serve import health_server
from bot.settings import Settings
from core.commands import Context
from core.ports import FixedClock

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _scrape(url: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with ClientSession() as http, http.get(url) as resp:
        assert resp.status == 200
        text = await resp.text()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for f in text_string_to_metric_families(text) for s in f.samples}


def test_the_health_server_serves_metrics(tmp_path: Path) -> None:
    settings = Settings(TASKBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'm.db'}")
    prepare_database(settings)
    metrics = PrometheusMetrics()
    other = PrometheusMetrics()  # a second registry: each process (object) its own
    clock = FixedClock(NOW)
    container = build(settings, clock=clock, metrics=metrics)
    said: list[str] = []
    worker = container.delivery_worker({"console": ConsoleNotifier(said.append)})
    ana = Context(platform="console", workspace_id="local", user_id="ana",
                  display_name="ana", channel_id="general", names_are_ids=True)
    port = _port()

    async def scenario() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        stop = asyncio.Event()
        server = asyncio.create_task(health_server(container, port, stop, metrics))
        try:
            container.bus.run_text(ana, "task", "add Write the spec @bo due:2026-11-29")
            container.bus.run_text(ana, "task", "done #7")
            container.bus.run_text(ana, "task", "frobnicate")
            await worker.drain()
            clock.set(NOW + dt.timedelta(minutes=1))  # bo's DM waits out its burst window
            await tick_once(container, worker)
            for _ in range(50):
                try:
                    return await _scrape(f"http://127.0.0.1:{port}/metrics")
                except OSError:
                    await asyncio.sleep(0.1)
            raise AssertionError("no /metrics")
        finally:
            stop.set()
            await server

    try:
        samples = asyncio.run(scenario())
    finally:
        container.close()

    def v(name: str, **labels: str) -> float:
        return samples.get((name, tuple(sorted(labels.items()))), 0.0)

    assert v("taskbot_commands_total", kind="AddTask", outcome="ok") == 1
    assert v("taskbot_commands_total", kind="DoneTask", outcome="refused") == 1
    assert v("taskbot_commands_total", kind="Unparsed", outcome="refused") == 1
    assert v("taskbot_deliveries_total", platform="console", result="sent") == len(said) >= 1
    assert v("taskbot_tick_duration_seconds_count") == 1
    assert v("taskbot_tick_items_total", item="changed_tasks") == 1
    assert v("taskbot_tick_items_total", item="batches") == 1
    assert v("taskbot_outbox_up") == 1
    assert v("taskbot_ack_latency_seconds_count", platform="slack") == 0
    assert other.registry.get_sample_value(
        "taskbot_commands_total", {"kind": "AddTask", "outcome": "ok"}) is None
