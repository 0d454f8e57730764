"""Bulk forms of `/task done|drop|assign|due|edit`, and `/task handover`.

`/task done #3` keeps its single-task parse exactly; the bulk form is read when the task
part is a list (`#3,#5,#8`, `#3, #5`) or is not a task number at all (filter text):
```
/task done #3,#5,#8                      /task drop project:old +overdue
/task assign #3,#5 @bob                  /task assign @ana +overdue to @bob
/task due #3,#5 fri                      /task due project:launch to "next mon"
/task edit #3,#5 priority:high           /task edit project:launch +blocked to priority:high
/task handover @ana @bob [project:<name>]
```
With a filter, the change follows the word `to` (for assign, the last @person will do),
and the answer is a preview; adding the `confirm:<code>` it shows carries the change out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from core import commands as c
from core.commands_bulk import BULK_VERBS, BulkChange, BulkVerb, Handover
from core.errors import UserError
from core.grammar import values
from core.grammar.options import Option, reject_leftovers, take_options
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import Token, is_ref, is_ref_list, mention, shown, task_numbers

NOBODY = frozenset({"none", "nobody", "noone", "no-one", "clear", "@none", "@nobody"})
_EDIT_OPTIONS = (
    Option("title", 'title:"New title"', "phrase"),
    Option("priority", "priority:high", "phrase", aliases=("prio", "pri")),
    Option("project", "project:launch", "phrase", aliases=("proj",)),
    Option("description", 'description:"more detail"', "phrase", aliases=("desc",)),
)
BULK_NOTE = ("Many at once: #3,#5,#8, or a filter (see /task help list) which answers with a "
             "preview; repeat the command with the confirm:<code> it shows to carry it out.")
_EXAMPLES: dict[str, tuple[str, ...]] = {
    "done": ("/task done #3,#5,#8", "/task done project:launch +overdue"),
    "drop": ("/task drop #3,#5", "/task drop @ana status:blocked"),
    "assign": ("/task assign #3,#5 @bob", "/task assign @ana +overdue to @bob"),
    "due": ("/task due #3,#5 fri", '/task due project:launch to "next mon"'),
    "edit": ("/task edit #3,#5 priority:high", "/task edit project:launch to priority:high"),
}


def is_bulk(tokens: Sequence[Token]) -> bool:
    """A list of task numbers, or something other than one task number first."""
    if not tokens:
        return False
    first = tokens[0]
    if is_ref(first) or (first.plain and first.raw.startswith("#")):
        return "," in first.raw  # `#3` (or a mistyped `#x`): the single form and its errors
    return any(_filter_term(t) for t in tokens)


_WHO = frozenset({"mine", "me", "my", "all", "everyone", "team", "unassigned", "nobody"})
_COMPARED = re.compile(r"^[A-Za-z][A-Za-z_-]*(<=|>=|<|>|=)")


def _filter_term(tok: Token) -> bool:
    """A token only a filter has (not a bare word: `/task done abc` stays the single form's
    "'abc' is not a task number"; words search only next to a term such as `mine`)."""
    if tok.quoted and tok.key is None:
        return False
    return (tok.key is not None or mention(tok) is not None or tok.raw[:1] in "+-"
            or tok.raw.lower() in _WHO or _COMPARED.match(tok.text) is not None)


def _confirm(tokens: Sequence[Token]) -> tuple[str | None, list[Token]]:
    code: str | None = None
    rest = []
    for tok in tokens:
        if tok.key == "confirm" or (tok.plain and tok.raw.lower() == "confirm"):
            code = tok.value.strip().lower()
        else:
            rest.append(tok)
    return code, rest


def _numbers(tokens: Sequence[Token]) -> tuple[tuple[int, ...], list[Token]] | None:
    """Leading `#3,#5` / `#3, #5` / `#3,` `#5`: the numbers and what follows; None when the
    text does not start with a list of task numbers."""
    text, used = "", 0
    while used < len(tokens) and tokens[used].plain and is_ref_list(tokens[used].raw) and (
            used == 0 or text.rstrip().endswith(",") or tokens[used].raw.startswith(",")):
        text += tokens[used].raw
        used += 1
    if not used:
        return None
    return task_numbers(text.rstrip(",")), list(tokens[used:])


def _split_to(tokens: Sequence[Token]) -> tuple[list[Token], list[Token]] | None:
    """Filter tokens and change tokens around the last plain `to`."""
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].plain and tokens[i].raw.lower() == "to":
            return list(tokens[:i]), list(tokens[i + 1:])
    return None


def _raw(tokens: Sequence[Token]) -> str:
    return " ".join(t.raw for t in tokens)


def _assignee(tokens: Sequence[Token], example: str) -> c.UserRef | None:
    if len(tokens) == 1 and tokens[0].plain and tokens[0].raw.lower() in NOBODY:
        return None
    if len(tokens) == 1 and tokens[0].plain and tokens[0].raw.lower() in ("me", "@me"):
        return c.UserRef(name="me")
    person = mention(tokens[0]) if tokens else None
    if person is None:
        raise UserError(f"Assign to whom? Name one person: {example}.")
    reject_leftovers(tokens[1:], "assign to one person")
    return person


def _change(verb: BulkVerb, tokens: list[Token], example: str) -> dict[str, Any]:
    """The fields of the change a verb takes from the tokens after the selection."""
    if verb in ("done", "drop"):
        reject_leftovers(tokens, f"give just the tasks: {example}")
        return {}
    if verb == "assign":
        if tokens and tokens[0].plain and tokens[0].raw.lower() == "to":
            tokens = tokens[1:]
        return {"assignee": _assignee(tokens, example)}
    if verb == "due":
        when = " ".join(t.text for t in tokens).strip()
        if not when:
            raise UserError(f"When are they due? {example}; or none to clear the dates.")
        return {"due": values.due(when) or "none"}
    found, rest = take_options(tokens, _EDIT_OPTIONS)
    reject_leftovers(rest, "name what to change with title:, priority:, project: or "
                     "description:")
    if not found:
        raise UserError(f"Nothing to change: {example}.")
    return {
        "title": values.title(found["title"]) if "title" in found else None,
        "priority": values.priority(found["priority"]) if "priority" in found else None,
        "project": values.project_name(found["project"]) if "project" in found else None,
        "description": values.description(found["description"]) if "description" in found
        else None,
    }


def parse_bulk(verb: BulkVerb, args: Args) -> BulkChange:
    example = _EXAMPLES[verb][0]
    code, tokens = _confirm(args.tokens)
    numbered = _numbers(tokens)
    if numbered is not None:
        numbers, rest = numbered
        return BulkChange(verb=verb, numbers=numbers, **_change(verb, rest, example))
    filter_tokens, rest = list(tokens), []
    if verb != "done" and verb != "drop":
        split = _split_to(tokens)
        if split is None and verb == "assign" and tokens and (
                mention(tokens[-1]) or tokens[-1].raw.lower() in NOBODY):
            split = (list(tokens[:-1]), [tokens[-1]])
        if split is None:
            raise UserError(f"Say where the filter ends and the change starts with 'to': "
                            f"{_EXAMPLES[verb][1]}.")
        filter_tokens, rest = split
    if not filter_tokens:
        raise UserError(f"Which tasks? Give numbers or a filter: {_EXAMPLES[verb][1]}.")
    return BulkChange(verb=verb, filter=_raw(filter_tokens), confirm=code,
                      **_change(verb, rest, _EXAMPLES[verb][1]))


def bulk_aware(sub: Subcommand, verb: BulkVerb) -> Subcommand:
    """`sub` reading its bulk form too (its single-task form unchanged), documented."""
    single = sub.parse

    def parse(args: Args) -> c.Command | BulkChange:
        return parse_bulk(verb, args) if is_bulk(args.tokens) else single(args)

    return dataclasses.replace(
        sub, parse=parse,  # type: ignore[arg-type]
        usage=sub.usage.replace("#N", "#N[,#M…]|<filters>", 1),
        examples=(*sub.examples, *_EXAMPLES[verb]), notes=(*sub.notes, BULK_NOTE))


def with_bulk(table: dict[str, dict[str, Subcommand]]) -> dict[str, dict[str, Subcommand]]:
    """The grammar's table with the bulk forms of done, drop, assign, due and edit."""
    tasks = dict(table["task"])
    for verb in BULK_VERBS:
        tasks[verb] = bulk_aware(tasks[verb], verb)
    return {**table, "task": tasks}


HANDOVER_OPTIONS = (Option("project", "project:launch", aliases=("proj",)),)
_HANDOVER_EXAMPLE = "/task handover @ana @bob project:launch"


def parse_handover(args: Args) -> Handover:
    code, tokens = _confirm(args.tokens)
    found, rest = take_options(tokens, HANDOVER_OPTIONS)
    rest = [t for t in rest if not (t.plain and t.raw.lower() in ("to", "from"))]
    people = [mention(t) for t in rest]
    if len(rest) != 2 or people[0] is None or people[1] is None:
        extra = next((t.raw for t, p in zip(rest, people, strict=True) if p is None), None)
        hint = f"I didn't understand '{shown(extra)}'. " if extra else ""
        raise UserError(f"{hint}Name who hands over and who takes over: {_HANDOVER_EXAMPLE}.")
    return Handover(source=people[0], target=people[1], confirm=code,
                    project=values.project_name(found["project"]) if "project" in found
                    else None)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "handover", "/task handover @from @to [project:<name>]",
               parse_handover,  # type: ignore[arg-type]
               "Give every open task of one person to another (with a preview to confirm).",
               (_HANDOVER_EXAMPLE, "/task handover @ana @bob"),
               notes=("The answer lists the tasks; repeat the command with the "
                      "confirm:<code> it shows to carry it out.",),
               brief="Give every open task of one person to another"),
)
