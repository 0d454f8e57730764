"""Grammar speed: `python -m tests.bench.bench_grammar` prints the median time per parse of
typical lines (warm date cache, and with it cleared) and per parse_when."""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import timeit
from collections.abc import Callable

from core.dates import is_when, parse_when
from core.grammar import parse

LINES = [
    ("task", "add Write the spec @ana due:fri after:#12"),
    ("task", 'add Fix login crash priority:urgent due:"next monday 5pm" project:launch'),
    ("task", "add Write due:next fri 5pm the spec for the launch review"),
    ("task", "list @ana status:overdue"),
    ("task", "done #12"),
    ("task", "comment #3 Looks good to me, ship it"),
    ("project", "status launch"),
]
WHENS = ["fri", "next monday 5pm", "in 3 days", "2026-12-01 14:30", "eod", "in 2 hours"]


def median_us(fn: Callable[[], object], number: int = 100, repeat: int = 20) -> float:
    fn()
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def _cold(group: str, text: str) -> None:
    is_when.cache_clear()
    parse(group, text)


def main() -> None:
    for group, text in LINES:
        warm = median_us(functools.partial(parse, group, text))
        cold = median_us(functools.partial(_cold, group, text), 20)
        print(f"{warm:8.1f} us  ({cold:6.1f} us date cache cleared)  parse {group} {text}")
    now = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    for when in WHENS:
        us = median_us(functools.partial(parse_when, when, now, "Europe/Lisbon"))
        print(f"{us:8.1f} us  parse_when {when}")


if __name__ == "__main__":
    main()
