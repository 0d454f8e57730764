"""Log lines: `TASKBOT_LOG_FORMAT=json` is one JSON object per line with the request's
tenant and kind; neither format ever shows a token or a secret, whether it comes in the
message, its arguments, the settings' repr or a traceback."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import REDACTED, make_handler
from bot.settings import Settings
from core.observe import log_scope

BOT_TOKEN = "xoxb-9999-8888-notARealTokenButSecret"
SIGNING = "0123456789abcdefsigning"
CLIENT_SECRET = "client-secret-value-42"
DISCORD = "MTAxMjM0NTY3ODkwMTIzNDU2.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"
OTHER_WORKSPACE_TOKEN = "xoxb-1111-2222-installedElsewhere"  # OAuth: not in settings


def _settings(fmt: str) -> Settings:
    return Settings(TASKBOT_LOG_FORMAT=fmt, SLACK_BOT_TOKEN=BOT_TOKEN,
                    SLACK_SIGNING_SECRET=SIGNING, SLACK_CLIENT_SECRET=CLIENT_SECRET,
                    DISCORD_TOKEN=DISCORD,
                    TASKBOT_DATABASE_URL="postgresql+psycopg://bot:dbpassw0rd@db/taskbot")


def _log_everything(fmt: str) -> str:
    settings = _settings(fmt)
    stream = io.StringIO()
    logger = logging.getLogger(f"test.logs.{fmt}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = make_handler(settings, stream)
    logger.addHandler(handler)
    try:
        with log_scope(tenant="slack:T0TEAM", kind="AddTask"):
            logger.info("settings at start: %r", settings)
            logger.warning("sending with %s and %s", BOT_TOKEN, OTHER_WORKSPACE_TOKEN)
            logger.debug("headers %s", {"Authorization": f"Bearer {BOT_TOKEN}",
                                        "secret": SIGNING, "discord": DISCORD})
            try:
                raise RuntimeError(f"auth failed for {CLIENT_SECRET} at {settings.database_url}")
            except RuntimeError:
                logger.exception("it broke")
        logger.info("outside any request")
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_ever_reaches_a_log_line(fmt: str) -> None:
    out = _log_everything(fmt)
    for secret in (BOT_TOKEN, SIGNING, CLIENT_SECRET, DISCORD, OTHER_WORKSPACE_TOKEN,
                   "dbpassw0rd", "notARealToken", "installedElsewhere"):
        assert secret not in out, secret
    assert REDACTED in out
    assert "auth failed for" in out and "it broke" in out  # the rest of the line stays


def test_json_lines_carry_tenant_and_kind() -> None:
    lines = [json.loads(line) for line in _log_everything("json").splitlines()]
    assert len(lines) == 5  # one object per record, the traceback inside it
    inside, outside = lines[:4], lines[4]
    assert all(line["tenant"] == "slack:T0TEAM" and line["kind"] == "AddTask"
               for line in inside)
    assert "tenant" not in outside and "kind" not in outside
    assert lines[3]["level"] == "ERROR" and "RuntimeError" in lines[3]["exc"]
    assert {"ts", "level", "logger", "msg"} <= set(lines[0])


def test_the_log_format_is_validated() -> None:
    assert Settings(TASKBOT_LOG_FORMAT=" JSON ").log_format == "json"
    with pytest.raises(ValueError, match="TASKBOT_LOG_FORMAT"):
        Settings(TASKBOT_LOG_FORMAT="xml")
