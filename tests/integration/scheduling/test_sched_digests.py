"""Digests on a real database: a week across daylight-saving changes in two zones, a bot
down over 09:00 catching up once, a day that repeats or skips the digest's local time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from core.notifications import Kind
from tests.integration.scheduling.harness import World, steps

UTC = dt.UTC


def digests(w: World) -> list[tuple[str, str, dt.datetime]]:
    """(channel, local date, sent at) of each digest the platform received."""
    return [(n.channel_id or "", str(n.extra["local_date"]), w.clock.now())
            for n in w.take() if n.kind is Kind.DIGEST]


def run_week(w: World, start: dt.datetime, days: int,
             every: dt.timedelta) -> list[tuple[str, str, dt.datetime]]:
    seen = []
    for t in steps(start, start + dt.timedelta(days=days), every):
        w.tick(t)
        seen.extend(digests(w))
    return seen


def test_a_week_across_the_change_in_two_zones(world: World) -> None:
    world.run("ana", "/task add Ship the thing due:fri")
    world.run("ana", "/task digest here at 09:00 Europe/Berlin daily", channel="berlin")
    world.run("ana", "/task digest here at 09:00 America/New_York weekdays", channel="ny")
    world.run("ana", "/task digest here at 02:30 Europe/Berlin daily", channel="night")
    # New York springs forward on Sun 8 Mar 2026, Berlin on Sun 29 Mar (02:00 -> 03:00).
    # Hourly ticks at hh:30 UTC; the gap between the two weeks is longer than the grace
    # period, so the digests missed in between are not sent late.
    hour = dt.timedelta(hours=1)
    seen = run_week(world, dt.datetime(2026, 3, 5, 0, 30, tzinfo=UTC), 6, hour)
    seen += run_week(world, dt.datetime(2026, 3, 26, 0, 30, tzinfo=UTC), 6, hour)
    per_day = Counter((ch, day) for ch, day, _ in seen)
    assert set(per_day.values()) == {1}, per_day
    ny_days = sorted(day for ch, day, _ in seen if ch == "ny")
    assert ny_days == ["2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10",
                       "2026-03-26", "2026-03-27", "2026-03-30", "2026-03-31"]
    berlin_days = sorted(day for ch, day, _ in seen if ch == "berlin")
    assert berlin_days == [f"2026-03-{d:02d}" for d in (5, 6, 7, 8, 9, 10)] + [
        f"2026-03-{d:02d}" for d in (26, 27, 28, 29, 30, 31)]
    for ch, tz in (("berlin", "Europe/Berlin"), ("ny", "America/New_York")):
        for _, day, at in (s for s in seen if s[0] == ch):
            local = at.astimezone(ZoneInfo(tz))
            assert (str(local.date()), local.hour) == (day, 9), (ch, at)  # 09:00-09:59 local
    night = {day: at for ch, day, at in seen if ch == "night"}
    # 02:30 does not exist on 29 Mar in Berlin: that day's digest comes at 03:30 CEST
    assert night["2026-03-29"] == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert night["2026-03-28"] == dt.datetime(2026, 3, 28, 1, 30, tzinfo=UTC)
    assert night["2026-03-30"] == dt.datetime(2026, 3, 30, 0, 30, tzinfo=UTC)


def test_the_repeated_hour_in_autumn_gives_one_digest(world: World) -> None:
    world.at(dt.datetime(2026, 10, 23, 12, tzinfo=UTC))
    world.run("ana", "/task digest here at 02:30 Europe/Berlin daily", channel="night")
    seen = run_week(world, dt.datetime(2026, 10, 24, 0, tzinfo=UTC), 3,
                    dt.timedelta(minutes=30))
    days = Counter(day for _, day, _ in seen)
    assert days == Counter({"2026-10-24": 1, "2026-10-25": 1, "2026-10-26": 1})
    # 02:30 happens twice on 25 Oct in Berlin: the digest goes at the first one (CEST)
    assert [at for _, day, at in seen if day == "2026-10-25"] == [
        dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]


def test_down_over_nine_catches_up_once_within_grace(world: World) -> None:
    world.run("ana", "/task add Write the spec @bob due:today")
    world.run("ana", "/task digest here at 09:00 Europe/Lisbon weekdays")
    world.tick(dt.datetime(2026, 3, 2, 8, 50, tzinfo=UTC))
    assert digests(world) == []
    # down from 08:50 to 10:40: one digest when back, none on the next ticks
    world.tick(dt.datetime(2026, 3, 2, 10, 40, tzinfo=UTC))
    first = digests(world)
    assert [(c, d) for c, d, _ in first] == [("general", "2026-03-02")]
    for t in steps(dt.datetime(2026, 3, 2, 10, 41, tzinfo=UTC),
                   dt.datetime(2026, 3, 2, 18, 0, tzinfo=UTC), dt.timedelta(minutes=47)):
        world.tick(t)
    assert digests(world) == []
    # down from Tuesday 08:00 to 12:30 (more than the 3 h grace): Tuesday is skipped
    world.tick(dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    world.tick(dt.datetime(2026, 3, 3, 12, 30, tzinfo=UTC))
    assert digests(world) == []
    # down for two days (Wed, Thu): only Thursday's, once, if within grace of Thursday 09:00
    world.tick(dt.datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    assert [d for _, d, _ in digests(world)] == ["2026-03-05"]
    world.tick(dt.datetime(2026, 3, 6, 9, 0, tzinfo=UTC))
    assert [d for _, d, _ in digests(world)] == ["2026-03-06"]


def test_digest_content_off_and_reset_same_day(world: World) -> None:
    world.at(dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    world.run("ana", "/project new launch")
    world.run("ana", "/task add Design @bob due:today project:launch")
    world.run("ana", "/task add Build @cy after:#1 project:launch")
    world.run("bob", "/task away until 2026-03-09")
    world.run("ana", "/task digest here at 09:00 UTC daily")
    world.tick(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    (note,) = [n for n in world.take() if n.kind is Kind.DIGEST]
    assert note.channel_id == "general"
    assert "@bob:\n  due today: #1 Design" in note.text
    assert "blocked: #2 Build by #1 Design (@bob)" in note.text
    assert "launch: 0/2 done (0%)" in note.text and "Away: @bob" in note.text
    assert note.extra["digest"]["people"][0]["member"]["display_name"] == "bob"
    # setting it again the same day (a later time) does not send a second one today
    world.run("ana", "/task digest here at 10:00 UTC daily")
    world.tick(dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert digests(world) == []
    world.run("ana", "/task digest off")
    world.tick(dt.datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    assert digests(world) == []


def test_a_task_due_earlier_today_is_overdue_not_due_today(world: World) -> None:
    world.at(dt.datetime(2026, 3, 2, 6, 0, tzinfo=UTC))  # Monday
    world.run("ana", "/task digest here at 09:00 UTC weekdays")
    world.run("ana", "/task add Morning report @bob due:2026-03-02T08:00Z")
    world.run("ana", "/task add Evening report @bob due:2026-03-02T17:00Z")
    world.tick(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    (digest,) = [n for n in world.take() if n.kind is Kind.DIGEST]
    assert digest.text.splitlines()[1:] == [
        "@bob:", "  due today: #2 Evening report",
        "  overdue: #1 Morning report (due Mon 02 Mar 08:00)"]
