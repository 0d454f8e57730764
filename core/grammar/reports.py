"""`/project report`, `/project chart` and `/task stats`.

    /project report <name> [[last] week|month|quarter|from:<date> to:<date>]
    /project report <name> every <weekday> <HH:MM> [Area/City] | off
    /project chart <name> burnup|flow|leadtime|load|timeline|graph [period]
    /task stats [@user] [period]

`last week` (month, quarter) is the one before this one. A project name may have spaces:
the period words (and `every ...`, `off`, the chart kind) are read from its end, so
`/project report Q4 plan month` is the month of “Q4 plan”."""

from __future__ import annotations

from typing import Any, cast

from core import commands_reports as r
from core.commands import Command
from core.dates import parse_tz
from core.errors import UserError
from core.grammar import values
from core.grammar.options import words_of
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import Token, mention, shown
from core.reports.period import KINDS, LAST, PERIOD_HINT, THIS
from core.scheduling.model import DAY_NAMES, DAY_WORDS
from core.scheduling.timecalc import parse_clock

PERIODS_USAGE = "[last] week|month|quarter|from:<date> to:<date>"


def _split_period(tokens: list[Token], keep: int = 0) -> tuple[list[Token], str]:
    """(the tokens before the period, the period text) from the end of `tokens`, leaving at
    least `keep` tokens before it (a project named "last" still has its "week")."""
    end = len(tokens)
    while end and tokens[end - 1].key in ("from", "to"):
        end -= 1
    if end == len(tokens) and end and tokens[-1].plain \
            and tokens[-1].text.lower() in KINDS:
        end -= 1
        if end > keep and tokens[end - 1].plain \
                and tokens[end - 1].text.lower() in LAST + THIS:
            end -= 1
    period = " ".join(f"{t.key}:{t.value}" if t.key else t.text.lower() for t in tokens[end:])
    if period and any(t.key for t in tokens[end:]) and \
            sorted(t.key or "" for t in tokens[end:]) != ["from", "to"]:
        raise UserError("A period of dates needs both ends: from:2026-03-01 to:2026-03-31.")
    return tokens[:end], period


def _name(tokens: list[Token], example: str) -> str:
    if not tokens:
        raise UserError(f"Which project? {example}.")
    return values.project_name(words_of(tokens))


def _weekday(word: str) -> int:
    """`mon`, `Monday`, `thurs` -> 0..6."""
    w = word.lower()
    for i, (short, full) in enumerate(zip(DAY_NAMES, DAY_WORDS, strict=True)):
        if w == short or (len(w) >= 3 and full.lower().startswith(w)):
            return i
    raise UserError(f"'{shown(word)}' is not a day of the week; write mon, tue, ... sun.")


def parse_report(args: Args) -> Command | Any:
    """A `ProjectReport`, `ProjectReportEvery` or `ProjectReportOff`."""
    tokens = list(args.tokens)
    words = [t.text.lower() if t.plain else "" for t in tokens]
    if "every" in words:
        at = words.index("every")
        rest = [t.text for t in tokens[at + 1:]]
        if len(rest) not in (2, 3):
            raise UserError("Say when: /project report launch every mon 09:00 [Europe/Berlin].")
        try:
            clock = parse_clock(rest[1])
        except ValueError:
            raise UserError(f"'{shown(rest[1])}' is not a time of day; write it like "
                            "09:00.") from None
        return r.ProjectReportEvery(name=_name(tokens[:at], "/project report launch every mon "
                                               "09:00"),
                                    weekday=_weekday(rest[0]), at=clock,
                                    tz=parse_tz(rest[2]) if len(rest) == 3 else None)
    if words and words[-1] in ("off", "stop") and len(tokens) > 1:
        return r.ProjectReportOff(name=_name(tokens[:-1], "/project report launch off"))
    head, period = _split_period(tokens, keep=1)
    return r.ProjectReport(name=_name(head, "/project report launch month"),
                           period=period or "week")


def parse_chart(args: Args) -> Command | Any:
    tokens = list(args.tokens)
    kinds = [i for i, t in enumerate(tokens) if t.plain and t.text.lower() in r.CHART_KINDS]
    if not kinds:
        raise UserError(f"Which chart? One of {', '.join(r.CHART_KINDS)}: "
                        "/project chart launch burnup.")
    at = kinds[-1]
    head, period = _split_period(tokens[at + 1:])
    if head:
        raise UserError(f"After the chart kind comes a period ({PERIOD_HINT}), not "
                        f"'{shown(words_of(head))}'.")
    return r.ProjectChart(name=_name(tokens[:at], "/project chart launch burnup"),
                          kind=cast(r.ChartKind, tokens[at].text.lower()), period=period)


def parse_stats(args: Args) -> Command | Any:
    tokens = list(args.tokens)
    person = mention(tokens[0]) if tokens else None
    head, period = _split_period(tokens[1:] if person else tokens)
    if head:
        raise UserError(f"I don't know what '{shown(words_of(head))}' means here: "
                        f"/task stats [@user] [{PERIODS_USAGE}].")
    return r.TaskStats(person=person, period=period or "week")


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "stats", f"/task stats [@user] [{PERIODS_USAGE}]",
               parse_stats,
               "Your (or someone's) numbers for a period: done, lead and cycle time, "
               "completion and overdue rates.",
               ("/task stats", "/task stats @ana month", "/task stats last week",
                "/task stats from:2026-03-01 to:2026-03-31"),
               brief="Someone's numbers for a period"),
)

PROJECT_SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("project", "report",
               f"/project report <name> [{PERIODS_USAGE}] | "
               "<name> every <weekday> <HH:MM> [Area/City] | <name> off",
               parse_report,
               "A project's metrics for a period (default: this week): created, done, "
               "completion rate, throughput, lead and cycle time, backlog, overdue rate, time "
               "blocked, workload. With every: posted to the project's channel each week.",
               ("/project report launch", "/project report launch last month",
                "/project report launch every mon 09:00 Europe/Berlin",
                "/project report launch off"),
               brief="A project's metrics for a period, or a weekly report"),
    Subcommand("project", "chart",
               "/project chart <name> burnup|flow|leadtime|load|timeline|graph [period]",
               parse_chart,
               "A chart of a project as an image: burn-up, cumulative flow, lead-time "
               "scatter, workload per person, timeline or dependency graph.",
               ("/project chart launch burnup", "/project chart launch leadtime month",
                "/project chart launch graph"),
               brief="A chart of a project as an image"),
)
