"""SQLAlchemy storage: the core's repositories, unit of work and outbox on SQLite or
PostgreSQL. Importing this package creates no engine and touches no database; `bot`
calls `make_engine` / `make_session_factory` and `upgrade`. The names below load their
modules on first use, so importing the package stays cheap."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.storage.engine import make_engine, make_session_factory
    from adapters.storage.migrate import current, upgrade
    from adapters.storage.outbox import SqlOutboxStore
    from adapters.storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory

_EXPORTS = {
    "make_engine": "engine", "make_session_factory": "engine",
    "upgrade": "migrate", "current": "migrate",
    "SqlOutboxStore": "outbox",
    "SqlUnitOfWork": "uow", "SqlUnitOfWorkFactory": "uow",
}
__all__ = [
    "SqlOutboxStore", "SqlUnitOfWork", "SqlUnitOfWorkFactory", "current", "make_engine",
    "make_session_factory", "upgrade",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
