"""Scheduler subcommands of `/task` (digest, remind, away, admin): the scheduler's extension
point of the grammar.

Add one `Subcommand` per subcommand to `SUBCOMMANDS` below; `core.grammar.table` already
includes this tuple, so `parse("task", "digest ...")`, `/task help digest`, `USAGE["task
digest"]` and the did-you-mean suggestions all pick it up. A parse function gets `Args`
(raw text and tokens after the subcommand word) and returns a command model; it raises
`UserError(reason)` for bad input and the grammar attaches the usage line. Helpers:
`core.grammar.options.take_options` (key:value), `core.grammar.tokens` (task numbers,
mentions), `core.grammar.when.parse_when`/`is_when`/`parse_tz` (dates, zones).

Example:
    def parse_away(args: Args) -> SetAway: ...
    SUBCOMMANDS = (Subcommand("task", "away", "/task away until <when> | off", parse_away,
                              "Pause DMs while you are away.", ("/task away until mon",)),)
"""

from __future__ import annotations

from core.grammar.spec import Subcommand

SUBCOMMANDS: tuple[Subcommand, ...] = ()
