"""The whole story over real HTTP: create in a channel -> card; click Done -> the card
updates in place; the blocked task's owner gets one DM with Start and Snooze; a double
click completes once and notifies once."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.slack import cards
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world


def _action_ids(call: Call) -> set[str]:
    found = set()
    for block in call.blocks():
        for el in [*block.get("elements", []), block.get("accessory") or {}]:
            if isinstance(el, dict) and "action_id" in el:
                found.add(el["action_id"])
    return found


def _to(channel: str):  # type: ignore[no-untyped-def]
    return lambda c: c.params.get("channel") == channel


async def story(w: SlackWorld) -> None:
    """Also run on PostgreSQL by tests/integration/test_slack_postgres.py."""
    resp = await w.slash("add Write the spec <@U0BO|bo> due:tomorrow")
    assert resp.status == 200
    [card1] = await w.fake.await_for("chat.postMessage", where=_to("C0GENERAL"))
    assert "#1" in json.dumps(card1.blocks()) and "Write the spec" in card1.dumped()
    assert {cards.START, cards.DONE, cards.TAKE, cards.MORE} <= _action_ids(card1)

    await w.slash("add Ship it <@U0CY|cy> after:#1", user="U0ANA")
    cards_posted = await w.fake.await_for("chat.postMessage", 2, where=_to("C0GENERAL"))
    assert "blocked by #1" in cards_posted[1].dumped() or "Blocked by" in \
        cards_posted[1].dumped()
    await w.drain()  # assignment DMs for bo and cy
    w.fake.clear()

    ts = card1.response["ts"]
    click = payloads.block_actions("U0BO", payloads.button(cards.DONE, "1"),
                                   channel="C0GENERAL", message_ts=ts,
                                   response_url=w.fake.response_url("click1"))
    assert (await w.post(click)).status == 200
    [update] = await w.fake.await_for("chat.update")
    assert update.params["channel"] == "C0GENERAL" and update.params["ts"] == ts
    assert "done" in update.dumped()

    # a double click: refused privately, nothing completed twice
    assert (await w.post(click.replace(".trigger", ".trigger2"))).status == 200
    [refusal] = await w.fake.await_for("response_url")
    assert "already done" in refusal.dumped()
    assert refusal.params.get("response_type") == "ephemeral"

    await w.drain()
    dms = w.fake.calls("chat.postMessage", where=_to("U0CY"))
    unblock = [c for c in dms if "#2" in c.dumped() and cards.SNOOZE in _action_ids(c)]
    assert len(unblock) == 1, [c.dumped() for c in dms]
    assert cards.START in _action_ids(unblock[0])
    await w.drain()
    assert len(w.fake.calls("chat.postMessage", where=_to("U0CY"))) == len(dms)
    # bo finished the blocker himself: no unblock DM about it goes to him
    assert not [c for c in w.fake.calls("chat.postMessage", where=_to("U0BO"))
                if "unblocked" in c.dumped()]


def test_create_card_done_update_and_unblock_dm(tmp_path: Path) -> None:
    run_in_world(tmp_path, story)
