"""The command bus: the one door into the core for every adapter.

`execute(ctx, command)` runs one command in one unit of work and returns a result object;
`run_text(ctx, "task", "add ...")` parses slash text with the core grammar first. Neither
raises for a user's mistake: a `UserError` becomes an `ErrorReply` (ephemeral)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from core.commands import Command, Context
from core.errors import UserError
from core.handlers.base import HandlerContext
from core.handlers.registry import HANDLERS, READ_ONLY
from core.ports import Clock, UnitOfWorkFactory
from core.receipts import Receipt
from core.results import Result

log = logging.getLogger(__name__)


INTERNAL_ERROR = ("Something went wrong on my side and nothing was changed. Please try "
                  "again in a moment.")


class ErrorReply(Result):
    """A friendly refusal: one-line reason, and the usage of the command when known."""

    reason: str
    usage: str | None = None

    @property
    def text(self) -> str:
        return self.reason if not self.usage else f"{self.reason}\nUsage: {self.usage}"


Handler = Callable[[HandlerContext, Any], Result]


class CommandBus:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock,
                 default_tz: str = "UTC",
                 handlers: dict[type[Any], Handler] | None = None) -> None:
        self._uow_factory = uow_factory
        self.clock = clock
        self.default_tz = default_tz
        self._handlers: dict[type[Any], Handler] = dict(HANDLERS)
        self._read_only: set[type[Any]] = set(READ_ONLY)
        if handlers:
            self._handlers.update(handlers)

    def register(self, command_type: type[Any], handler: Handler,
                 read_only: bool = False) -> None:
        """Add a handler (the scheduler's commands register themselves this way).
        `read_only` commands skip the workspace write lock."""
        self._handlers[command_type] = handler
        if read_only:
            self._read_only.add(command_type)

    def execute(self, ctx: Context, command: Command | Any,
                receipt: Receipt | None = None) -> Result:
        """Run one command in its own unit of work."""
        return self.execute_all(ctx, [command], receipt)[-1]

    def execute_all(self, ctx: Context, commands: Sequence[Command | Any],
                    receipt: Receipt | None = None) -> list[Result]:
        """Run several commands in ONE unit of work (a form that changes several fields):
        all of them are saved, or, at the first refusal, none. On a refusal the list holds
        just the `ErrorReply`. A `receipt` (see core.receipts) is settled in the same
        transaction when the commands change something."""
        missing = [type(cmd).__name__ for cmd in commands if type(cmd) not in self._handlers]
        if missing or not commands:
            return [ErrorReply(reason=f"I can't do {', '.join(missing) or 'nothing'} yet.")]
        writes = any(type(cmd) not in self._read_only for cmd in commands)
        try:
            with self._uow_factory() as uow:
                h = HandlerContext.open(uow, ctx, self.clock.now(), self.default_tz,
                                        lock=writes)
                results = [self._handlers[type(cmd)](h, cmd) for cmd in commands]
                h.flush_notifications()
                if receipt is not None and writes:
                    receipt.settle(uow, results)
                uow.commit()
                return results
        except UserError as err:
            return [ErrorReply(reason=err.reason, usage=err.usage)]
        except Exception:
            # A bug or an outage must not take the bot down or leave the user guessing.
            log.exception("command failed: %s", [type(cmd).__name__ for cmd in commands])
            return [ErrorReply(reason=INTERNAL_ERROR)]

    def run_text(self, ctx: Context, command_name: str, text: str,
                 receipt: Receipt | None = None) -> Result:
        """Parse `/task ...` or `/project ...` text and execute it."""
        from core.grammar import parse

        try:
            command = parse(command_name, text)
        except UserError as err:
            return ErrorReply(reason=err.reason, usage=err.usage)
        return self.execute(ctx, command, receipt)
