"""`/project export <name> [csv|json]`."""

from __future__ import annotations

from core.commands_transfer import ExportFormat, ExportProject
from core.errors import UserError
from core.grammar import values
from core.grammar.options import words_of
from core.grammar.spec import Args, Subcommand

_FORMATS: dict[str, ExportFormat] = {"json": "json", "csv": "csv"}
_EXAMPLE = "/project export launch csv"


def parse_export(args: Args) -> ExportProject:
    tokens = list(args.tokens)
    fmt: ExportFormat = "json"
    if tokens and not tokens[-1].quoted and tokens[-1].text.lower() in _FORMATS:
        fmt = _FORMATS[tokens.pop().text.lower()]
    if not tokens:
        raise UserError(f"Which project? {_EXAMPLE}.")
    return ExportProject(name=values.project_name(words_of(tokens)), format=fmt)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("project", "export", "/project export <name> [json|csv]",
               parse_export,  # type: ignore[arg-type]
               "A project's tasks as a file: JSON (complete: history, comments, "
               "dependencies; `taskbot import` reads it) or CSV (one row per task).",
               (_EXAMPLE, "/project export launch json"),
               brief="A project's tasks as a JSON or CSV file"),
)
