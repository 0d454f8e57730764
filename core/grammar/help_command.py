"""`/task help [command]` and `/project help [command]`: the help parsers.

Reading a help topic needs the whole table (to know the commands), and the table lists these
two subcommands, so the table hands them its `resolve_topic` (`help_subcommands(resolve)`)
instead of this module importing the table back."""

from __future__ import annotations

from collections.abc import Callable

from core import commands as c
from core.grammar.spec import Args, Subcommand

Resolve = Callable[[str], str]
"""Topic words -> "task add", "project", "dates", ...; unknown words are a UserError."""


def parse_help(args: Args, resolve: Resolve) -> c.Help:
    topic = " ".join(t.text for t in args.tokens)
    return c.Help(topic=resolve(topic) if topic else None)


def parse_project_help(args: Args, resolve: Resolve) -> c.Help:
    """`/project help [command]`: help on /project's commands."""
    topic = " ".join(t.text for t in args.tokens)
    if topic.lower().lstrip("/").startswith(("project", "task")):
        return c.Help(topic=resolve(topic))
    return c.Help(topic=resolve(f"project {topic}".strip()))


def help_subcommands(resolve: Resolve) -> tuple[Subcommand, Subcommand]:
    """The `task help` and `project help` entries, reading topics with `resolve`."""
    return (
        Subcommand("task", "help", "/task help [command]", lambda a: parse_help(a, resolve),
                   "Show commands, or one command with examples.", ("/task help add",),
                   aliases=("?", "h")),
        Subcommand("project", "help", "/project help [command]",
                   lambda a: parse_project_help(a, resolve),
                   "Show /project commands, or one with examples.", ("/project help status",)),
    )


def group_help(group: str, resolve: Resolve) -> Subcommand:
    """`/<group> help [command]` for a slash command of its own (`/standup`): topics are
    read as that command's unless they name another."""
    def parse(args: Args) -> c.Help:
        topic = " ".join(t.text for t in args.tokens)
        if not topic.lower().lstrip("/").startswith(("project", "task", group)):
            topic = f"{group} {topic}".strip()
        return c.Help(topic=resolve(topic))
    return Subcommand(group, "help", f"/{group} help [command]", parse,
                      f"Show /{group} commands, or one with examples.",
                      (f"/{group} help here",))
