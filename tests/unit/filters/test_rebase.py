"""Re-reading a parsed query's dates for another moment and zone gives the query the parser
would have read there: the text grammar reads filters without the asker's zone and clock,
the handler re-reads them (`core.filters.rebase`)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from core.errors import UserError
from core.filters.parse import parse_filter
from core.filters.rebase import rebase
from tests.unit.filters.test_properties import _GOOD, NOW, ZONES

_DATED = [f for f in _GOOD if f.startswith(("due", "created", "done", "updated"))]
_MOMENTS = st.integers(-400 * 24, 400 * 24).map(lambda h: NOW + dt.timedelta(hours=h))


@given(st.lists(st.sampled_from(_GOOD), max_size=5), _MOMENTS, ZONES, _MOMENTS, ZONES)
def test_rebase_equals_parsing_there(parts: list[str], then: dt.datetime, tz_then: str,
                                     now: dt.datetime, tz: str) -> None:
    text = " ".join(parts)
    try:
        there = parse_filter(text, now, tz)
        first = parse_filter(text, then, tz_then)
    except UserError:
        return
    assert rebase(first, now, tz) == there


def test_every_dated_fragment_is_covered() -> None:
    assert "due<fri" in _DATED and 'updated<"2 weeks ago"' in _DATED
