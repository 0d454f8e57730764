"""The first steps of every subcommand: its settings and logging (`load_settings`, here
so that `bot.cli` and `bot.tick` both read it without importing each other), and the
garbage collector during its start-up.

A one-shot command (`taskbot tick`, a console script) spends most of its time loading:
SQLAlchemy, pydantic and our modules create ~100k objects that live until exit. The
cyclic collector would walk them again and again while they load (each young collection
promotes them, each older one rescans them) and once more at interpreter shutdown, and it
can free none of them. So the console script's entry point (`bot.cli.main`) turns the
collector off for the start (`quiet_start`); a command turns it back on once its modules
are loaded (`started`), with everything loaded so far frozen (left out of every later
collection), and `main` freezes again on the way out, which spares the final collection.

A long-running bot (`taskbot run`) freezes once more when it is wired (`serving`): the
container, the platform clients and the modules they load live as long as the process, and
every full collection would walk them again (about 120k objects: a 20-70 ms pause each time
a big request, such as the forecast of a 2,000-task project, sets one off). It collects
first, so no garbage is frozen, and raises the young generation's threshold from Python's
700 to `GEN0`: a request that holds thousands of objects while it runs would otherwise set
off dozens of young collections, each promoting what is still in use to an older
generation that is then scanned again; the collector's work per object stays the same, and
what waits uncollected is bounded by the threshold (a few MB at most).

Freezing only puts objects out of the collector's reach: reference counting still frees
them, and the database is closed by the code that opened it (the container's `close`),
not by a finalizer at exit. `started` does nothing unless `quiet_start` ran, so tests that
call a command's code in-process keep the collector as it is."""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

from bot.operator_errors import explained

if TYPE_CHECKING:
    from bot.settings import Settings

_quiet = False


def quiet_start() -> None:
    """No collections until `started` (or the end of the process)."""
    global _quiet
    _quiet = True
    gc.disable()


def started() -> None:
    """The command's modules are loaded: freeze them and collect as usual from here on
    (a long-running bot or an interactive console allocates and frees for hours)."""
    global _quiet
    if not _quiet:
        return
    _quiet = False
    gc.freeze()
    gc.enable()


GEN0 = 10_000
"""Container objects allocated (net of those freed) between young collections."""


def serving() -> None:
    """The long-running bot is wired: collect once, freeze what is alive and collect the
    young generation less often (see the module's docstring)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GEN0, *gc.get_threshold()[1:])


def finished() -> None:
    """The command is done: spare interpreter shutdown its walk over every object."""
    gc.freeze()


def load_settings(db: str | None = None, quiet: bool = False) -> Settings:
    """Settings from the environment; `quiet` (the console) logs only warnings unless
    TASKBOT_LOG_LEVEL asks for more, so the chat transcript stays readable. A bad setting
    ends the command with one line naming it. pydantic-settings is imported here, when a
    command runs, not when `taskbot --help` declares the commands."""
    from bot.logs import configure_logging
    from bot.settings import Settings

    with explained():
        settings = Settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    level = settings.log_level.upper()
    if quiet and "TASKBOT_LOG_LEVEL" not in os.environ:
        level = "WARNING"
    configure_logging(settings, level)
    return settings
