"""The composition root: builds the engine, the unit of work, the bus and the delivery
worker from settings. Only this package creates engines, clients and schedulers."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.charts.render import ChartPainter
from adapters.storage.checkpoint import WalCheckpointer
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.uow import SqlUnitOfWorkFactory
from bot.failures import SchemaBehind
from bot.settings import Settings
from core.bus import CommandBus
from core.delivery import DeliveryWorker
from core.files import use_painter
from core.observe import Metrics, NoMetrics
from core.ports import Clock, Notifier, SystemClock

log = logging.getLogger(__name__)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock
    bus: CommandBus
    outbox_store: SqlOutboxStore
    checkpointer: WalCheckpointer | None = None
    metrics: Metrics = field(default_factory=NoMetrics)

    @property
    def worker_id(self) -> str:
        return self.settings.worker_id or f"{socket.gethostname()}:{os.getpid()}"

    def delivery_worker(self, notifiers: Mapping[str, Notifier]) -> DeliveryWorker:
        """At most `TASKBOT_DELIVERY_CONCURRENCY` sends in flight (the most a crash can
        duplicate), claimed four times that many at a time."""
        sends = self.settings.delivery_concurrency
        return DeliveryWorker(
            self.outbox_store, notifiers, self.clock, self.worker_id,
            give_up=timedelta(hours=self.settings.delivery_give_up_hours),
            concurrency=sends, batch_size=4 * sends, metrics=self.metrics)

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.engine.dispose()


def build(settings: Settings, clock: Clock | None = None,
          metrics: Metrics | None = None) -> Container:
    """Wire everything for one process. Does not migrate: see `prepare_database`.
    `metrics`: what the bus and the delivery worker count into (nothing by default)."""
    the_metrics = metrics or NoMetrics()
    use_painter(ChartPainter())  # charts as PNGs; matplotlib loads on the first chart
    engine = make_engine(settings.database_url)
    session_factory = make_session_factory(engine)
    uow_factory = SqlUnitOfWorkFactory(
        session_factory, settings.default_tz,
        burst=timedelta(seconds=settings.notify_burst_seconds))
    the_clock = clock or SystemClock()
    bus = CommandBus(uow_factory, the_clock, default_tz=settings.default_tz,
                     metrics=the_metrics)
    database = engine.url.database or ""
    file_sqlite = settings.is_sqlite and database not in ("", ":memory:") \
        and "mode=memory" not in str(engine.url)
    return Container(settings=settings, engine=engine, session_factory=session_factory,
                     uow_factory=uow_factory, clock=the_clock, bus=bus,
                     outbox_store=SqlOutboxStore(session_factory),
                     checkpointer=WalCheckpointer(engine).start() if file_sqlite else None,
                     metrics=the_metrics)




def prepare_database(settings: Settings) -> None:
    """Bring an embedded SQLite database to the newest schema on start; a server database
    (PostgreSQL, shared by replicas) is migrated by `taskbot db upgrade` in the deploy step,
    so replicas never race each other's migrations. The check reads the version without
    Alembic (a one-shot command's start); Alembic loads only to migrate."""
    from adapters.storage.schema_version import current_heads, packaged_heads

    found, wanted = current_heads(settings.database_url), packaged_heads()  # no write lock
    if found == wanted:
        return
    if settings.is_sqlite:
        from adapters.storage.migrate import upgrade

        upgrade(settings.database_url)
        return
    if not found:
        raise SchemaBehind(
            "The database has no taskbot tables yet: run `taskbot db upgrade` first (with "
            "the same --db or TASKBOT_DATABASE_URL).")
    raise SchemaBehind(
        f"The database schema is at {sorted(found)}, this release needs {sorted(wanted)}: "
        "run `taskbot db upgrade` first.")
