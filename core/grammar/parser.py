"""`parse(command_name, text)`: slash-command text to a core command.

Dispatch is by table (core.grammar.table): the first word picks the subcommand, whose parse
function reads the rest. Every failure is a `UserError` with a one-line reason and the usage
of the subcommand concerned; nothing else escapes (pydantic errors are translated, and an
unexpected exception is logged and reported as a generic refusal)."""

from __future__ import annotations

import difflib
import logging

from pydantic import ValidationError

from core.commands import Command
from core.errors import UserError, invalid_input
from core.grammar.spec import Args, Subcommand
from core.grammar.table import ALIASES, GROUPS, TABLE, lookup
from core.grammar.tokens import first_token, is_ref, shown
from core.grammar.usage import group_usage

log = logging.getLogger(__name__)

INTERNAL_ERROR_REASON = "Sorry, I couldn't read that command."


def _group(command_name: str) -> str:
    group = command_name.strip().lstrip("/").lower()
    if group not in GROUPS:
        raise UserError(f"I only know /task and /project (and /standup), not "
                        f"'{shown(command_name)}'.",
                        "/task help")
    return group


def parse(command_name: str, text: str) -> Command:
    """Parse the text after `/task` or `/project` (see the module docstring)."""
    group = "task"
    try:
        group = _group(command_name)
        return _dispatch(group, text or "")
    except UserError:
        raise
    except Exception as err:  # the contract: only UserError leaves the grammar
        log.exception("grammar failed on %r %r", command_name, text)
        raise UserError(INTERNAL_ERROR_REASON, group_usage(group)) from err


def _dispatch(group: str, text: str) -> Command:
    first = first_token(text)
    if first is None:
        raise UserError(f"What should I do? See /{group} help for the commands.",
                        group_usage(group))
    if group == "task" and is_ref(first):  # `/task #12` shows it
        return _run(TABLE["task"]["show"], Args.of(text))
    sub = lookup(group, first.text) if first.plain else None
    if sub is None:
        raise _unknown(group, first.raw, text)
    return _run(sub, Args.of(text[first.end:]))


def _run(sub: Subcommand, args: Args) -> Command:
    try:
        return sub.parse(args)
    except UserError as err:
        raise err.with_usage(sub.usage) from None
    except ValidationError as err:
        raise invalid_input(err).with_usage(sub.usage) from None


SUGGEST_CUTOFF = 0.75
"""How alike a typo and a command must be to suggest it: `lsit`/`list` (0.75) and
`coment`/`comment` pass; `find`/`remind` (0.6, a shared "ind") does not."""

WORDS_FOR: dict[str, dict[str, str]] = {
    "task": {"find": "list", "search": "list", "ls": "list", "todo": "list", "mine": "list",
             "open": "show", "get": "show", "rename": "edit", "change": "edit", "set": "edit",
             "unassign": "assign", "give": "assign", "block": "depends", "unblock": "undepend",
             "wait": "depends", "note": "comment", "remindme": "remind", "zone": "tz",
             "timezone": "tz"},
    "project": {"create": "new", "make": "new", "restore": "unarchive", "reopen": "unarchive",
                "close": "archive", "report": "status", "find": "list", "search": "list"},
}
"""Words people type for a command that is not called that: the command they mean."""


def _unknown(group: str, word: str, text: str) -> UserError:
    names = [*TABLE[group], *ALIASES[group]]
    meant = WORDS_FOR.get(group, {}).get(word.lower())
    close = ([meant] if meant in TABLE[group] else
             difflib.get_close_matches(word.lower(), names, n=1, cutoff=SUGGEST_CUTOFF))
    if close:
        name = ALIASES[group].get(close[0], close[0])
        return UserError(f"I don't know '/{group} {shown(word, 20)}'. Did you mean /{group} "
                         f"{name}? See /{group} help.", TABLE[group][name].usage)
    if group == "task":
        return UserError(f"I don't know '/task {shown(word, 20)}'. To create a task, start with "
                         f"add: /task add {shown(text, 40)}. See /task help.",
                         TABLE["task"]["add"].usage)
    return UserError(f"I don't know '/{group} {shown(word, 20)}'. See /{group} help for the "
                     "commands.", group_usage(group))
