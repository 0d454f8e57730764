from __future__ import annotations

from core.charts import bar, load_chart, status_chart
from core.results import MemberLoad, MemberView, ProjectStatusReport, ProjectView


def report(load: int = 3) -> ProjectStatusReport:
    people = tuple(MemberLoad(member=MemberView(user_id=f"u{i}", display_name=f"person{i}"),
                              open_count=10 - i, in_progress_count=0, overdue_count=i % 2)
                   for i in range(load))
    return ProjectStatusReport(project=ProjectView(name="p"), total=8, done=2,
                               counts={"done": 2, "open": 5, "in_progress": 1},
                               overdue=(), blocked=(), load=people)


def test_bars_are_proportional_and_safe_at_the_edges() -> None:
    assert bar(5, 10, width=10) == "█████░░░░░"
    assert bar(0, 0, width=4) == "░░░░"
    assert bar(12, 10, width=4) == "████"
    assert bar(-1, 10, width=4) == "░░░░"


def test_status_chart_lists_statuses_in_life_order() -> None:
    lines = status_chart(report())
    assert [line.split()[0] for line in lines] == ["open", "in", "done"]
    assert lines[0].endswith(" 5")


def test_load_chart_is_relative_to_the_busiest_and_capped() -> None:
    lines = load_chart(report(load=12), rows=10)
    assert lines[0].startswith("@person0") and "█" * 20 in lines[0]
    assert "(1 overdue)" in lines[1]
    assert lines[-1] == "… and 2 more"
