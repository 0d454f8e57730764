"""Settings from the environment (and a `.env` file): pydantic-settings validates them at
start-up, so a typo fails loudly with the variable's name instead of deep in a handler."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """Embedded SQLite under the user's data directory (XDG_DATA_HOME or ~/.local/share)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'taskbot' / 'taskbot.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default_factory=default_database_url,
                              alias="TASKBOT_DATABASE_URL")
    default_tz: str = Field(default="UTC", alias="TASKBOT_DEFAULT_TZ")
    log_level: str = Field(default="INFO", alias="TASKBOT_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(default="text", alias="TASKBOT_LOG_FORMAT")
    http_port: int = Field(default=3000, alias="TASKBOT_HTTP_PORT")
    worker_id: str | None = Field(default=None, alias="TASKBOT_WORKER_ID")
    drain_seconds: float = Field(default=20.0, ge=0, alias="TASKBOT_DRAIN_SECONDS")
    files_dir: str = Field(default="taskbot-files", alias="TASKBOT_FILES_DIR")
    """Where the console writes the files it posts (chart PNGs)."""

    # Slack
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")

    # Discord
    discord_token: str | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_application_id: str | None = Field(default=None, alias="DISCORD_APPLICATION_ID")
    discord_shard_ids: str | None = Field(default=None, alias="DISCORD_SHARD_IDS")
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT")
    discord_api_url: str | None = Field(default=None, alias="DISCORD_API_URL")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    # REST pacing and the breaker (adapters/discord/pacing.py, breaker.py): the bot's
    # requests per second (Discord allows 50) and invalid requests per 10 minutes (Discord
    # bans at 10,000), each split over DISCORD_REST_PROCESSES (default: from the shards).
    discord_rest_rate: float = Field(default=45.0, gt=0, alias="DISCORD_REST_RATE")
    discord_rest_processes: int | None = Field(default=None, ge=1,
                                               alias="DISCORD_REST_PROCESSES")
    discord_invalid_budget: int = Field(default=5000, ge=1, alias="DISCORD_INVALID_BUDGET")
    discord_breaker_seconds: float = Field(default=5.0, gt=0, alias="DISCORD_BREAKER_SECONDS")
    discord_backoff_base: float = Field(default=1.0, gt=0, alias="DISCORD_BACKOFF_BASE")
    discord_drain_seconds: float = Field(default=8.0, ge=0, alias="DISCORD_DRAIN_SECONDS")

    # Scheduler
    tick_seconds: float = Field(default=30.0, alias="TASKBOT_TICK_SECONDS")
    digest_grace_hours: float = Field(default=3.0, alias="TASKBOT_DIGEST_GRACE_HOURS")
    delivery_give_up_hours: float = Field(default=4.0, gt=0,
                                          alias="TASKBOT_DELIVERY_GIVE_UP_HOURS")
    delivery_concurrency: int = Field(default=4, ge=1, le=64,
                                      alias="TASKBOT_DELIVERY_CONCURRENCY")
    notify_burst_seconds: float = Field(default=60.0, ge=0, le=3600,
                                        alias="TASKBOT_NOTIFY_BURST_SECONDS")

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.strip().upper() not in ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"):
            raise ValueError(f"{value!r} is not a log level; use DEBUG, INFO, WARNING or "
                             "ERROR")
        return value.strip().upper()

    @field_validator("default_tz")
    @classmethod
    def _known_tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):  # (the first is a KeyError)
            raise ValueError(f"{value!r} is not a known time zone; use an Area/City name "
                             "such as Europe/Paris or America/New_York, or UTC") from None
        return value

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_client_id)

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
