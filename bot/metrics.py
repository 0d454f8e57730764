"""Prometheus metrics for one process: the core's `Metrics` port on prometheus-client, in a
registry of this process's own (never the library's global one), and the `/metrics` route
that serves it in the text format on the HTTP port (`README.md`, Operations, lists every
name).

The outbox gauges are read from the database when Prometheus scrapes, with capped,
index-backed counts (`adapters.storage.outbox_stats`) under a time limit: a slow or absent
database leaves them out of that scrape (`taskbot_outbox_up 0`) instead of hanging it."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from adapters.storage.outbox_stats import COUNT_CAP, OutboxGauges, outbox_gauges
from core.observe import fresh_log_scope

log = logging.getLogger(__name__)

ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
"""Seconds; Slack and Discord want an answer within 3."""
TICK_BUCKETS = (0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
SCRAPE_DB_SECONDS = 2.0
"""How long a scrape waits for the outbox gauges before leaving them out."""


class OutboxCollector(Collector):
    """Yields the outbox gauges the scrape handler last read (None: the read failed)."""

    def __init__(self) -> None:
        self.latest: OutboxGauges | None = None

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("taskbot_outbox_up",
                               "1 when this scrape could read the outbox gauges")
        up.add_metric([], 0.0 if self.latest is None else 1.0)
        yield up
        g = self.latest
        if g is None:
            return
        for name, doc, value in (
            ("taskbot_outbox_pending", "Notifications not yet delivered (counted up to "
             f"{COUNT_CAP})", g.pending),
            ("taskbot_outbox_due", "Pending notifications whose time has come (counted up "
             f"to {COUNT_CAP})", g.due),
            ("taskbot_outbox_oldest_due_age_seconds", "How long the oldest due notification "
             "has waited (0 when none is due)", g.oldest_due_age),
            ("taskbot_outbox_dead", "Dead letters kept in the outbox (counted up to "
             f"{COUNT_CAP})", g.dead),
        ):
            family = GaugeMetricFamily(name, doc)
            family.add_metric([], float(value))
            yield family


class PrometheusMetrics:
    """The core's `Metrics` port, counted in this object's own registry."""

    def __init__(self) -> None:
        from prometheus_client import GCCollector, PlatformCollector, ProcessCollector

        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        r = self.registry
        self.commands = Counter("taskbot_commands", "Commands run, by kind and outcome "
                                "(ok, refused, error)", ["kind", "outcome"], registry=r)
        self.command_seconds = Histogram("taskbot_command_duration_seconds",
                                         "Time in the core per command", registry=r)
        self.acks = Histogram("taskbot_ack_latency_seconds", "From a platform request's "
                              "arrival to its acknowledgement", ["platform"],
                              buckets=ACK_BUCKETS, registry=r)
        self.deliveries = Counter("taskbot_deliveries", "Sends to a platform, by result "
                                  "(sent, retry, rate_limited, failed, unreachable)",
                                  ["platform", "result"], registry=r)
        self.dead_letters = Counter("taskbot_dead_letters", "Notifications that became "
                                    "dead letters in this process", ["platform"], registry=r)
        self.ticks = Histogram("taskbot_tick_duration_seconds", "Scheduler tick duration",
                               buckets=TICK_BUCKETS, registry=r)
        self.tick_items = Counter("taskbot_tick_items", "Items scheduler ticks handled, by "
                                  "kind", ["item"], registry=r)
        self.outbox = OutboxCollector()
        r.register(self.outbox)

    def command(self, kind: str, outcome: str, seconds: float) -> None:
        self.commands.labels(kind, outcome).inc()
        self.command_seconds.observe(seconds)

    def ack(self, platform: str, seconds: float) -> None:
        self.acks.labels(platform).observe(seconds)

    def delivery(self, platform: str, result: str) -> None:
        self.deliveries.labels(platform, result).inc()

    def dead_letter(self, platform: str) -> None:
        self.dead_letters.labels(platform).inc()

    def tick(self, seconds: float, items: Mapping[str, int]) -> None:
        self.ticks.observe(seconds)
        for item, count in items.items():
            if count:
                self.tick_items.labels(item).inc(count)

    async def scrape(self, engine: Engine | None,
                     now: Callable[[], dt.datetime] | None = None) -> bytes:
        """The text exposition, with fresh outbox gauges when `engine` answers in time."""
        self.outbox.latest = None
        if engine is not None:
            at = (now or (lambda: dt.datetime.now(dt.UTC)))()
            try:
                self.outbox.latest = await asyncio.wait_for(
                    asyncio.to_thread(outbox_gauges, engine, at), SCRAPE_DB_SECONDS)
            except Exception as err:  # a slow or absent database: this scrape goes without
                log.warning("metrics: outbox gauges unavailable (%s)", type(err).__name__)
        return generate_latest(self.registry)


def metrics_route(metrics: PrometheusMetrics, engine: Engine | None) -> Handler:
    """The aiohttp handler of `GET /metrics`."""

    async def handler(_request: web.Request) -> web.Response:
        body = await metrics.scrape(engine)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    return handler


def ack_timer(metrics: PrometheusMetrics, path: str, platform: str) -> Middleware:
    """An aiohttp middleware timing each accepted request to `path` from arrival to answer:
    bolt answers a request as soon as its listener acknowledges it."""

    @web.middleware
    async def timer(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = asyncio.get_running_loop().time()
        response = await handler(request)
        if request.path == path and 200 <= response.status < 300:
            metrics.ack(platform, asyncio.get_running_loop().time() - started)
        return response

    return timer


@web.middleware
async def fresh_log_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Each HTTP request starts with no tenant or kind in its log lines (a keep-alive
    connection's requests share one task: nothing carries over from the previous one)."""
    with fresh_log_scope():
        return await handler(request)
