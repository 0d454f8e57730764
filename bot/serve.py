"""`taskbot run` with platforms configured: Slack and/or Discord in one process, with the
outbox delivery worker and the scheduler, until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from typing import Any

from aiohttp import web

from bot.container import Container, build, prepare_database
from bot.health import HealthProbe
from bot.metrics import PrometheusMetrics, metrics_route
from bot.scheduler import run_scheduler
from bot.settings import Settings
from bot.startup import serving
from core.ports import Notifier

log = logging.getLogger(__name__)


async def serve(settings: Settings) -> None:
    prepare_database(settings)
    metrics = PrometheusMetrics()  # this process's own registry, served at /metrics
    container = build(settings, metrics=metrics)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    notifiers: dict[str, Notifier] = {}
    tasks: list[Coroutine[Any, Any, None]] = []
    slack_http = False
    if settings.slack_enabled:
        from bot.slack_app import build_slack

        slack = build_slack(settings, container.bus, container.engine, metrics)
        notifiers["slack"] = slack.notifier
        slack_http = not slack.socket_mode
        tasks.append(slack.run(stop))
    if settings.discord_enabled:
        from bot.discord_app import build_discord, outbox_announcer

        discord = build_discord(settings, container.bus, container.engine,
                                announce=outbox_announcer(container.uow_factory,
                                                          container.clock))
        notifiers["discord"] = discord.notifier
        tasks.append(discord.run(stop))
    if not slack_http:
        tasks.append(health_server(container, settings.http_port, stop, metrics))
    worker = container.delivery_worker(notifiers)
    tasks.append(worker.run(stop))
    tasks.append(run_scheduler(container, stop))
    log.info("taskbot running: %s", ", ".join(sorted(notifiers)))
    serving()  # everything above lives as long as the process (bot/startup.py)
    try:
        await _until_first_failure(tasks, stop, grace=settings.drain_seconds + 5)
    finally:
        container.close()


async def _until_first_failure(coros: list[Coroutine[Any, Any, None]],
                               stop: asyncio.Event, grace: float = 10.0) -> None:
    """Run everything; if one part dies, stop the others and re-raise its error. After
    `stop`, the parts get `grace` seconds to drain before they are cancelled."""
    tasks = [asyncio.create_task(c) for c in coros]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            error = task.exception()
            if error is not None:
                raise error
    finally:
        stop.set()
        await asyncio.wait(tasks, timeout=grace)
        for task in tasks:
            task.cancel()


async def health_server(container: Container, port: int, stop: asyncio.Event,
                        metrics: PrometheusMetrics | None = None) -> None:
    """`/healthz` for load balancers and Kubernetes probes, and `/metrics`, when Slack's
    HTTP server (which serves its own) is not running: 200 while the database answers
    (within 1 s)."""

    probe = HealthProbe(container.engine)

    async def healthz(_request: web.Request) -> web.Response:
        ok = await probe.healthy()
        return web.json_response({"ok": ok}, status=200 if ok else 503)

    async def livez(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/livez", livez)
    if metrics is not None:
        app.router.add_get("/metrics", metrics_route(metrics, container.engine))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host="0.0.0.0", port=port).start()
    try:
        await stop.wait()
    finally:
        probe.draining = True
        await runner.cleanup()
        probe.close()
