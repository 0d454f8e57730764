"""The home-screen and type-ahead queries, on the in-memory fakes."""

from __future__ import annotations

import datetime as dt

from core.commands import AddTask, DoneTask, FindOpenTasks, ShowMyWork, StartTask, UserRef
from core.results import TaskList, WorkOverview
from tests.unit.core.helpers import START, World


def _world() -> World:
    w = World()
    w.as_("bo").run(AddTask(title="Bo's blocker"))                                       # 1
    w.as_("ana").run(AddTask(title="Late report", assignee=UserRef(name="ana"),
                             due_at=START - dt.timedelta(days=1)))                        # 2
    w.run(AddTask(title="Soon thing", assignee=UserRef(name="ana"),
                  due_at=START + dt.timedelta(hours=5)))                                  # 3
    w.run(AddTask(title="Waiting thing", assignee=UserRef(name="ana"), after=(1,)))       # 4
    w.run(AddTask(title="Busy thing", assignee=UserRef(name="ana")))                      # 5
    w.run(StartTask(number=5))
    w.run(AddTask(title="Someday", assignee=UserRef(name="ana")))                         # 6
    w.run(AddTask(title="Finished", assignee=UserRef(name="ana")))                        # 7
    w.run(DoneTask(number=7))
    return w


def test_my_work_puts_each_open_task_in_one_group() -> None:
    result = _world().as_("ana").run(ShowMyWork())
    assert isinstance(result, WorkOverview)
    numbers = {k: [t.number for t in getattr(result, k)]
               for k in ("overdue", "due_soon", "blocked", "in_progress", "open")}
    assert numbers == {"overdue": [2], "due_soon": [3], "blocked": [4], "in_progress": [5],
                       "open": [6]}
    assert [r.number for r in result.waiting_on] == [1]
    assert result.total_open == 5


def test_find_open_tasks_by_number_and_by_words() -> None:
    w = _world()
    by_words = w.run(FindOpenTasks(query="THING"))
    assert isinstance(by_words, TaskList)
    assert sorted(t.number for t in by_words.tasks) == [3, 4, 5]
    assert [t.number for t in w.run(FindOpenTasks(query="#2")).tasks] == [2]  # type: ignore[attr-defined]
    assert w.run(FindOpenTasks(query="7")).tasks == ()  # type: ignore[attr-defined]
    pressing = w.run(FindOpenTasks(query="", limit=2))
    assert [t.number for t in pressing.tasks] == [2, 3]  # type: ignore[attr-defined]
