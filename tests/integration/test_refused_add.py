"""A refused `/task add` (here: it would close a cycle) names the new task "this task" and
takes no number: the next task gets the number, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from adapters.storage.uow import SqlUnitOfWorkFactory
from core.bus import CommandBus, ErrorReply
from core.commands import Context
from core.ports import FixedClock
from core.results import TaskChanged, TaskDetails

ANA = Context(platform="console", workspace_id="W1", user_id="ana", display_name="ana",
              channel_id="general", names_are_ids=True)


def test_a_cycle_names_this_task_and_burns_no_number(uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)))
    bus.run_text(ANA, "task", "add A")
    bus.run_text(ANA, "task", "add B after:#1")
    refused = bus.run_text(ANA, "task", "add C blocks:#1 after:#2")
    assert isinstance(refused, ErrorReply)
    assert refused.reason == ("That would make a cycle: #1 -> #2 -> this task -> #1 "
                              "(A -> B means A blocks B). Nothing was created.")
    added = bus.run_text(ANA, "task", "add D")
    assert isinstance(added, TaskChanged)
    assert added.task.number == 3 and added.message.startswith("Created #3")
    refused = bus.run_text(ANA, "task", "add E blocks:#3 after:#3")
    assert isinstance(refused, ErrorReply) and "#3" in refused.reason
    added = bus.run_text(ANA, "task", "add F")
    assert isinstance(added, TaskChanged) and added.task.number == 4
    shown = bus.run_text(ANA, "task", "show #4")
    assert isinstance(shown, TaskDetails) and shown.task.title == "F"
