"""`users.info` is bounded: only the mentions the grammar keeps are looked up (300
mentions in a `/task add` make no lookup), and lookups per workspace are paced, so a flood
of commands from people the bot has not met cannot become a flood of Web API calls.
Counted on the fake Web API."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from adapters.slack.people import LOOKUP_BURST, LOOKUPS_PER_SECOND
from tests.e2e.slack.harness import SlackWorld, run_in_world


def _mentions(n: int, start: int = 0) -> str:
    return " ".join(f"<@U0M{i:04d}>" for i in range(start, start + n))


async def three_hundred_mentions(w: SlackWorld) -> None:
    await w.slash(f"add Plan the offsite {_mentions(300)}")
    [answer] = await w.fake.await_for("response_url")
    assert "one assignee" in answer.dumped()  # the grammar keeps one mention at most
    await w.settle()
    looked_up = {c.params.get("user") for c in w.fake.calls("users.info")}
    assert looked_up <= {"U0ANA"}, len(looked_up)

    # five such commands at once, from five people: a handful of calls, not 1,501
    w.fake.clear()
    users = ["U0BO", "U0CAROL", "U0P0001", "U0P0002", "U0P0003"]
    started = time.time()  # the fake stamps calls with time.time()
    await asyncio.gather(*(w.slash(f"add Plan {_mentions(300, 300 * k)}", user=u)
                           for k, u in enumerate(users)))
    await w.fake.await_for("response_url", 5)
    await w.settle()
    calls = [c for c in w.fake.calls("users.info") if c.at - started <= 2.0]
    assert len(calls) <= len(users), len(calls)
    assert len(w.fake.calls("users.info")) <= len(users)  # nor later

    # a mention the grammar keeps is looked up, once, and labels the new member
    w.fake.clear()
    w.fake.add_user("U0DAN", "dan")
    await w.slash("add Check the venue <@U0DAN>")
    await w.fake.await_for("chat.postMessage")
    assert [c.params.get("user") for c in w.fake.calls("users.info")] == ["U0DAN"]
    assert "dan" in w.fake.calls("chat.postMessage")[0].dumped()


def test_only_kept_mentions_are_looked_up(tmp_path: Path) -> None:
    run_in_world(tmp_path, three_hundred_mentions)


async def flood_of_strangers(w: SlackWorld) -> None:
    """60 people the bot has never met, all at once: each would be one lookup; the
    workspace's pace allows the burst plus the rate for the time it takes."""
    strangers = [f"U0S{i:04d}" for i in range(60)]
    started = time.monotonic()
    results = await asyncio.gather(*(w.slash("list", user=u) for u in strangers))
    assert all(r.status == 200 for r in results)
    await w.fake.await_for("response_url", len(strangers), timeout=10)
    elapsed = time.monotonic() - started
    calls = len(w.fake.calls("users.info"))
    assert calls <= LOOKUP_BURST + LOOKUPS_PER_SECOND * elapsed + 1, (calls, elapsed)
    assert calls < len(strangers)
    assert len(w.fake.calls("response_url")) == len(strangers)  # everyone answered


def test_lookups_are_paced_per_workspace(tmp_path: Path) -> None:
    run_in_world(tmp_path, flood_of_strangers)
