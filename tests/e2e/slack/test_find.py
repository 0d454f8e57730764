"""`/task find`, `/task next`, `/task count`, `/task list <filters>` and the modal's task
type-ahead over real Slack HTTP (signed requests, the real slack-bolt app, the fake Web
API): the same text grammar as the console, answered in Block Kit."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from adapters.slack.modals import BLOCKED_BY
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, slack_world


async def _answer(w: SlackWorld, text: str, says: str) -> Call:
    await w.slash(text)
    [call] = await w.fake.await_for("response_url", where=lambda c: says in c.dumped())
    return call


def _texts(call: Call) -> str:
    blocks: list[dict[str, Any]] = call.blocks()
    return "\n".join(str((b.get("text") or {}).get("text", "")) + "".join(
        str(e.get("text", "")) for e in b.get("elements") or []) for b in blocks)


def test_find_next_count_filters_and_type_ahead(tmp_path: Path) -> None:
    async def story() -> None:
        async with slack_world(tmp_path) as w:
            for n, text in enumerate([
                    "add Write the spécification priority:high due:tomorrow <@U0ANA|ana>",
                    "add Review the spec <@U0BO|bo> after:#1",
                    "add Order café supplies <@U0ANA|ana>",
                    "add Escape <!channel> test <@U0ANA|ana>"], 1):
                await w.slash(text)  # one at a time, so the numbers are known
                await w.fake.await_for("chat.postMessage", count=n)
            await _answer(w, "comment #3 crème brûlée", "Comment added")

            found = await _answer(w, "find CAFE", "Tasks matching")
            assert "Order café supplies" in _texts(found) and "Review" not in _texts(found)
            comment = await _answer(w, "find creme brulee", "Tasks matching “creme brulee”")
            assert "#3" in _texts(comment)
            escaped = await _answer(w, "find escape", "Tasks matching “escape”")
            assert "&lt;!channel&gt;" in escaped.dumped() and "<!channel>" not in \
                escaped.dumped()

            ranked = await _answer(w, "next", "Next for you")
            shown = _texts(ranked)
            assert "Ranked by urgency" in shown
            assert "_due tomorrow · high priority · blocks 1_" in shown
            assert shown.index("#1") < shown.index("#3")

            counted = await _answer(w, "count all +blocked", "1 task matches")
            assert "`all +blocked`" in counted.dumped()
            listed = await _answer(w, "list all spec sort:due-", "(1-2 of 2)")
            text = _texts(listed)
            assert text.index("Write the sp") < text.index("Review the spec")

            bad = await _answer(w, "list prio:hi", "did you mean")
            assert "I didn't understand 'prio:hi' — did you mean 'priority:high'?" in \
                bad.dumped()

            assert (await w.slash("")).status == 200
            [opened] = await w.fake.await_for("views.open")
            view = opened.view()
            typed = await w.ask(payloads.block_suggestion("U0ANA", view, BLOCKED_BY, "SUPP"))
            assert [o["value"] for o in typed["options"]] == ["3"]

    asyncio.run(story())
