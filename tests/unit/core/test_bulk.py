"""Bulk changes and handover through the bus, as typed: selection by numbers and by filter,
the confirmation code, all or nothing, per-task permission, one DM per person."""

from __future__ import annotations

from core import commands as c
from core.bus import ErrorReply
from core.commands_bulk import BulkChange
from core.grammar import parse
from core.model import Status
from core.results import Result
from core.results_bulk import BulkDone, BulkPreview
from tests.unit.core.helpers import World as BaseWorld


class World(BaseWorld):
    """People named with @ become members, as in the console."""

    def ctx(self) -> c.Context:
        return super().ctx().model_copy(update={"names_are_ids": True})


def text(w: World, line: str) -> Result:
    return w.bus.run_text(w.ctx(), "task", line)


def ok(w: World, line: str) -> Result:
    result = text(w, line)
    assert not isinstance(result, ErrorReply), result.text
    return result


def parsed(line: str) -> object:
    return parse("task", line)


def status(w: World, number: int) -> Status:
    return next(t.status for t in w.uow.db.tasks.values() if t.number == number)


def assignee(w: World, number: int) -> str | None:
    task = next(t for t in w.uow.db.tasks.values() if t.number == number)
    if task.assignee_id is None:
        return None
    return w.uow.db.members[task.assignee_id].user_id


def seed(w: World) -> None:
    """ana (admin) creates #1-#3 for bob and #4 for carol; carol creates #5 herself."""
    w.as_("ana")
    w.bus.run_text(w.ctx(), "project", "new launch")
    for line in ("add One @bob project:launch", "add Two @bob project:launch",
                 "add Three @bob", "add Four @carol project:launch"):
        ok(w, line)
    w.as_("carol")
    ok(w, "add Five")


def seeded(user: str) -> World:
    w = World()
    seed(w)
    w.as_(user)
    return w


def test_the_single_forms_are_read_as_before() -> None:
    assert parsed("done #3") == c.DoneTask(number=3)
    assert parsed("assign #3 @bob") == c.AssignTask(number=3,
                                                            assignee=c.UserRef(name="bob"))
    assert parsed("due #3 fri") == c.SetDue(number=3, due="fri")


def test_bulk_forms_are_read() -> None:
    assert parsed("done #3,#5,#8") == BulkChange(verb="done", numbers=(3, 5, 8))
    assert parsed("drop #3, #5") == BulkChange(verb="drop", numbers=(3, 5))
    assert parsed("assign #3,#5 @bob") == BulkChange(
        verb="assign", numbers=(3, 5), assignee=c.UserRef(name="bob"))
    assert parsed("due #3,#5 next fri") == BulkChange(verb="due", numbers=(3, 5),
                                                             due="next fri")
    edit = parsed("edit #3,#5 priority:high")
    assert isinstance(edit, BulkChange) and edit.priority is not None
    by_filter = parsed("assign @ana +overdue to @bob confirm:abc123")
    assert by_filter == BulkChange(verb="assign", filter="@ana +overdue", confirm="abc123",
                                   assignee=c.UserRef(name="bob"))


def test_bulk_grammar_refusals_say_how() -> None:
    w = World()
    assert "'to'" in text(w, "due project:launch fri").text  # type: ignore[attr-defined]
    assert "Assign to whom" in text(w, "assign #1,#2").text  # type: ignore[attr-defined]
    assert "give just the tasks" in text(w, "done #1,#2 now").text  # type: ignore[attr-defined]


def test_done_by_numbers_closes_all_in_one_summary() -> None:
    w = seeded("ana")
    result = ok(w, "done #1,#2,#3")
    assert isinstance(result, BulkDone)
    assert result.message.startswith("Closed 3 tasks: #1, #2, #3.")
    assert [status(w, n) for n in (1, 2, 3)] == [Status.DONE] * 3


def test_already_closed_tasks_are_left_and_named() -> None:
    w = seeded("ana")
    ok(w, "done #1")
    result = ok(w, "done #1,#2")
    assert isinstance(result, BulkDone)
    assert "#1 was already done" in result.message and "Closed 1 task: #2" in result.message


def test_permission_is_checked_per_task_and_the_refusal_names_them() -> None:
    w = seeded("bob")  # bob is the assignee of #1-#3, not of #4 (carol's) nor #5
    refusal = text(w, "done #1,#4,#5")
    assert isinstance(refusal, ErrorReply)
    assert "#4, #5" in refusal.reason and "#1" not in refusal.reason.split(":")[0]
    assert "Nothing was changed" in refusal.reason
    assert status(w, 1) is Status.OPEN


def test_all_or_nothing_when_one_task_fails_midway() -> None:
    w = seeded("ana")
    w.bus.run_text(w.ctx(), "project", "new old")
    w.bus.run_text(w.ctx(), "project", "archive old")
    refusal = text(w, "edit #1,#2 project:old")
    assert isinstance(refusal, ErrorReply)
    refusal = text(w, "edit #1,#99 priority:high")
    assert isinstance(refusal, ErrorReply) and "#99" in refusal.reason
    assert all(t.priority.value == "normal" for t in w.uow.db.tasks.values())


def test_a_filter_previews_and_the_code_confirms_exactly_those_tasks() -> None:
    w = seeded("ana")
    preview = ok(w, "done project:launch")
    assert isinstance(preview, BulkPreview)
    assert preview.headline == "This would close 3 tasks: #1, #2, #4."
    assert preview.button_text == "done #1,#2,#4"
    assert preview.text_confirm.startswith("/task done project:launch confirm:")
    assert all(status(w, n) is Status.OPEN for n in (1, 2, 4))
    ok(w, "add Six project:launch")  # the matching set grows: the old code no longer acts
    again = ok(w, preview.text_confirm.removeprefix("/task "))
    assert isinstance(again, BulkPreview) and again.changed_since and again.count == 4
    assert status(w, 1) is Status.OPEN
    done = ok(w, again.text_confirm.removeprefix("/task "))
    assert isinstance(done, BulkDone) and "Closed 4 tasks" in done.message
    assert ok(w, preview.button_text) is not None  # the button's numbers: already done now


def test_assign_by_filter_sends_one_dm_per_person() -> None:
    w = seeded("ana")
    preview = ok(w, "assign @bob to @dan")
    assert isinstance(preview, BulkPreview) and preview.count == 3
    w.uow.db.outbox.clear()
    done = ok(w, preview.text_confirm.removeprefix("/task "))
    assert isinstance(done, BulkDone) and "Reassigned 3 tasks to dan" in done.message
    assert [assignee(w, n) for n in (1, 2, 3)] == ["dan"] * 3
    dms = [n for n in w.outbox if n.user_id == "dan"]
    assert len(dms) == 1 and dms[0].kind.value == "bulk"
    assert "#1" in dms[0].text and "#3" in dms[0].text


def test_due_and_edit_in_bulk() -> None:
    w = seeded("ana")
    done = ok(w, "due #1,#2 fri")
    assert isinstance(done, BulkDone) and "due date of 2 tasks" in done.message
    ok(w, "edit #1,#2 priority:high")
    assert {t.priority.value for t in w.uow.db.tasks.values() if t.number in (1, 2)} == {
        "high"}


def test_handover_previews_then_moves_every_open_task() -> None:
    w = seeded("ana")
    ok(w, "done #3")
    preview = ok(w, "handover @bob @carol project:launch")
    assert isinstance(preview, BulkPreview) and preview.refs == "#1, #2"
    assert preview.button_text.startswith("assign #1,#2 <@carol")
    w.uow.db.outbox.clear()
    done = ok(w, preview.text_confirm.removeprefix("/task "))
    assert isinstance(done, BulkDone) and done.message.startswith("Handed 2 tasks over to")
    assert [assignee(w, n) for n in (1, 2, 3)] == ["carol", "carol", "bob"]
    to_bob = [n for n in w.outbox if n.user_id == "bob"]  # one DM each, not one per task
    to_carol = [n for n in w.outbox if n.user_id == "carol"]
    assert len(to_bob) == 1 and "moved #1 One from you to carol" in to_bob[0].text
    assert len(to_carol) == 1 and to_carol[0].text.count("•") == 2


def test_handover_refusals() -> None:
    w = seeded("bob")  # bob may hand over his own tasks ...
    preview = ok(w, "handover @carol @bob")  # ... but not carol's #4 (#5 is unassigned)
    assert isinstance(preview, BulkPreview) and preview.refs == "#4"
    refusal = text(w, preview.text_confirm.removeprefix("/task "))
    assert isinstance(refusal, ErrorReply) and "reassign #4:" in refusal.reason
    assert "Name who hands over" in text(w, "handover @bob").text  # type: ignore[attr-defined]
    assert "nothing to hand over" in ok(w, "handover @dan @bob").message  # type: ignore
