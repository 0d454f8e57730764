"""The Discord adapter's table in our database: the interactions it has already acted on.

Discord may deliver one INTERACTION_CREATE twice (a RESUME replays dispatches, a flaky
edge repeats one, two processes both receive it); the first process to insert the id acts,
every other copy is ignored. A row lives as long as the interaction's token (15 minutes,
plus a margin): after that the interaction can't be answered and is ignored by its age
alone. Declared here so the whole schema lives in one metadata; created by migration
0007_discord_interactions and used by `adapters.discord.ledger`."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table

from adapters.storage.orm import Base

discord_interactions_seen = Table(
    "discord_interactions_seen", Base.metadata,
    Column("interaction_id", String(24), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
