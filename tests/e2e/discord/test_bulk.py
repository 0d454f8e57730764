"""`/bulk` through the real discord.py client: a filter's preview with a Confirm button that
acts on exactly the tasks shown, a refusal naming the refused tasks, a handover, and one DM
per person affected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_server import Call

EPHEMERAL = 64


def _button(call: Call) -> str:
    [button] = [c for row in call.json["data"]["components"] for c in row["components"]]
    return str(button["custom_id"])


def _preview_message(h: Harness, call: Call) -> dict[str, Any]:
    content = call.json["data"]["content"]
    return next(m for m in reversed(list(h.fake.messages.values()))
                if m.get("content") == content)


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_bulk_done_with_confirmation_refusal_and_handover(tmp_path: Path, db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "project", "new", name="launch")  # ana: the first, an admin
        for title in ("One", "Two", "Three"):
            await h.slash("ana", "task", "add", title=title, project="launch",
                          users={"assignee": "bo"})
        await h.slash("cy", "task", "add", title="Cy's own")  # #4

        _, preview = await h.slash("ana", "bulk", "done", tasks="project:launch")
        data = preview.json["data"]
        assert data["flags"] & EPHEMERAL
        assert "This would close 3 tasks: #1, #2, #3." in data["content"]
        assert "/task done project:launch confirm:" in data["content"]
        await h.slash("ana", "task", "add", title="Late", project="launch")  # #5 matches now
        _, clicked = await h.click("ana", _preview_message(h, preview), _button(preview))
        assert clicked.json["type"] == 7  # the preview becomes the summary
        assert "Closed 3 tasks: #1, #2, #3." in clicked.json["data"]["content"]
        assert clicked.json["data"]["components"] == []

        # bo may not drop cy's #4 nor ana's #5: refused by name, nothing changed
        _, refused = await h.slash("bo", "bulk", "drop", tasks="#4,#5")
        assert "You can't drop #4, #5" in refused.json["data"]["content"]
        assert "Nothing was changed" in refused.json["data"]["content"]

        # numbers act at once; then cy's open work goes to bo after the Confirm click
        _, assigned = await h.slash("ana", "bulk", "assign", tasks="#4,#5",
                                    users={"to": "cy"})
        assert "Reassigned 2 tasks to" in assigned.json["data"]["content"]
        await h.worker().drain()
        before = len(h.dm_posts("bo")), len(h.dm_posts("cy"))
        _, preview = await h.slash("ana", "bulk", "handover", users={"person": "cy", "to": "bo"})
        assert "This would hand 2 tasks over to" in preview.json["data"]["content"]
        _, clicked = await h.click("ana", _preview_message(h, preview), _button(preview))
        assert "Reassigned 2 tasks to Bo: #4, #5." in clicked.json["data"]["content"]
        await h.worker().drain()
        to_bo, to_cy = h.dm_posts("bo")[before[0]:], h.dm_posts("cy")[before[1]:]
        assert len(to_bo) == 1 and "changed 2 tasks that concern you" in to_bo[0].json["content"]
        assert len(to_cy) == 1 and "from you to" in to_cy[0].json["content"]

    run(tmp_path, scenario, db=db)
