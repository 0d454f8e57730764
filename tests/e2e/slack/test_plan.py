"""The project layer over real Slack HTTP (issue 15): `/project forecast` and `/project
status` answer in Block Kit (a header, the plan with target, forecast and variance,
milestones, schedule risks, the critical path), user text escaped; a slip's early warning
reaches the owner of the task at risk as a DM."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import SlackWorld, slack_world


def _says(text: str) -> Callable[[Call], bool]:
    return lambda call: text in call.dumped()


def _texts(call: Call) -> str:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(call.blocks())
    return "\n".join(out)


async def _plan(w: SlackWorld) -> None:
    await w.slash("new launch", command="/project")
    await w.fake.await_for("response_url", where=_says("Created project launch"))
    for text, said in (("due launch in 60 days", "launch is now due"),
                       ('milestone launch <!here>beta due:"in 20 days"', "Added milestone")):
        await w.slash(text, command="/project")
        await w.fake.await_for("response_url", where=_says(said))
    await w.slash("add Write the spec <@U0BO|bo> project:launch estimate:2d "
                  'milestone:<!here>beta due:"in 3 days"')
    await w.fake.await_for("chat.postMessage", 1, where=lambda c: c.params.get("channel")
                           == "C0GENERAL")  # #1 exists before "after:#1" is asked
    await w.slash("add Build it <@U0CAROL|carol> project:launch estimate:1d after:#1 "
                  'due:"in 5 days"')
    await w.fake.await_for("chat.postMessage", 2, where=lambda c: c.params.get("channel")
                           == "C0GENERAL")
    await w.slash("baseline launch", command="/project")
    await w.fake.await_for("response_url", where=_says("Baseline of launch taken"))


def test_forecast_and_status_render_as_block_kit(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            await _plan(w)
            await w.slash("forecast launch", command="/project")
            [answer] = await w.fake.await_for("response_url", where=_says("Forecast: launch"))
            blocks = answer.blocks()
            assert blocks[0]["type"] == "header"
            assert blocks[0]["text"]["text"] == "Forecast: launch"
            text = _texts(answer)
            assert "*:calendar: Target " in text and "vs baseline" in text
            assert "*:triangular_flag_on_post: Milestones*" in text
            assert "&lt;!here&gt;beta: due" in text  # escaped: nobody is pinged
            assert "<!here>" not in json.dumps(blocks)
            assert "*:chart_with_upwards_trend: Critical path*" in text
            assert "• #1 Write the spec @bo:" in text and "• #2 Build it @carol:" in text

            await w.slash("status launch", command="/project")
            [status] = await w.fake.await_for("response_url", where=_says("Project launch"))
            text = _texts(status)
            assert "*:calendar: Target " in text and "0/1 done" in text
            assert "<!here>" not in status.dumped()

            # bo's blocker slips: carol (owner of #2, now late) is DMed by the worker
            await w.slash("edit #1 estimate:2w", user="U0BO")
            [reply] = await w.fake.await_for("response_url", where=_says("estimate 2w"))
            assert "Heads-up" in reply.dumped()
            await w.drain()
            dms = w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel")
                               == "U0CAROL" and "Heads-up on launch" in c.dumped())
            assert len(dms) == 1
            assert "#2 Build it is forecast to finish" in dms[0].dumped()

    asyncio.run(story())


def test_bad_plan_input_is_a_private_one_line_refusal(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            await w.slash("whatif nowhere #1 +2d", command="/project")
            [refusal] = await w.fake.await_for("response_url",
                                               where=_says("There is no project"))
            assert refusal.params.get("response_type") == "ephemeral"
            await w.slash("log #1 forever")
            assert await w.fake.await_for("response_url", where=_says("is not a duration"))

    asyncio.run(story())
