"""Recurring series on SQL (`SeriesRepository`): one row per series, pointing at its
current task; an occurrence is claimed like any due row."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import RowMapping, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_insert
from adapters.storage.schedule_sql import SqlScheduleBase
from adapters.storage.schedule_tables import SERIES
from core.scheduling.model import Series


def _series(r: RowMapping) -> Series:
    return Series(id=r["id"], tenant_id=r["tenant_id"], rule=r["rule"], tz=r["tz"],
                  current_task_id=r["current_task_id"], occurrence_at=r["occurrence_at"],
                  active=r["next_at"] is not None, anchor_at=r["anchor_at"])


class SqlSeriesRepository(SqlScheduleBase):
    def series_of_task(self, task_id: int) -> Series | None:
        found = self.session.execute(select(SERIES).where(
            SERIES.c.current_task_id == task_id)).mappings().first()
        return _series(found) if found else None

    def add_series(self, series: Series) -> Series | None:
        stmt = dialect_insert(self.session, SERIES).values(
            tenant_id=series.tenant_id, origin_task_id=series.current_task_id,
            rule=series.rule, tz=series.tz, current_task_id=series.current_task_id,
            occurrence_at=series.occurrence_at, next_at=series.occurrence_at,
            anchor_at=series.anchor_at or series.occurrence_at)
        found = self.session.execute(stmt.on_conflict_do_nothing(
            index_elements=["origin_task_id"]).returning(SERIES.c.id)).scalar()
        if found is None:
            return None
        series.id = found
        return series

    def series_started(self, origin_task_id: int) -> bool:
        return self.session.execute(select(SERIES.c.id).where(
            SERIES.c.origin_task_id == origin_task_id)).first() is not None

    def due_series(self, now: dt.datetime, limit: int) -> list[Series]:
        return [_series(r) for r in self._due(SERIES, "next_at", now, limit)]

    def claim_series(self, series_id: int, expected: dt.datetime, current_task_id: int,
                     occurrence_at: dt.datetime) -> bool:
        return self._claim(SERIES, [SERIES.c.id == series_id,
                                    SERIES.c.occurrence_at == expected],
                           {"current_task_id": current_task_id,
                            "occurrence_at": occurrence_at, "next_at": occurrence_at})

    def set_series_task(self, series_id: int, task_id: int) -> None:
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id)
                             .values(current_task_id=task_id))

    def get_series(self, series_id: int) -> Series | None:
        found = self.session.execute(select(SERIES).where(
            SERIES.c.id == series_id)).mappings().first()
        return _series(found) if found else None

    def set_series_rule(self, series_id: int, rule: str) -> None:
        """A new rule, and the series active again (due at its current occurrence)."""
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id).values(
            rule=rule, next_at=SERIES.c.occurrence_at))

    def end_series(self, series_id: int) -> None:
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id).values(next_at=None))


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import SeriesRepository

    def _conforms(session: Session) -> SeriesRepository:
        return SqlSeriesRepository(session)
