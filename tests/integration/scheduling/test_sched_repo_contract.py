"""The scheduler's reminder and series repositories: one contract, run over the in-memory
fakes (tests.fakes_schedule), SQLite and PostgreSQL by the `store` fixture."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, cast

from core.ports import UnitOfWork, UnitOfWorkFactory
from core.scheduling.model import Reminder, ReminderState, Series
from core.scheduling.ports import ReminderRepository, SeriesRepository
from tests.integration.builders import T0, add_task, make_world

H = dt.timedelta(hours=1)


class _Uow(UnitOfWork, Protocol):
    reminders: ReminderRepository
    series: SeriesRepository


class _Store(Protocol):
    def __call__(self) -> _Uow: ...


def test_reminders_are_due_once_claimed_once_and_listed_per_person(
        store: UnitOfWorkFactory) -> None:
    w, other = make_world(store), make_world(store, "T2")
    uows = cast(_Store, store)
    with uows() as uow:
        def add(text: str, at: dt.datetime, member: int = w.ana.id) -> Reminder:
            return uow.reminders.add_reminder(Reminder(
                id=0, tenant_id=w.tenant.id, member_id=member, text=text, due_at=at,
                created_at=T0))
        late, soon = add("late", T0 + 3 * H), add("soon", T0 + H)
        bobs = add("bob's", T0 + H, w.bob.id)
        uow.commit()
    with uows() as uow:
        got = uow.reminders.get_reminder(w.tenant.id, soon.id)
        assert got is not None and (got.text, got.due_at, got.state, got.fire_count) == (
            "soon", T0 + H, ReminderState.PENDING, 0)
        assert uow.reminders.get_reminder(other.tenant.id, soon.id) is None
        assert uow.reminders.due_reminders(T0, 10) == []
        due = [r.id for r in uow.reminders.due_reminders(T0 + 5 * H, 2)]
        assert due == sorted([soon.id, bobs.id])  # the earliest first, then by id
        # a tick sends it: claimed from its time, once
        assert uow.reminders.claim_reminder(soon.id, T0 + H, 0, ReminderState.SENT.value,
                                            None)
        assert not uow.reminders.claim_reminder(soon.id, T0 + H, 0,
                                                ReminderState.SENT.value, None)
        # Snooze: claimed from its fire count (1 after the send), not its time
        assert not uow.reminders.claim_reminder(soon.id, None, 0,
                                                ReminderState.PENDING.value, T0 + 4 * H)
        assert uow.reminders.claim_reminder(soon.id, None, 1, ReminderState.PENDING.value,
                                            T0 + 4 * H)
        uow.reminders.claim_reminder(late.id, None, 0, ReminderState.DONE.value, None)
        uow.commit()
    with uows() as uow:
        again = uow.reminders.get_reminder(w.tenant.id, soon.id)
        assert again is not None and (again.due_at, again.fire_count, again.state) == (
            T0 + 4 * H, 1, ReminderState.PENDING)
        assert [r.id for r in uow.reminders.reminders_of(w.tenant.id, w.ana.id, 10)] == [
            soon.id]  # done ones are left out
        assert [r.id for r in uow.reminders.reminders_of(w.tenant.id, w.bob.id, 10)] == [
            bobs.id]
        assert [r.id for r in uow.reminders.due_reminders(T0 + 5 * H, 10)] == [
            bobs.id, soon.id]


def test_a_series_starts_once_per_task_and_its_occurrence_is_claimed_once(
        store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    uows = cast(_Store, store)
    with uows() as uow:
        first, second = add_task(uow, w, "standup"), add_task(uow, w, "standup 2")

        def new(task_id: int) -> Series:
            return Series(id=0, tenant_id=w.tenant.id, rule="daily", tz="UTC",
                          current_task_id=task_id, occurrence_at=T0 + H)
        started = uow.series.add_series(new(first.id))
        assert started is not None and started.id
        assert uow.series.add_series(new(first.id)) is None  # one series per task
        assert uow.series.series_started(first.id)
        assert not uow.series.series_started(second.id)
        uow.commit()
    with uows() as uow:
        assert uow.series.due_series(T0, 10) == []
        [due] = uow.series.due_series(T0 + H, 10)
        assert (due.id, due.current_task_id, due.occurrence_at, due.active, due.anchor_at) == (
            started.id, first.id, T0 + H, True, T0 + H)
        assert uow.series.claim_series(started.id, T0 + H, first.id, T0 + 25 * H)
        assert not uow.series.claim_series(started.id, T0 + H, first.id, T0 + 25 * H)
        uow.series.set_series_task(started.id, second.id)
        uow.commit()
    with uows() as uow:
        current = uow.series.series_of_task(second.id)
        assert current is not None and current.id == started.id
        assert uow.series.series_of_task(first.id) is None
        assert uow.series.series_started(first.id)  # started by its origin, for good
        uow.series.end_series(started.id)
        ended = uow.series.get_series(started.id)
        assert ended is not None and not ended.active
        assert uow.series.due_series(T0 + 100 * H, 10) == []
        uow.series.set_series_rule(started.id, "weekly")
        back = uow.series.get_series(started.id)
        assert back is not None and back.active and back.rule == "weekly"
        assert [s.id for s in uow.series.due_series(T0 + 25 * H, 10)] == [started.id]
        assert uow.series.get_series(10**9) is None
