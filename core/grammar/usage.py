"""Usage lines and help, generated from the grammar's table so that they cannot drift from
what the parser accepts."""

from __future__ import annotations

from core.grammar.table import GROUPS, TABLE, TOPICS, resolve_topic
from core.results import HelpText

USAGE: dict[str, str] = {sub.key: sub.usage for subs in TABLE.values() for sub in subs.values()}
"""Usage line per subcommand, keyed like "task add", "project status"."""

HELP_USAGE = USAGE["task help"]


def group_usage(group: str) -> str:
    """`/task add|list|show|...`: a one-line summary of a slash command's subcommands."""
    return f"/{group} " + "|".join(TABLE[group])


def help_result(topic: str | None, viewer_tz: str = "UTC") -> HelpText:
    """All commands (topic None), one slash command's, or one command with examples."""
    tz_line = (f"Dates are read in your time zone ({viewer_tz}); change it with "
               "/task tz Area/City.")
    key = resolve_topic(topic) if topic else None
    if key in TOPICS:
        return HelpText(title=f"Help: {key}", lines=TOPICS[key], viewer_tz=viewer_tz)
    if key is None or key in GROUPS:
        groups = (key,) if key else GROUPS
        lines = [sub.usage for g in groups for sub in TABLE[g].values()]
        lines += ["Details and examples: /task help <command>, e.g. /task help add; "
                  "how dates are read: /task help dates.", tz_line]
        title = "taskbot commands" if key is None else f"/{key} commands"
        return HelpText(title=title, lines=tuple(lines), viewer_tz=viewer_tz)
    group, name = key.split(" ", 1)
    sub = TABLE[group][name]
    lines = [sub.usage, sub.summary, *sub.notes]
    if sub.aliases:
        lines.append("Also: " + ", ".join(f"/{group} {a}" for a in sub.aliases))
    lines += ["Examples:", *sub.examples]
    if name in ("add", "due"):
        lines.append(tz_line)
    return HelpText(title=f"/{group} {name}", lines=tuple(lines), viewer_tz=viewer_tz)


DESCRIPTION_MAX = 100
"""Discord's limit on a command's description."""


def describe(key: str, extra: str = "") -> str:
    """A command's one-line description from the table ("task list" -> "List tasks (yours
    and open, unless you say otherwise)"), plus a surface's own `extra`, so that a surface
    with typed options (Discord) describes its commands as /task help does."""
    group, name = key.split(" ", 1)
    text = f"{TABLE[group][name].short} {extra}".strip()
    if len(text) > DESCRIPTION_MAX:
        raise ValueError(f"{key}: description longer than {DESCRIPTION_MAX}: {text!r}")
    return text
