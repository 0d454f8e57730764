"""The project layer's storage (issue 15) on SQLite and PostgreSQL: milestones, targets,
task plan facts, time logs, what a forecast reads (active tasks only, blockers elsewhere),
baselines, decisions and the early-warning keys."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from adapters.storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from core.model import Status
from core.plan_ports import BaselineRec, DecisionRec, MilestoneRec, TaskFacts, TimeLog
from core.planning.durations import Duration
from tests.integration.builders import T0, World, add_task, make_world


def _milestone(uow: SqlUnitOfWork, w: World, name: str, due: dt.datetime | None = None,
               ) -> MilestoneRec:
    return uow.plans.add_milestone(MilestoneRec(id=0, tenant_id=w.tenant.id,
                                                project_id=w.project.id, name=name,
                                                due_at=due), T0)


def test_milestones_targets_and_planned(uow_factory: SqlUnitOfWorkFactory) -> None:
    w = make_world(uow_factory)
    with uow_factory() as uow:
        assert not uow.plans.planned(w.project.id)
        late = _milestone(uow, w, "GA", T0 + dt.timedelta(days=30))
        beta = _milestone(uow, w, "Beta", T0 + dt.timedelta(days=10))
        _milestone(uow, w, "Someday")
        uow.commit()
    with uow_factory() as uow:
        assert [m.name for m in uow.plans.milestones(w.project.id)] == ["Beta", "GA", "Someday"]
        found = uow.plans.milestone(w.project.id, "  beta ".strip().upper())
        assert found is not None and found.id == beta.id and found.due_at == beta.due_at
        assert uow.plans.planned(w.project.id)
        late.state = "dropped"
        late.name = "GA later"
        uow.plans.update_milestone(late)
        uow.plans.set_target(w.tenant.id, w.project.id, T0 + dt.timedelta(days=40))
        uow.plans.set_target(w.tenant.id, w.project.id, T0 + dt.timedelta(days=45))
        uow.commit()
    with uow_factory() as uow:
        assert [m.name for m in uow.plans.milestones(w.project.id)] == ["Beta", "Someday"]
        assert uow.plans.milestone(w.project.id, "ga later") is not None
        assert uow.plans.target(w.project.id) == T0 + dt.timedelta(days=45)
        assert uow.plans.milestones_by_id([beta.id])[beta.id].name == "Beta"


def test_milestone_names_are_unique_per_project_ignoring_case(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    w = make_world(uow_factory)
    with uow_factory() as uow:
        _milestone(uow, w, "Beta")
        uow.commit()
    with uow_factory() as uow, pytest.raises(IntegrityError):
        _milestone(uow, w, "BETA")
        uow.commit()


def test_facts_logs_and_the_rows_a_forecast_reads(uow_factory: SqlUnitOfWorkFactory) -> None:
    w = make_world(uow_factory)
    with uow_factory() as uow:
        beta = _milestone(uow, w, "Beta")
        spec = add_task(uow, w, "spec", project=w.project, assignee=w.bob)
        build = add_task(uow, w, "build", project=w.project)
        elsewhere = uow.projects.add(w.tenant.id, "Infra", w.ana.id, None, T0)
        infra = add_task(uow, w, "infra", project=elsewhere)
        done = add_task(uow, w, "old", project=w.project, status=Status.DONE,
                        done_at=T0 + dt.timedelta(hours=5))
        uow.tasks.add_edge(infra.id, build.id)
        uow.plans.set_facts(w.tenant.id, TaskFacts(task_id=spec.id, milestone_id=beta.id,
                                                   estimate=Duration(30, 150)))
        uow.plans.add_log(w.tenant.id, TimeLog(task_id=spec.id, member_id=w.bob.id, at=T0,
                                               minutes=90, note="draft"))
        uow.plans.add_log(w.tenant.id, TimeLog(task_id=build.id, member_id=w.ana.id, at=T0,
                                               minutes=15))
        uow.plans.add_log(w.tenant.id, TimeLog(task_id=spec.id, member_id=w.bob.id, at=T0,
                                               minutes=30))
        uow.plans.set_facts(w.tenant.id, TaskFacts(task_id=done.id, estimate=Duration(0, 100)))
        uow.commit()
    with uow_factory() as uow:
        rows = {r.number: r for r in uow.plans.active_rows(w.project.id, 100)}
        assert set(rows) == {spec.number, build.number}  # done work is not read
        assert rows[spec.number].estimate == Duration(30, 150)
        assert rows[spec.number].logged_minutes == 120
        assert rows[spec.number].milestone_id == beta.id
        assert rows[build.number].estimate is None and rows[build.number].logged_minutes == 15
        [outside] = uow.plans.active_rows_by_id([infra.id, done.id])
        assert outside.number == infra.number and outside.project_id == elsewhere.id
        assert [(s.start, s.done) for s in uow.plans.done_spans(w.project.id, 10)] == [
            (T0, T0 + dt.timedelta(hours=5))]
        assert uow.plans.scope_days(w.project.id) == {done.number: Duration(0, 100)}
        assert [(x.minutes, x.note) for x in uow.plans.logs(spec.id, 10)] == [
            (90, "draft"), (30, None)]
        assert uow.plans.milestone_progress([beta.id]) == {beta.id: (0, 1)}
        ms, done_count, counted = uow.plans.milestone_of(spec.id)  # type: ignore[misc]
        assert (ms.id, ms.name, done_count, counted) == (beta.id, beta.name, 0, 1)
        assert uow.plans.milestone_of(build.id) is None  # in no milestone
        facts = uow.plans.facts([spec.id, build.id])
        assert facts[spec.id].logged_minutes == 120 and facts[build.id].milestone_id is None
        # re-writing facts keeps what was logged
        uow.plans.set_facts(w.tenant.id, TaskFacts(task_id=spec.id, milestone_id=None,
                                                   estimate=None, logged_minutes=120))
        uow.commit()
    with uow_factory() as uow:
        assert uow.plans.facts([spec.id])[spec.id] == TaskFacts(spec.id, None, None, 120)
        uow.tasks.delete(uow.tasks.get(w.tenant.id, spec.number))  # type: ignore[arg-type]
        uow.commit()
    with uow_factory() as uow:
        assert uow.plans.facts([spec.id]) == {}  # gone with the task


def test_logged_work_is_summed_per_task_and_person_within_the_window(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    w = make_world(uow_factory)
    hour = dt.timedelta(hours=1)
    with uow_factory() as uow:
        spec = add_task(uow, w, "spec", project=w.project)
        build = add_task(uow, w, "build", project=w.project)
        other = uow.projects.add(w.tenant.id, "Infra", w.ana.id, None, T0)
        infra = add_task(uow, w, "infra", project=other)
        uow.plans.set_facts(w.tenant.id, TaskFacts(task_id=spec.id, estimate=Duration(0, 100)))
        for task, who, at, minutes in ((spec, w.bob, T0, 60), (spec, w.bob, T0 + 2 * hour, 30),
                                       (spec, w.ana, T0 + hour, 45),
                                       (spec, w.bob, T0 - hour, 600),      # before the window
                                       (spec, w.bob, T0 + 48 * hour, 600),  # after it
                                       (build, w.ana, T0 + 3 * hour, 15),
                                       (infra, w.ana, T0 + hour, 120)):    # another project
            uow.plans.add_log(w.tenant.id, TimeLog(task_id=task.id, member_id=who.id, at=at,
                                                   minutes=minutes))
        uow.commit()
    with uow_factory() as uow:
        found = uow.plans.project_work(w.project.id, T0, T0 + 24 * hour)
        assert sorted((x.task_id, x.member_id, x.minutes, x.last_at, x.estimate)
                      for x in found) == sorted([
            (spec.id, w.bob.id, 90, T0 + 2 * hour, Duration(0, 100)),
            (spec.id, w.ana.id, 45, T0 + hour, Duration(0, 100)),
            (build.id, w.ana.id, 15, T0 + 3 * hour, None)])
        assert all(x.last_at.tzinfo is not None for x in found)
        everything = uow.plans.project_work(w.project.id, None, None)
        assert sum(x.minutes for x in everything) == 90 + 45 + 600 + 600 + 15


def test_baselines_decisions_and_alert_keys(uow_factory: SqlUnitOfWorkFactory) -> None:
    w = make_world(uow_factory)
    with uow_factory() as uow:
        one = add_task(uow, w, "one", project=w.project)
        two = add_task(uow, w, "two", project=w.project)
        data = {"finish": T0.isoformat(), "milestones": {"Beta": None},
                "tasks": {"1": T0.isoformat()}, "scope": {"1": 1.5}}
        uow.plans.save_baseline(w.tenant.id, BaselineRec(w.project.id, T0, w.ana.id, data))
        later = T0 + dt.timedelta(days=1)
        uow.plans.save_baseline(w.tenant.id, BaselineRec(w.project.id, later, w.bob.id, data))
        first = uow.plans.add_decision(w.tenant.id, DecisionRec(
            0, w.project.id, w.ana.id, T0, "Ship without SSO", (one.number, two.number)),
            [one.id, two.id])
        uow.plans.add_decision(w.tenant.id, DecisionRec(0, w.project.id, w.bob.id, later,
                                                        "Cut scope", ()), [])
        assert uow.plans.set_alert_keys(w.project.id, ["ms:beta:late", "task:1:late"], [],
                                        T0) == ({"ms:beta:late", "task:1:late"}, set())
        # only what this call changed comes back: task:1 was there, ms:gamma never was
        assert uow.plans.set_alert_keys(
            w.project.id, ["task:1:late", "dep:1:2", "dep:1:2"],
            ["ms:beta:late", "ms:gamma:late"], later) == ({"dep:1:2"}, {"ms:beta:late"})
        uow.commit()
    with uow_factory() as uow:
        base = uow.plans.baseline(w.project.id)
        assert base is not None and base.taken_at == later and base.taken_by == w.bob.id
        assert base.data == data
        assert [d.text for d in uow.plans.decisions(w.project.id, 10)] == [
            "Cut scope", "Ship without SSO"]
        assert uow.plans.decisions(w.project.id, 1, offset=1)[0].numbers == (
            one.number, two.number)
        assert uow.plans.decision_count(w.project.id) == 2
        assert [d.id for d in uow.plans.decisions_of_task(two.id, 5)] == [first.id]
        assert uow.plans.alert_keys(w.project.id) == {"task:1:late", "dep:1:2"}


def test_edges_and_late_pairs_in_one_query_each(uow_factory: SqlUnitOfWorkFactory) -> None:
    """`active_edges`: the edges into the project's active tasks; `late_pairs`: the focus
    tasks' neighbours (either side) whose blocker is due after what it blocks."""
    w = make_world(uow_factory)
    day = dt.timedelta(days=1)
    with uow_factory() as uow:
        elsewhere = uow.projects.add(w.tenant.id, "Infra", w.ana.id, None, T0)
        early = add_task(uow, w, "early", project=w.project, due_at=T0 + 2 * day)
        late = add_task(uow, w, "late", project=elsewhere, due_at=T0 + 5 * day)
        mid = add_task(uow, w, "mid", project=w.project, due_at=T0 + 3 * day,
                       assignee=w.bob)
        undated = add_task(uow, w, "undated", project=w.project)
        closed = add_task(uow, w, "closed", project=w.project, status=Status.DONE,
                          due_at=T0 + 9 * day)
        uow.tasks.add_edge(late.id, early.id)     # late blocks early: a late pair
        uow.tasks.add_edge(early.id, mid.id)      # due before mid: fine
        uow.tasks.add_edge(late.id, mid.id)       # late pair
        uow.tasks.add_edge(late.id, undated.id)   # no date to compare
        uow.tasks.add_edge(closed.id, early.id)   # closed blocker: not a risk
        uow.commit()
    with uow_factory() as uow:
        assert sorted(uow.plans.active_edges(w.project.id)) == sorted([
            (early.id, late.id), (mid.id, early.id), (mid.id, late.id),
            (undated.id, late.id), (early.id, closed.id)])
        assert uow.plans.active_edges(elsewhere.id) == []
        pairs = uow.plans.late_pairs(w.project.id, [late.id])
        assert [(p.blocker_number, p.number) for p in pairs] == [
            (late.number, early.number), (late.number, mid.number)]
        assert pairs[1].member_id == w.bob.id and pairs[0].member_id == w.ana.id
        assert pairs[0].blocker_due == T0 + 5 * day and pairs[0].due == T0 + 2 * day
        assert [p.number for p in uow.plans.late_pairs(w.project.id, [mid.id])] == [
            mid.number]
        assert uow.plans.late_pairs(elsewhere.id, [late.id]) == []
        assert uow.plans.late_pairs(w.project.id, [undated.id, closed.id]) == []
