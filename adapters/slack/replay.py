"""The replay guard: every request signature accepted is written to the database and
kept for Slack's 5-minute window. A captured request re-sent within that window, with any
Content-Type and to any replica sharing the database, finds its signature there and is
refused; after the window the timestamp check refuses it, so the row is purged."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, delete, insert
from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)

WINDOW = 300  # seconds: Slack's timestamp window, and so each row's lifetime
PURGE_EVERY = 200  # purge expired rows every this many accepted requests

_seen = Table(  # created by migration 0009_slack_requests_seen (ORM: adapters/storage/slack_schema)
    "slack_requests_seen", MetaData(),
    Column("signature", String(80), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


class RequestLedger:
    """`first_time(signature, timestamp)`: True the first time a signature is seen (the
    insert wins, across replicas), False for a replay."""

    def __init__(self, engine: Engine, window: int = WINDOW) -> None:
        self._engine = engine
        self._window = window
        self._accepted = 0

    def first_time(self, signature: str, timestamp: int) -> bool:
        now = dt.datetime.now(dt.UTC)
        sent = dt.datetime.fromtimestamp(timestamp, dt.UTC)
        expires = max(now, sent) + dt.timedelta(seconds=self._window)
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(_seen).values(signature=signature[:80],
                                                  expires_at=expires))
        except IntegrityError:
            return False
        self._accepted += 1
        if self._accepted % PURGE_EVERY == 1:
            self.purge(now)
        return True

    def purge(self, now: dt.datetime | None = None) -> int:
        """Delete the rows whose window is over; returns how many."""
        now = now or dt.datetime.now(dt.UTC)
        with self._engine.begin() as conn:
            gone = conn.execute(delete(_seen).where(_seen.c.expires_at < now)).rowcount
        if gone:
            log.debug("replay guard: purged %d expired signatures", gone)
        return int(gone or 0)

    async def async_first_time(self, signature: str, timestamp: int) -> bool:
        return await asyncio.to_thread(self.first_time, signature, timestamp)
