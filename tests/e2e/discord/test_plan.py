"""The project layer through the real discord.py client (issue 15): the typed `/project`
subcommands (milestone, due, baseline, forecast, whatif, decide, decisions), `log`, and the
milestone and estimate options of `/task add`, answered as embeds: `/project forecast` and
`/project status` show the plan (target, forecast, variance), milestones and the critical
path natively, with user text Markdown-escaped and no mention parsed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run

EPHEMERAL = 64
MONDAY = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def _embed_text(data: dict[str, Any]) -> str:
    parts = []
    for e in data.get("embeds") or []:
        parts += [e.get("title") or "", e.get("description") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields") or []]
    return "\n".join(parts)


async def _story(h: Harness) -> None:
    await h.start_bot()
    _, made = await h.slash("ana", "project", "new", name="launch")
    assert "Created project launch" in made.json["data"]["content"]
    _, due = await h.slash("ana", "project", "due", project="launch", when="2026-12-18")
    assert due.json["data"]["content"] == "launch is now due Fri 18 Dec."
    _, ms = await h.slash("ana", "project", "milestone", project="launch", name="beta_*x*",
                          due="2026-12-09")
    assert "Added milestone beta_*x* to launch" in ms.json["data"]["content"]
    _, add = await h.slash("ana", "task", "add", title="Write the spec", project="launch",
                           milestone="beta_*x*", estimate="2d", due="2026-12-03",
                           users={"assignee": "bo"})
    assert add.json["type"] == 4
    await h.slash("ana", "task", "add", title="Build it", project="launch",
                  milestone="beta_*x*", estimate="3d", after="#1", due="2026-12-08",
                  users={"assignee": "cy"})
    _, base = await h.slash("ana", "project", "baseline", project="launch")
    assert base.json["data"]["content"].startswith("Baseline of launch taken: 2 tasks, 5 d")

    _, fc = await h.slash("ana", "project", "forecast", project="launch")
    data = fc.json["data"]
    assert data["flags"] & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    [embed] = data["embeds"]
    assert embed["title"] == "Forecast: launch"
    names = [f["name"] for f in embed["fields"]]
    text = _embed_text(data)
    assert names[:3] == ["Plan", "Milestones", "Critical path"], text
    assert "target <t:" in text and "(on time, " in text and "0 d vs baseline" in text
    assert r"**beta\_\*x\***: due <t:" in text  # Markdown escaped
    assert "`#1` Write the spec @Bo: <t:" in text and "`#2` Build it @Cy: <t:" in text

    # a slip, typed: the reply warns in one line
    _, slip = await h.slash("bo", "task", "edit", ints={"number": 1}, estimate="6d")
    assert "⚠ Heads-up: milestone beta_*x* is forecast Thu 10 Dec" in str(slip.json)

    _, status = await h.slash("ana", "project", "status", name="launch")
    text = _embed_text(status.json["data"])
    assert "Plan\ntarget <t:" in text and "vs baseline" in text
    assert "Schedule risks" in text and "milestone beta" in text

    _, whatif = await h.slash("ana", "project", "whatif", project="launch",
                              ints={"number": 2}, longer="2d")
    what = _embed_text(whatif.json["data"])
    assert what.startswith("What if #2 takes 2d longer")
    assert "project **launch**: <t:" in what and "(+2 d)" in what

    _, bad = await h.slash("ana", "project", "whatif", project="launch", ints={"number": 2})
    assert bad.json["data"]["content"].startswith("⚠️ Say what changes, one thing")
    assert bad.json["data"]["flags"] & EPHEMERAL

    _, decided = await h.slash("ana", "project", "decide", project="launch",
                               text="Ship without SSO @everyone", tasks="#2")
    assert decided.json["data"]["content"].startswith("Recorded decision 1 in launch.")
    _, log = await h.slash("ana", "project", "decisions", project="launch")
    assert "Ship without SSO @everyone (`#2`)" in _embed_text(log.json["data"])
    assert log.json["data"]["allowed_mentions"] == {"parse": []}

    _, spent = await h.slash("bo", "project", "log", ints={"number": 1}, spent="4h",
                             note="first draft")
    assert spent.json["data"]["content"].startswith("Logged 4h on #1 (4h in all")
    _, wrong = await h.slash("bo", "project", "log", ints={"number": 1}, spent="lots")
    assert "is not a duration" in wrong.json["data"]["content"]


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_project_forecast_and_status_as_embeds(tmp_path: Path, db: str) -> None:
    run(tmp_path, _story, db=db, clock=FixedClock(MONDAY))
