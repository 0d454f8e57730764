"""WAL checkpoints of an embedded SQLite database, off the request path.

By default SQLite checkpoints inside the commit that grows the WAL past 1,000 pages:
that one command copies ~4 MB back into the database file and fsyncs it. With a write
command dirtying 20-odd pages, one commit in fifty pays it, which is exactly a write
command's p99 (the benchmark measured assign/add/done p99 of 15-22 ms with it, 4-11 ms
without, p50 unchanged around 3 ms). SQLite's documentation suggests the remedy used here:
a background thread runs `PRAGMA wal_checkpoint(PASSIVE)` every `interval` seconds (a
passive checkpoint never blocks readers or writers, and sqlite3 releases the GIL while
it runs), and the bot's own connections only checkpoint as a backstop, should the thread
fall far behind (`BACKSTOP_PAGES`, about 80 MB of WAL).

`bot.container.build` starts one for a file SQLite database; nothing happens on import.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

BACKSTOP_PAGES = 20_000


def _backstop(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")


class WalCheckpointer:
    """A daemon thread checkpointing `engine`'s WAL; `stop()` ends it (and runs one last
    checkpoint). Connections the engine opens after `start()` leave checkpoints to it."""

    def __init__(self, engine: Engine, interval: float = 0.5) -> None:
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> WalCheckpointer:
        event.listen(self.engine, "connect", _backstop)
        self._thread = threading.Thread(target=self._run, name="sqlite-wal-checkpoint",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def checkpoint(self, raw: Any) -> tuple[int, int, int]:
        """One passive checkpoint: (busy, WAL frames, frames checkpointed)."""
        row = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def _run(self) -> None:
        # A raw pooled connection: no SQLAlchemy transaction (a checkpoint can't run in one).
        raw = self.engine.raw_connection()
        try:
            while True:
                stopping = self._stop.wait(self.interval)
                try:
                    self.checkpoint(raw.driver_connection)
                except Exception:  # a locked or vanished file: try again next time
                    log.exception("WAL checkpoint failed")
                if stopping:
                    return
        finally:
            raw.close()
