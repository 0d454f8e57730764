"""The filter language's subcommands: `/task count`, `/task find`, `/task next` (and the
filter form of `/task list`, which `core.grammar.tasks.parse_list` hands here).

Filter text is read here, so a term that cannot be read is refused with the usage line
(`I didn't understand 'prio:hi' — did you mean 'priority:high'?`). Dates are read against
the current time in UTC; the handler re-reads them for its clock and the asker's zone
(`core.filters.rebase`). Adapters with a filter option call `read_filter` too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import core.filters.parse as filter_text  # core.filters.parse reads core.grammar.values
from core import commands_find as cf
from core.commands import Command, UserRef
from core.errors import UserError
from core.filters.query import ProjectTerm, Query, TextTerm
from core.grammar.spec import Args, Subcommand

FILTER_NOTES = (
    "Filters combine with AND; a comma means or: @ana,@bob project:web,app status:done,dropped.",
    "Who: mine (the default), all, unassigned, @user. Flags: +blocked -blocked +overdue.",
    "Dates: due<fri due<=2026-12-24 due:this-week due:none created>2026-11-01 "
    'done>"last monday" updated<"2 weeks ago".',
    "Words (or a \"quoted phrase\") search titles, descriptions and comments. "
    "sort:urgency|due|priority|created|updated (add - to reverse), page:N.",
)


def read_filter(text: str) -> Query:
    """The query of `text`, or the parser's one-line UserError for a term it can't read."""
    return filter_text.parse_filter(text, dt.datetime.now(dt.UTC), "UTC")


def find_command(text: str) -> cf.FindTasks:
    """`/task find` takes words and "phrases" only; a filter term is pointed at /task list."""
    text = " ".join(text.split())
    if not text:
        raise UserError('What should I look for? Give words or a "quoted phrase".')
    query = read_filter(text)
    others = [t for t in query.terms if not isinstance(t, TextTerm)]
    if query.who is not None or query.sort is not None or query.page != 1 or others:
        raise UserError(f"/task find takes only words to search for; to filter, try "
                        f"/task list {text}")
    return cf.FindTasks(phrases=tuple(t.words for t in query.text_terms())[:20], text=text)


def filter_command(args: Args) -> cf.FilterTasks:
    return cf.FilterTasks(query=read_filter(args.text))


def parse_count(args: Args) -> cf.CountTasks:
    return cf.CountTasks(query=read_filter(args.text))


def parse_find(args: Args) -> cf.FindTasks:
    return find_command(args.text)


def parse_next(args: Args) -> cf.NextTasks:
    """`[@user] [project:<name>]`, read by the filter language (one person, one project)."""
    query = read_filter(args.text)
    projects = [t for t in query.terms if isinstance(t, ProjectTerm)]
    others = [t for t in query.terms if not isinstance(t, ProjectTerm)]
    who = query.who
    if others or query.sort is not None or query.page != 1 or len(projects) > 1 or (
            projects and len(projects[0].names) > 1):
        raise UserError("/task next takes at most one @user and one project:<name>.")
    user = None
    if who is not None:
        if who.kind != "people" and who.kind != "mine":
            raise UserError("/task next is for one person: @user, or nobody for yourself.")
        if who.kind == "people":
            if len(who.people) != 1:
                raise UserError("/task next is for one person at a time: @ana.")
            person = who.people[0]
            user = UserRef(user_id=person.user_id, name=person.name)
    return cf.NextTasks(user=user, project=projects[0].names[0] if projects else None)


def _p(fn: Callable[[Args], Any]) -> Callable[[Args], Command]:
    """The table is typed for `core.commands`; these commands are handled all the same."""
    return cast(Callable[[Args], Command], fn)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "task", "count", "/task count [filters]", _p(parse_count),
        "Count the tasks a filter selects (the filters of /task list).",
        ("/task count all +overdue", "/task count project:launch status:done done>last-week"),
        aliases=("howmany",), notes=FILTER_NOTES,
    ),
    Subcommand(
        "task", "find", '/task find <words or "a phrase">', _p(parse_find),
        "Search every task, open and closed, by title, description and comments.",
        ('/task find login crash', '/task find "release notes"'),
        aliases=("search",),
        notes=("Case and accents do not matter (cafe finds Café); the last word may be the "
               "start of one (spec finds specification). Best match first, then the most "
               "recently changed.",),
    ),
    Subcommand(
        "task", "next", "/task next [@user] [project:<name>]", _p(parse_next),
        "The five most urgent open, unblocked tasks, each with why.",
        ("/task next", "/task next @ana project:launch"),
        aliases=("what",),
        notes=("Urgency: priority, how near or overdue the due date is, how many open tasks "
               "wait on it (transitively), in progress, age. See the README.",),
    ),
)
