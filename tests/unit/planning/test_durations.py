"""Durations: what people type, what they are told when it is wrong, and the way back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.planning.durations import (
    Duration,
    DurationError,
    format_days,
    format_duration,
    parse_duration,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", Duration(30, 0)),
    ("4h", Duration(240, 0)),
    ("1.5d", Duration(0, 150)),
    ("2w", Duration(0, 1000)),
    ("1d4h", Duration(240, 100)),
    (" 1H30M ", Duration(90, 0)),
    ("0.25h", Duration(15, 0)),
    (".5d", Duration(0, 50)),
])
def test_parse(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


def test_a_day_is_the_persons_working_day_and_a_week_five_of_them() -> None:
    assert parse_duration("1.5d").to_minutes(480) == 720
    assert parse_duration("1.5d").to_minutes(360) == 540  # someone on 6 h days
    assert parse_duration("2w").to_minutes(480) == 80 * 60
    assert parse_duration("1d4h").to_minutes(420) == 420 + 240


@pytest.mark.parametrize(("text", "says"), [
    ("", "missing"),
    ("3", "needs a unit: 3h or 3d?"),
    ("3x", "not a duration"),
    ("-3h", "not a duration"),
    ("\u00b2h", "digits 0-9 only"),          # superscript two
    ("\u0663h", "digits 0-9 only"),          # Arabic-Indic three
    ("1.5m", "minutes are whole"),
    ("1.234d", "at most two digits"),
    ("0h", "zero"),
    ("1h2h", "hours twice"),
    ("99999999999999999999w", "too long"),
    ("600w", "too long"),
    ("0.33h", "whole number of minutes"),
])
def test_friendly_errors(text: str, says: str) -> None:
    with pytest.raises(DurationError) as err:
        parse_duration(text)
    assert says in str(err.value)


@pytest.mark.parametrize(("minutes", "day", "text"), [
    (4800, 480, "2w"), (720, 480, "1.5d"), (600, 480, "1.25d"), (510, 480, "1d30m"),
    (90, 480, "1.5h"), (45, 480, "45m"), (250, 480, "4h10m"), (0, 480, "0m"),
    (-720, 480, "-1.5d"), (540, 360, "1.5d"), (480, 360, "1d2h"),
])
def test_format(minutes: int, day: int, text: str) -> None:
    assert format_duration(minutes, day) == text


@given(st.integers(1, 400_000), st.sampled_from([360, 420, 450, 480, 510, 600]))
def test_format_reads_back_to_the_same_minutes(minutes: int, day: int) -> None:
    assert parse_duration(format_duration(minutes, day)).to_minutes(day) == minutes


def test_format_days() -> None:
    assert [format_days(d) for d in (3, 1.5, -2, 0.04, 1.25)] == \
        ["3 d", "1.5 d", "-2 d", "0 d", "1.2 d"]
