"""Figures for the README's "Reliability": 50 signed `/task add` at once against `taskbot
run` (Slack HTTP mode, fake Slack Web API), all acked, then SIGTERM, or SIGKILL and a
restart; on SQLite, and on PostgreSQL when TASKBOT_TEST_DATABASE_URL names a server.

    TASKBOT_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m tests.bench.durable_restart --runs 5
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
from pathlib import Path

from tests.e2e.slack.durable_world import PG_ENV, scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-n", type=int, default=50, help="commands per run")
    parser.add_argument("--answer-delay", type=float, nargs="+", default=[0.0, 0.3],
                        help="seconds the fake Slack takes per chat.postMessage")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgres"] if os.environ.get(PG_ENV) else [])
    for delay in args.answer_delay:
        print(f"-- Slack answers in {delay:.1f} s", flush=True)
        for kind in kinds:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                for _ in range(args.runs):
                    with tempfile.TemporaryDirectory() as tmp:
                        figures = scenario(kind, sig, Path(tmp), args.n, delay)
                        print(figures.line(), flush=True)


if __name__ == "__main__":
    main()
