"""The REST breaker's rules on a hand-driven clock: per-route and global exponential
back-off, the breaker opening after a burst of invalid answers (429, 401, 403) and closing
only on proof, and the invalid-request budget per rolling 10 minutes."""

from __future__ import annotations

from adapters.discord.breaker import Breaker, GuardPolicy, route_key

MSG = route_key("POST", "/channels/1/messages")
DM = route_key("POST", "/users/@me/channels")
LIMITED = {"Retry-After": "0", "Via": "1.1 google"}


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_route_keys_keep_the_channel_and_fold_message_ids() -> None:
    assert route_key("PATCH", "/channels/7/messages/99?x=1") == "PATCH /channels/7/messages/{id}"
    assert DM == "POST /users/@me/channels"
    assert route_key("POST", "/channels/8/messages") != MSG


def test_429s_on_a_route_back_off_exponentially_and_honour_retry_after() -> None:
    clock = Clock()
    b = Breaker(GuardPolicy(trip_after=100), clock)
    waits = []
    for _ in range(4):
        b.answered(MSG, 429, LIMITED)
        waits.append(b.wait_for(MSG))
    assert waits == [1.0, 2.0, 4.0, 8.0]
    assert b.wait_for(DM) == 0.0  # other routes go on
    b.answered(MSG, 429, {"Retry-After": "30"})
    assert b.wait_for(MSG) == 30.0
    clock.t += 31
    b.answered(MSG, 200, {})
    b.answered(MSG, 429, LIMITED)
    assert b.wait_for(MSG) == 1.0  # a success starts the route over


def test_a_global_429_holds_every_route() -> None:
    b = Breaker(GuardPolicy(trip_after=100), Clock())
    b.answered(MSG, 429, {"Retry-After": "2", "X-RateLimit-Global": "true"})
    assert b.wait_for(DM) == 2.0 and b.paused_for() == 2.0


def test_the_breaker_opens_on_a_burst_probes_once_and_closes_only_on_proof() -> None:
    clock = Clock()
    b = Breaker(GuardPolicy(backoff_base=0.01, trip_after=5, open_for=5.0), clock)
    for _ in range(5):
        b.answered(MSG, 429, LIMITED)
    assert b.opened == 1 and b.paused_for() == 5.0
    b.answered(MSG, 429, LIMITED)  # sent before it opened: counted, no second trip
    assert b.opened == 1 and len(b.invalid) == 6
    clock.t += 5.0
    assert b.wait_for(DM) == 0.0
    b.started()  # the probe
    assert b.wait_for(MSG) > 0  # one probe at a time
    b.answered(DM, 200, {})  # a DM channel opening proves nothing about messages
    b.started()
    b.answered(MSG, 429, LIMITED)  # the probe failed: open twice as long
    assert b.opened == 2 and b.paused_for() == 10.0
    clock.t += 10.0
    b.started()
    b.answered(MSG, 200, {})
    assert b.paused_for() == 0.0 and b.wait_for(MSG) == 0.0


def test_repeated_401_or_403_open_the_breaker_too() -> None:
    b = Breaker(GuardPolicy(trip_after=3, open_for=5.0), Clock())
    for status in (401, 403, 403):
        b.answered(DM, status, {})
    assert b.paused_for() == 5.0


def test_the_invalid_budget_is_never_passed_within_ten_minutes() -> None:
    clock = Clock()
    b = Breaker(GuardPolicy(trip_after=10_000, budget=3, backoff_base=0.01), clock)
    for _ in range(3):
        b.answered(MSG, 429, LIMITED)
        clock.t += 1
    assert b.paused_for() == 600.0 - 3  # until the oldest leaves the window
    clock.t += 597  # the first left the window
    assert b.paused_for() == 0.0 and sum(1 for t in b.invalid if t > clock.t - 600) == 2
