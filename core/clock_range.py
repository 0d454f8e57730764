"""The instants the bot's clock may be set to (the console's `:clock`, `taskbot tick
--now`). Outside them date arithmetic overflows (a day after 9999-12-31 does not exist) and
catching up on schedules would walk centuries day by day; inside them every schedule's
next run, working day and retention cut-off is a real date."""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2199, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def clock_problem(when: dt.datetime) -> str | None:
    """Why `when` cannot be the clock's time, or None when it can."""
    if EARLIEST <= when <= LATEST:
        return None
    return (f"{when.isoformat()} is outside the clock's range: pick a time from "
            f"{EARLIEST:%Y-%m-%d} to {LATEST:%Y-%m-%d}.")
