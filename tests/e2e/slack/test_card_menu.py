"""The card's menu over real HTTP: Edit opens the modal (a loading view at once, then the
task), saving changes only what changed and refreshes the card in place; Snooze sets a
reminder through the scheduler's grammar; Assign to me by a stranger works, Drop by a
stranger is refused privately."""

from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.slack import cards
from core.commands import Context, ShowTask
from core.results import TaskDetails
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, slack_world

ANA = Context(platform="slack", workspace_id="T0TEAM001", user_id="U0ANA")


def _details(w: SlackWorld, number: int) -> TaskDetails:
    result = w.bus.execute(ANA, ShowTask(number=number))
    assert isinstance(result, TaskDetails)
    return result


async def _click(w: SlackWorld, user: str, action: dict[str, object], ts: str) -> None:
    body = payloads.block_actions(user, action, channel="C0GENERAL", message_ts=ts,
                                  response_url=w.fake.response_url(user))
    assert (await w.post(body)).status == 200


def test_edit_snooze_take_and_refused_drop(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            await w.slash("add Draft the plan due:tomorrow")
            [card] = await w.fake.await_for("chat.postMessage")
            ts = card.response["ts"]

            await _click(w, "U0ANA", payloads.overflow(cards.MORE, "edit:1"), ts)
            [opened] = await w.fake.await_for("views.open")
            assert opened.view()["callback_id"] == "loading"
            [filled] = await w.fake.await_for("views.update")
            view = filled.view()
            assert view["callback_id"] == "task_modal"
            assert view["blocks"][0]["element"]["initial_value"] == "Draft the plan"
            due = view["blocks"][3]["element"]["initial_date"]
            values = payloads.input_values(title="Draft the final plan", due_date=due,
                                           due_time=view["blocks"][4]["element"]["initial_time"],
                                           priority="urgent")
            answer = await w.ask(payloads.view_submission("U0ANA", view, values))
            assert answer == {}
            [update] = await w.fake.await_for("chat.update")
            assert update.params["ts"] == ts and "Draft the final plan" in update.dumped()
            task = _details(w, 1).task
            assert task.title == "Draft the final plan" and task.priority.value == "urgent"
            history = [h.kind for h in _details(w, 1).history]
            assert "due" not in history  # the due date was not touched

            await _click(w, "U0ANA", payloads.overflow(cards.SNOOZE, "snooze:1:in 1 hour"), ts)
            [snoozed] = await w.fake.await_for("response_url")
            assert "warning" not in snoozed.dumped(), snoozed.dumped()

            await _click(w, "U0CAROL", payloads.overflow(cards.MORE, "drop:1"), ts)
            refusals = await w.fake.await_for("response_url", 2)
            assert refusals[-1].params["response_type"] == "ephemeral"
            assert _details(w, 1).task.status.value == "open"

            await _click(w, "U0BO", payloads.button(cards.TAKE, "1"), ts)
            await w.fake.await_for("chat.update", 2)
            assignee = _details(w, 1).task.assignee
            assert assignee is not None and assignee.user_id == "U0BO"

    asyncio.run(story())
