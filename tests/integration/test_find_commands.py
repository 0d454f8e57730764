"""`/task list <filters>`, `/task count`, `/task find` and `/task next` as commands through
the bus, over the fake store, SQLite and PostgreSQL (`store`): the same answers on all
three; tenant isolation; accents and case; ranking; the urgency reasons."""

from __future__ import annotations

import datetime as dt

from core.bus import CommandBus, ErrorReply
from core.commands import AddTask, CommentTask, Context, DoneTask, EditTask, UserRef
from core.commands_find import CountTasks, FilterTasks, NextTasks
from core.grammar.find import find_command, read_filter
from core.model import Priority
from core.ports import FixedClock, UnitOfWorkFactory
from core.results import Result, TaskList
from core.results_find import NextList, TaskCount

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)  # a Monday


def _ctx(user: str = "U1", name: str = "ana", workspace: str = "T1") -> Context:
    return Context(platform="slack", workspace_id=workspace, user_id=user, display_name=name,
                   channel_id="C1")


def _run(bus: CommandBus, cmd: object, ctx: Context | None = None) -> Result:
    result = bus.execute(ctx or _ctx(), cmd)
    assert not isinstance(result, ErrorReply), result.text
    return result


def _numbers(result: Result) -> list[int]:
    assert isinstance(result, TaskList)
    return [t.number for t in result.tasks]


def _board(store: UnitOfWorkFactory) -> CommandBus:
    bus = CommandBus(store, FixedClock(NOW))
    bob = UserRef(user_id="U2", name="bob")
    _run(bus, AddTask(title="Write the spécification", due="tomorrow",
                      priority=Priority.HIGH, assignee=UserRef(user_id="U1", name="ana")))
    _run(bus, AddTask(title="Review the spec", assignee=bob, after=(1,)))
    _run(bus, AddTask(title="Order Café supplies", assignee=UserRef(user_id="U1")))
    _run(bus, AddTask(title="Ship it", assignee=UserRef(user_id="U1"), after=(2,)))
    _run(bus, CommentTask(number=3, text="Crème brûlée for the launch party"))
    _run(bus, AddTask(title="Old spec notes", description="SPEC history"))
    _run(bus, DoneTask(number=5))
    _run(bus, AddTask(title="Secret spec", assignee=UserRef(user_id="U1")),
         _ctx(workspace="T2"))
    return bus


def test_filters_count_find_and_next(store: UnitOfWorkFactory) -> None:
    bus = _board(store)
    assert _numbers(_run(bus, FilterTasks(query=read_filter("")))) == [1, 3, 4]
    assert _numbers(_run(bus, FilterTasks(query=read_filter("all +blocked")))) == [2, 4]
    assert _numbers(_run(bus, FilterTasks(query=read_filter("all spec")))) == [1, 2]
    assert _numbers(_run(bus, FilterTasks(query=read_filter("all status:done spec")))) == [5]
    assert _numbers(_run(bus, FilterTasks(query=read_filter("@bob")))) == [2]
    assert _numbers(_run(bus, FilterTasks(query=read_filter("all priority>=high due<wed")))) == [1]
    listing = _run(bus, FilterTasks(query=read_filter("all sort:due- page:2")))
    assert isinstance(listing, TaskList) and "21-" not in listing.title
    count = _run(bus, CountTasks(query=read_filter("all status:open,done")))
    assert isinstance(count, TaskCount) and count.count == 5
    assert count.message == "5 tasks match `all status:open,done`."
    # search: every task of the tenant, open and closed, accents and case folded
    assert sorted(_numbers(_run(bus, find_command("SPEC")))) == [1, 2, 5]
    assert _numbers(_run(bus, find_command("creme brulee"))) == [3]
    assert _numbers(_run(bus, find_command('"review the"'))) == [2]
    assert _numbers(_run(bus, find_command("secret"))) == []
    # next: mine, open and unblocked; #1 blocks two tasks (transitively) and is due soon
    ranked = _run(bus, NextTasks())
    assert isinstance(ranked, NextList)
    assert [i.task.number for i in ranked.items] == [1, 3]
    assert ranked.items[0].why == "due tomorrow · high priority · blocks 2"


def test_an_empty_list_of_yours_says_how_many_of_everyones_match(
        store: UnitOfWorkFactory) -> None:
    bus = _board(store)
    bob = _ctx("U2", "bob")
    empty = _run(bus, FilterTasks(query=read_filter("priority>=high")), bob)
    assert isinstance(empty, TaskList) and empty.tasks == ()
    assert empty.empty_text == ("No tasks match `priority>=high`. That is yours only; 1 of "
                                "everyone's matches: /task list all priority>=high")
    for named in ("@bob priority>=high", "all priority>=urgent", "priority>=urgent"):
        listing = _run(bus, FilterTasks(query=read_filter(named)), bob)
        assert isinstance(listing, TaskList) and "yours only" not in listing.empty_text


def test_pages_say_where_they_are(store: UnitOfWorkFactory) -> None:
    bus = CommandBus(store, FixedClock(NOW))
    for i in range(45):
        _run(bus, AddTask(title=f"Chore {i}"))
    second = _run(bus, FilterTasks(query=read_filter("all chore page:2")))
    assert isinstance(second, TaskList)
    assert second.title == "Tasks: all chore page:2 (21-40 of 45)"
    assert second.next_page_hint == "More: add page:3"
    past = _run(bus, FilterTasks(query=read_filter("all chore page:9")))
    assert isinstance(past, TaskList) and "past the end" in past.empty_text


def test_bad_terms_and_edits_keep_the_index_in_step(store: UnitOfWorkFactory) -> None:
    bus = _board(store)
    bad = bus.run_text(_ctx(), "/task", "list prio:hi")
    assert isinstance(bad, ErrorReply)
    assert bad.text.startswith("I didn't understand 'prio:hi' — did you mean 'priority:high'?")
    _run(bus, EditTask(number=3, title="Order tea"))
    assert _numbers(_run(bus, find_command("cafe"))) == []
    assert _numbers(_run(bus, find_command("tea"))) == [3]
    assert _numbers(_run(bus, find_command("brulee"))) == [3]  # the comment stays
