from __future__ import annotations

import datetime as dt

from core import commands as c
from core.commands import UserRef
from core.model import Priority, Role, Status
from core.results import TaskChanged, TaskDetails, TaskList
from tests.unit.core.helpers import World


def add(w: World, title: str, **kw: object) -> TaskChanged:
    result = w.run(c.AddTask(title=title, **kw))
    assert isinstance(result, TaskChanged)
    return result


def test_add_numbers_tasks_per_workspace_and_posts_a_card_in_the_channel() -> None:
    w = World()
    first = add(w, "Write the spec")
    second = add(w, "Review it", priority=Priority.HIGH)
    assert (first.task.number, second.task.number) == (1, 2)
    assert first.card_in_channel and not first.ephemeral
    assert second.task.priority is Priority.HIGH
    other = World(uow=w.uow, workspace="globex")
    assert add(other, "Elsewhere").task.number == 1


def test_a_workspace_never_sees_another_workspaces_tasks() -> None:
    w = World()
    add(w, "Secret plan")
    other = World(uow=w.uow, workspace="globex")
    refusal = other.fails(c.ShowTask(number=1))
    assert "no task #1" in refusal.reason
    listing = other.run(c.ListTasks(scope="all"))
    assert isinstance(listing, TaskList) and listing.tasks == ()


def test_title_rules_and_nothing_half_written() -> None:
    w = World()
    assert "most is 200" in w.fails(c.AddTask(title="x" * 201)).reason
    assert "needs a title" in w.fails(c.AddTask(title="   ")).reason
    refusal = w.fails(c.AddTask(title="Orphan", after=(99,)))
    assert "#99" in refusal.reason
    assert w.uow.db.tasks == {}
    assert add(w, "First real task").task.number == 1


def test_assigning_someone_else_dms_them_but_not_yourself() -> None:
    w = World()
    w.as_("bob").run(c.Help())
    w.as_("ana")
    add(w, "Mine", assignee=UserRef(name="ana"))
    assert w.notes("assigned") == []
    add(w, "Yours", assignee=UserRef(name="Bob"))
    [note] = w.notes("assigned")
    assert note.user_id == "bob" and "ana assigned you #2 Yours" in note.text


def test_unknown_person_is_a_friendly_error() -> None:
    w = World()
    refusal = w.fails(c.AddTask(title="x", assignee=UserRef(name="zed")))
    assert "@zed" in refusal.reason


def test_done_twice_completes_once_and_notifies_once() -> None:
    w = World()
    w.as_("boss").run(c.Help())  # the first member is the admin
    add(w.as_("bob"), "Bob's task")
    w.as_("boss").run(c.DoneTask(number=1))
    assert "already done" in w.fails(c.DoneTask(number=1)).reason
    [note] = w.notes("completed")
    assert note.user_id == "bob" and note.text == "boss completed #1 Bob's task, which you created"


def test_strangers_are_refused_with_a_clear_reason_and_may_still_comment() -> None:
    w = World()
    add(w.as_("ana"), "Ana's task")
    refusal = w.as_("eve").fails(c.DoneTask(number=1))
    assert "You can't complete #1" in refusal.reason
    assert "creator" in refusal.reason
    assert "You can't edit" in w.fails(c.EditTask(number=1, title="mine now")).reason
    w.run(c.CommentTask(number=1, text="Can I help?"))
    [note] = w.notes("commented")
    assert note.user_id == "ana"
    assert w.uow.db.tasks[next(iter(w.uow.db.tasks))].status is Status.OPEN


def test_first_member_is_admin_and_can_edit_anything() -> None:
    w = World()
    w.as_("boss").run(c.Help())
    add(w.as_("ana"), "Ana's task")
    w.as_("boss").run(c.DoneTask(number=1))


def test_take_an_unassigned_task_but_not_someone_elses() -> None:
    w = World()
    w.as_("admin").run(c.Help())
    w.as_("bob").run(c.Help())
    add(w.as_("ana"), "Up for grabs")
    add(w, "Bob's", assignee=UserRef(name="bob"))
    w.as_("eve").run(c.TakeTask(number=1))
    assert "You can't take #2" in w.fails(c.TakeTask(number=2)).reason


def test_show_includes_history_with_actor() -> None:
    w = World()
    add(w, "Write it")
    w.run(c.StartTask(number=1))
    w.run(c.CommentTask(number=1, text="halfway"))
    details = w.run(c.ShowTask(number=1))
    assert isinstance(details, TaskDetails)
    kinds = [h.kind for h in details.history]
    assert kinds == ["created", "status", "comment"]
    assert details.history[0].actor is not None and details.history[0].actor.user_id == "ana"


def test_due_dates_are_read_in_the_actors_time_zone() -> None:
    w = World()
    w.run(c.SetTimezone(tz="Europe/Lisbon"))
    result = add(w, "Ship", due="2026-12-01 14:30")
    assert result.task.due_at == dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC)
    w.run(c.SetTimezone(tz="America/New_York"))
    moved = w.run(c.SetDue(number=1, due="2026-12-01 14:30"))
    assert isinstance(moved, TaskChanged)
    assert moved.task.due_at == dt.datetime(2026, 12, 1, 19, 30, tzinfo=dt.UTC)
    assert "couldn't read" in w.fails(c.SetDue(number=1, due="banana")).reason


def test_list_mine_and_overdue() -> None:
    w = World()
    add(w, "Late", due_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), assignee=UserRef(name="ana"))
    add(w, "Later", due_at=dt.datetime(2026, 12, 20, tzinfo=dt.UTC),
        assignee=UserRef(name="ana"))
    mine = w.run(c.ListTasks())
    assert isinstance(mine, TaskList) and [t.number for t in mine.tasks] == [1, 2]
    overdue = w.run(c.ListTasks(scope="all", state="overdue"))
    assert isinstance(overdue, TaskList) and [t.number for t in overdue.tasks] == [1]
    assert overdue.tasks[0].overdue


def test_list_pages() -> None:
    w = World()
    for i in range(25):
        add(w, f"Task {i}", assignee=UserRef(name="ana"))
    first = w.run(c.ListTasks())
    assert isinstance(first, TaskList) and len(first.tasks) == 20 and first.has_more
    second = w.run(c.ListTasks(page=2))
    assert isinstance(second, TaskList) and len(second.tasks) == 5 and not second.has_more


def test_admins_set_roles_and_managers_may_then_edit_anything() -> None:
    w = World()
    w.as_("boss").run(c.Help())
    add(w.as_("ana"), "Ana's task")
    w.as_("eve").run(c.Help())
    assert "Only admins" in w.as_("eve").fails(c.SetRole(user=UserRef(name="eve"),
                                                         role=Role.MANAGER)).reason
    w.as_("boss").run(c.SetRole(user=UserRef(name="eve"), role=Role.MANAGER))
    w.as_("eve").run(c.EditTask(number=1, title="Renamed by a manager"))
    assert "step down" in w.as_("boss").fails(c.SetRole(user=UserRef(name="boss"),
                                                        role=Role.MEMBER)).reason


def test_at_me_means_the_actor() -> None:
    w = World()
    result = add(w.as_("ana"), "Mine", assignee=UserRef(name="me"))
    assert result.task.assignee is not None and result.task.assignee.user_id == "ana"
    assert w.notes("assigned") == []


def test_a_form_that_changes_several_fields_saves_all_or_nothing() -> None:
    w = World()
    add(w, "Form task")
    results = w.bus.execute_all(w.ctx(), [
        c.EditTask(number=1, title="Renamed"),
        c.SetDue(number=1, due="banana")])
    assert len(results) == 1 and "couldn't read" in getattr(results[0], "reason", "")
    shown = w.run(c.ShowTask(number=1))
    assert isinstance(shown, TaskDetails) and shown.task.title == "Form task"
    ok = w.bus.execute_all(w.ctx(), [c.EditTask(number=1, title="Renamed"),
                                     c.SetDue(number=1, due="2026-12-01")])
    assert [type(r).__name__ for r in ok] == ["TaskChanged", "TaskChanged"]


def test_a_bug_in_a_handler_is_a_polite_error_not_a_crash() -> None:
    w = World()

    def broken(_h: object, _cmd: object) -> None:
        raise RuntimeError("boom")

    w.bus.register(c.Help, broken)
    reply = w.fails(c.Help())
    assert "Something went wrong on my side" in reply.reason


def test_an_unreadable_repeat_rule_is_refused_with_examples() -> None:
    w = World()
    refusal = w.fails(c.AddTask(title="Water plants", every="sometimes"))
    assert "sometimes" in refusal.reason
    assert w.uow.db.tasks == {}


def test_a_new_workspace_takes_the_configured_default_time_zone() -> None:
    w = World()
    w.bus.default_tz = "Asia/Tokyo"
    result = add(w, "Standup prep", due="2026-12-01 09:00")
    assert result.task.due_at == dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
    assert next(iter(w.uow.db.tenants.values())).default_tz == "Asia/Tokyo"


def test_blocks_needs_edit_rights_on_the_task_made_to_wait() -> None:
    w = World()
    w.as_("boss").run(c.Help())
    add(w, "Important")
    refusal = w.as_("mallory").fails(c.AddTask(title="junk", blocks=(1,)))
    assert "You can't change the dependencies of #1" in refusal.reason
    assert len(w.uow.db.tasks) == 1


def test_past_due_dates_are_accepted_with_a_heads_up() -> None:
    w = World()
    result = add(w, "Late already", due="2026-11-20")
    assert "has already passed" in result.message
    assert "must fall between" in w.fails(c.AddTask(
        title="far", due_at=dt.datetime(9999, 12, 31, tzinfo=dt.UTC))).reason


def test_edits_that_change_nothing_leave_no_history() -> None:
    w = World()
    add(w, "Same")
    result = w.run(c.EditTask(number=1, title="Same", project="none"))
    assert isinstance(result, TaskChanged) and result.message.startswith("Nothing to change")
    details = w.run(c.ShowTask(number=1))
    assert isinstance(details, TaskDetails) and [h.kind for h in details.history] == ["created"]


def test_a_mention_with_a_name_names_a_new_member() -> None:
    w = World(platform="slack")
    result = add(w, "Review", assignee=UserRef(user_id="U0BO", name="bo"))
    assert result.task.assignee is not None and result.task.assignee.display_name == "bo"


def test_console_names_that_would_ping_everyone_are_not_people() -> None:
    w = World()
    refusal = w.bus.execute(w.ctx().model_copy(update={"names_are_ids": True}),
                            c.AddTask(title="Party", assignee=UserRef(name="everyone")))
    assert "@everyone is not a person" in getattr(refusal, "reason", "")


def test_the_platforms_time_zone_is_remembered_until_the_person_sets_one() -> None:
    w = World(platform="slack")
    w.bus.execute(w.ctx().model_copy(update={"platform_tz": "America/Chicago"}), c.Help())
    [member] = w.uow.db.members.values()
    assert member.tz == "America/Chicago"
    w.run(c.SetTimezone(tz="Europe/Paris"))
    w.bus.execute(w.ctx().model_copy(update={"platform_tz": "America/Chicago"}), c.Help())
    [member] = w.uow.db.members.values()
    assert member.tz == "Europe/Paris"
