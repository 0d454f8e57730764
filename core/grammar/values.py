"""Reading the values of options: priorities, project names, due dates, titles."""

from __future__ import annotations

import difflib

from core.commands import PAGE_MAX
from core.dates import WHEN_EXAMPLES, is_when
from core.errors import UserError
from core.grammar.tokens import shown
from core.model import DESCRIPTION_MAX, Priority, clean_title
from core.text import ascii_int

PROJECT_NAME_MAX = 80
CLEAR_WORDS = frozenset({"none", "clear", "off", "-", "no", "never"})

PRIORITY_ALIASES: dict[str, Priority] = {
    "low": Priority.LOW, "l": Priority.LOW, "p3": Priority.LOW, "minor": Priority.LOW,
    "normal": Priority.NORMAL, "n": Priority.NORMAL, "medium": Priority.NORMAL,
    "med": Priority.NORMAL, "p2": Priority.NORMAL,
    "high": Priority.HIGH, "h": Priority.HIGH, "p1": Priority.HIGH, "important": Priority.HIGH,
    "urgent": Priority.URGENT, "u": Priority.URGENT, "p0": Priority.URGENT,
    "critical": Priority.URGENT, "asap": Priority.URGENT,
}


def priority(text: str) -> Priority:
    """`high`, `P1`, `urgent`, `asap` ... -> Priority (p0 urgent, p1 high, p2 normal, p3 low)."""
    found = PRIORITY_ALIASES.get(text.strip().lower().lstrip("!"))
    if found is None:
        raise UserError(f"'{shown(text)}' is not a priority; use low, normal, high or urgent.")
    return found


def project_name(text: str) -> str:
    name = " ".join(text.split()).lstrip("#").strip()
    if not name:
        raise UserError("A project needs a name, like launch.")
    if len(name) > PROJECT_NAME_MAX:
        raise UserError(f"That project name is {len(name)} characters; the most is "
                        f"{PROJECT_NAME_MAX}.")
    return name


def title(text: str) -> str:
    return clean_title(text)


def description(text: str) -> str:
    value = text.strip()
    if len(value) > DESCRIPTION_MAX:
        raise UserError(f"That description is {len(value)} characters; the most is "
                        f"{DESCRIPTION_MAX}.")
    return value


def due(text: str) -> str | None:
    """A due phrase checked for readability (it is resolved later in the actor's time zone);
    `none`/`clear` -> None."""
    value = " ".join(text.split())
    if value.lower() in CLEAR_WORDS:
        return None
    if not is_when(value):
        raise UserError(f"I couldn't read '{shown(value)}' as a date. Try: {WHEN_EXAMPLES}.")
    return value


def page(text: str) -> int:
    number = ascii_int(text.strip(), 1, PAGE_MAX)
    if number is None:
        raise UserError(f"'{shown(text)}' is not a page number; pages start at 1.")
    return number


def suggest(word: str, choices: list[str]) -> str:
    """' Did you mean X?' or ''."""
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""
