"""The filter language's subcommands: `/task count`, `/task find`, `/task next` (and the
filter form of `/task list`, which `core.grammar.tasks.parse_list` hands here).

Filter text is checked here, so a term that cannot be read is refused with the usage line
(`I didn't understand 'prio:hi' — did you mean 'priority:high'?`); the handler reads it
again against its own clock and the asker's zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import core.filters.parse as filter_text  # core.filters.parse reads core.grammar.values
from core import commands_find as cf
from core.commands import Command, UserRef
from core.errors import UserError
from core.filters.query import ProjectTerm
from core.grammar.spec import Args, Subcommand

FILTER_NOTES = (
    "Filters combine with AND; a comma means or: @ana,@bob project:web,app status:done,dropped.",
    "Who: mine (the default), all, unassigned, @user. Flags: +blocked -blocked +overdue.",
    "Dates: due<fri due<=2026-12-24 due:this-week due:none created>2026-11-01 "
    'done>"last monday" updated<"2 weeks ago".',
    "Words (or a \"quoted phrase\") search titles, descriptions and comments. "
    "sort:urgency|due|priority|created|updated (add - to reverse), page:N.",
)


def check_filter(text: str) -> None:
    """Raise the parser's one-line UserError for a term that cannot be read."""
    filter_text.parse_filter(text, dt.datetime.now(dt.UTC), "UTC")


def filter_command(args: Args) -> cf.FilterTasks:
    check_filter(args.text)
    return cf.FilterTasks(filter=args.text.strip())


def parse_count(args: Args) -> cf.CountTasks:
    check_filter(args.text)
    return cf.CountTasks(filter=args.text.strip())


def parse_find(args: Args) -> cf.FindTasks:
    if not args.text.strip():
        raise UserError('What should I look for? Give words or a "quoted phrase".')
    check_filter(args.text)
    return cf.FindTasks(query=args.text.strip())


def parse_next(args: Args) -> cf.NextTasks:
    """`[@user] [project:<name>]`, read by the filter language (one person, one project)."""
    query = filter_text.parse_filter(args.text, dt.datetime.now(dt.UTC), "UTC")
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
