"""A check-in day on Discord, end to end with the real discord.py client: `/standup here`
and `join`; at 09:30 in Berlin and in Kolkata each participant gets a DM with a persistent
Answer button opening a form (one field per question, pre-filled from their tasks); the
report at 10:30 Berlin is one channel post without mentions; an away person is skipped;
a late answer (`/standup answer`) replies to the report."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from core.bus import ErrorReply
from core.commands import Context
from core.ports import FixedClock
from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import modal_submit

UTC = dt.UTC
SUNDAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BOB_ASK = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:30 in Kolkata
ANA_ASK = dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
REPORT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 10:30 in Berlin


async def _text(h: Harness, user: str, text: str) -> None:
    person = h.user(user)
    ctx = Context(platform="discord", workspace_id=h.guild.id, user_id=person.id,
                  display_name=person.global_name, channel_id=h.channel)
    group, _, rest = text.lstrip("/").partition(" ")
    result = await asyncio.to_thread(h.container.bus.run_text, ctx, group, rest)
    assert not isinstance(result, ErrorReply), result



def _channel_posts(h: Harness) -> list[dict[str, Any]]:
    return [c.json for c in h.fake.calls_to("POST", f"/channels/{h.channel}/messages")
            if "heck-in" in str(c.json.get("content"))]


def _stored(h: Harness, content_start: str) -> dict[str, Any]:
    found = [m for m in h.fake.messages.values()
             if str(m.get("content", "")).startswith(content_start)]
    assert found, content_start
    return found[-1]


async def scenario(h: Harness) -> None:
    await h.start_bot()
    await _text(h, "ana", "/task tz Europe/Berlin")
    await _text(h, "bob", "/task tz Asia/Kolkata")
    await _text(h, "cy", "/task tz Europe/Berlin")
    await _text(h, "bob", "/task add Review the API @bob")
    _, made = await h.slash("ana", "standup", "here", at="09:30", zone="Europe/Berlin",
                            report="10:30")
    assert "checks in" in str(made.json)
    for who in ("bob", "cy"):
        _, joined = await h.slash(who, "standup", "join")
        assert "You joined" in str(joined.json)
    await _text(h, "cy", "/task away until 2026-03-03 08:00")
    await h.tick(SUNDAY)

    await h.tick(BOB_ASK)
    [post] = [p for p in h.dm_posts("bob") if "Check-in" in str(p.json.get("content"))]
    buttons = [c["custom_id"] for row in post.json["components"] for c in row["components"]]
    assert buttons == [f"taskbot:standup:{h.guild.id}:{h.channel}"]
    dm = _stored(h, "Check-in for")

    await h.restart_bot()  # the button is persistent
    _, opened = await h.click("bob", dm, buttons[0], dm=True)
    assert opened.json["type"] == 9
    modal = opened.json["data"]
    fields = [row["components"][0] for row in modal["components"]]
    assert [f["label"] for f in fields] == ["What did you finish?", "What's next?",
                                            "Anything blocking you?"]
    submit = modal_submit(app_id=h.fake.app_id, user=h.user("bob"), guild=None,
                          custom_id=modal["custom_id"], channel_id=dm["channel_id"],
                          message=dm, fields={fields[0]["custom_id"]: "Reviewed #1 @everyone",
                                              fields[1]["custom_id"]: "Merge it",
                                              fields[2]["custom_id"]: ""})
    await h.fake.interact(submit)
    sent = await h.fake.wait_for_callback(submit)
    assert "your check-in for Mon 02 Mar is in" in str(sent.json)

    await h.tick(ANA_ASK)
    assert [p for p in h.dm_posts("ana") if "Check-in" in str(p.json.get("content"))]
    assert not [p for p in h.dm_posts("cy") if "Check-in" in str(p.json.get("content"))]

    await h.tick(REPORT)
    [report] = _channel_posts(h)
    text = str(report["content"])
    assert "Check-in report, Mon 02 Mar" in text and "Reviewed #1 @everyone" in text
    assert "Not answered yet: Ana" in text and "Away: Cy" in text
    assert report["allowed_mentions"] == {"parse": []}
    await h.tick(REPORT + dt.timedelta(minutes=5))
    assert len(_channel_posts(h)) == 1

    _, late = await h.slash("ana", "standup", "answer", first="Spec", second="Ship")
    assert "added to the report" in str(late.json)
    await h.tick(REPORT + dt.timedelta(minutes=10))
    posts = _channel_posts(h)
    assert len(posts) == 2 and posts[1]["message_reference"]["message_id"]
    assert str(posts[1]["content"]).startswith("Added to the check-in of Mon 02 Mar")


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_a_check_in_day_on_discord(tmp_path: Path, db: str) -> None:
    run(tmp_path, scenario, clock=FixedClock(SUNDAY), timeout=60, db=db)
