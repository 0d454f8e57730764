"""`Pace` after a rate-limit hold: one probe goes first, the rest wait behind it until it has
its answer (a 429 storm costs one invalid request per hold, not one per send slot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.delivery_pace import Pace

SCOPE = ("discord", "g1")
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_after_a_429_hold_one_probe_goes_and_the_rest_wait_behind_it() -> None:
    pace = Pace(probe_wait=0.25)
    pace.rate_limited(SCOPE, T0 + timedelta(seconds=1))
    assert pace.admit(SCOPE, T0) is not None  # held until the Retry-After
    after = T0 + timedelta(seconds=1)
    assert pace.admit(SCOPE, after) is None  # the probe
    second = pace.admit(SCOPE, after)
    assert second is not None and second[0] == after + timedelta(seconds=0.25)
    assert SCOPE in pace.held_scopes(after)  # no claims while the probe is out
    pace.rate_limited(SCOPE, after + timedelta(seconds=2))  # the probe got a 429 again
    pace.sent(SCOPE)
    assert pace.admit(SCOPE, after + timedelta(seconds=1)) is not None
    later = after + timedelta(seconds=2)
    assert pace.admit(SCOPE, later) is None  # the next probe
    assert pace.succeeded(SCOPE) is None
    pace.sent(SCOPE)
    assert pace.admit(SCOPE, later) is None and pace.admit(SCOPE, later) is None  # free


def test_a_probe_whose_send_failed_otherwise_frees_the_next() -> None:
    pace = Pace()
    pace.rate_limited(SCOPE, T0)
    assert pace.admit(SCOPE, T0) is None
    pace.sent(SCOPE)  # e.g. a dead letter: neither success nor 429
    assert pace.admit(SCOPE, T0) is None


def test_outages_are_not_probed_one_at_a_time() -> None:
    pace = Pace(base=0.5)
    pace.failed(SCOPE, T0)
    after = T0 + timedelta(seconds=1)
    assert pace.admit(SCOPE, after) is None and pace.admit(SCOPE, after) is None
