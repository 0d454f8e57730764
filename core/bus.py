"""The command bus: the one door into the core for every adapter.

`execute(ctx, command)` runs one command in one unit of work and returns a result object;
`run_text(ctx, "task", "add ...")` parses slash text with the core grammar first. Neither
raises for a user's mistake: a `UserError` becomes an `ErrorReply` (ephemeral)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from core.bulk_handlers import HANDLERS as BULK_HANDLERS
from core.commands import Command, Context, Help
from core.errors import UserError, invalid_input
from core.grammar import parse
from core.handlers.base import HandlerContext
from core.handlers.registry import HANDLERS, READ_ONLY
from core.help import answer_help
from core.observe import Metrics, NoMetrics, log_scope
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
                 handlers: dict[type[Any], Handler] | None = None,
                 metrics: Metrics | None = None) -> None:
        self._uow_factory = uow_factory
        self.metrics: Metrics = metrics or NoMetrics()
        self.clock = clock
        self.default_tz = default_tz
        self._handlers: dict[type[Any], Handler] = {**HANDLERS, **BULK_HANDLERS,
                                                    Help: answer_help}
        self._read_only: set[type[Any]] = {*READ_ONLY, Help}
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
        just the `ErrorReply`. Counted by kind (the first command's class) and outcome, and
        every log line written meanwhile carries the tenant and the kind. A `receipt` (see
        core.receipts) is settled in the same transaction when the commands change something."""
        kind = type(commands[0]).__name__ if commands else "nothing"
        started = time.perf_counter()
        with log_scope(tenant=f"{ctx.platform}:{ctx.workspace_id}", kind=kind):
            results = self._execute_all(ctx, commands, receipt)
            outcome = _outcome(results)
            took = time.perf_counter() - started
            log.info("%s %s in %.1f ms", kind, outcome, took * 1000)
        self.metrics.command(kind, outcome, took)
        return results

    def _execute_all(self, ctx: Context, commands: Sequence[Command | Any],
                     receipt: Receipt | None) -> list[Result]:
        missing = [type(cmd).__name__ for cmd in commands if type(cmd) not in self._handlers]
        if missing or not commands:
            return [ErrorReply(reason=f"I can't do {', '.join(missing) or 'nothing'} yet.")]
        writes = any(type(cmd) not in self._read_only for cmd in commands)
        try:
            if not writes:
                try:
                    return self._run(ctx, commands, lock=False)
                except UserError:
                    raise
                except Exception:
                    # A read that had to write after all (a person's first contact) and
                    # met a concurrent writer: run it again as a writer, which waits.
                    log.debug("read-only run failed; retrying as a write", exc_info=True)
            return self._run(ctx, commands, lock=True, receipt=receipt if writes else None)
        except UserError as err:
            return [ErrorReply(reason=err.reason, usage=err.usage)]
        except ValidationError as err:  # a command model built from a user's value
            refusal = invalid_input(err)
            return [ErrorReply(reason=refusal.reason, usage=refusal.usage)]
        except Exception:
            # A bug or an outage must not take the bot down or leave the user guessing.
            log.exception("command failed: %s", [type(cmd).__name__ for cmd in commands])
            return [ErrorReply(reason=INTERNAL_ERROR)]

    def _run(self, ctx: Context, commands: Sequence[Command | Any], lock: bool,
             receipt: Receipt | None = None) -> list[Result]:
        with self._uow_factory() as uow:
            h = HandlerContext.open(uow, ctx, self.clock.now(), self.default_tz, lock=lock)
            results = [self._handlers[type(cmd)](h, cmd) for cmd in commands]
            h.flush_notifications()
            if receipt is not None:
                receipt.settle(uow, results)
            uow.commit()
            return results

    def run_text(self, ctx: Context, command_name: str, text: str,
                 receipt: Receipt | None = None) -> Result:
        """Parse `/task ...` or `/project ...` text and execute it."""
        try:
            command = parse(command_name, text)
        except UserError as err:
            self.metrics.command(UNPARSED, REFUSED, 0.0)
            return ErrorReply(reason=err.reason, usage=err.usage)
        return self.execute(ctx, command, receipt)


UNPARSED = "Unparsed"
"""The kind counted for slash text the grammar refused."""
OK, REFUSED, FAILED = "ok", "refused", "error"


def _outcome(results: Sequence[Result]) -> str:
    last = results[-1] if results else None
    if isinstance(last, ErrorReply):
        return FAILED if last.reason == INTERNAL_ERROR else REFUSED
    return OK
