"""The unit of work: one SQLAlchemy session (one transaction) shared by all repositories,
the scheduler's included. Leaving the `with` block rolls back whatever was not committed.

Its outbox first holds non-urgent DMs for their batch or burst window (`core.attention`),
then keeps quiet hours for every DM, whoever queues it (a command or the tick): a
DM to someone who set working hours or an away period waits for their next allowed moment
(`core.scheduling.quiet`)."""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.attention import SqlAttentionRepository
from adapters.storage.outbox import SqlOutbox, SqlOutboxStore
from adapters.storage.plan_repo import SqlPlanRepository
from adapters.storage.report_store import SqlReportStore
from adapters.storage.repositories import (
    SqlHistoryRepository,
    SqlMemberRepository,
    SqlProjectRepository,
    SqlTenantRepository,
)
from adapters.storage.schedule_alerts import SqlAlertRepository
from adapters.storage.schedule_digests import SqlDigestRepository
from adapters.storage.schedule_feed import SqlDeliveryAdmin, SqlFeedRepository
from adapters.storage.schedule_people import SqlPeopleRepository
from adapters.storage.schedule_reminders import SqlReminderRepository
from adapters.storage.schedule_series import SqlSeriesRepository
from adapters.storage.standups import SqlStandupRepository
from adapters.storage.task_finder import SqlTaskFinder
from adapters.storage.tasks import SqlTaskRepository
from adapters.storage.templates import SqlTemplateRepository
from core.attention.outbox import AttentionOutbox
from core.attention.ports import AttentionRepository
from core.find_ports import TaskFinder
from core.plan_ports import PlanRepository
from core.ports import (
    HistoryRepository,
    MemberRepository,
    Outbox,
    OutboxStore,
    ProjectRepository,
    TaskRepository,
    TenantRepository,
)
from core.reports.ports import ReportStore
from core.scheduling.ports import (
    AlertRepository,
    DeliveryAdmin,
    DigestRepository,
    FeedRepository,
    PeopleRepository,
    ReminderRepository,
    ScheduleUnitOfWorkFactory,
    SeriesRepository,
)
from core.scheduling.quiet import QuietOutbox
from core.standup.ports import StandupRepository
from core.templates.ports import TemplateRepository

BURST = dt.timedelta(seconds=60)


class SqlUnitOfWork:
    # Typed as the ports: a protocol's attributes are mutable, hence invariant.
    tenants: TenantRepository
    members: MemberRepository
    projects: ProjectRepository
    tasks: TaskRepository
    history: HistoryRepository
    outbox: Outbox
    digests: DigestRepository
    people: PeopleRepository
    reminders: ReminderRepository
    alerts: AlertRepository
    series: SeriesRepository
    feed: FeedRepository
    deliveries: DeliveryAdmin
    templates: TemplateRepository
    plans: PlanRepository
    standups: StandupRepository
    attention: AttentionRepository
    reports: ReportStore
    finder: TaskFinder
    session: Session

    def __init__(self, session_factory: sessionmaker[Session], default_tz: str = "UTC",
                 burst: dt.timedelta = BURST) -> None:
        self._session_factory = session_factory
        self._default_tz = default_tz
        self._burst = burst

    def __enter__(self) -> Self:
        self.session = session = self._session_factory()
        self.tenants = SqlTenantRepository(session)
        self.members = SqlMemberRepository(session)
        self.projects = SqlProjectRepository(session)
        self.tasks = SqlTaskRepository(session)
        self.finder = SqlTaskFinder(session)
        self.history = SqlHistoryRepository(session)
        self.digests = SqlDigestRepository(session)
        self.people = SqlPeopleRepository(session)
        self.reminders = SqlReminderRepository(session)
        self.alerts = SqlAlertRepository(session)
        self.series = SqlSeriesRepository(session)
        self.feed = SqlFeedRepository(session)
        self.deliveries = SqlDeliveryAdmin(session)
        self.templates = SqlTemplateRepository(session)
        self.plans = SqlPlanRepository(session)
        self.standups = SqlStandupRepository(session)
        self.reports = SqlReportStore(session)
        self.outbox = QuietOutbox(SqlOutbox(session), self, self._default_tz)
        self.attention = SqlAttentionRepository(session)
        self.outbox = AttentionOutbox(QuietOutbox(SqlOutbox(session), self, self._default_tz),
                                      self, self._default_tz, self._burst)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWorkFactory:
    """`UnitOfWorkFactory` for the command bus and the tick: each call is a fresh unit of
    work. `default_tz`: the zone of quiet hours for people and workspaces that set none;
    `burst`: how long a non-urgent DM waits for more from the same actor
    (`core.attention.outbox`; `TASKBOT_NOTIFY_BURST_SECONDS`, 0 turns it off)."""

    def __init__(self, session_factory: sessionmaker[Session], default_tz: str = "UTC",
                 burst: dt.timedelta = BURST) -> None:
        self.session_factory = session_factory
        self.default_tz = default_tz
        self.burst = burst

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.default_tz, self.burst)


if TYPE_CHECKING:  # mypy proves the adapters satisfy the core's ports
    def _conforms(sf: sessionmaker[Session]) -> tuple[ScheduleUnitOfWorkFactory, OutboxStore]:
        return SqlUnitOfWorkFactory(sf), SqlOutboxStore(sf)
