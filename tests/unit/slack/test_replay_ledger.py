"""The database replay guard: first insert wins, rows live for the window, then go."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from adapters.slack.replay import RequestLedger
from adapters.storage.engine import make_engine
from tests.migrated import migrated_sqlite


def test_signature_accepted_once_then_purged_after_its_window(tmp_path: Path) -> None:
    url = migrated_sqlite(tmp_path / "r.db")
    engine = make_engine(url)
    try:
        ledger, other = RequestLedger(engine), RequestLedger(engine)
        now = int(time.time())
        assert ledger.first_time("v0=aa", now)
        assert not ledger.first_time("v0=aa", now)
        assert not other.first_time("v0=aa", now)  # another replica, same database
        assert other.first_time("v0=bb", now)
        assert ledger.purge() == 0  # both still inside the window
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=301)
        assert ledger.purge(later) == 2
    finally:
        engine.dispose()
