"""Never act twice on one interaction: the ids of interactions already taken, in the
database, shared by every process of the bot.

Discord can deliver an INTERACTION_CREATE more than once: a RESUME replays dispatches the
client may already have handled, an edge can repeat one on a live socket, and two
processes can both receive it. Each copy is admitted by `Admission.first_time`, before any
handler runs: an in-process memory catches repeats on this socket at once, and an INSERT
into `discord_interactions_seen` (primary key = the interaction id) decides between
processes; the process whose insert commits acts, the others ignore their copy.

A row lives as long as the interaction's token (15 minutes) plus a margin; expired rows
are purged by the next claim at most once a minute. An interaction older than its token
(its snowflake says when Discord created it) can't be answered any more and is ignored
without asking the database, so a replay can never outlive its row.

The database answers within `budget` seconds or the memory decides alone (logged): a
database stalled for seconds must not leave every interaction unanswered. The same holds
when the database fails."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time

import discord
from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, delete, insert
from sqlalchemy.exc import IntegrityError

log = logging.getLogger(__name__)

TOKEN_LIFETIME = dt.timedelta(minutes=15)
ROW_MARGIN = dt.timedelta(minutes=1)
PURGE_EVERY = 60.0
CLAIM_BUDGET = 1.0
MEMORY_MAX = 10_000

# created by migration 0007_discord_interactions (adapters/storage/discord_schema.py)
_seen = Table(
    "discord_interactions_seen", MetaData(),
    Column("interaction_id", String(24), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


class InteractionLedger:
    """The database half: `claim(id)` is True for the first caller in any process."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._last_purge = 0.0

    def claim(self, interaction_id: str, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC)
        purge = time.monotonic() - self._last_purge > PURGE_EVERY
        try:
            with self._engine.begin() as conn:
                if purge:
                    conn.execute(delete(_seen).where(_seen.c.expires_at < now))
                conn.execute(insert(_seen).values(
                    interaction_id=interaction_id[:24],
                    expires_at=now + TOKEN_LIFETIME + ROW_MARGIN))
        except IntegrityError:
            return False
        if purge:
            self._last_purge = time.monotonic()
        return True

    def purge(self, now: dt.datetime | None = None) -> int:
        """Delete the rows whose interactions expired; returns how many."""
        now = now or dt.datetime.now(dt.UTC)
        with self._engine.begin() as conn:
            return conn.execute(delete(_seen).where(_seen.c.expires_at < now)).rowcount


def too_old(interaction_id: str, now: dt.datetime | None = None) -> bool:
    """The interaction's token has expired (by the time in its snowflake id)."""
    if not interaction_id.isdigit() or len(interaction_id) > 20:
        return True
    created = discord.utils.snowflake_time(int(interaction_id))
    return (now or dt.datetime.now(dt.UTC)) - created > TOKEN_LIFETIME


class Admission:
    """Admits each interaction id once: memory first, then the ledger (if any)."""

    def __init__(self, ledger: InteractionLedger | None, budget: float = CLAIM_BUDGET) -> None:
        self.ledger = ledger
        self.budget = budget
        self._memory: dict[str, float] = {}
        self.ignored = 0

    def _remember(self, interaction_id: str) -> bool:
        now = time.monotonic()
        if interaction_id in self._memory:
            return False
        if len(self._memory) >= MEMORY_MAX:
            self._memory = {k: t for k, t in self._memory.items() if t > now}
        self._memory[interaction_id] = now + TOKEN_LIFETIME.total_seconds()
        return True

    async def first_time(self, interaction_id: str, *, durable: bool = True) -> bool:
        """`durable`: also claim it in the database (False for autocompletes, which change
        nothing and come one per keystroke: a repeat at worst answers twice)."""
        if too_old(interaction_id):
            self.ignored += 1
            log.warning("interaction %s is older than its 15-minute token (or this "
                        "machine's clock is off): ignored", interaction_id)
            return False
        if not self._remember(interaction_id):
            self.ignored += 1
            return False
        if self.ledger is None or not durable:
            return True
        claim = asyncio.ensure_future(asyncio.to_thread(self.ledger.claim, interaction_id))
        claim.add_done_callback(_consume)
        try:
            first = await asyncio.wait_for(asyncio.shield(claim), self.budget)
        except TimeoutError:
            log.warning("interaction %s: the database took over %.1f s to record it; acting "
                        "on this process's memory alone", interaction_id, self.budget)
            return True
        except Exception as err:  # an outage: the command itself will say so
            log.warning("interaction %s: could not record it (%s); acting on this "
                        "process's memory alone", interaction_id, type(err).__name__)
            return True
        if not first:
            self.ignored += 1
        return first


def _consume(future: asyncio.Future[bool]) -> None:
    """A claim that outlived its budget may still fail: retrieve it so asyncio doesn't log."""
    if not future.cancelled():
        future.exception()
