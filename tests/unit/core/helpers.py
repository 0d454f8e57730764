"""A small driver for the bus with fakes: `world.as_("ana").run(AddTask(...))`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.bus import CommandBus, ErrorReply
from core.commands import Context
from core.notifications import Notification
from core.ports import FixedClock
from core.results import Result
from tests.fakes import FakeUnitOfWorkFactory

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    uow: FakeUnitOfWorkFactory = field(default_factory=FakeUnitOfWorkFactory)
    clock: FixedClock = field(default_factory=lambda: FixedClock(START))
    user: str = "ana"
    channel: str | None = "general"
    workspace: str = "acme"
    platform: str = "console"

    def __post_init__(self) -> None:
        self.bus = CommandBus(self.uow, self.clock)

    def as_(self, user: str) -> World:
        self.user = user
        return self

    def ctx(self) -> Context:
        return Context(platform=self.platform, workspace_id=self.workspace, user_id=self.user,
                       display_name=self.user, channel_id=self.channel)

    def run(self, command: Any) -> Result:
        result = self.bus.execute(self.ctx(), command)
        assert not isinstance(result, ErrorReply), result.text
        return result

    def fails(self, command: Any) -> ErrorReply:
        result = self.bus.execute(self.ctx(), command)
        assert isinstance(result, ErrorReply), f"expected a refusal, got {result!r}"
        return result

    @property
    def outbox(self) -> list[Notification]:
        return self.uow.db.outbox

    def notes(self, kind: str) -> list[Notification]:
        return [n for n in self.outbox if n.kind.value == kind]
