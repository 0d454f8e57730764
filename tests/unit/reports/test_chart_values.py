"""Chart values: series read off hand-made histories, layouts, titles and alt text."""

from __future__ import annotations

import datetime as dt

from core.reports.charts import (
    burn_up,
    cumulative_flow,
    lead_time_scatter,
    pace_forecast,
    workload_bars,
)
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.facts import replay
from core.reports.period import period_between
from core.reports.plan_charts import (
    GraphTask,
    TimelineItem,
    dependency_graph,
    layered_layout,
    timeline,
)

UTC = dt.UTC
PERIOD = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 8), "UTC")


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


FACTS = replay([
    E(1, K.CREATED, at(2), assignee=1), E(1, K.STARTED, at(3)), E(1, K.DONE, at(4)),
    E(2, K.CREATED, at(2), assignee=2), E(2, K.STARTED, at(5)),
    E(3, K.CREATED, at(4), assignee=1), E(3, K.DROPPED, at(6)),
    E(4, K.CREATED, at(5), assignee=1), E(4, K.DONE, at(7)),
    E(4, K.LOGGED, at(6), actor=1, hours=2.5),
])


def test_burn_up_counts_scope_without_dropped_and_done_per_day() -> None:
    chart = burn_up(FACTS, PERIOD, at(30), "launch")
    assert chart.days[0] == dt.date(2026, 3, 2) and len(chart.days) == 7
    assert chart.scope == [2, 2, 3, 4, 3, 3, 3]
    assert chart.done == [0, 0, 1, 1, 1, 2, 2]
    assert chart.title == "Burn-up: launch, 2 Mar to 8 Mar 2026"
    assert "from 2 to 3 tasks" in chart.alt and "1 to go" in chart.alt
    assert chart.forecast is not None and chart.forecast[-1][1] == 3.0


def test_burn_up_stops_at_now_and_a_forecast_needs_a_pace() -> None:
    assert len(burn_up(FACTS, PERIOD, at(4, 18), "launch").days) == 3
    assert pace_forecast([dt.date(2026, 1, d) for d in (1, 2, 3)], [5, 5, 5], [1, 1, 1]) is None
    line = pace_forecast([dt.date(2026, 1, d) for d in (1, 2, 3)], [5, 5, 5], [1, 2, 3])
    assert line == [(dt.date(2026, 1, 3), 3.0), (dt.date(2026, 1, 5), 5.0)]


def test_cumulative_flow_splits_open_in_progress_done() -> None:
    flow = cumulative_flow(FACTS, PERIOD, at(30), "launch")
    assert flow.open == [2, 1, 2, 2, 1, 0, 0]
    assert flow.in_progress == [0, 1, 0, 1, 1, 1, 1]
    assert flow.done == [0, 0, 1, 1, 1, 2, 2]
    assert "Work in progress went from 0 to 1" in flow.alt


def test_lead_time_scatter_and_its_percentiles() -> None:
    chart = lead_time_scatter(FACTS, PERIOD, "launch")
    assert [(p.task_id, p.days) for p in chart.points] == [(1, 2.0), (4, 2.0)]
    assert chart.p50 == 2.0 and chart.p85 == 2.0
    assert "2 tasks done" in chart.alt


def test_workload_bars_busiest_first_with_names() -> None:
    chart = workload_bars(FACTS, PERIOD, at(30), {1: "ana", 2: "bo"}, "launch")
    assert chart.people == ["bo", "ana"]
    assert (chart.open, chart.done, chart.hours) == ([1, 0], [0, 2], [0.0, 2.5])
    assert chart.alt == ("bo carries the most open work (1 task); 2 people shown, 1 open task "
                         "in all.")


def test_empty_inputs_say_so() -> None:
    assert "no tasks" in burn_up({}, PERIOD, at(30), "x").alt
    assert lead_time_scatter({}, PERIOD, "x").p50 is None
    assert workload_bars({}, PERIOD, at(30), {}, "x").people == []
    assert timeline([], dt.date(2026, 3, 1), "x").items == []
    assert dependency_graph([], [], "x", dt.date(2026, 3, 1)).nodes == []


def test_timeline_keeps_critical_items_and_reports_lateness() -> None:
    d = dt.date
    items = [TimelineItem(1, "spec", d(2026, 3, 2), d(2026, 3, 6), critical=True, done=True),
             TimelineItem(2, "build", d(2026, 3, 9), d(2026, 3, 20), critical=True),
             TimelineItem(3, "docs", d(2026, 3, 3), d(2026, 3, 5)),
             TimelineItem(4, "launch", d(2026, 3, 23), d(2026, 3, 23), milestone=True)]
    chart = timeline(items, d(2026, 3, 10), "launch", rows=3)
    assert [i.task_id for i in chart.items] == [1, 2, 4]
    assert "2 on the critical path, which ends 20 Mar" in chart.alt
    assert chart.alt.startswith("2 tasks and 1 milestone from 2 Mar to 23 Mar 2026;")
    assert chart.alt.endswith("Shown: 3 of 4 (the critical path and milestones first, "
                              "then the earliest).")
    assert timeline(items, d(2026, 3, 10), "launch").alt.endswith("1 past their end and not done.")


def test_layered_layout_puts_blockers_left_and_survives_a_cycle() -> None:
    place = layered_layout([1, 2, 3, 4, 5], [(1, 2), (2, 3), (1, 4), (4, 3), (5, 5)])
    assert {i: place[i][0] for i in place} == {1: 0, 2: 1, 4: 1, 3: 2, 5: 0}
    assert place[2][1] != place[4][1]
    cyclic = layered_layout([1, 2, 3], [(1, 2), (2, 3), (3, 1)])
    assert sorted(layer for layer, _ in cyclic.values()) == [0, 1, 2]


def test_dependency_graph_marks_blocked_tasks() -> None:
    tasks = [GraphTask(1, "spec", done=True), GraphTask(2, "build"), GraphTask(3, "test"),
             GraphTask(4, "ship", critical=True)]
    graph = dependency_graph(tasks, [(1, 2), (2, 3), (3, 4), (9, 4)], "launch",
                             dt.date(2026, 3, 10))
    blocked = {n.task_id for n in graph.nodes if n.blocked}
    assert blocked == {3, 4} and graph.edges == [(1, 2), (2, 3), (3, 4)]
    assert graph.alt == "4 tasks in 4 steps, 3 dependencies; 2 blocked, 1 done."


def test_dependency_graph_leaves_out_unlinked_tasks_and_wraps_tall_layers() -> None:
    tasks = [GraphTask(i, f"#{i}") for i in range(1, 32)]
    edges = [(1, i) for i in range(2, 30)]            # 28 tasks in the second layer; 30, 31 alone
    graph = dependency_graph(tasks, edges, "launch", dt.date(2026, 3, 10), rows=12)
    assert {n.task_id for n in graph.nodes} == set(range(1, 30))
    assert sorted({n.column for n in graph.nodes if n.layer == 1}) == [1, 2, 3]
    assert max(n.row for n in graph.nodes) < 12
    assert dependency_graph(tasks[:3], [], "x", dt.date(2026, 3, 10)).alt == (
        "x has no dependencies between its tasks.")
    cut = dependency_graph(tasks, edges, "launch", dt.date(2026, 3, 10), limit=10)
    assert len(cut.nodes) == 10 and cut.alt.endswith("19 more linked tasks not drawn.")


def test_timeline_titles_say_one_day_once_and_both_years_across_new_year() -> None:
    d = dt.date
    one = timeline([TimelineItem(1, "spec", d(2026, 11, 30), d(2026, 11, 30))],
                   d(2026, 11, 30), "launch")
    assert one.title == "Timeline: launch, 30 Nov 2026"
    assert one.alt.startswith("1 task on 30 Nov 2026; 0 on the critical path")
    across = timeline([TimelineItem(1, "spec", d(2026, 12, 1), d(2027, 1, 30))],
                      d(2026, 11, 30), "launch")
    assert across.title == "Timeline: launch, 1 Dec 2026 to 30 Jan 2027"


def test_workload_hours_go_to_whoever_logged_them() -> None:
    """As the report's workload figure counts them: a helper's hours on someone else's task
    are the helper's (the chart gave them to the task's assignee)."""
    facts = replay([E(1, K.CREATED, at(2), assignee=1),
                    E(1, K.LOGGED, at(3), actor=2, hours=3.0),
                    E(1, K.LOGGED, at(4), actor=1, hours=1.0),
                    E(1, K.LOGGED, at(20), actor=2, hours=9.0)])      # after the period
    chart = workload_bars(facts, PERIOD, at(30), {1: "ana", 2: "bo"}, "launch")
    assert dict(zip(chart.people, chart.hours, strict=True)) == {"ana": 1.0, "bo": 3.0}
    assert dict(zip(chart.people, chart.open, strict=True)) == {"ana": 1, "bo": 0}
