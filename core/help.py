"""The answer to `/task help`: read from the grammar's table.

It belongs to neither the grammar (which turns text into commands and knows no handler) nor
the handlers (which carry out commands and know no text grammar): like the bus, which
registers it, it joins the two."""

from __future__ import annotations

from core import commands as c
from core.grammar.usage import help_result
from core.handlers.base import HandlerContext
from core.results import HelpText


def answer_help(h: HandlerContext, cmd: c.Help) -> HelpText:
    """All commands, one slash command's, or one command's usage and examples."""
    return help_result(cmd.topic, viewer_tz=h.tz)
