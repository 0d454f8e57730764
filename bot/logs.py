"""Log lines for operators: `TASKBOT_LOG_FORMAT=text` (the default, one readable line) or
`json` (one JSON object per line: `ts`, `level`, `logger`, `msg`, the request's `tenant`
and `kind` when known, `exc` for a traceback). Both formats pass every line through the
same redaction: the values of the secret settings (tokens, signing and client secrets, the
database password) and anything shaped like a Slack token are replaced by `[redacted]`, in
the message, its arguments and its traceback alike."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.settings import Settings
from core.observe import log_context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[redacted]"
SECRET_SETTINGS = ("slack_bot_token", "slack_app_token", "slack_signing_secret",
                   "slack_client_secret", "discord_token")
TOKEN_SHAPES = re.compile(
    r"\bxox[a-z]-[A-Za-z0-9-]{6,}"            # Slack bot/user/refresh tokens
    r"|\bxapp-[A-Za-z0-9-]{6,}"               # Slack app-level tokens
    r"|\b[\w-]{24,}\.[\w-]{6}\.[\w-]{27,}")   # Discord bot tokens
MIN_SECRET = 6
"""Shorter values are not redacted one by one (they would blot out ordinary words)."""
FIELD_MAX = 200
"""Tenant and kind come from requests: clipped, so a hostile id cannot bloat every line."""


def secrets_of(settings: Settings) -> list[str]:
    """The secret values configured in `settings` (and the database URL's password)."""
    values = [getattr(settings, name) for name in SECRET_SETTINGS]
    try:
        from sqlalchemy.engine import make_url

        values.append(make_url(settings.database_url).password)
    except Exception:
        pass  # an unparsable URL is reported elsewhere; it has no password to find
    return sorted({str(v) for v in values if v and len(str(v)) >= MIN_SECRET},
                  key=len, reverse=True)


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        self.secrets = list(secrets)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return TOKEN_SHAPES.sub(REDACTED, text)


class RedactingTextFormatter(logging.Formatter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__(TEXT_FORMAT)
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line (a traceback is a string field, never extra lines)."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": self.redact(record.getMessage()),
        }
        line.update({k: self.redact(v[:FIELD_MAX]) for k, v in log_context().items()})
        if record.exc_info:
            line["exc"] = self.redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exc"] = self.redact(record.exc_text)
        return json.dumps(line, ensure_ascii=False)


def make_handler(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """A handler writing `settings.log_format` lines (to stderr by default)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    redact = Redactor(secrets_of(settings))
    handler.setFormatter(JsonFormatter(redact) if settings.log_format == "json"
                         else RedactingTextFormatter(redact))
    return handler


def configure_logging(settings: Settings, level: str) -> None:
    """The root logger for this process (as `logging.basicConfig`: only once)."""
    from bot.logfilter import install

    logging.basicConfig(level=level, handlers=[make_handler(settings)])
    logging.getLogger("alembic").setLevel(logging.WARNING)
    install()  # one line per failure kind per minute during an outage
