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


def parse_dms(args: Args) -> c.DmsOn:
    words = [t.text.lower() for t in args.tokens]
    if words != ["on"]:
        raise UserError("Say `/task dms on` once your direct messages are open again.")
    return c.DmsOn()


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "role", "/task role @user admin|manager|member", parse_role,
               "Set someone's role (admins only). Managers and admins may edit any task.",
               ("/task role @ana manager",)),
    Subcommand("task", "dms", "/task dms on", parse_dms,
               "Get direct messages again after a DM could not reach you (they went to the "
               "project's channel meanwhile).", ("/task dms on",),
               brief="Get direct messages again after a DM could not reach you"),
)
