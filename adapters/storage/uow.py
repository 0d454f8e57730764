"""The unit of work: one SQLAlchemy session (one transaction) shared by all repositories.
Leaving the `with` block rolls back whatever was not committed."""

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
from adapters.storage.tasks import SqlTaskRepository
from core.ports import (
    HistoryRepository,
    MemberRepository,
    Outbox,
    OutboxStore,
    ProjectRepository,
    TaskRepository,
    TenantRepository,
    UnitOfWorkFactory,
)


class SqlUnitOfWork:
    # Typed as the ports: a protocol's attributes are mutable, hence invariant.
    tenants: TenantRepository
    members: MemberRepository
    projects: ProjectRepository
    tasks: TaskRepository
    history: HistoryRepository
    outbox: Outbox
    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = session = self._session_factory()
        self.tenants = SqlTenantRepository(session)
        self.members = SqlMemberRepository(session)
        self.projects = SqlProjectRepository(session)
        self.tasks = SqlTaskRepository(session)
        self.history = SqlHistoryRepository(session)
        self.outbox = SqlOutbox(session)
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
    """`UnitOfWorkFactory` for the command bus: each call is a fresh unit of work."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)


if TYPE_CHECKING:  # mypy proves the adapters satisfy the core's ports
    def _conforms(sf: sessionmaker[Session]) -> tuple[UnitOfWorkFactory, OutboxStore]:
        return SqlUnitOfWorkFactory(sf), SqlOutboxStore(sf)
