"""During an outage the same failure repeats every second: the log keeps one line per
kind per interval (the first with its traceback, later ones one line with a count)."""

from __future__ import annotations

import io
import logging
import time

from bot.logfilter import RepeatFilter


def _logger(interval: float) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RepeatFilter(interval))
    logger = logging.getLogger(f"test.logfilter.{interval}")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, out


def _fail(logger: logging.Logger, n: int) -> None:
    try:
        raise ConnectionError(f"database down 100% (try {n})")
    except ConnectionError:
        logger.exception("outbox claim failed; retrying in %ss", 1)


def test_a_failure_repeated_every_tick_is_logged_once_per_interval() -> None:
    logger, out = _logger(0.3)
    for n in range(50):
        _fail(logger, n)
        logger.warning("health check: database unreachable (%s)", "x")
    first = out.getvalue()
    assert first.count("outbox claim failed") == 1 and first.count("Traceback") == 1
    assert first.count("health check") == 1
    logger.info("an info line is never held back")
    logger.info("an info line is never held back")
    assert out.getvalue().count("info line") == 2

    time.sleep(0.35)
    _fail(logger, 99)
    later = out.getvalue()[len(first):]
    assert later.count("outbox claim failed") == 1
    assert "Traceback" not in later  # one line now
    assert "ConnectionError: database down 100% (try 99)" in later
    assert "[49 more like this in the last" in later


def test_different_kinds_are_each_logged() -> None:
    logger, out = _logger(60)
    _fail(logger, 1)
    logger.error("scheduler tick failed")
    logger.warning("request inbox unavailable")
    text = out.getvalue()
    assert text.count("\nERROR") + text.startswith("ERROR") == 2
    assert "request inbox unavailable" in text
