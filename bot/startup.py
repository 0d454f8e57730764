"""The first step of every subcommand: read the settings and configure logging.

Its own module so that `bot.cli` and `bot.tick` (which `bot.cli` registers) both read it
without importing each other."""

from __future__ import annotations

import os

from bot.logs import configure_logging
from bot.operator_errors import explained
from bot.settings import Settings


def load_settings(db: str | None = None, quiet: bool = False) -> Settings:
    """Settings from the environment; `quiet` (the console) logs only warnings unless
    TASKBOT_LOG_LEVEL asks for more, so the chat transcript stays readable. A bad setting
    ends the command with one line naming it."""
    with explained():
        settings = Settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    level = settings.log_level.upper()
    if quiet and "TASKBOT_LOG_LEVEL" not in os.environ:
        level = "WARNING"
    configure_logging(settings, level)
    return settings
