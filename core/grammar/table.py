"""The grammar's table: slash command -> subcommand word -> `Subcommand`.

Extension point: each module below contributes a `SUBCOMMANDS` tuple; the scheduler's
subcommands live in `core.grammar.schedule`. Order is the order of `/task help`."""

from __future__ import annotations

from core.grammar import members, projects, schedule, task_links, tasks
from core.grammar.spec import Subcommand

GROUPS: tuple[str, ...] = ("task", "project")


def _build(*entries: tuple[Subcommand, ...]) -> dict[str, dict[str, Subcommand]]:
    table: dict[str, dict[str, Subcommand]] = {group: {} for group in GROUPS}
    for entry in (e for group in entries for e in group):
        if entry.name in table[entry.group]:
            raise RuntimeError(f"duplicate subcommand {entry.key}")
        table[entry.group][entry.name] = entry
    return table


TABLE = _build(tasks.SUBCOMMANDS, task_links.SUBCOMMANDS, schedule.SUBCOMMANDS,
               members.SUBCOMMANDS, projects.SUBCOMMANDS)

ALIASES: dict[str, dict[str, str]] = {
    group: {alias: sub.name for sub in subs.values() for alias in sub.aliases}
    for group, subs in TABLE.items()
}


def lookup(group: str, word: str) -> Subcommand | None:
    subs = TABLE[group]
    name = word.lower()
    return subs.get(name) or subs.get(ALIASES[group].get(name, ""))
