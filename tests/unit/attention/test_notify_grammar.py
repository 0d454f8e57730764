"""`/task notify ...` read by the text grammar, and its friendly refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from core.attention.commands import SetNotify, ShowNotify
from core.errors import UserError
from core.grammar.parser import parse


@pytest.mark.parametrize(("text", "want"), [
    ("notify show", ShowNotify()),
    ("notify", ShowNotify()),
    ("notify immediate", SetNotify(mode="immediate")),
    ("notify hourly", SetNotify(mode="hourly")),
    ("notify daily", SetNotify(mode="daily")),
    ("notify daily at 16:00", SetNotify(mode="daily", at=dt.time(16, 0))),
    ("notify DAILY 4pm", SetNotify(mode="daily", at=dt.time(16, 0))),
])
def test_reads(text: str, want: object) -> None:
    assert parse("task", text) == want


@pytest.mark.parametrize(("text", "says"), [
    ("notify sometimes", "not a way to get notifications"),
    ("notify hourly at 16:00", "daily only"),
    ("notify daily at 25:00", "not a time of day"),
    ("notify daily at", "At what time"),
    ("notify daily at 16:00 please", "means here"),
    ("notify <!channel>", "not a way"),
])
def test_refuses_with_a_hint(text: str, says: str) -> None:
    with pytest.raises(UserError) as err:
        parse("task", text)
    assert says in err.value.reason
    assert "/task notify" in (err.value.usage or "")
