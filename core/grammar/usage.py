"""Usage lines and help, generated from the grammar's table so that they cannot drift from
what the parser accepts."""

from __future__ import annotations

import difflib

from core.errors import UserError
from core.grammar.spec import Subcommand
from core.grammar.table import ALIASES, GROUPS, TABLE
from core.grammar.tokens import shown
from core.grammar.when import DATE_RULES
from core.results import HelpText

USAGE: dict[str, str] = {sub.key: sub.usage for subs in TABLE.values() for sub in subs.values()}
"""Usage line per subcommand, keyed like "task add", "project status"."""

HELP_USAGE = USAGE["task help"]

TOPICS: dict[str, tuple[str, ...]] = {"dates": DATE_RULES}
"""Help topics that are not commands."""
_TOPIC_ALIASES = {"date": "dates", "when": "dates", "time": "dates", "times": "dates"}


def group_usage(group: str) -> str:
    """`/task add|list|show|...`: a one-line summary of a slash command's subcommands."""
    return f"/{group} " + "|".join(TABLE[group])


def _find(word: str, group: str | None) -> Subcommand | None:
    groups = (group,) if group else GROUPS
    for g in groups:
        name = ALIASES[g].get(word, word)
        if name in TABLE[g]:
            return TABLE[g][name]
    return None


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
    known = [*USAGE, *(k.split()[1] for k in USAGE), *GROUPS, *TOPICS]
    close = difflib.get_close_matches(" ".join(rest), known, n=1, cutoff=0.6)
    hint = f" Did you mean /task help {close[0]}?" if close else ""
    raise UserError(f"There is no command '{shown(topic)}' to explain.{hint} "
                    "/task help lists them all.", HELP_USAGE)


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
