"""The project layer's grammar (issue 15): `/project milestone|due|baseline|forecast|whatif|
decide|decisions` and `/task log`. `milestone:` and `estimate:` of `/task add|edit` are
read in `core.grammar.tasks` with `estimate_value`/`milestone_value` from here.

The project comes first and is one word (quote a name with spaces: `"Q4 plan"`).
Durations are checked here (`core.planning.durations`); dates stay text, read later in
the actor's time zone, as `due:` is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from core import commands as c
from core import commands_plan as cp
from core.commands import Command
from core.errors import UserError
from core.grammar import values
from core.grammar.options import Option, reject_leftovers, take_options, words_of
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import Token, is_ref, task_number, task_numbers
from core.planning.durations import DurationError, parse_duration

CLEAR = ("none", "clear", "-")
_DONE_WORDS = {"done": "done", "reached": "done", "complete": "done", "drop": "drop",
               "dropped": "drop", "cancel": "drop"}


def duration_text(text: str) -> str:
    """A duration as typed, checked (`1.5d`); a friendly error otherwise."""
    try:
        parse_duration(text)
    except DurationError as err:
        raise UserError(str(err)) from None
    return text.strip().lower()


def estimate_value(text: str) -> str:
    """`estimate:` of /task add|edit: a duration or `none`."""
    return "none" if text.strip().lower() in CLEAR else duration_text(text)


def milestone_value(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UserError("Name the milestone: milestone:beta (or milestone:none).")
    if len(name) > cp.NAME_MAX:
        raise UserError(f"That milestone name is {len(name)} characters; the most is "
                        f"{cp.NAME_MAX}.")
    return "none" if name.lower() in CLEAR else name


def _project_first(args: Args, example: str) -> tuple[str, list[Token]]:
    if not args.tokens:
        raise UserError(f"Which project? {example}.")
    first = args.tokens[0]
    if first.key is not None and not first.quoted:
        raise UserError(f"Name the project first: {example}.")
    return values.project_name(first.text), list(args.tokens[1:])


def parse_milestone(args: Args) -> cp.SetMilestone:
    example = "/project milestone launch beta due:fri"
    project, rest = _project_first(args, example)
    found, rest = take_options(rest, (Option("due", "due:fri", "when"),
                                      Option("rename", "rename:GA", "phrase")))
    action: cp.MilestoneAction = "set"
    if rest and not rest[-1].quoted and rest[-1].text.lower() in _DONE_WORDS:
        action = "done" if _DONE_WORDS[rest.pop().text.lower()] == "done" else "drop"
    if not rest:
        raise UserError(f"Name the milestone: {example}.")
    name = milestone_value(words_of(rest))
    if name == "none":
        raise UserError("A milestone can't be called none.")
    chosen = [a for a, on in (("due", "due" in found), ("rename", "rename" in found),
                              ("done/drop", action != "set")) if on]
    if len(chosen) > 1:
        raise UserError(f"One change at a time: {' or '.join(chosen)}.")
    if "rename" in found:
        new = milestone_value(found["rename"])
        if new == "none":
            raise UserError("A milestone can't be called none.")
        return cp.SetMilestone(project=project, name=name, action="rename", new_name=new)
    if action != "set":
        return cp.SetMilestone(project=project, name=name, action=action)
    if "due" not in found:
        raise UserError(f"Give it a date (due:fri or due:none), or say done, drop or "
                        f"rename:<new>: {example}.")
    due = values.due(found["due"])
    return cp.SetMilestone(project=project, name=name, due=due or "none")


def parse_project_due(args: Args) -> cp.SetProjectDue:
    example = "/project due launch 2026-12-15"
    project, rest = _project_first(args, example)
    if not rest:
        raise UserError(f"When? {example} (or none).")
    due = values.due(words_of(rest))
    return cp.SetProjectDue(project=project, due=due)


def _only_project(args: Args, example: str) -> str:
    project, rest = _project_first(args, example)
    reject_leftovers(rest, f"write {example}")
    return project


def parse_baseline(args: Args) -> cp.TakeBaseline:
    return cp.TakeBaseline(project=_only_project(args, "/project baseline launch"))


def parse_forecast(args: Args) -> cp.ShowForecast:
    return cp.ShowForecast(project=_only_project(args, "/project forecast launch"))


def parse_whatif(args: Args) -> cp.WhatIf:
    example = "/project whatif launch #12 +3d"
    project, rest = _project_first(args, example)
    found, rest = take_options(rest, (Option("due", "due:fri", "when"),))
    if not rest or not is_ref(rest[0]):
        raise UserError(f"Which task? {example} or /project whatif launch #12 due:fri.")
    number = task_number(rest.pop(0).text)
    slip = None
    if rest and rest[0].text.startswith("+") and not rest[0].quoted:
        slip = duration_text(rest.pop(0).text[1:])
    reject_leftovers(rest, f"write {example}")
    if (slip is None) == ("due" not in found):
        raise UserError(f"Say what changes, one thing: +<duration> (it takes longer) or "
                        f"due:<when>. {example}.")
    due = None
    if "due" in found:
        due = values.due(found["due"]) or "none"
    return cp.WhatIf(project=project, number=number, slip=slip, due=due)


def parse_decide(args: Args) -> cp.Decide:
    example = '/project decide launch "Ship without SSO" #12,#14'
    project, rest = _project_first(args, example)
    numbers: tuple[int, ...] = ()
    while rest and not rest[-1].quoted and rest[-1].key is None and \
            rest[-1].raw.startswith("#") and all(c in "#0123456789," for c in rest[-1].raw):
        numbers = (*task_numbers(rest.pop().raw), *numbers)
    text = words_of(rest)
    if not text:
        raise UserError(f"What was decided? {example}.")
    if len(text) > cp.TEXT_MAX:
        raise UserError(f"That decision is {len(text)} characters; the most is {cp.TEXT_MAX}.")
    return cp.Decide(project=project, text=text, tasks=tuple(dict.fromkeys(numbers)))


def parse_decisions(args: Args) -> cp.ListDecisions:
    example = "/project decisions launch"
    project, rest = _project_first(args, example)
    found, rest = take_options(rest, (Option("page", "page:2"),))
    reject_leftovers(rest, f"write {example} [page:N]")
    return cp.ListDecisions(project=project,
                            page=values.page(found["page"]) if "page" in found else 1)


def parse_log(args: Args) -> cp.LogTime:
    example = "/task log #12 1.5h reviewed the draft"
    if not args.tokens:
        raise UserError(f"Which task? {example}.")
    number = task_number(args.tokens[0].text)
    if len(args.tokens) < 2:
        raise UserError(f"How long? {example}.")
    spent = duration_text(args.tokens[1].text)
    note = words_of(args.tokens[2:]) or None
    if note is not None and len(note) > 500:
        raise UserError(f"That note is {len(note)} characters; the most is 500.")
    return cp.LogTime(number=number, duration=spent, note=note)


def parse_estimate(args: Args) -> c.EditTask:
    """`/task estimate #N <duration>|none`: `/task edit #N estimate:...` said as people say it."""
    example = "/task estimate #12 1.5d"
    if not args.tokens:
        raise UserError(f"Which task? {example}.")
    number = task_number(args.tokens[0].text)
    if len(args.tokens) != 2:
        raise UserError(f"How long will it take? {example} (or none to clear it).")
    return c.EditTask(number=number, estimate=estimate_value(args.tokens[1].text))


def _p(fn: Callable[[Args], Any]) -> Callable[[Args], Command]:
    """The table is typed for core commands; the project layer's are handled the same."""
    return cast(Callable[[Args], Command], fn)


_DURATIONS = ("Durations: 30m, 4h, 1.5d, 2w; a day is one working day of the person doing "
              "the task (their working hours, 8 h by default), a week five of them.")

SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("project", "milestone",
               "/project milestone <project> <name> due:<when>|done|drop|rename:<new>",
               _p(parse_milestone), "Create or re-date a milestone; mark it done, drop or "
               "rename it.",
               ("/project milestone launch beta due:2026-12-11",
                "/project milestone launch beta done",
                "/project milestone launch beta rename:GA"),
               aliases=("ms",), brief="Create, re-date, finish, drop or rename a milestone",
               notes=("Put tasks in it with /task add ... milestone:beta or /task edit #N "
                      "milestone:beta.",)),
    Subcommand("project", "due", "/project due <project> <when>|none", _p(parse_project_due),
               "Set (or clear) the project's target date.", ("/project due launch 2026-12-15",),
               aliases=("target",), brief="Set or clear the project's target date"),
    Subcommand("project", "baseline", "/project baseline <project>", _p(parse_baseline),
               "Snapshot today's plan; variance is measured against it (re-run to "
               "re-baseline).", ("/project baseline launch",)),
    Subcommand("project", "forecast", "/project forecast <project>", _p(parse_forecast),
               "Milestones and the project: due, forecast, slack, baseline variance and the "
               "critical path.", ("/project forecast launch",), aliases=("plan", "schedule"),
               notes=(_DURATIONS,)),
    Subcommand("project", "whatif", "/project whatif <project> #N +<duration>|due:<when>",
               _p(parse_whatif), "What would slip if a task took longer or moved, changing "
               "nothing.", ("/project whatif launch #12 +3d", "/project whatif launch #12 "
                            "due:fri"), aliases=("what-if",),
               brief="What would slip if a task took longer or moved"),
    Subcommand("project", "decide", "/project decide <project> <text> [#N,#M]", _p(parse_decide),
               "Record a decision: who, when, why, and the tasks it touches.",
               ('/project decide launch "Ship without SSO; SSO moves to Q1" #12,#14',),
               aliases=("decision",), brief="Record a decision and the tasks it touches"),
    Subcommand("project", "decisions", "/project decisions <project> [page:N]",
               _p(parse_decisions), "The decision log, newest first.",
               ("/project decisions launch",)),
    Subcommand("task", "estimate", "/task estimate #N <duration>|none", parse_estimate,
               "Set (or clear) how long a task will take; the forecast plans with it.",
               ("/task estimate #12 1.5d", "/task estimate #12 none"), aliases=("est",),
               notes=(_DURATIONS,)),
    Subcommand("task", "log", "/task log #N <duration> [note]", _p(parse_log),
               "Log time spent on a task (its remaining estimate shrinks).",
               ("/task log #12 1.5h reviewed the draft",), aliases=("spent",),
               notes=(_DURATIONS,)),
)
