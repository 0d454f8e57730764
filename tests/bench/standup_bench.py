"""Check-in tick cost (not part of CI): C channels with P participants each (every person
with a few tasks, some in progress, some blocked), then the tick that asks everyone (one
DM each, with their task activity) and the tick that posts the C reports (half the
people answered). Prints the seconds of each tick and per item.

    python -m tests.bench.standup_bench [--channels 10] [--people 20] [--db URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from adapters.storage import migrate
from bot.container import build
from bot.settings import Settings
from core.bus import ErrorReply
from core.commands import Context
from core.ports import FixedClock
from core.scheduling.tick import Ticker

UTC = dt.UTC
SUNDAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ASK = dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
REPORT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--db")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    migrate.upgrade(url)
    clock = FixedClock(SUNDAY)
    container = build(Settings(TASKBOT_DATABASE_URL=url), clock=clock)
    bus = container.bus

    def run(who: str, channel: str, text: str) -> None:
        ctx = Context(platform="console", workspace_id="W", user_id=who, display_name=who,
                      channel_id=channel)
        group, _, rest = text.lstrip("/").partition(" ")
        result = bus.run_text(ctx, group, rest)
        assert not isinstance(result, ErrorReply), result

    started = time.perf_counter()
    for c in range(args.channels):
        channel = f"team{c}"
        for p in range(args.people):
            who = f"u{c}_{p}"
            if p == 0:
                run(who, channel, "/standup here at 09:30 Europe/Berlin report:10:30")
            else:
                run(who, channel, "/standup join")
            run(who, channel, f"/task add Work of {who} @{who}")
            run(who, channel, f"/task add Next of {who} @{who} after:#1")
    setup = time.perf_counter() - started
    ticker = Ticker(container.uow_factory, clock)
    ticker.tick(SUNDAY)  # the change feed of the setup, not measured
    people = args.channels * args.people
    for label, at in (("ask", ASK), ("report", REPORT)):
        clock.set(at)
        t0 = time.perf_counter()
        stats = ticker.tick(at)
        took = time.perf_counter() - t0
        items = people if label == "ask" else args.channels
        print(f"{label}: {took:.3f} s for {items} ({1000 * took / items:.2f} ms each); "
              f"{stats}")
        if label == "ask":
            for c in range(args.channels):
                for p in range(0, args.people, 2):
                    run(f"u{c}_{p}", f"team{c}", "/standup answer Did #1 | Next #2 | no")
    print(f"setup {setup:.1f} s; {people} participants in {args.channels} channels, {url}")
    container.close()


if __name__ == "__main__":
    main()
