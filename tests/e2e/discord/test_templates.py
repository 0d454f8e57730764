"""Project templates through the real discord.py client and the fake Discord: the
`/project template` subcommand group (save, list, show, delete, apply), roles given as
user mentions in one text option, a milestone and an estimate carried into the applied
project (its forecast shows the milestone), one DM per assignee, refusals private and harmless,
every message sent with mentions disabled. Also on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import option, slash_command
from tests.e2e.fakes.discord_server import Call


async def template(h: Harness, user: str, sub: str, *,
                   users: dict[str, str] | None = None, **strings: str) -> Call:
    """Run `/project template <sub> ...` (a subcommand group: type 2 holding type 1)."""
    opts = [option(k, v) for k, v in strings.items()]
    resolved = []
    for name, who in (users or {}).items():
        person = h.user(who)
        opts.append(option(name, person.id, 6))
        resolved.append(person)
    payload = slash_command(app_id=h.fake.app_id, user=h.user(user), guild=h.guild,
                            group="project", sub="template", resolved_users=resolved)
    payload["data"]["options"] = [{"name": "template", "type": 2, "options": [
        {"name": sub, "type": 1, "options": opts}]}]
    await h.fake.interact(payload)
    return await h.fake.wait_for_callback(payload)


def _text(call: Call) -> str:
    data: dict[str, Any] = call.json["data"]
    parts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def scenario(h: Harness) -> None:
    await h.start_bot()
    await h.slash("ana", "project", "new", name="launch")
    _, ms = await h.slash("ana", "project", "milestone", project="launch", name="rc",
                          due="2026-12-09")
    assert "Added milestone rc to launch" in ms.json["data"]["content"]
    await h.slash("ana", "task", "add", title="Design @everyone", project="launch",
                  milestone="rc", estimate="1.5d", users={"assignee": "bo"})
    await h.slash("ana", "task", "add", title="Build", project="launch", after="#1",
                  users={"assignee": "bo"})
    await h.slash("ana", "task", "add", title="Test", project="launch", after="#2",
                  users={"assignee": "cy"})
    worker = h.worker()
    await worker.drain()
    before = {u: len(h.dm_posts(u)) for u in ("bo", "cy")}

    bo, cy = h.user("bo"), h.user("cy")
    saved = await template(h, "ana", "save", name="release", project="launch",
                           roles=f"dev:<@{bo.id}>")
    assert ("Saved template release from project launch: 3 tasks, 2 dependencies, "
            "1 milestone, 1 estimate") in _text(saved)
    listed = await template(h, "ana", "list")
    assert "release** · 3 tasks · roles cy, dev" in _text(listed)
    shown = await template(h, "ana", "show", name="release")
    text = _text(shown)
    assert "Template release" in text and "`build` Build" in text
    assert shown.json["data"]["allowed_mentions"] == {"parse": []}
    assert shown.json["data"]["flags"] & 64  # only the caller sees it

    refused = await template(h, "ana", "apply", name="launch2", template="release",
                             start="mon", roles=f"dev:<@{cy.id}>")
    assert "Who takes the role cy?" in _text(refused)
    unknown = await template(h, "ana", "apply", name="launch2", template="nope", start="mon")
    assert "There is no template “nope”" in _text(unknown)

    applied = await template(h, "ana", "apply", name="launch2", template="release",
                             start="mon", roles=f"dev:<@{cy.id}> cy:<@{bo.id}>",
                             users={"owner": "cy"})
    assert "Created project launch2 from template release: 3 tasks (#4-#6)" in _text(applied)
    assert "Milestones: rc due " in _text(applied)
    assert "Estimates set on 1 task." in _text(applied)
    await worker.drain()
    await worker.drain()
    new_to_cy = h.dm_posts("cy")[before["cy"]:]
    new_to_bo = h.dm_posts("bo")[before["bo"]:]
    assert len(new_to_cy) == 1 and len(new_to_bo) == 1
    assert "assigned you 2 tasks" in new_to_cy[0].json["content"]
    assert "\\#4 Design @everyone" in new_to_cy[0].json["content"]
    assert new_to_cy[0].json["allowed_mentions"] == {"parse": []}
    assert "assigned you 1 task:" in new_to_bo[0].json["content"]

    _, status = await h.slash("ana", "project", "status", name="launch2")
    assert "0/3 done" in str(status.json)
    _, fc = await h.slash("ana", "project", "forecast", project="launch2")
    [embed] = fc.json["data"]["embeds"]
    milestones = [f["value"] for f in embed["fields"] if f["name"] == "Milestones"]
    assert milestones and "**rc**: due <t:" in milestones[0], embed
    deleted = await template(h, "ana", "delete", name="release")
    assert "Deleted template release" in _text(deleted)


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_template_saved_and_applied_in_discord(tmp_path: Path, db: str) -> None:
    # a template's DMs are already one per person: see them without the burst window
    run(tmp_path, scenario, db=db, extra_settings={"TASKBOT_NOTIFY_BURST_SECONDS": "0"})
