"""Properties of the filter language over generated text and tasks (the Hypothesis profile
is the suite's: derandomized under CI, see tests/conftest.py):

- reading any text ends in a Query or a one-line UserError, never another exception;
- the canonical text of a query reads back as an equal query;
- terms combine with AND: a query's tasks are the tasks every one of its terms selects;
- sorting and paging only reorder and cut the selection.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from core.errors import UserError
from core.filters.evaluate import matches, select
from core.filters.facts import TaskFacts
from core.filters.parse import parse_filter
from core.filters.query import Person, Query
from core.model import Priority, Status

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
ZONES = st.sampled_from(["UTC", "Europe/Lisbon", "America/New_York", "Asia/Kolkata"])
PEOPLE = [Person("U1", "me"), Person("U2", "ana"), Person(None, "bob")]

_GOOD = [
    "mine", "all", "unassigned", "@ana", "@ana,@bob", "<@U2>", "project:launch",
    "project:launch,web", 'project:"big launch"', "milestone:beta", "status:open",
    "status:done,dropped", "status:in-progress,blocked,overdue", "+blocked", "-blocked",
    "+overdue", "-overdue", "+waiting", "-waiting", "priority:high", "priority>=high",
    "priority<normal", "priority:low,urgent", "due<fri", "due<=2026-12-24", "due>today",
    "due:none", "due:this-week", "due:next-week", "created>2026-11-01", 'done>"last monday"',
    'updated<"2 weeks ago"', "done:none", "spec", '"the spec"', "café", "e-mail", "review",
    "sort:urgency", "sort:due-", "sort:priority", "page:2",
]
_ODD = [  # near misses and odd bits, so that refusals are explored too
    "prority:high", "status:opne", "+blokced", "due:nxt", "page:0", "sort:x", "@", ",", '"',
    "“", "&lt;", "due&lt;fri", ":", "<", ">=", "-", "+", "#3", "²", "\x00", "priority>=",
]
_FRAGMENTS = _GOOD + _ODD


def _fragment_texts() -> st.SearchStrategy[str]:
    pieces = st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8))
    return st.lists(pieces, max_size=8).map(" ".join)


TEXTS = st.one_of(st.text(max_size=60), _fragment_texts(),
                  st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join))


def _read(text: str, tz: str) -> Query | None:
    try:
        return parse_filter(text, NOW, tz)
    except UserError as err:
        assert str(err) and "\n" not in str(err)
        return None


@given(TEXTS, ZONES)
def test_parse_never_crashes(text: str, tz: str) -> None:
    query = _read(text, tz)
    assert query is None or isinstance(query, Query)


@given(TEXTS, ZONES)
def test_canonical_text_round_trips(text: str, tz: str) -> None:
    query = _read(text, tz)
    if query is not None:
        again = parse_filter(str(query), NOW, tz)
        assert again == query
        assert str(again) == str(query)


_MOMENTS = st.integers(min_value=-40 * 24, max_value=40 * 24).map(
    lambda hours: NOW + dt.timedelta(hours=hours))
_WORDS = st.lists(st.sampled_from(["spec", "Spécification", "review", "the", "e-mail",
                                   "café", "launch", "x"]), max_size=4).map(" ".join)


@st.composite
def tasks(draw: st.DrawFn, number: int) -> TaskFacts:
    status = draw(st.sampled_from(list(Status)))
    created = draw(_MOMENTS)
    return TaskFacts(
        number=number, title=draw(_WORDS), created=created,
        updated=draw(_MOMENTS), status=status, priority=draw(st.sampled_from(list(Priority))),
        assignee=draw(st.sampled_from([None, *PEOPLE])),
        project=draw(st.sampled_from([None, "launch", "Web", "big launch"])),
        milestone=draw(st.sampled_from([None, "beta", "ga"])),
        due=draw(st.none() | _MOMENTS),
        done_at=None if status.is_active else draw(_MOMENTS),
        blocked=draw(st.booleans()), waiting=draw(st.booleans()),
        description=draw(_WORDS), comments=tuple(draw(st.lists(_WORDS, max_size=2))),
        waits_on_it=draw(st.integers(0, 6)), critical=draw(st.booleans()),
    )


BOARDS = st.integers(0, 12).flatmap(
    lambda size: st.tuples(*(tasks(n) for n in range(1, size + 1))))
_TERMS = [f for f in _GOOD if not f.startswith(("sort:", "page:", "mine", "all",
                                                         "unassigned", "@", "<@"))]


@given(BOARDS, st.lists(st.sampled_from(_TERMS), min_size=1, max_size=4), ZONES)
def test_terms_combine_with_and(board: tuple[TaskFacts, ...], terms: list[str],
                                tz: str) -> None:
    me = PEOPLE[0]
    # an explicit status in every query, so the "active by default" rule is the same for all
    whole = parse_filter("all status:open,done,dropped " + " ".join(terms), NOW, tz)
    parts = [parse_filter(f"all status:open,done,dropped {t}", NOW, tz) for t in terms]
    for task in board:
        assert matches(whole, task, me=me, now=NOW) == all(
            matches(p, task, me=me, now=NOW) for p in parts)


@given(BOARDS, st.sampled_from(["", "all", "all sort:urgency", "all sort:due-",
                                "all sort:priority", "sort:created", "all sort:updated-"]),
       st.integers(1, 4))
def test_sorting_and_paging_only_reorder_and_cut(board: tuple[TaskFacts, ...], text: str,
                                                 size: int) -> None:
    me = PEOPLE[0]
    query = parse_filter(text, NOW)
    everything, total = select(query, board, me=me, now=NOW, page_size=1000)
    assert sorted(t.number for t in everything) == sorted(
        t.number for t in board if matches(query, t, me=me, now=NOW))
    assert total == len(everything)
    pages = []
    for page in range(1, total // size + 2):
        paged = parse_filter(f"{text} page:{page}", NOW)
        chunk, count = select(paged, board, me=me, now=NOW, page_size=size)
        assert count == total
        pages += chunk
    assert pages == everything
