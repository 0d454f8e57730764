"""What a Prometheus scrape of `/metrics` costs with a deep outbox (not part of CI): the
outbox gauges (capped, index-backed counts and the oldest due row) and the whole text
exposition, with N pending and N/10 dead rows, on SQLite (and PostgreSQL with --pg URL).

    python -m tests.bench.metrics_scrape [--sizes 10000,100000,1000000] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert, text

from adapters.storage import migrate
from adapters.storage._sql import OUTBOX
from adapters.storage.engine import make_engine
from adapters.storage.outbox_stats import outbox_gauges
from bot.metrics import PrometheusMetrics

NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
CHUNK = 50_000


def fill(engine: Engine, n: int) -> None:
    payload = {"kind": "assigned", "platform": "slack", "workspace_id": "T1", "text": "x",
               "user_id": "U1"}
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox"))
    rows = [{"platform": "slack", "workspace_id": "T1", "kind": "assigned",
             "payload": payload, "state": "dead" if i % 11 == 10 else "pending",
             "attempts": 0, "created_at": NOW - dt.timedelta(seconds=n - i),
             "next_attempt_at": NOW - dt.timedelta(seconds=n - i)} for i in range(n + n // 10)]
    for start in range(0, len(rows), CHUNK):
        with engine.begin() as conn:
            conn.execute(insert(OUTBOX), rows[start:start + CHUNK])
    if engine.dialect.name == "postgresql":  # as autovacuum would: no dead index entries
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE outbox"))


def timed(fn: object, runs: int = 20) -> tuple[float, float]:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took), max(took)


def bench(name: str, url: str, sizes: list[int]) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    metrics = PrometheusMetrics()
    try:
        for n in sizes:
            fill(engine, n)
            g = outbox_gauges(engine, NOW)
            gauges = timed(lambda: outbox_gauges(engine, NOW))
            scrape = timed(lambda: asyncio.run(metrics.scrape(engine, lambda: NOW)))
            print(f"{name} {n:>9,} pending: gauges p50 {gauges[0]:6.1f} ms max "
                  f"{gauges[1]:6.1f} ms | whole scrape p50 {scrape[0]:6.1f} ms max "
                  f"{scrape[1]:6.1f} ms | read pending={g.pending:,} dead={g.dead:,} "
                  f"oldest={g.oldest_due_age:,.0f}s")
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--pg", default=None, help="a PostgreSQL URL (its outbox is emptied)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        bench("sqlite", f"sqlite:///{Path(tmp) / 'scrape.db'}", sizes)
    if args.pg:
        bench("postgresql", args.pg, sizes)


if __name__ == "__main__":
    main()
