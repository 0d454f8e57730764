"""The project layer's inputs folded into reports, on hand-made values: estimates and
time logged as events (estimate accuracy, hours per person), only for the tasks the
report's history has; the plan's forecast finish as the burn-up's line; the forecast's
variance in the report's figures; the timeline placed by the forecast with milestones as
diamonds; the weekly report's new slips and milestones at risk."""

from __future__ import annotations

import datetime as dt

from core.plan_ports import LoggedWork
from core.planning.durations import Duration
from core.reports.charts import BurnUp
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.facts import replay
from core.reports.metrics import Scope, report_from_facts
from core.reports.period import period_between
from core.reports.plan_charts import TimelineItem
from core.reports.plan_inputs import (
    MilestoneMark,
    PlanInputs,
    events_for,
    plan_section,
    timeline_items,
    with_finish,
    with_plan_figures,
    work_events,
)

MON = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
NOW = MON + dt.timedelta(days=4)
WEEK = period_between(MON.date(), MON.date() + dt.timedelta(days=6), "UTC")


def _history() -> list[E]:
    return [E(1, K.CREATED, MON, actor=7, assignee=7, project=3),
            E(1, K.DONE, MON + dt.timedelta(days=2), actor=7),
            E(2, K.CREATED, MON, actor=7, assignee=8, project=3),
            E(2, K.DONE, MON + dt.timedelta(days=3), actor=8)]


def test_logged_work_gives_estimate_accuracy_and_hours() -> None:
    one_day, four_h, one_h = (Duration(day_hundredths=100), Duration(minutes=240),
                              Duration(minutes=60))
    work = [LoggedWork(1, 7, 360, MON + dt.timedelta(hours=2), one_day),   # 1 d = 8 h
            LoggedWork(1, 9, 360, MON + dt.timedelta(days=1), one_day),    # someone helped
            LoggedWork(2, 8, 240, MON + dt.timedelta(days=2), four_h),
            LoggedWork(3, 8, 600, MON, one_h),                # a task not in the history
            LoggedWork(4, 8, 60, MON)]                        # no estimate
    events = work_events(work, NOW)
    assert [(e.task_id, e.hours) for e in events if e.kind is K.ESTIMATED] == [
        (1, 8.0), (2, 4.0), (3, 1.0)]                         # once per task
    assert all(e.at == NOW for e in events if e.kind is K.ESTIMATED)
    assert [(e.task_id, e.actor, e.hours) for e in events if e.kind is K.LOGGED] == [
        (1, 7, 6.0), (1, 9, 6.0), (2, 8, 4.0), (3, 8, 10.0), (4, 8, 1.0)]
    history = _history()
    kept = events_for(PlanInputs(events=events), (e.task_id for e in history))
    assert {e.task_id for e in kept} == {1, 2}
    report = report_from_facts(replay([*history, *kept]), WEEK, NOW, Scope(project=3))
    # logged 12 h + 4 h against 8 h + 4 h
    assert report.estimate_tasks == 2 and round(report.estimate_ratio or 0, 3) == 1.333
    hours = {p.person: p.hours for p in report.workload}
    assert hours == {7: 6.0, 8: 4.0, 9: 6.0}


def test_no_plan_events_leave_the_history_alone() -> None:
    assert events_for(PlanInputs(), [1, 2]) == []


def _burn_up(done: int, scope: int) -> BurnUp:
    days = [MON.date() + dt.timedelta(days=i) for i in range(5)]
    return BurnUp("Burn-up: x", "Scope went from 2 to 4 tasks and 1 is done, 3 to go; at "
                  "the recent pace the rest is done around 20 Mar 2026.", days,
                  [scope] * 5, [done] * 5, [(days[-1], 1.0), (dt.date(2026, 3, 20), 4.0)])


def test_the_plans_finish_replaces_the_pace_line() -> None:
    chart = with_finish(_burn_up(1, 4), dt.date(2026, 3, 13))
    assert chart.forecast == [(dt.date(2026, 3, 6), 1.0), (dt.date(2026, 3, 13), 4.0)]
    assert chart.alt == ("Scope went from 2 to 4 tasks and 1 is done, 3 to go; the plan "
                         "forecasts the rest done by 13 Mar 2026.")
    assert with_finish(_burn_up(1, 4), None).forecast == _burn_up(1, 4).forecast
    assert with_finish(_burn_up(4, 4), dt.date(2026, 3, 13)) == _burn_up(4, 4)   # all done


def test_the_forecasts_variance_joins_the_figures() -> None:
    figures = [("Estimate accuracy", "n/a"), ("Schedule variance", "no baseline")]
    plan = PlanInputs(variance="+2.0 working days: forecast Fri 13 Mar against Wed 11 Mar in "
                               "the baseline of Mon 2 Mar")
    assert with_plan_figures(figures, plan)[1] == ("Schedule variance", plan.variance)
    both = with_plan_figures([("Schedule variance", "+1.0 d on average, 1 of 2 late")], plan)
    assert both[0][1] == f"{plan.variance}; +1.0 d on average, 1 of 2 late"
    assert with_plan_figures(figures, PlanInputs()) == tuple(figures)


def test_the_timeline_follows_the_forecast_and_shows_milestones() -> None:
    d = MON.date()
    items = [TimelineItem(1, "#1 Spec", d, d, done=True),
             TimelineItem(2, "#2 Build", d, d + dt.timedelta(days=1), critical=True)]
    plan = PlanInputs(spans={1: (d, d + dt.timedelta(days=9)),
                             2: (d + dt.timedelta(days=2), d + dt.timedelta(days=5))},
                      marks=(MilestoneMark(4, "beta", d + dt.timedelta(days=5), late=True),))
    out = timeline_items(items, plan)
    assert out[0] == items[0]                          # a done task stays where it was
    assert (out[1].start, out[1].end, out[1].critical) == (d + dt.timedelta(days=2),
                                                           d + dt.timedelta(days=5), True)
    [ms] = [i for i in out if i.milestone]
    assert ms.label == "◆ beta (late)" and ms.start == ms.end and ms.task_id < 0


def test_new_slips_and_milestones_at_risk_since_the_last_report() -> None:
    since = MON
    risks = {"ms:beta:late": "milestone beta is forecast Fri 13 Mar, after Wed 11 Mar",
             "ms:ga:late": "milestone ga is forecast Mon 30 Mar, after Fri 27 Mar",
             "task:5:late": "#5 Build is forecast Thu 12 Mar, after Tue 10 Mar",
             "task:6:late": "#6 Docs is forecast Fri 13 Mar, after Mon 9 Mar",
             "dep:1:2": "#2 waits for #1, due after its own due date"}
    alerted = {"ms:beta:late": since + dt.timedelta(days=1),
               "ms:ga:late": since - dt.timedelta(days=3),
               "task:6:late": since - dt.timedelta(days=10)}
    assert plan_section(risks, alerted, since) == [
        f"New slip: {risks['ms:beta:late']}", f"New slip: {risks['task:5:late']}",
        f"Milestone at risk: {risks['ms:ga:late']}"]
    assert plan_section({}, alerted, since) == []
