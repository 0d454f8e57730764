"""Core's edge on real databases: control characters (NUL, ESC, BEL, C1) never reach a
table, whichever field they were typed into, and numbers past a database column are a
friendly refusal naming the field, on SQLite and PostgreSQL (where a NUL in a title was a
psycopg DataError and "Something went wrong")."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory
from core import commands as c
from core.bus import INTERNAL_ERROR, CommandBus, ErrorReply
from core.commands import Context
from core.ports import FixedClock
from core.results import Result, TaskDetails

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
ANA = Context(platform="console", workspace_id="W1", user_id="ana", display_name="ana",
              channel_id="general", names_are_ids=True)
DIRTY = "\x00Write\x1b[2J the\x07 spec\x85\x9b\x7f"


def _bus(uow_factory: SqlUnitOfWorkFactory) -> CommandBus:
    return CommandBus(uow_factory, FixedClock(NOW))


def _ok(result: Result) -> Result:
    assert not isinstance(result, ErrorReply), result.text
    return result


def _controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7f <= ord(ch) <= 0x9f]


def test_control_characters_never_reach_a_table(uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = _bus(uow_factory)
    _ok(bus.run_text(ANA, "project", "new \x00la\x1bunch"))
    _ok(bus.run_text(ANA, "task", f'add "{DIRTY}" project:launch description:"a\x00b\x1bc"'))
    _ok(bus.run_text(ANA, "task", "comment #1 hello\x00 \x1b[31mworld\x07"))
    _ok(bus.run_text(ANA, "task", "remind me call\x00 Bob\x1b tomorrow 10am"))
    # a surface that builds the command directly (Discord options, Slack/Discord forms)
    _ok(bus.execute(ANA, c.AddTask(title="Second\x00 one\x1b", description="x\x00\ny\tz")))
    _ok(bus.execute(ANA, c.EditTask(number=2, title="Second\x9b two")))
    _ok(bus.execute(ANA, c.CommentTask(number=2, text="\x00ok\x07")))
    first = _ok(bus.execute(ANA, c.ShowTask(number=1)))
    second = _ok(bus.execute(ANA, c.ShowTask(number=2)))
    assert isinstance(first, TaskDetails) and isinstance(second, TaskDetails)
    assert first.task.title == "Write[2J the spec"
    assert first.task.project == "launch"
    assert first.task.description == "abc"
    assert second.task.title == "Second two"
    assert second.task.description == "x\ny\tz"
    with uow_factory() as uow:  # every text column of every row, as stored
        session = uow.session
        stored = []
        for table in target_metadata().sorted_tables:
            for row in session.execute(select(table)).mappings():
                stored += [v for v in row.values() if isinstance(v, str)]
    assert any("hello [31mworld" in v for v in stored)
    assert any("call Bob" in v for v in stored)
    assert [v for v in stored if _controls(v)] == []


@pytest.mark.parametrize(("text", "reason"), [
    ("show #" + "9" * 30, "is not a task number"),
    ("done 99999999999", "is not a task number"),
    ("list page:" + "9" * 30, "is not a page number"),
    ("list page:-1", "is not a page number"),
    ("remind snooze " + "9" * 30 + " 1h", "Which reminder? Give its number"),
    ("remind done -3", "Which reminder? Give its number"),
    ("reminders due-soon 99999999999999999999h", "how many hours before"),
    ("escalate launch after " + "9" * 30, "1 to 60 working days"),
    ("depends #1 on #" + "9" * 30, "is not a task number"),
])
def test_numbers_out_of_range_are_refused_by_name(uow_factory: SqlUnitOfWorkFactory,
                                                   text: str, reason: str) -> None:
    bus = _bus(uow_factory)
    _ok(bus.run_text(ANA, "task", "add First"))
    result = bus.run_text(ANA, "task", text)
    assert isinstance(result, ErrorReply)
    assert reason in result.reason and result.reason != INTERNAL_ERROR
