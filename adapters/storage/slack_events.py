"""The Slack Events API de-duplication ledger, on the `slack_events_seen` table declared
once in `adapters.storage.slack_schema` (migration 0003_slack_oauth creates it)."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from adapters.storage.slack_schema import slack_events_seen as _events


class EventLedger:
    """Remembers Events API `event_id`s: Slack retries an event up to 3 times (within
    about 5 minutes), with the same id; the first insert wins, across replicas."""

    def __init__(self, engine: Engine, keep: dt.timedelta = dt.timedelta(days=1)) -> None:
        self._engine = engine
        self._keep = keep
        self._inserted = 0

    def first_time(self, event_id: str, team_id: str | None) -> bool:
        now = dt.datetime.now(dt.UTC)
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(_events).values(event_id=event_id[:64], team_id=team_id,
                                                    seen_at=now))
        except IntegrityError:
            return False
        self._inserted += 1
        if self._inserted % 500 == 0:
            self.prune(now)
        return True

    def prune(self, now: dt.datetime) -> int:
        with self._engine.begin() as conn:
            return conn.execute(delete(_events).where(_events.c.seen_at < now - self._keep)
                                ).rowcount

    async def async_first_time(self, event_id: str, team_id: str | None) -> bool:
        return await asyncio.to_thread(self.first_time, event_id, team_id)
