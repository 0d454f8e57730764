"""Workspace membership subcommands of `/task`: `role`."""

from __future__ import annotations

from core import commands as c
from core.errors import UserError
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import mention, shown
from core.model import Role

_ROLES = ", ".join(r.value for r in Role)


def parse_role(args: Args) -> c.SetRole:
    tokens = args.tokens
    if len(tokens) != 2:
        raise UserError(f"Name one person and one role ({_ROLES}).")
    person = mention(tokens[0])
    if person is None:
        raise UserError(f"'{shown(tokens[0].raw)}' is not a person; name one like @ana.")
    word = tokens[1].text.lower()
    if word not in {r.value for r in Role}:
        raise UserError(f"'{shown(tokens[1].raw)}' is not a role; use one of {_ROLES}.")
    return c.SetRole(user=person, role=Role(word))


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "role", "/task role @user admin|manager|member", parse_role,
               "Set someone's role (admins only). Managers and admins may edit any task.",
               ("/task role @ana manager",)),
)
