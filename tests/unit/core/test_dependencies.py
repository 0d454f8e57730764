from __future__ import annotations

import datetime as dt

from core import commands as c
from core.commands import UserRef
from core.handlers.critical_path import critical_path
from core.model import Status, Task
from core.results import ProjectStatusReport, TaskChanged, TaskDetails
from tests.unit.core.helpers import World


def chain(w: World) -> None:
    """#1 <- #2 <- #3: each waits for the one before, owners bob, cy, dee."""
    for name in ("bob", "cy", "dee"):
        w.as_(name).run(c.Help())
    w.as_("ana")
    w.run(c.AddTask(title="Design", assignee=UserRef(name="bob")))
    w.run(c.AddTask(title="Build", assignee=UserRef(name="cy"), after=(1,)))
    w.run(c.AddTask(title="Ship", assignee=UserRef(name="dee"), after=(2,)))


def test_a_cycle_is_refused_with_the_cycle_spelled_out() -> None:
    w = World()
    chain(w)
    refusal = w.fails(c.Depend(number=1, on=(3,)))
    assert "#1 -> #2 -> #3 -> #1" in refusal.reason
    assert "itself" in w.fails(c.Depend(number=2, on=(2,))).reason
    assert w.uow.db.edges == {(t1, t2) for t1, t2 in w.uow.db.edges}  # unchanged below
    assert len(w.uow.db.edges) == 2


def test_completing_a_chain_sends_exactly_one_unblock_dm_per_step() -> None:
    w = World()
    chain(w)
    w.uow.db.outbox.clear()
    w.as_("bob").run(c.DoneTask(number=1))
    [first] = w.notes("unblocked")
    assert first.user_id == "cy"
    assert first.text == "#2 Build is unblocked: bob finished #1 Design"
    w.as_("cy").run(c.DoneTask(number=2))
    assert [n.user_id for n in w.notes("unblocked")] == ["cy", "dee"]
    w.as_("dee").run(c.DoneTask(number=3))
    assert len(w.notes("unblocked")) == 2


def test_nobody_is_told_while_another_blocker_is_open() -> None:
    w = World()
    w.as_("bob").run(c.Help())
    w.as_("ana")
    w.run(c.AddTask(title="A"))
    w.run(c.AddTask(title="B"))
    w.run(c.AddTask(title="C", assignee=UserRef(name="bob"), after=(1, 2)))
    w.run(c.DoneTask(number=1))
    assert w.notes("unblocked") == []
    w.run(c.DropTask(number=2))
    [note] = w.notes("unblocked")
    assert note.user_id == "bob" and "ana dropped #2 B" in note.text


def test_unassigned_blocked_task_notifies_its_creator() -> None:
    w = World()
    w.as_("ana").run(c.AddTask(title="A"))
    w.as_("bob").run(c.AddTask(title="B", after=(1,)))
    w.as_("ana").run(c.DoneTask(number=1))
    [note] = w.notes("unblocked")
    assert note.user_id == "bob"


def test_reopening_a_blocker_blocks_its_dependents_again() -> None:
    w = World()
    chain(w)
    w.run(c.DoneTask(number=1))
    w.run(c.ReopenTask(number=1))
    shown = w.run(c.ShowTask(number=2))
    assert isinstance(shown, TaskDetails) and shown.task.is_blocked
    blocked = w.run(c.ListTasks(scope="all", state="blocked"))
    assert [t.number for t in blocked.tasks] == [2, 3]  # type: ignore[attr-defined]


def test_blocks_option_and_undepend() -> None:
    w = World()
    w.run(c.AddTask(title="Later"))
    result = w.run(c.AddTask(title="First", blocks=(1,)))
    assert isinstance(result, TaskChanged)
    later = w.run(c.ShowTask(number=1))
    assert isinstance(later, TaskDetails)
    assert [b.number for b in later.task.blocked_by] == [2]
    w.run(c.Undepend(number=1, on=(2,)))
    assert w.uow.db.tasks[next(t.id for t in w.uow.db.tasks.values()
                               if t.number == 1)].open_blocker_count == 0
    assert "doesn't depend" in w.fails(c.Undepend(number=1, on=(2,))).reason


def test_deleting_a_blocker_releases_its_dependents() -> None:
    w = World()
    chain(w)
    w.run(c.DeleteTask(number=1))
    blocked = w.run(c.ListTasks(scope="all", state="blocked"))
    assert [t.number for t in blocked.tasks] == [3]  # type: ignore[attr-defined]


def test_project_status_answers_the_managers_question() -> None:
    w = World()
    for name in ("bob", "cy"):
        w.as_(name).run(c.Help())
    w.as_("ana").run(c.NewProject(name="launch"))
    assert "already" in w.fails(c.NewProject(name="Launch")).reason
    past = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    w.run(c.AddTask(title="Design", project="launch", assignee=UserRef(name="bob"),
                    due_at=past))
    w.run(c.AddTask(title="Build", project="launch", assignee=UserRef(name="cy"), after=(1,)))
    w.run(c.AddTask(title="Ship", project="launch", after=(2,)))
    w.run(c.AddTask(title="Party", project="launch"))
    w.run(c.DoneTask(number=4))
    report = w.run(c.ProjectStatus(name="LAUNCH"))
    assert isinstance(report, ProjectStatusReport)
    assert (report.done, report.total, report.percent) == (1, 4, 25)
    assert report.counts == {"open": 3, "done": 1}
    assert [t.number for t in report.overdue] == [1]
    assert [(b.task.number, [x.number for x in b.blockers]) for b in report.blocked] == [
        (2, [1]), (3, [2])]
    assert [t.number for t in report.critical_path] == [1, 2, 3]
    loads = {(m.member.display_name if m.member else None): m.open_count for m in report.load}
    assert loads == {"bob": 1, "cy": 1, None: 1}


def test_archived_projects_keep_history_but_take_no_new_work() -> None:
    w = World()
    w.run(c.NewProject(name="old"))
    w.run(c.AddTask(title="kept", project="old"))
    w.run(c.ArchiveProject(name="old"))
    assert "archived" in w.fails(c.AddTask(title="new", project="old")).reason
    assert isinstance(w.run(c.ProjectStatus(name="old")), ProjectStatusReport)


def _task(i: int) -> Task:
    return Task(id=i, tenant_id=1, number=i, title=str(i), creator_id=1,
                created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), status=Status.OPEN)


def test_critical_path_is_the_longest_chain() -> None:
    tasks = [_task(i) for i in range(1, 7)]
    blockers = {2: [1], 3: [2], 4: [1], 5: [4, 3], 6: []}
    assert [t.number for t in critical_path(tasks, blockers)] == [1, 2, 3, 5]
    assert critical_path(tasks[5:], {}) == []


def test_someone_known_to_have_closed_dms_is_told_in_the_projects_channel() -> None:
    w = World()
    w.as_("bob").run(c.Help())
    w.as_("ana").run(c.NewProject(name="launch"))
    bob = next(m for m in w.uow.db.members.values() if m.user_id == "bob")
    bob.dm_unreachable = True
    w.run(c.AddTask(title="For Bob", project="launch", assignee=UserRef(name="bob")))
    [note] = w.notes("channel_fallback")
    assert note.user_id is None and note.channel_id == "general"
    assert note.extra["mention_user_id"] == "bob"
    assert note.text.startswith("bob: I couldn't send you this as a direct message")
    assert "/task dms on" in note.text
