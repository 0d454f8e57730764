"""The create modal over real HTTP: opened by `/task`, type-ahead from the options
endpoint, inline errors (local and from the core) with nothing saved, then a valid submit;
and the message shortcut that keeps a permalink on the task."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.modals import BLOCKED_BY, PROJECT
from core.commands import Context, ListTasks, NewProject, ShowTask
from core.results import TaskDetails, TaskList
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA", display_name="ana")


def _open_tasks(w: SlackWorld) -> int:
    result = w.bus.execute(ANA, ListTasks(scope="all"))
    assert isinstance(result, TaskList)
    return len(result.tasks)


async def _submit(w: SlackWorld, view: dict[str, Any], **fields: Any) -> Any:
    return await w.ask(payloads.view_submission("U0ANA", view, payloads.input_values(**fields)))


def test_modal_inline_errors_then_valid_submit(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            w.bus.execute(ANA, NewProject(name="launch"))
            await w.slash("add First blocker")
            await w.fake.await_for("chat.postMessage")
            assert (await w.slash("")).status == 200
            [opened] = await w.fake.await_for("views.open")
            assert opened.params["trigger_id"]
            view = opened.view()
            assert view["callback_id"] == "task_modal"

            found = await w.ask(payloads.block_suggestion("U0ANA", view, BLOCKED_BY, "blocker"))
            assert [o["value"] for o in found["options"]] == ["1"]
            found = await w.ask(payloads.block_suggestion("U0ANA", view, PROJECT, "lau"))
            assert [o["value"] for o in found["options"]] == ["launch"]

            past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
            answer = await _submit(w, view, title="Plan the launch", due_date=past)
            assert answer["response_action"] == "errors"
            assert "due_date" in answer["errors"]
            answer = await _submit(w, view, title="Plan the launch", project="nope")
            assert answer["response_action"] == "errors"
            assert "project" in answer["errors"]
            assert _open_tasks(w) == 1  # nothing saved

            future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
            answer = await _submit(w, view, title="Plan the launch", project="launch",
                                   due_date=future, due_time="10:30", priority="high",
                                   assignee="U0BO", blocked_by=[1])
            assert answer == {}
            await w.fake.await_for("chat.postMessage", 2)
            details = w.bus.execute(ANA, ShowTask(number=2))
            assert isinstance(details, TaskDetails)
            task = details.task
            assert (task.title, task.project, task.priority.value) == ("Plan the launch",
                                                                       "launch", "high")
            assert task.assignee is not None and task.assignee.user_id == "U0BO"
            assert [b.number for b in task.blocked_by] == [1]
            assert task.due_at is not None
            local = task.due_at.astimezone(ZoneInfo("Europe/Lisbon"))
            assert local.strftime("%H:%M") == "10:30"

    asyncio.run(story())


def test_message_shortcut_prefills_and_keeps_the_permalink(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            body = payloads.message_shortcut("U0ANA", "C0GENERAL",
                                             "Fix the login bug\nIt fails on Safari",
                                             "1700000123.000200", w.fake.response_url("s"))
            assert (await w.post(body)).status == 200
            [opened] = await w.fake.await_for("views.open")
            view = opened.view()
            title_el = view["blocks"][0]["element"]
            assert title_el["initial_value"] == "Fix the login bug"
            assert await _submit(w, view, title="Fix the login bug") == {}
            await w.fake.await_for("chat.postMessage")
            details = w.bus.execute(ANA, ShowTask(number=1))
            assert isinstance(details, TaskDetails)
            assert details.task.source_link == (
                "https://taskbot-test.slack.com/archives/C0GENERAL/p1700000123000200")

    asyncio.run(story())


def test_modal_fields_lose_control_characters_and_huge_numbers_are_named(
        tmp_path: Path) -> None:
    """A form field reaches the core through the same edge as typed text: control characters
    are removed before anything is stored, and a task number past a database column (a
    hand-made `blocked_by` value) is an inline error on that field, with nothing saved."""
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            assert (await w.slash("")).status == 200
            [opened] = await w.fake.await_for("views.open")
            view = opened.view()
            answer = await _submit(w, view, title="Plan\x00 it", blocked_by=["9" * 30])
            assert answer["response_action"] == "errors"
            assert answer["errors"] == {  # the form's own reader refuses it before the core
                BLOCKED_BY: "Pick tasks from the list (task numbers like #12)."}
            assert _open_tasks(w) == 0

            answer = await _submit(w, view, title="\x00Plan\x1b[2J the\x07 launch\x9b",
                                   description="first\x00 line\nsecond\x85")
            assert answer == {}
            details = w.bus.execute(ANA, ShowTask(number=1))
            assert isinstance(details, TaskDetails)
            assert details.task.title == "Plan[2J the launch"
            assert details.task.description == "first line\nsecond"

    asyncio.run(story())
