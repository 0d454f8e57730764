"""Every number in the grammar is read through one ASCII-digit rule: `²`, `¹`, Arabic-Indic
digits and other digit-like characters are a friendly refusal, never a crash (they pass
`str.isdigit()` and then fail `int()`, or pass `int()` and become a surprising number)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.grammar import parse
from core.grammar.parser import INTERNAL_ERROR_REASON
from core.scheduling.timecalc import parse_clock
from core.text import ascii_int, is_ascii_int

ODD_DIGITS = ["²", "¹", "³", "\u0661", "٣", "५", "①", "\U0001d7d9", "Ⅻ", "፩"]


@pytest.mark.parametrize(("text", "reason"), [
    ("escalate launch after ²", "'²' is not a number of days; write it with the digits 0-9"),
    ("escalate launch", "After how many working days?"),
    ("remind snooze ² 1h", "Which reminder? Give its number"),
    ("remind done ¹", "Which reminder? Give its number"),
    ("reminders due-soon ²h", "how many hours before (1 to 336)"),
    ("list page:²", "'²' is not a page number"),
    ("escalate 0\r¹", "Which project?"),
    ("done #\u0661", "'#\u0661' is not a task number"),
    ("show ٣", "not a task number"),
    ("add Fix it after:#²", "is not a list of tasks"),
    ("digest here at ¹:00", "is not a time of day"),
    ("remind snooze 99999999999999999999999999999 1h", "Which reminder? Give its number"),
    ("list page:" + "9" * 30, "is not a page number"),
    ("done #" + "9" * 30, "is not a task number"),
])
def test_digit_like_characters_are_a_friendly_refusal(text: str, reason: str) -> None:
    with pytest.raises(UserError) as err:
        parse("task", text)
    assert reason in err.value.reason
    assert err.value.reason != INTERNAL_ERROR_REASON
    assert err.value.usage


@pytest.mark.parametrize("text", ["remind snooze 3 1h", "list page:2", "escalate launch after 3",
                                  "reminders due-soon 4h", "done #12"])
def test_ascii_numbers_still_work(text: str) -> None:
    parse("task", text)


def test_ascii_int_reads_only_ascii_digits_in_range() -> None:
    assert ascii_int("42") == 42
    assert ascii_int("0042", 1, 100) == 42
    assert ascii_int("0", 1) is None
    assert ascii_int("101", 1, 100) is None
    assert ascii_int("9" * 5000) is None  # refused before int() reads a huge string
    for odd in [*ODD_DIGITS, "+1", "-1", " 1", "1 ", "1_000", "", "1.0"]:
        assert ascii_int(odd) is None and not is_ascii_int(odd), odd


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_clock_times_refuse_digit_like_characters(odd: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(f"{odd}:00")


@settings(deadline=None)
@given(sub=st.sampled_from(["escalate launch after", "remind snooze", "remind done",
                            "reminders due-soon", "list page:", "done #", "digest here at",
                            "escalate", "add X after:", "remind #1 in"]),
       number=st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4),
       tail=st.sampled_from(["", "h", " 1h", ":00", " hours"]))
def test_any_digit_like_text_is_a_command_or_a_friendly_error(sub: str, number: str,
                                                               tail: str) -> None:
    try:
        parse("task", f"{sub} {number}{tail}" if not sub.endswith((":", "#")) else
              f"{sub}{number}{tail}")
    except UserError as err:
        assert err.reason != INTERNAL_ERROR_REASON
