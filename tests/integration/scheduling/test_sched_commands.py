"""Replies of the scheduler's commands, and the admins' view of deliveries."""

from __future__ import annotations

import datetime as dt

from core.bus import ErrorReply
from core.commands import Context
from core.ports import DeliveryOutcome, DeliveryStatus
from core.results import Info
from core.scheduling.handlers import DigestPreview
from tests.integration.scheduling.harness import WS, World

UTC = dt.UTC


def reply(w: World, who: str, text: str, channel: str | None = "general") -> str:
    ctx = Context(platform="console", workspace_id=WS, user_id=who, channel_id=channel)
    group, _, rest = text.lstrip("/").partition(" ")
    result = w.bus.run_text(ctx, group, rest)
    assert isinstance(result, (Info, ErrorReply)), result
    return result.message if isinstance(result, Info) else result.reason


def test_replies(world: World) -> None:
    world.at(dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    assert reply(world, "ana", "/task digest here at 09:00 Europe/Berlin weekdays") == (
        "This channel gets a standup digest at 09:00 Europe/Berlin, weekdays. "
        "Next: Mon 02 Mar 09:00 (Europe/Berlin).")
    # a new time alone keeps the zone and days the digest had; a new zone or days replace
    assert reply(world, "ana", "/task digest here at 09:00 Europe/Berlin mon,wed,fri") == (
        "This channel gets a standup digest at 09:00 Europe/Berlin, mon,wed,fri. "
        "Next: Mon 02 Mar 09:00 (Europe/Berlin).")
    assert reply(world, "ana", "/task digest here at 10:30").startswith(
        "This channel gets a standup digest at 10:30 Europe/Berlin, mon,wed,fri.")
    assert reply(world, "ana", "/task digest here at 09:00 UTC weekdays").startswith(
        "This channel gets a standup digest at 09:00 UTC, weekdays.")
    assert reply(world, "ana", "/task digest here at 09:00 Europe/Berlin weekdays").startswith(
        "This channel gets a standup digest at 09:00 Europe/Berlin, weekdays.")
    assert "Digests belong to a channel" in reply(world, "ana", "/task digest show",
                                                  channel=None)
    world.run("ana", "/task add Write the spec @bob due:today")
    preview = world.bus.run_text(Context(platform="console", workspace_id=WS,
                                         user_id="ana", channel_id="general"),
                                 "task", "digest show")
    assert isinstance(preview, DigestPreview)
    assert "@bob:\n  due today: #1 Write the spec" in preview.message
    assert "already passed" in reply(world, "ana", "/task remind me x 2026-03-01")
    assert reply(world, "bob", "/task reminders hours 17:00-09:00").startswith(
        "Working hours must end after")
    assert reply(world, "bob", "/task reminders") == (
        "Working weekdays 09:00-18:00 (UTC); due-soon DMs the working day before.")
    assert "There is no project" in reply(world, "bob", "/task escalate nope after 2")
    world.run("ana", "/project new launch")
    assert "Only the project owner" in reply(world, "bob", "/task escalate launch after 2")
    assert reply(world, "ana", "/task digest off") == (
        "The standup digest for this channel is off.")


def test_admins_see_dead_letters_and_others_are_refused(world: World) -> None:
    world.notifier.script = lambda n: DeliveryOutcome(DeliveryStatus.FAILED,
                                                      error="channel_not_found")
    world.run("ana", "/task add Write the spec @bob")
    world.tick(world.clock.now() + dt.timedelta(minutes=1))  # its burst window closes
    text = reply(world, "ana", "/task admin deliveries")
    assert text.startswith("Deliveries: 0 pending, 0 sent, 1 dead\nLatest dead:")
    assert "assigned to @bob, 1 attempts - channel_not_found" in text
    assert "Only admins and managers" in reply(world, "bob", "/task admin deliveries")
