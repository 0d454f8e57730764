"""The grammar's table: slash command -> subcommand word -> `Subcommand`.

Extension point: each module below contributes a `SUBCOMMANDS` tuple; the scheduler's
subcommands live in `core.grammar.schedule`. Order is the order of `/task help`."""

from __future__ import annotations

import difflib

from core.dates import DATE_RULES
from core.errors import UserError
from core.grammar import (
    bulk,
    find,
    members,
    notify,
    plan,
    project_export,
    projects,
    reports,
    schedule,
    standup,
    task_links,
    tasks,
    templates,
)
from core.grammar.help_command import group_help, help_subcommands
from core.grammar.spec import Subcommand
from core.grammar.tokens import shown

GROUPS: tuple[str, ...] = ("task", "project", "standup")


def _build(*entries: tuple[Subcommand, ...]) -> dict[str, dict[str, Subcommand]]:
    table: dict[str, dict[str, Subcommand]] = {group: {} for group in GROUPS}
    for entry in (e for group in entries for e in group):
        if entry.name in table[entry.group]:
            raise RuntimeError(f"duplicate subcommand {entry.key}")
        table[entry.group][entry.name] = entry
    return table


def resolve_topic(topic: str) -> str:
    """`add`, `/task add`, `task add`, `project`, `project status` ... -> "task add",
    "project", ...; an unknown topic is a UserError that suggests the closest."""
    words = topic.lower().replace("/", " ").split()
    group = words[0] if words and words[0] in GROUPS else None
    rest = words[1:] if group else words
    if not rest and group:
        return group
    if len(rest) == 1:
        found = _find(rest[0], group)
        if found is not None:
            return found.key
        topic_name = _TOPIC_ALIASES.get(rest[0], rest[0])
        if topic_name in TOPICS:
            return topic_name
    usage = [sub.key for subs in TABLE.values() for sub in subs.values()]
    known = [*usage, *(k.split()[1] for k in usage), *GROUPS, *TOPICS]
    close = difflib.get_close_matches(" ".join(rest), known, n=1, cutoff=0.6)
    hint = f" Did you mean /task help {close[0]}?" if close else ""
    raise UserError(f"There is no command '{shown(topic)}' to explain.{hint} "
                    "/task help lists them all.", TABLE["task"]["help"].usage)


def _find(word: str, group: str | None) -> Subcommand | None:
    groups = (group,) if group else GROUPS
    for g in groups:
        name = ALIASES[g].get(word, word)
        if name in TABLE[g]:
            return TABLE[g][name]
    return None


TOPICS: dict[str, tuple[str, ...]] = {"dates": DATE_RULES}
"""Help topics that are not commands."""
_TOPIC_ALIASES = {"date": "dates", "when": "dates", "time": "dates", "times": "dates"}

_TASK_HELP, _PROJECT_HELP = help_subcommands(resolve_topic)
_STANDUP_HELP = group_help("standup", resolve_topic)

TABLE = bulk.with_bulk(_build(
    tasks.SUBCOMMANDS, find.SUBCOMMANDS, task_links.SUBCOMMANDS, (_TASK_HELP,),
    schedule.SUBCOMMANDS, notify.SUBCOMMANDS,
    members.SUBCOMMANDS, templates.with_templates(projects.SUBCOMMANDS), templates.SUBCOMMANDS,
    plan.SUBCOMMANDS, project_export.SUBCOMMANDS, (_PROJECT_HELP,), bulk.SUBCOMMANDS,
    reports.SUBCOMMANDS, reports.PROJECT_SUBCOMMANDS,
    standup.SUBCOMMANDS, (_STANDUP_HELP,)))

ALIASES: dict[str, dict[str, str]] = {
    group: {alias: sub.name for sub in subs.values() for alias in sub.aliases}
    for group, subs in TABLE.items()
}


def lookup(group: str, word: str) -> Subcommand | None:
    subs = TABLE[group]
    name = word.lower()
    return subs.get(name) or subs.get(ALIASES[group].get(name, ""))
