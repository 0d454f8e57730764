"""Arbitrary text never crashes the grammar: it returns a command model or a UserError with a
one-line reason and a usage line; never the internal fallback."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from core.dates import parse_when
from core.errors import UserError
from core.grammar import parse
from core.grammar.parser import INTERNAL_ERROR_REASON

PIECES = st.sampled_from([
    "add", "list", "show", "done", "assign", "due", "depends", "undepend", "comment", "edit",
    "tz", "help", "new", "status", "archive", "on", "to", "mine", "all", "none",
    "#12", "12", "#0", "#99999999999", "#1,#2", "#3,", ",", "@ana", "@", "<@U1>", "<@U1|a b>",
    "<@!42>", "<#C1|gen>", "<@", "due:", "due:fri", 'due:"next fri 5pm"', "priority:", "p1",
    "after:", "blocks:#2", "every:", "project:", "owner:", "title:", "status:", "page:",
    '"', "“", "”", "'", ":", "::", "x:y", "next", "monday", "5pm", "in", "3", "days",
    "2026-12-01", "Europe/Lisbon", "\n", "\t", " ", "  ", "\u200b", "é", "💥",
])
TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=10).map(" ".join),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=10).map("".join),
)


def _check(group: str, text: str) -> None:
    try:
        result = parse(group, text)
    except UserError as err:
        assert err.reason != INTERNAL_ERROR_REASON
        assert err.reason and "\n" not in err.reason
        assert err.usage
    else:
        assert isinstance(result, BaseModel)


@settings(deadline=None)
@given(TEXT)
def test_task_text_gives_a_command_or_a_user_error(text: str) -> None:
    _check("task", text)


@settings(deadline=None)
@given(st.sampled_from(["add", "due #1", "list", "edit #1", "depends #1 on", "new"]), TEXT)
def test_subcommand_arguments(sub: str, text: str) -> None:
    group = "project" if sub == "new" else "task"
    _check(group, f"{sub} {text}")


@settings(deadline=None)
@given(TEXT)
def test_project_text_gives_a_command_or_a_user_error(text: str) -> None:
    _check("project", text)


@settings(deadline=None)
@given(TEXT)
def test_parse_when_gives_utc_or_a_user_error(text: str) -> None:
    now = dt.datetime(2026, 3, 8, 6, 30, tzinfo=dt.UTC)
    try:
        got = parse_when(text, now, "America/New_York")
    except UserError as err:
        assert "\n" not in err.reason
    else:
        assert got.tzinfo == dt.UTC
