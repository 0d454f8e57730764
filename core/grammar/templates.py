"""`/project template save|list|show|delete` and `/project new <name> from:<template> ...`.

`/project new` stays `core.grammar.projects`' command; with a `from:` option it becomes
`ApplyTemplate` (`with_templates` wraps its parser). Roles are `key:value` options whose
key is the role and whose value is a person: `dev:@ana`, `qa:<@U123|bob>`, `dev: @ana`."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from core.commands import UserRef
from core.errors import UserError
from core.grammar import projects, values
from core.grammar.options import Option, reject_leftovers, take_options, words_of
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import Token, mention, mention_text, shown
from core.templates import commands as tc

_APPLY_OPTIONS = (Option("from", "from:release"), Option("start", "start:mon", reach="when"),
                  Option("owner", "owner:@ana"))
NEW_USAGE = ("/project new <name> [owner:@user] [from:<template> start:<when> "
             "[<role>:@user ...]]")
TEMPLATE_USAGE = ("/project template save <template> from:<project> [<role>:@user ...] | "
                  "list | show <template> | delete <template>")


def _person(text: str, what: str) -> UserRef:
    found = mention_text(text)
    if found is None:
        raise UserError(f"'{shown(text)}' is not a person; write {what}:@ana.")
    return found


def _roles(tokens: Sequence[Token], keep: tuple[str, ...] = ()
           ) -> tuple[list[tc.RoleAssignment], list[Token]]:
    """`dev:@ana qa: @bob` -> role assignments; the other tokens (the name, and options
    named in `keep`) in order."""
    roles: list[tc.RoleAssignment] = []
    rest: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.key is None or tok.key in keep:
            if mention(tok) is not None:
                raise UserError(f"Which role does {shown(tok.raw)} take? Write it like "
                                f"dev:{shown(tok.raw)}.")
            rest.append(tok)
            continue
        value = tok.value
        if not value and i < len(tokens) and mention(tokens[i]) is not None:
            value = tokens[i].raw
            i += 1
        if mention_text(value) is None:
            raise UserError(f"'{shown(tok.raw)}' is not a role given to a person; write "
                            f"<role>:@user, like {tok.key}:@ana.")
        roles.append(tc.RoleAssignment(role=tok.key, user=_person(value, tok.key)))
    return roles, rest


def parse_roles(text: str) -> tuple[tc.RoleAssignment, ...]:
    """A surface's roles text (`dev:@ana qa:<@123>`) -> role assignments; anything else in
    it is refused."""
    roles, rest = _roles(Args.of(text).tokens)
    reject_leftovers(rest, "give roles as <role>:@user, like dev:@ana qa:@bob")
    return tuple(roles)


def parse_apply(args: Args) -> tc.ApplyTemplate:
    found, rest = take_options(args.tokens, _APPLY_OPTIONS)
    owner = _person(found["owner"], "owner") if "owner" in found else None
    roles, words = _roles(rest)
    if not words:
        raise UserError("The new project needs a name: /project new launch2 from:release "
                        "start:mon.")
    if "start" not in found:
        raise UserError("When does it start? Add start:<when>, like start:mon.")
    return tc.ApplyTemplate(name=values.project_name(words_of(words)), template=found["from"],
                            start=values.due(found["start"]) or found["start"],
                            owner=owner, roles=tuple(roles))


def _has_from(args: Args) -> bool:
    return any(t.key == "from" for t in args.tokens)


def parse_new(args: Args) -> Any:
    """`/project new ...`: from a template when it names one, else a plain project."""
    return parse_apply(args) if _has_from(args) else projects.parse_new(args)


def _name(tokens: Sequence[Token], example: str) -> str:
    if not tokens:
        raise UserError(f"Which template? {example}.")
    return words_of(tokens)


def parse_template(args: Args) -> Any:
    tokens = args.tokens
    verb = tokens[0].text.lower() if tokens and tokens[0].plain else ""
    rest = tokens[1:]
    if verb in ("list", "ls", ""):
        reject_leftovers(rest, "use /project template list")
        return tc.ListTemplates()
    if verb in ("show", "view"):
        return tc.ShowTemplate(name=_name(rest, "/project template show release"))
    if verb in ("delete", "remove", "rm"):
        return tc.DeleteTemplate(name=_name(rest, "/project template delete release"))
    if verb == "save":
        roles, rest = _roles(rest, keep=("from",))
        found, words = take_options(rest, (Option("from", "from:launch", reach="phrase"),))
        if "from" not in found:
            raise UserError("Save it from which project? /project template save release "
                            "from:launch.")
        return tc.SaveTemplate(name=_name(words, "/project template save release from:launch"),
                               project=values.project_name(found["from"]),
                               roles=tuple(roles))
    raise UserError(f"I don't know '/project template {shown(verb or tokens[0].raw, 20)}'; "
                    "use save, list, show or delete.")


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("project", "template", TEMPLATE_USAGE, parse_template,
               "Project templates: save a project's tasks, dependencies, due dates (as "
               "working days from its start) and assignees (as roles: each person's name, "
               "or the role given as dev:@ana) under a name, list, show or delete them. "
               "Apply one with /project new <name> from:<template>.",
               ("/project template save release from:launch dev:@ana qa:@bob",
                "/project template list",
                "/project template show release", "/project template delete release"),
               aliases=("templates",),
               notes=("Write one by hand as YAML and load it with `taskbot template import "
                      "FILE`; `taskbot template export NAME` writes one out.",),
               brief="Project templates: save, list, show, delete"),
)


def with_templates(entries: tuple[Subcommand, ...]) -> tuple[Subcommand, ...]:
    """`core.grammar.projects`' subcommands with `/project new` reading `from:` too."""
    return tuple(
        dataclasses.replace(
            sub, parse=parse_new, usage=NEW_USAGE,
            summary=sub.summary.rstrip(".") + " (from a template: its tasks, dependencies "
            "and due dates, each role given to a person; each assignee gets one DM).",
            examples=(*sub.examples,
                      "/project new launch2 from:release start:mon owner:@ana dev:@bob "
                      "qa:@cy"),
            brief=sub.short)
        if sub.name == "new" else sub for sub in entries)
