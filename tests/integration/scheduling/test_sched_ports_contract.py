"""The scheduler's other repositories (digests, people, alerts, the change feed and cursors,
the outbox as admins see it): one contract, run over the in-memory fakes
(tests.fakes_schedule), SQLite and PostgreSQL by the `store` fixture."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, cast

from core.model import Status
from core.notifications import Kind, Notification
from core.ports import HistoryRecord, UnitOfWorkFactory
from core.scheduling.model import AlertStage, DigestSchedule, Prefs, Reminder, TaskAlert
from core.scheduling.ports import ScheduleUnitOfWork
from tests.integration.builders import T0, add_task, make_world

H = dt.timedelta(hours=1)


class _Store(Protocol):
    def __call__(self) -> ScheduleUnitOfWork: ...


def _dm(user: str, text: str, workspace: str = "T1",
        not_before: dt.datetime | None = None) -> Notification:
    """A reminder: urgent, so the SQL unit of work queues it at once as the fake does
    (non-urgent kinds are held first: tests/integration/scheduling/test_attention.py)."""
    return Notification(kind=Kind.REMINDER, platform="slack", workspace_id=workspace,
                        text=text, user_id=user, not_before=not_before)


def test_a_digest_is_one_per_channel_claimed_once_and_talks_about_its_channel(
        store: UnitOfWorkFactory) -> None:
    w, other = make_world(store), make_world(store, "T2")
    uows = cast(_Store, store)
    with uows() as uow:
        sched = uow.digests.save_digest(DigestSchedule(
            id=0, tenant_id=w.tenant.id, channel_id="C1", at=dt.time(9, 30), tz="UTC",
            days=(4, 0, 0), next_run_at=T0 + H, created_by=w.ana.id))
        off = uow.digests.save_digest(DigestSchedule(
            id=0, tenant_id=w.tenant.id, channel_id="C9", at=dt.time(8, 0), tz="UTC",
            enabled=False, next_run_at=T0))
        blocker = add_task(uow, w, "blocker", project=w.project)
        blocked = add_task(uow, w, "blocked", project=w.project)
        add_task(uow, w, "elsewhere")  # no channel, no project: not this digest's
        done = add_task(uow, w, "done", status=Status.DONE, project=w.project,
                        done_at=T0 - H)
        add_task(uow, w, "done long ago", status=Status.DONE, project=w.project,
                 done_at=T0 - 48 * H)
        uow.tasks.add_edge(blocker.id, blocked.id)
        uow.commit()
    with uows() as uow:
        again = uow.digests.save_digest(DigestSchedule(  # the same channel: the same row
            id=0, tenant_id=w.tenant.id, channel_id="C1", at=dt.time(10, 0), tz="UTC",
            next_run_at=T0 + H, created_by=w.ana.id))
        assert again.id == sched.id
        got = uow.digests.digest_for(w.tenant.id, "C1")
        assert got is not None and (got.id, got.at, got.days, got.enabled, got.next_run_at,
                                    got.created_by) == (
            sched.id, dt.time(10, 0), (0, 1, 2, 3, 4), True, T0 + H, w.ana.id)
        stored_off = uow.digests.digest_for(w.tenant.id, "C9")
        assert stored_off is not None and stored_off.id == off.id
        assert stored_off.next_run_at is None  # a disabled digest is never due
        assert uow.digests.digest_for(other.tenant.id, "C1") is None
        assert uow.digests.due_digests(T0, 10) == []
        assert [d.id for d in uow.digests.due_digests(T0 + H, 10)] == [sched.id]
        assert uow.digests.claim_digest(sched.id, T0 + H, T0 + 25 * H, T0 + H)
        assert not uow.digests.claim_digest(sched.id, T0 + H, T0 + 25 * H, None)
        data = uow.digests.digest_data(w.tenant.id, "C1", None, T0)
        assert sorted(t.id for t in data.active) == sorted([blocker.id, blocked.id])
        assert [t.id for t in data.finished] == [done.id]  # closed in the last day
        assert {k: [t.id for t in v] for k, v in data.blockers.items()} == {
            blocked.id: [blocker.id]}
        assert uow.digests.digest_data(other.tenant.id, "C1", None, T0).active == []
        uow.commit()
    with uows() as uow:
        claimed = uow.digests.digest_for(w.tenant.id, "C1")
        assert claimed is not None and (claimed.next_run_at, claimed.last_sent_at) == (
            T0 + 25 * H, T0 + H)
        assert uow.digests.claim_digest(sched.id, T0 + 25 * H, T0 + 49 * H, None)
        kept = uow.digests.digest_for(w.tenant.id, "C1")
        assert kept is not None and kept.last_sent_at == T0 + H  # no send: kept


def test_people_have_tenants_prefs_and_get_what_an_away_period_held(
        store: UnitOfWorkFactory) -> None:
    w, other = make_world(store), make_world(store, "T2")
    uows = cast(_Store, store)
    held, release = T0 + 10 * H, T0 + 2 * H
    with uows() as uow:
        tenant = uow.people.tenant(w.tenant.id)
        assert tenant is not None and (tenant.key, tenant.default_tz) == (
            w.tenant.key, w.tenant.default_tz)
        assert uow.people.tenant(10**9) is None
        assert uow.people.prefs_of(w.tenant.id, [w.ana.id, w.bob.id]) == {}
        uow.people.save_prefs(Prefs(member_id=w.ana.id, tenant_id=w.tenant.id,
                                    due_soon_hours=None, work_days=(2, 1),
                                    work_start=dt.time(8, 0), away_until=held))
        mine = uow.reminders.add_reminder(Reminder(
            id=0, tenant_id=w.tenant.id, member_id=w.ana.id, text="r", due_at=held,
            created_at=T0))
        uow.reminders.add_reminder(Reminder(  # bob's: not ana's to release
            id=0, tenant_id=w.tenant.id, member_id=w.bob.id, text="r", due_at=held,
            created_at=T0))
        created = add_task(uow, w, "created by ana", due_at=T0)
        bobs = add_task(uow, w, "bob's", assignee=w.bob, due_at=T0)
        for task in (created, bobs):
            uow.alerts.save_alert(TaskAlert(task_id=task.id, tenant_id=w.tenant.id,
                                            due_at=T0, next_at=held,
                                            stage=AlertStage.DUE_SOON))
        uow.outbox.add(_dm("U1", "held dm", not_before=held), T0)
        uow.outbox.add(_dm("U2", "bob's dm", not_before=held), T0)
        uow.outbox.add(_dm("U1", "other workspace", "T2", not_before=held), T0)
        uow.commit()
    with uows() as uow:
        prefs = uow.people.prefs_of(w.tenant.id, [w.ana.id, w.bob.id])
        assert list(prefs) == [w.ana.id]
        p = prefs[w.ana.id]
        assert (p.due_soon_hours, p.work_days, p.work_start, p.work_end, p.away_until,
                p.stored) == (None, (1, 2), dt.time(8, 0), dt.time(18, 0), held, True)
        assert uow.people.prefs_of(other.tenant.id, [w.ana.id]) == {}
        moved = uow.people.release_held(w.tenant.id, w.ana.id, "U1", "slack", "T1", held,
                                        release)
        assert moved == 3  # ana's reminder, the alert of her task, her DM
        uow.commit()
    with uows() as uow:
        r = uow.reminders.get_reminder(w.tenant.id, mine.id)
        assert r is not None and r.due_at == release
        alerts = uow.alerts.alerts_of([created.id, bobs.id])
        assert (alerts[created.id].next_at, alerts[bobs.id].next_at) == (release, held)
        dms = {d.notification.text: d.notification.not_before
               for d in uow.deliveries.deliveries("slack", "T1", None, 10)}
        assert dms == {"held dm": None, "bob's dm": held}


def test_alerts_are_saved_claimed_once_and_projects_escalate(
        store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    uows = cast(_Store, store)
    with uows() as uow:
        first, second = add_task(uow, w, "one", due_at=T0), add_task(uow, w, "two", due_at=T0)
        for task, at in ((first, T0 + 2 * H), (second, T0 + H)):
            uow.alerts.save_alert(TaskAlert(task_id=task.id, tenant_id=w.tenant.id,
                                            due_at=T0, next_at=at, stage=AlertStage.DUE_SOON))
        uow.commit()
    with uows() as uow:
        uow.alerts.save_alert(TaskAlert(task_id=first.id, tenant_id=w.tenant.id, due_at=T0,
                                        next_at=T0 + 3 * H, stage=AlertStage.DUE_SOON))
        got = uow.alerts.alert_of(first.id)
        assert got is not None and got.next_at == T0 + 3 * H  # saving again replaces
        assert uow.alerts.alert_of(10**9) is None
        assert uow.alerts.due_alerts(T0, 10) == []
        assert [a.task_id for a in uow.alerts.due_alerts(T0 + 5 * H, 10)] == [
            second.id, first.id]  # the earliest first
        assert [a.task_id for a in uow.alerts.due_alerts(T0 + 5 * H, 1)] == [second.id]
        moved = TaskAlert(task_id=second.id, tenant_id=w.tenant.id, due_at=T0,
                          next_at=T0 + 30 * H, stage=AlertStage.OVERDUE, overdue_sent=1,
                          escalated=True)
        assert uow.alerts.claim_alert(second.id, T0 + H, moved)
        assert not uow.alerts.claim_alert(second.id, T0 + H, moved)
        uow.alerts.delete_alert(first.id)
        assert uow.alerts.escalate_after([w.project.id]) == {}
        assert uow.alerts.escalate_after([]) == {}
        uow.alerts.set_escalate_after(w.project.id, 3)
        uow.alerts.set_escalate_after(w.project.id, 2)
        uow.commit()
    with uows() as uow:
        assert uow.alerts.alerts_of([first.id, second.id]) == {second.id: moved}
        assert uow.alerts.escalate_after([w.project.id, 10**9]) == {w.project.id: 2}


def test_the_feed_reads_changed_tasks_and_cursors_advance_once(
        store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    uows = cast(_Store, store)
    with uows() as uow:
        start = uow.feed.latest_history_id()
        assert uow.feed.changed_tasks(start, 10, overlap=False) == ([], start)
        a, b = add_task(uow, w, "a"), add_task(uow, w, "b")
        for task in (a, b, a):
            uow.history.add(HistoryRecord(task_id=task.id, actor_id=w.ana.id, at=T0,
                                          kind="edited", text="x"))
        uow.commit()
    with uows() as uow:
        latest = uow.feed.latest_history_id()
        assert latest > start
        ids, last = uow.feed.changed_tasks(start, 10, overlap=False)
        assert (ids, last) == ([a.id, b.id], latest)  # each task once, in history order
        ids, last = uow.feed.changed_tasks(start, 2, overlap=False)
        assert ids == [a.id, b.id] and start < last < latest
        assert uow.feed.changed_tasks(latest, 10, overlap=False) == ([], latest)
        assert uow.feed.changed_tasks(latest, 10)[0] == [a.id, b.id]  # re-read behind
        assert uow.feed.cursor("feed") == 0  # created at 0
        assert uow.feed.advance_cursor("feed", 0, latest)
        assert not uow.feed.advance_cursor("feed", 0, latest)
        assert not uow.feed.advance_cursor("unknown", 0, 5)
        uow.commit()
    with uows() as uow:
        assert uow.feed.cursor("feed") == latest
        b_row = uow.feed.changed_tasks(start, 2, overlap=False)[1]
        uow.tasks.delete(a)  # its history goes with it; the ids of the rest stay
        uow.commit()
    with uows() as uow:
        assert uow.feed.latest_history_id() == b_row
        assert uow.feed.changed_tasks(start, 10, overlap=False) == ([b.id], b_row)
        assert uow.feed.changed_tasks(b_row, 10, overlap=False) == ([], b_row)


def test_admins_see_a_workspaces_deliveries_newest_first(store: UnitOfWorkFactory) -> None:
    make_world(store)
    uows = cast(_Store, store)
    with uows() as uow:
        for text in ("first", "second", "third"):
            uow.outbox.add(_dm("U1", text), T0)
        uow.outbox.add(_dm("U1", "elsewhere", "T2"), T0)
        uow.commit()
    with uows() as uow:
        items = uow.deliveries.deliveries("slack", "T1", None, 2)
        assert [i.notification.text for i in items] == ["third", "second"]
        assert [i.state.value for i in items] == ["pending", "pending"]
        assert [i.notification.text for i in uow.deliveries.deliveries(
            "slack", "T1", "pending", 10)] == ["third", "second", "first"]
        assert uow.deliveries.deliveries("slack", "T1", "sent", 10) == []
        assert uow.deliveries.delivery_counts("slack", "T1") == {"pending": 3}
        assert uow.deliveries.delivery_counts("discord", "T1") == {}
        assert uow.deliveries.purge_outbox(T0 + 100 * H, 10) == 0  # nothing sent or dead
