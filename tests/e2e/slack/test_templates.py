"""Project templates over real HTTP (signed slash commands to the bolt app, the fake Slack
Web API): a project saved as a template, listed and shown as Block Kit (user text escaped),
applied with Slack mentions as roles, its milestone and estimate carried into the new
project (the forecast shows the milestone); each assignee gets exactly one DM listing
their tasks; a refusal is private and makes nothing. Also on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.discord.harness import database
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import SlackWorld, run_in_world

NASTY = "<!channel> launch party"


def _to(channel: str) -> Any:
    return lambda c: c.params.get("channel") == channel


async def _answer(w: SlackWorld, text: str, user: str = "U0ANA") -> Call:
    """Run `/project <text>` and return the private answer (via response_url)."""
    w.fake.clear()
    await w.slash(text, user=user, command="/project")
    [answer] = await w.fake.await_for("response_url")
    return answer


async def scenario(w: SlackWorld) -> None:
    await w.slash("new launch", command="/project")
    await w.fake.await_for("response_url")
    await w.slash('milestone launch <!here>beta due:"in 10 days"', command="/project")
    await w.fake.await_for("response_url", where=lambda c: "Added milestone" in c.dumped())
    # each add waits for its card: "after:#1" must find the task asked for first
    await w.slash("add Write the spec <@U0BO|bo> due:tomorrow project:launch estimate:2d "
                  "milestone:<!here>beta")
    await w.fake.await_for("chat.postMessage", 1, where=_to("C0GENERAL"))
    await w.slash("add Build it <@U0BO|bo> after:#1 project:launch priority:high")
    await w.fake.await_for("chat.postMessage", 2, where=_to("C0GENERAL"))
    await w.slash(f"add \"{NASTY}\" <@U0CAROL|carol> after:#2 project:launch")
    await w.fake.await_for("chat.postMessage", 3, where=_to("C0GENERAL"))
    await w.drain()

    saved = await _answer(w, "template save release from:launch")
    assert ("Saved template release from project launch: 3 tasks, 2 dependencies, "
            "1 milestone, 1 estimate") in saved.dumped()
    listed = await _answer(w, "template list")
    blocks = listed.params["blocks"]
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == "Templates"
    assert "*release* · 3 tasks · roles bo, carol" in json.dumps(blocks, ensure_ascii=False)
    shown = await _answer(w, "template show release")
    dumped = shown.dumped()
    assert "Template release" in dumped and "`build_it` Build it" in dumped
    assert "&lt;!channel&gt; launch party" in dumped and "<!channel>" not in dumped

    refused = await _answer(w, "new launch2 from:release start:mon bo:<@U0CAROL|carol>")
    assert refused.params.get("response_type") == "ephemeral"
    assert "Who takes the role carol?" in refused.dumped()

    w.fake.clear()
    await w.slash("new launch2 from:release start:mon bo:<@U0CAROL|carol> carol:<@U0BO|bo>",
                  command="/project")
    [applied] = await w.fake.await_for("response_url")
    assert "Created project launch2 from template release: 3 tasks (#4-#6)" in applied.dumped()
    assert "Milestones: &lt;!here&gt;beta due " in applied.dumped()
    assert "Estimates set on 1 task." in applied.dumped()
    assert "<!here>" not in applied.dumped()
    await w.drain()
    await w.drain()
    to_carol = w.fake.calls("chat.postMessage", where=_to("U0CAROL"))
    to_bo = w.fake.calls("chat.postMessage", where=_to("U0BO"))
    assert len(to_carol) == 1 and len(to_bo) == 1, [c.dumped() for c in to_carol + to_bo]
    assert "assigned you 2 tasks" in to_carol[0].dumped()
    assert "#4 Write the spec" in to_carol[0].dumped() and "#5 Build it" in to_carol[0].dumped()
    assert "assigned you 1 task:" in to_bo[0].dumped()
    assert "&lt;!channel&gt; launch party" in to_bo[0].dumped()
    assert "<!channel>" not in to_bo[0].dumped()

    status = await _answer(w, "status launch2")
    assert "0 of 3 done" in status.dumped()
    # the new project has the template's milestone: the forecast shows it, escaped
    forecast = await _answer(w, "forecast launch2")
    dumped = forecast.dumped()
    assert "Forecast: launch2" in dumped and "Milestones" in dumped
    assert "&lt;!here&gt;beta: due " in dumped and "0/1 done" in dumped
    assert "<!here>" not in dumped


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_template_saved_and_applied_in_slack(tmp_path: Path, db: str) -> None:
    # a template's DMs are already one per person: see them without the burst window
    if db == "sqlite":
        run_in_world(tmp_path, scenario, TASKBOT_NOTIFY_BURST_SECONDS=0)
        return
    with database(tmp_path, "postgres") as url:  # a PostgreSQL database of its own, migrated
        run_in_world(tmp_path, scenario, url=url, TASKBOT_NOTIFY_BURST_SECONDS=0)
