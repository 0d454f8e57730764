"""Who may erase a task or change a channel's digest, over real HTTP: taking a task does
not let bo delete it; an admin's delete DMs the creator (the card, without buttons, since
the task is gone); a channel's digest is changed only by whoever set it up or an admin."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack.harness import SlackWorld, run_in_world


def _saying(text: str):  # type: ignore[no-untyped-def]
    return lambda c: text in c.dumped()


def _action_ids(call: Call) -> set[str]:
    return {el["action_id"] for b in call.blocks()
            for el in [*b.get("elements", []), b.get("accessory") or {}]
            if isinstance(el, dict) and "action_id" in el}


async def story(w: SlackWorld) -> None:
    await w.slash("tz UTC", user="U0ANA")  # ana is the workspace's first member: its admin
    await w.fake.await_for("response_url", where=_saying("time zone is now UTC"))
    await w.slash("add Write the spec", user="U0CY")
    await w.fake.await_for("chat.postMessage")
    await w.slash("take #1", user="U0BO")
    await w.fake.await_for("response_url", where=_saying("#1 is yours now"))
    await w.slash("delete #1", user="U0BO")
    [refusal] = await w.fake.await_for("response_url", where=_saying("can't delete"))
    assert "can't delete #1: only its creator, the project owner, managers and admins" \
        in refusal.dumped()
    assert refusal.params.get("response_type") == "ephemeral"

    await w.slash("delete #1", user="U0ANA")
    await w.fake.await_for("response_url", where=_saying("Deleted #1"))
    await w.drain()
    [dm] = w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") == "U0CY")
    assert "deleted #1 Write the spec, which you created" in dm.dumped()
    assert not _action_ids(dm)  # nothing to click on a task that is gone
    assert not w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") in
                            ("U0BO", "U0ANA"))

    await w.slash("digest here at 09:00 UTC", user="U0CY")
    await w.fake.await_for("response_url", where=lambda c: "standup digest at 09:00" in
                           c.dumped())
    await w.slash("digest off", user="U0BO")
    [no] = await w.fake.await_for("response_url", where=lambda c: "switch off" in c.dumped())
    assert "who set it up, managers and admins can" in no.dumped()
    await w.slash("digest off", user="U0CY")
    await w.fake.await_for("response_url", where=lambda c: "digest for this channel is off"
                           in c.dumped())


def test_delete_and_digest_permissions_over_slack(tmp_path: Path) -> None:
    # about who may act, not when DMs arrive: no burst window (cy's DM is queued at once)
    run_in_world(tmp_path, story, TASKBOT_NOTIFY_BURST_SECONDS=0)


async def zones(w: SlackWorld) -> None:
    await w.slash("add Ship it due:2026-12-03T09:00Z", user="U0ANA")
    [card] = await w.fake.await_for("chat.postMessage")
    # Slack formats the instant in each reader's own zone; the fallback names a zone
    assert "<!date^1796288400^{date_short_pretty} at {time}|Thu 03 Dec 2026 09:00 WET>" \
        in card.dumped()


def test_card_times_are_shown_in_each_readers_zone(tmp_path: Path) -> None:
    run_in_world(tmp_path, zones)
