"""`/healthz`: 200 while the database answers, 503 when it does not answer within
`timeout` (a hung database, a lock held for long) or while the process drains before a
stop. One probe runs at a time: probes that arrive while it hangs wait for it (at most
`timeout`) instead of piling threads up on the stuck database."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 0.8  # seconds: the answer comes within 1 s whatever the database does
PROBE_TABLE = "request_inbox"  # the write every acknowledgement needs first


class HealthProbe:
    def __init__(self, engine: Engine, timeout: float = PROBE_TIMEOUT) -> None:
        self.engine = engine
        self.timeout = timeout
        self.draining = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
        self._running: asyncio.Future[None] | None = None

    def _ping(self) -> None:
        """Opens a transaction (on SQLite that takes the write lock: BEGIN IMMEDIATE) and
        reads the inbox table (on PostgreSQL a table lock stops it)."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL statement_timeout = 10000")
            conn.execute(text(f"SELECT 1 FROM {PROBE_TABLE} LIMIT 1"))

    async def healthy(self) -> bool:
        if self.draining:
            return False
        if self._running is None or self._running.done():
            self._running = asyncio.get_running_loop().run_in_executor(self._pool, self._ping)
        try:
            await asyncio.wait_for(asyncio.shield(self._running), self.timeout)
            return True
        except TimeoutError:
            log.warning("health check: the database did not answer within %.1f s",
                        self.timeout)
        except Exception as err:
            log.warning("health check: database unreachable (%s: %s)", type(err).__name__,
                        str(err).strip().splitlines()[0][:200] if str(err).strip() else "")
        return False

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def process_gone(worker_id: str) -> bool:
    """Whether the default worker id `host:pid` names a process of this host that has
    ended (its claims can be taken over at once). Other ids: not known to be gone."""
    host, _, pid = worker_id.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
