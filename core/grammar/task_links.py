"""`/task assign|due|depends|undepend|comment|tz`: subcommands that take a task and
something more (a person, a date, other tasks, text), plus the time zone."""

from __future__ import annotations

from core import commands as c
from core.dates import WHEN_EXAMPLES, parse_tz
from core.errors import UserError
from core.grammar import values
from core.grammar.options import reject_leftovers
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import (
    Token,
    decode,
    mention,
    shown,
    task_number,
    unquote,
)


def _number_first(args: Args, example: str) -> tuple[int, list[Token]]:
    if not args.tokens:
        raise UserError(f"Which task? Give its number: {example}.")
    return task_number(args.tokens[0].text), args.tokens[1:]


def _text_after(args: Args, rest: list[Token]) -> str:
    """The raw text after the task number, as typed."""
    return decode(args.text[rest[0].start:].strip()) if rest else ""


SELF_WORDS = frozenset({"me", "myself", "@me", "@myself"})
NOBODY_WORDS = frozenset({"none", "nobody", "noone", "no-one", "clear", "@none", "@nobody"})


def parse_assign(args: Args) -> c.AssignTask | c.TakeTask:
    number, rest = _number_first(args, "/task assign #12 @ana")
    if rest and rest[0].plain and rest[0].raw.lower() == "to":
        rest = rest[1:]
    if not rest:
        raise UserError("Assign to whom? Name a person: /task assign #12 @ana.")
    if rest[0].plain and rest[0].raw.lower() in SELF_WORDS and len(rest) == 1:
        return c.TakeTask(number=number)  # the same as /task take #N
    if rest[0].plain and rest[0].raw.lower() in NOBODY_WORDS and len(rest) == 1:
        return c.AssignTask(number=number, assignee=None)  # unassign
    person = mention(rest[0])
    if person is None:
        raise UserError(f"'{shown(rest[0].raw)}' is not a person; name one like @ana, "
                        "or none to unassign.")
    reject_leftovers(rest[1:], "assign one person at a time")
    return c.AssignTask(number=number, assignee=person)


def parse_due(args: Args) -> c.SetDue:
    number, rest = _number_first(args, "/task due #12 fri")
    when = unquote(_text_after(args, rest))
    if not when.strip():
        raise UserError(f"When is #{number} due? Try: {WHEN_EXAMPLES}; or none to clear it.")
    return c.SetDue(number=number, due=values.due(when))


def _dependency(args: Args, verb: str) -> tuple[int, tuple[int, ...]]:
    example = f"/task {verb} #14 on #12"
    number, rest = _number_first(args, example)
    if rest and rest[0].plain and rest[0].raw.lower() in ("on", "from"):
        rest = rest[1:]
    if not rest:
        raise UserError(f"On which task? {example}.")
    if any(not t.plain for t in rest):
        raise UserError(f"Name tasks by number: {example}.")
    parts = [p for t in rest if t.raw.lower() not in ("and", "&amp;", "&")
             for p in t.raw.split(",") if p.strip()]
    if not parts:
        raise UserError(f"On which task? {example}.")
    others = tuple(dict.fromkeys(task_number(p) for p in parts))
    if number in others:
        raise UserError(f"#{number} can't depend on itself.")
    return number, others


def parse_depends(args: Args) -> c.Depend:
    number, others = _dependency(args, "depends")
    return c.Depend(number=number, on=others)


def parse_undepend(args: Args) -> c.Undepend:
    number, others = _dependency(args, "undepend")
    return c.Undepend(number=number, on=others)


COMMENT_MAX = 4000


def parse_comment(args: Args) -> c.CommentTask:
    number, rest = _number_first(args, "/task comment #12 Looks good")
    text = _text_after(args, rest)
    if not text:
        raise UserError(f"What's the comment? /task comment #{number} Looks good.")
    if len(text) > COMMENT_MAX:
        raise UserError(f"That comment is {len(text)} characters; the most is {COMMENT_MAX}.")
    return c.CommentTask(number=number, text=text)


def parse_set_tz(args: Args) -> c.SetTimezone:
    return c.SetTimezone(tz=parse_tz(" ".join(t.text for t in args.tokens)))


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "assign", "/task assign #N @user|none", parse_assign,
               "Give a task to someone (none: unassign it).",
               ("/task assign #12 @ana", "/task assign #12 none"),
               brief="Give a task to someone, or unassign it"),
    Subcommand("task", "due", "/task due #N <when>", parse_due,
               "Set or clear (none) a task's due date, in your time zone.",
               ("/task due #12 fri", "/task due #12 next monday 5pm", "/task due #12 none"),
               notes=("A date alone means 17:00; a time alone means its next occurrence; "
                      "fri means the coming Friday.",),
               brief="Set or clear a task's due date, in your time zone"),
    Subcommand("task", "depends", "/task depends #N on #M[,#K]", parse_depends,
               "Say a task waits for others (#M blocks #N).",
               ("/task depends #14 on #12,#13",), aliases=("depend", "dep"),
               brief="Say a task waits for others"),
    Subcommand("task", "undepend", "/task undepend #N on #M", parse_undepend,
               "Remove a dependency.", ("/task undepend #14 on #12",),
               aliases=("undep", "independ")),
    Subcommand("task", "comment", "/task comment #N <text>", parse_comment,
               "Comment on a task (its assignee is told).",
               ("/task comment #12 Draft is in the doc",), aliases=("note",)),
    Subcommand("task", "tz", "/task tz <Area/City>", parse_set_tz,
               "Set your time zone (used to read and show dates).",
               ("/task tz Europe/Lisbon", "/task tz America/New_York"),
               aliases=("timezone", "zone")),
)
