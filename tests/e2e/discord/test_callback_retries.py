"""Acknowledged interactions are answered: interaction callbacks retried inside their
3 seconds, and a command whose answer could not be sent (callback or follow-up failing) is
told to its author by a DM through the outbox."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import component, option, slash_command


def _add(h: Harness, title: str) -> dict[str, Any]:
    return slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                         group="task", sub="add", options=[option("title", title, 3)])


def _fallback_dm(h: Harness) -> list[str]:
    return [c.json["content"] for c in h.dm_posts("ana") if c.status == 200]


def test_two_500s_on_the_callback_still_answer_within_three_seconds(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        payload = _add(h, "Ship it")
        h.fake.fail("POST", f"/interactions/{payload['id']}/", 500, times=2)
        await h.fake.interact(payload)
        answered = await h.fake.wait_for_call(
            lambda c: f"/interactions/{payload['id']}/" in c.path and c.status == 200)
        tries = h.fake.calls_to("POST", f"/interactions/{payload['id']}/")
        assert [c.status for c in tries] == [500, 500, 200]
        assert answered.at - tries[0].at < 2.0  # discord.py alone: 1 s + 3 s of sleeps
        assert answered.json["data"]["embeds"][0]["title"] == "#1 Ship it"
        await h.worker().drain()
        assert _fallback_dm(h) == []  # answered in place: no DM

    run(tmp_path, scenario)


def test_a_callback_failing_past_its_deadline_is_told_by_dm(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        payload = _add(h, "Ship it")
        h.fake.fail("POST", f"/interactions/{payload['id']}/", 500, times=20)
        await h.fake.interact(payload)
        await h.fake.wait_for_call(lambda c: f"/interactions/{payload['id']}/" in c.path)
        worker = h.worker()
        for _ in range(60):
            await worker.drain()
            if _fallback_dm(h):
                break
            await asyncio.sleep(0.1)
        tries = h.fake.calls_to("POST", f"/interactions/{payload['id']}/")
        assert tries[-1].at - tries[0].at < 2.7  # never retried past the token
        [dm] = _fallback_dm(h)
        assert "couldn't answer you" in dm and "#1" in dm
        assert h.dm_posts("ana")[-1].json["embeds"][0]["title"] == "#1 Ship it"

    run(tmp_path, scenario)


def test_six_500s_on_a_follow_up_still_announce_the_created_task(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot(defer_after=0.0)  # deferred: the answer is a follow-up
        payload = _add(h, "Deferred work")
        h.fake.fail("POST", f"/webhooks/{h.fake.app_id}/{payload['token']}", 500, times=6)
        await h.fake.interact(payload)
        deferred = await h.fake.wait_for_callback(payload)
        assert deferred.json["type"] == 5
        worker = h.worker()
        for _ in range(100):
            await worker.drain()
            if _fallback_dm(h):
                break
            await asyncio.sleep(0.1)
        follow_ups = h.fake.calls_to("POST", f"/webhooks/{h.fake.app_id}/{payload['token']}")
        assert [c.status for c in follow_ups] == [500] * 6
        [dm] = _fallback_dm(h)
        assert "couldn't answer you" in dm and "Deferred work" in str(h.dm_posts("ana")[-1].json)

    run(tmp_path, scenario)


def test_a_done_click_whose_card_update_fails_is_told_by_dm(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        _, call = await h.slash("ana", "task", "add", title="Ship it", users={"assignee": "bo"})
        card = h.message_of(call)
        payload = component(app_id=h.fake.app_id, user=h.user("bo"), guild=h.guild,
                            message=card, custom_id=f"taskbot:done:{h.guild.id}:1")
        h.fake.fail("POST", f"/interactions/{payload['id']}/", 500, times=20)
        await h.fake.interact(payload)
        await h.fake.wait_for_call(lambda c: f"/interactions/{payload['id']}/" in c.path)
        def told() -> list[str]:
            return [c.json["content"] for c in h.dm_posts("bo")
                    if c.status == 200 and "couldn't answer you" in c.json["content"]]

        worker = h.worker()
        for _ in range(60):
            await worker.drain()
            if told():
                break
            await asyncio.sleep(0.1)
        [dm] = told()  # the task is done and its clicker knows, though the card never changed
        assert "#1" in dm
        assert all(c.status == 500 for c in
                   h.fake.calls_to("POST", f"/interactions/{payload['id']}/"))

    run(tmp_path, scenario)
