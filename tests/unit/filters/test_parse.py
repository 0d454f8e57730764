"""The filter grammar, term by term: what each text reads to, and the one-line refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import UserError
from core.filters.parse import parse_filter
from core.filters.query import (
    DateTerm,
    FlagTerm,
    MilestoneTerm,
    Person,
    PriorityTerm,
    ProjectTerm,
    Query,
    Sort,
    StatusTerm,
    TextTerm,
    Who,
    Window,
)
from core.model import Priority

# Monday 2026-11-30 10:00 UTC; Lisbon is UTC+0 in winter, New York UTC-5.
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
UTC = dt.UTC


def at(y: int, m: int, d: int, h: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=UTC)


def day(y: int, m: int, d: int) -> Window:
    start = at(y, m, d)
    return Window(start, start + dt.timedelta(days=1))


def parse(text: str, tz: str = "UTC") -> Query:
    return parse_filter(text, NOW, tz)


def only(text: str, tz: str = "UTC") -> object:
    (term,) = parse(text, tz).terms
    return term


def date_term(text: str) -> DateTerm:
    term = only(text)
    assert isinstance(term, DateTerm)
    return term


@pytest.mark.parametrize(("text", "who"), [
    ("mine", Who("mine")),
    ("me", Who("mine")),
    ("all", Who("all")),
    ("everyone", Who("all")),
    ("unassigned", Who("unassigned")),
    ("@ana", Who("people", (Person(name="ana"),))),
    ("@ana,@bob", Who("people", (Person(name="ana"), Person(name="bob")))),
    ("@ana,@ana", Who("people", (Person(name="ana"),))),
    ("<@U123|ana>,<@U9>", Who("people", (Person(user_id="U123"), Person(user_id="U9")))),
    ("@me", Who("mine")),
])
def test_who(text: str, who: Who) -> None:
    query = parse(text)
    assert query.who == who
    assert query.terms == ()


@pytest.mark.parametrize(("text", "term"), [
    ("project:launch", ProjectTerm(("launch",))),
    ("proj:launch,web", ProjectTerm(("launch", "web"))),
    ('project:"big launch",web', ProjectTerm(("big launch", "web"))),
    ('project:"a, b"', ProjectTerm(("a, b",))),
    ("milestone:beta", MilestoneTerm(("beta",))),
    ("milestone:beta,ga", MilestoneTerm(("beta", "ga"))),
    ("status:open", StatusTerm(("open",))),
    ("status:open,in-progress,blocked,overdue,done,dropped",
     StatusTerm(("open", "in-progress", "blocked", "overdue", "done", "dropped"))),
    ("status:closed,late,in_progress", StatusTerm(("done", "overdue", "in-progress"))),
    ("+blocked", FlagTerm("blocked", True)),
    ("-blocked", FlagTerm("blocked", False)),
    ("+overdue", FlagTerm("overdue", True)),
    ("+waiting", FlagTerm("waiting", True)),
    ("-waiting", FlagTerm("waiting", False)),
    ("priority:high", PriorityTerm(":", (Priority.HIGH,))),
    ("priority=high", PriorityTerm(":", (Priority.HIGH,))),
    ("priority:high,urgent", PriorityTerm(":", (Priority.HIGH, Priority.URGENT))),
    ("prio:p0", PriorityTerm(":", (Priority.URGENT,))),
    ("priority>=high", PriorityTerm(">=", (Priority.HIGH,))),
    ("priority>low", PriorityTerm(">", (Priority.LOW,))),
    ("priority<urgent", PriorityTerm("<", (Priority.URGENT,))),
    ("priority<=normal", PriorityTerm("<=", (Priority.NORMAL,))),
    ("due:none", DateTerm("due", ":", "none", None)),
    ("done:never", DateTerm("done", ":", "none", None)),
    ("spec", TextTerm("spec", ("spec",))),
    ('"a phrase"', TextTerm("a phrase", ("a", "phrase"))),
    ("“Café  Crème”", TextTerm("Café Crème", ("cafe", "creme"))),
    ('"mine"', TextTerm("mine", ("mine",))),
    ('"project:launch"', TextTerm("project:launch", ("project", "launch"))),
    ("e-mail", TextTerm("e-mail", ("e", "mail"))),
])
def test_one_term(text: str, term: object) -> None:
    assert only(text) == term


@pytest.mark.parametrize(("text", "field", "op", "window"), [
    # Monday 2026-11-30: fri is 2026-12-04, a whole day
    ("due<fri", "due", "<", day(2026, 12, 4)),
    ("due<=2026-12-24", "due", "<=", day(2026, 12, 24)),
    ("due>today", "due", ">", day(2026, 11, 30)),
    ("due:tomorrow", "due", ":", day(2026, 12, 1)),
    ("due=yesterday", "due", ":", day(2026, 11, 29)),
    ("due:this-week", "due", ":", Window(at(2026, 11, 30), at(2026, 12, 7))),
    ('due:"this week"', "due", ":", Window(at(2026, 11, 30), at(2026, 12, 7))),
    ("due:next-week", "due", ":", Window(at(2026, 12, 7), at(2026, 12, 14))),
    ("due<last-week", "due", "<", Window(at(2026, 11, 23), at(2026, 11, 30))),
    ("due:this-month", "due", ":", Window(at(2026, 11, 1), at(2026, 12, 1))),
    ("due:next-month", "due", ":", Window(at(2026, 12, 1), at(2027, 1, 1))),
    ("due:last-month", "due", ":", Window(at(2026, 10, 1), at(2026, 11, 1))),
    ("created>2026-11-01", "created", ">", day(2026, 11, 1)),
    ('done>"last monday"', "done", ">", day(2026, 11, 23)),
    ('updated<"2 weeks ago"', "updated", "<", day(2026, 11, 16)),
    ('due<"2026-12-01 14:30"', "due", "<",
     Window(at(2026, 12, 1, 14).replace(minute=30),
            at(2026, 12, 1, 14).replace(minute=30, microsecond=1))),
])
def test_dates(text: str, field: str, op: str, window: Window) -> None:
    term = only(text)
    assert isinstance(term, DateTerm)
    assert (term.field, term.op, term.window) == (field, op, window)


def test_dates_are_days_in_the_readers_zone() -> None:
    # 10:00 UTC Monday is 05:00 Monday in New York: tomorrow is Tuesday there, from 05:00 UTC
    term = only("due:tomorrow", "America/New_York")
    assert isinstance(term, DateTerm)
    assert term.window == Window(at(2026, 12, 1, 5), at(2026, 12, 2, 5))
    # 23:30 UTC Monday is already Tuesday in Tokyo
    late = parse_filter("due:today", NOW.replace(hour=23, minute=30), "Asia/Tokyo").terms[0]
    assert isinstance(late, DateTerm)
    assert late.window == Window(at(2026, 11, 30, 15), at(2026, 12, 1, 15))


def test_a_day_across_a_clock_change_is_23_hours() -> None:
    # Lisbon moves from UTC+0 to UTC+1 at 01:00 UTC on Sunday 2026-03-29
    term = only("due:2026-03-29", "Europe/Lisbon")
    assert isinstance(term, DateTerm)
    assert term.window == Window(at(2026, 3, 29), at(2026, 3, 29, 23))


def test_bounds_follow_the_operator() -> None:
    fri = day(2026, 12, 4)
    bounds = {op: date_term(f"due{op}fri").bounds for op in (":", "<", "<=", ">", ">=")}
    assert isinstance(only("due<fri"), DateTerm)
    assert bounds == {":": (fri.start, fri.end), "<": (None, fri.start),
                      "<=": (None, fri.end), ">": (fri.end, None), ">=": (fri.start, None)}


def test_sort_and_page() -> None:
    assert parse("sort:urgency").sort == Sort("urgency")
    assert parse("sort:due-").sort == Sort("due", reverse=True)
    assert parse("sort:created+").sort == Sort("created")
    assert parse("page:3").page == 3
    assert parse("").page == 1


def test_terms_combine_and_keep_their_order() -> None:
    query = parse('project:launch +blocked @ana due<fri "release notes" sort:due page:2')
    assert query.who == Who("people", (Person(name="ana"),))
    assert [type(t).__name__ for t in query.terms] == [
        "ProjectTerm", "FlagTerm", "DateTerm", "TextTerm"]
    assert (query.sort, query.page) == (Sort("due"), 2)


def test_defaults() -> None:
    empty = parse("   ")
    assert empty == Query()
    assert (empty.effective_who, empty.default_open) == (Who("mine"), True)
    assert parse("project:launch").effective_who == Who("all")
    assert parse("milestone:beta @ana").effective_who.kind == "people"
    assert not parse("status:done").default_open
    assert not parse('done>"last monday"').default_open
    assert parse("+overdue spec").default_open


def test_slack_escapes_are_read() -> None:
    assert only("due&lt;fri") == only("due<fri")
    assert only("priority&gt;=high") == PriorityTerm(">=", (Priority.HIGH,))


@pytest.mark.parametrize(("text", "message"), [
    ("prority:high", "I didn't understand 'prority:high' — did you mean 'priority:high'?"),
    ("projet:launch", "I didn't understand 'projet:launch' — did you mean 'project:launch'?"),
    ("status:opne", "I didn't understand 'status:opne' — did you mean 'status:open'?"),
    ("status:open,dnoe", "I didn't understand 'status:open,dnoe' — did you mean "
                         "'status:open,done'?"),
    ("+blokced", "I didn't understand '+blokced' — did you mean '+blocked'?"),
    ("-overdeu", "I didn't understand '-overdeu' — did you mean '-overdue'?"),
    ("priority:hihg", "I didn't understand 'priority:hihg' — did you mean 'priority:high'?"),
    ("sort:urgncy-", "I didn't understand 'sort:urgncy-' — did you mean 'sort:urgency-'?"),
    ("due:nxt-week", "I didn't understand 'due:nxt-week' — did you mean 'due:next-week'?"),
    ("project<launch", "I didn't understand 'project<launch' — did you mean "
                       "'project:launch'?"),
    ("due<none", "I didn't understand 'due<none' — did you mean 'due:none'?"),
])
def test_errors_name_the_nearest_term(text: str, message: str) -> None:
    with pytest.raises(UserError) as err:
        parse(f"mine {text} spec")
    assert str(err.value) == message


@pytest.mark.parametrize(("text", "fragment"), [
    ("zzqx:1", "I didn't understand 'zzqx:1' — try project:<name>"),
    ("due:banana", "I didn't understand 'due:banana' — try due<fri, due<=2026-12-24"),
    ("+zz", "I didn't understand '+zz' — flags are +blocked -blocked"),
    ("project:", "'project:' needs a value, like project:launch."),
    ("mine @ana", "'@ana': name whose tasks once"),
    ("sort:due sort:priority", "sort by one key"),
    ("page:0", "is not a page number"),
    ("page:²", "is not a page number"),
    ("page:1 page:2", "give one page"),
    ("priority>=high,urgent", "compare with one priority"),
    ("due:fri,sat", "one date a term"),
    ("due<3000-01-01", "Dates must fall between 1970 and 2199"),
    ("...", "has no letters or digits"),
    ("@", "name people like @ana"),
])
def test_other_refusals(text: str, fragment: str) -> None:
    with pytest.raises(UserError) as err:
        parse(text)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", [
    "",
    "mine",
    '@ana,@bob project:"big launch",web +blocked -waiting priority>=high',
    'due<fri created>2026-11-01 done>"last monday" updated<"2 weeks ago" due:"this week"',
    'status:open,done "a phrase" spec e-mail "mine" AT&amp;T sort:urgency- page:4',
    "unassigned milestone:beta due:none sort:created",
])
def test_canonical_text_reads_back_the_same(text: str) -> None:
    query = parse(text, "Europe/Lisbon")
    assert parse(str(query), "Europe/Lisbon") == query
