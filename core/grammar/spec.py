"""The entry type of the grammar's table: one subcommand, its parse function and its help.

To add a subcommand (as the scheduler's `digest`, `remind`, `away`, `admin` do), write a parse
function `(Args) -> Command` that raises `UserError(reason)` for bad input (the usage line is
attached for you), and list a `Subcommand` for it in a module's `SUBCOMMANDS`; `core.grammar.
table` gathers those tuples (see core/grammar/schedule.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.commands import Command
from core.grammar.tokens import Token, tokenize


@dataclass(frozen=True)
class Args:
    """What follows the subcommand word: the raw text (for free text such as a comment) and
    its tokens."""

    text: str
    tokens: list[Token] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Args:
        return cls(text, tokenize(text))


@dataclass(frozen=True)
class Subcommand:
    """`group` is "task" or "project"; `usage` is one line starting with the slash command."""

    group: str
    name: str
    usage: str
    parse: Callable[[Args], Command]
    summary: str
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    brief: str = ""
    """The summary without text syntax, when the summary has some (`none:`, `#M`): for
    surfaces with typed options (Discord's command list)."""

    @property
    def short(self) -> str:
        """One line for a command list: `brief`, else the summary's first sentence."""
        return self.brief or self.summary.split(". ")[0].rstrip(".")

    @property
    def key(self) -> str:
        return f"{self.group} {self.name}"
