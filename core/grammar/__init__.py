"""The one text grammar: `/task ...` and `/project ...` text to core commands.

`parse(command_name, text)` returns a command model or raises `UserError` with a one-line
reason and the usage of the command concerned. It never raises anything else."""

from core.grammar.parser import parse

__all__ = ["parse"]
