"""A small world for scheduler scenarios on a real database: the app wired by
`bot.container.build` (the bus, the unit of work with quiet hours), a ticker, and a
delivery worker sending to a recording notifier, all on one controlled clock (no
sleeping)."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine

from adapters.storage.uow import SqlUnitOfWorkFactory
from bot.container import Container, build
from bot.settings import Settings
from core.bus import CommandBus, ErrorReply
from core.commands import Context
from core.delivery import DeliveryWorker
from core.model import Role, TenantKey
from core.notifications import Notification
from core.ports import FixedClock
from core.results import Result
from core.scheduling.tick import Ticker, TickStats
from tests.fakes_outbox import RecordingNotifier

WS = "W1"


@dataclass
class World:
    url: str
    clock: FixedClock
    engine: Engine = field(init=False)
    uows: SqlUnitOfWorkFactory = field(init=False)
    bus: CommandBus = field(init=False)
    ticker: Ticker = field(init=False)
    notifier: RecordingNotifier = field(init=False)
    worker: DeliveryWorker = field(init=False)
    grace_hours: float = 3.0
    container: Container = field(init=False)

    def __post_init__(self) -> None:
        self.container = build(Settings(TASKBOT_DATABASE_URL=self.url), clock=self.clock)
        self.engine = self.container.engine
        self.uows = self.container.uow_factory
        self.bus = self.container.bus
        self.ticker = Ticker(self.uows, self.clock, grace=dt.timedelta(hours=self.grace_hours))
        self.notifier = RecordingNotifier(platform="console")
        self.worker = DeliveryWorker(self.container.outbox_store, {"console": self.notifier},
                                     self.clock, "test-worker")

    def close(self) -> None:
        self.container.close()

    def at(self, when: dt.datetime) -> None:
        self.clock.set(when)

    def run(self, who: str, text: str, channel: str = "general") -> Result:
        ctx = Context(platform="console", workspace_id=WS, user_id=who, display_name=who,
                      channel_id=channel)
        group, _, rest = text.lstrip("/").partition(" ")
        result = self.bus.run_text(ctx, group, rest)
        assert not isinstance(result, ErrorReply), result.text
        return result

    def member_setup(self, who: str, tz: str | None = None, role: Role | None = None) -> None:
        self.run(who, "/task help")  # first contact creates the member
        with self.uows() as uow:
            tenant = uow.tenants.get_or_create(TenantKey("console", WS))
            m = uow.members.get(tenant.id, who)
            assert m is not None
            if tz:
                m.tz = tz
            if role:
                m.role = role
            uow.members.update(m)
            uow.commit()

    def tick(self, when: dt.datetime | None = None) -> TickStats:
        if when is not None:
            self.at(when)
        stats = self.ticker.tick()
        asyncio.run(self.worker.drain())
        return stats

    def sent(self) -> list[Notification]:
        return list(self.notifier.sent)

    def take(self) -> list[Notification]:
        out = list(self.notifier.sent)
        self.notifier.sent.clear()
        return out


def tick_together(worlds: list[World], at: dt.datetime) -> list[TickStats]:
    """Each world's ticker ticks `at` in its own thread, released at the same moment (two
    replicas); their stats, after any error in a thread is raised here."""
    results: list[TickStats] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(len(worlds))

    def go(w: World) -> None:
        try:
            gate.wait()
            results.append(w.ticker.tick(at))
        except BaseException as err:  # report in the main thread
            errors.append(err)

    threads = [threading.Thread(target=go, args=(w,)) for w in worlds]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if errors:
        raise errors[0]
    return results


def steps(start: dt.datetime, end: dt.datetime, every: dt.timedelta) -> Iterator[dt.datetime]:
    t = start
    while t <= end:
        yield t
        t += every
