"""During an outage the same failure repeats every second (health probes, the outbox
worker, the scheduler, every request): log it once per kind per interval, not a traceback
a second. A kind is the logger, the message template and the exception's type. The first
of a kind keeps its traceback; later ones are one line saying how many were left out."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

INTERVAL = 60.0


@dataclass
class _Seen:
    since: float
    dropped: int = 0


class RepeatFilter(logging.Filter):
    def __init__(self, interval: float = INTERVAL) -> None:
        super().__init__()
        self.interval = interval
        self._seen: dict[tuple[str, str, str], _Seen] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        exc = record.exc_info[1] if record.exc_info else None
        kind = (record.name, str(record.msg), type(exc).__name__ if exc else "")
        now = time.monotonic()
        with self._lock:
            seen = self._seen.get(kind)
            if seen is not None and now - seen.since < self.interval:
                seen.dropped += 1
                return False
            self._seen[kind] = _Seen(now)
            if len(self._seen) > 10_000:
                self._seen.clear()
        if seen is not None:
            def lit(text: str) -> str:  # appended text must survive `msg % args`
                return text.replace("%", "%%") if record.args else text

            if exc is not None:  # a repeat: one line, not the traceback again
                first = str(exc).strip().splitlines()
                record.msg = f"{record.msg} " + lit(
                    f"({type(exc).__name__}: {first[0][:200] if first else ''})")
                record.exc_info, record.exc_text = None, None
            if seen.dropped:
                record.msg = (f"{record.msg} [{seen.dropped} more like this in the last "
                              f"{now - seen.since:.0f} s]")
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Put one filter on every handler of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    shared = RepeatFilter()
    for handler in target.handlers:
        if not any(isinstance(f, RepeatFilter) for f in handler.filters):
            handler.addFilter(shared)
