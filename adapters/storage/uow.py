"""The unit of work: one SQLAlchemy session (one transaction) shared by all repositories,
the scheduler's included. Leaving the `with` block rolls back whatever was not committed.

Its outbox keeps quiet hours for every DM, whoever queues it (a command or the tick): a
DM to someone who set working hours or an away period waits for their next allowed moment
(`core.scheduling.quiet`)."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.outbox import SqlOutbox, SqlOutboxStore
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
from adapters.storage.task_finder import SqlTaskFinder
from adapters.storage.tasks import SqlTaskRepository
from core.find_ports import TaskFinder
from core.ports import (
    HistoryRepository,
    MemberRepository,
    Outbox,
    OutboxStore,
    ProjectRepository,
    TaskRepository,
    TenantRepository,
)
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
    finder: TaskFinder
    session: Session

    def __init__(self, session_factory: sessionmaker[Session], default_tz: str = "UTC") -> None:
        self._session_factory = session_factory
        self._default_tz = default_tz

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
        self.outbox = QuietOutbox(SqlOutbox(session), self, self._default_tz)
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
    work. `default_tz`: the zone of quiet hours for people and workspaces that set none."""

    def __init__(self, session_factory: sessionmaker[Session], default_tz: str = "UTC") -> None:
        self.session_factory = session_factory
        self.default_tz = default_tz

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.default_tz)


if TYPE_CHECKING:  # mypy proves the adapters satisfy the core's ports
    def _conforms(sf: sessionmaker[Session]) -> tuple[ScheduleUnitOfWorkFactory, OutboxStore]:
        return SqlUnitOfWorkFactory(sf), SqlOutboxStore(sf)
