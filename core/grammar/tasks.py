"""`/task add`, `/task list`, `/task edit` and the one-task commands (show, start, done, ...)."""

from __future__ import annotations

from collections.abc import Callable

from core import commands as c
from core.commands_find import FilterTasks
from core.errors import UserError
from core.grammar import plan, values
from core.grammar.find import FILTER_NOTES, _p, filter_command
from core.grammar.options import Option, reject_leftovers, take_options, words_of
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import mention, shown, task_number, task_numbers
from core.model import LIST_STATES_TEXT, ListState

ADD_OPTIONS = (
    Option("due", "due:fri", "when"),
    Option("priority", "priority:high", aliases=("prio", "pri")),
    Option("project", "project:launch", aliases=("proj",)),
    Option("after", "after:#12", "refs", aliases=("depends",)),
    Option("blocks", "blocks:#14", "refs"),
    Option("every", "every:weekdays", "rule"),
    Option("description", 'description:"more detail"', aliases=("desc",)),
    Option("milestone", "milestone:beta", aliases=("ms",)),
    Option("estimate", "estimate:1.5d", aliases=("est",)),
)


def parse_add(args: Args) -> c.AddTask:
    found, rest = take_options(args.tokens, ADD_OPTIONS)
    assignee = None
    words = []
    for tok in rest:
        person = mention(tok)
        if person is None:
            words.append(tok)
        elif assignee is not None:
            raise UserError(f"A task has one assignee; you named {assignee.label} and "
                            f"{person.label}. Quote the title to keep a name in it.")
        else:
            assignee = person
    if not words:
        raise UserError("A task needs a title: /task add Write the spec.")
    return c.AddTask(
        title=values.title(words_of(words)),
        assignee=assignee,
        due=values.due(found["due"]) if "due" in found else None,
        priority=values.priority(found.get("priority", "normal")),
        project=values.project_name(found["project"]) if "project" in found else None,
        after=task_numbers(found["after"]) if "after" in found else (),
        blocks=task_numbers(found["blocks"]) if "blocks" in found else (),
        description=values.description(found["description"]) if "description" in found
        else None,
        every=found.get("every"),
        milestone=plan.milestone_value(found["milestone"]) if "milestone" in found else None,
        estimate=plan.estimate_value(found["estimate"]) if "estimate" in found else None,
    )


LIST_OPTIONS = (
    Option("project", "project:launch", aliases=("proj",)),
    Option("status", "status:overdue", aliases=("state",)),
    Option("page", "page:2"),
)
_SCOPES = {"mine": "mine", "me": "mine", "my": "mine", "@me": "mine", "all": "all",
           "everyone": "all", "team": "all"}
_STATES: dict[str, ListState] = {"open": "open", "blocked": "blocked", "overdue": "overdue",
                                   "done": "done", "closed": "done", "late": "overdue"}
_LIST_HINT = "/task list takes mine, all or @user, project:<name>, status:<state>, page:N"


def _state(word: str) -> ListState:
    found = _STATES.get(word.lower())
    if found is None:
        raise UserError(f"'{shown(word)}' is not a status; use {LIST_STATES_TEXT}.")
    return found


def parse_list(args: Args) -> c.ListTasks | FilterTasks:
    """Today's forms (mine, all, @user, project:, status:, page:) stay `ListTasks`; any
    other text is the filter language (`core.grammar.find.filter_command`)."""
    try:
        return _parse_plain_list(args)
    except UserError:
        return filter_command(args)


def _parse_plain_list(args: Args) -> c.ListTasks:
    found, rest = take_options(args.tokens, LIST_OPTIONS)
    scope: c.ListScope | None = None
    user = None
    state = _state(found["status"]) if "status" in found else None
    for tok in rest:
        word = tok.text.lower()
        person = None if word in _SCOPES else mention(tok)
        if person is None and word not in _SCOPES:
            if word in _STATES and state is None and not tok.quoted:
                state = _state(word)
                continue
            hint = values.suggest(word, [*_SCOPES, *_STATES])
            raise UserError(f"I didn't understand '{shown(tok.raw)}'.{hint} {_LIST_HINT}.")
        if scope is not None:
            raise UserError(f"Pick one of mine, all or @user; {_LIST_HINT}.")
        if person is not None:
            scope, user = "user", person
        else:
            scope = "all" if _SCOPES[word] == "all" else "mine"
    return c.ListTasks(
        # a project asked about means the project's work, not only mine
        scope=scope or ("all" if "project" in found else "mine"),
        user=user,
        project=values.project_name(found["project"]) if "project" in found else None,
        state=state or "open",
        page=values.page(found["page"]) if "page" in found else 1,
    )


def one_task(args: Args, example: str) -> int:
    """The single `#N` a subcommand takes."""
    if not args.tokens:
        raise UserError(f"Which task? Give its number: {example}.")
    number = task_number(args.tokens[0].text)
    reject_leftovers(args.tokens[1:], f"give just the task number: {example}")
    return number


def _one_task_command(make: Callable[[int], c.Command], example: str
                      ) -> Callable[[Args], c.Command]:
    def parse(args: Args) -> c.Command:
        return make(one_task(args, example))
    return parse


EDIT_OPTIONS = (
    Option("title", 'title:"New title"', "phrase"),
    Option("priority", "priority:high", "phrase", aliases=("prio", "pri")),
    Option("project", "project:launch", "phrase", aliases=("proj",)),
    Option("description", 'description:"more detail"', "phrase", aliases=("desc",)),
    Option("milestone", "milestone:beta", "phrase", aliases=("ms",)),
    Option("estimate", "estimate:1.5d", "phrase", aliases=("est",)),
)


def parse_edit(args: Args) -> c.EditTask:
    if not args.tokens:
        raise UserError("Which task? Give its number: /task edit #12 title:\"New title\".")
    number = task_number(args.tokens[0].text)
    found, rest = take_options(args.tokens[1:], EDIT_OPTIONS)
    if any(t.key == "due" for t in rest):
        raise UserError("Change a due date with /task due #N <when>.")
    reject_leftovers(rest, "name what to change with title:, priority:, project:, "
                     "description:, milestone: or estimate:")
    if not found:
        raise UserError("Nothing to change: give title:, priority:, project:, description:, "
                        "milestone: or estimate:.")
    return c.EditTask(
        number=number,
        title=values.title(found["title"]) if "title" in found else None,
        priority=values.priority(found["priority"]) if "priority" in found else None,
        project=values.project_name(found["project"]) if "project" in found else None,
        description=values.description(found["description"]) if "description" in found
        else None,
        milestone=plan.milestone_value(found["milestone"]) if "milestone" in found else None,
        estimate=plan.estimate_value(found["estimate"]) if "estimate" in found else None,
    )


def _single(name: str, summary: str, aliases: tuple[str, ...] = ()) -> Subcommand:
    """`/task <name> #N` for a command of `c.BY_NUMBER`."""
    example = f"/task {name} #12"
    command = c.BY_NUMBER[name]
    return Subcommand("task", name, f"/task {name} #N",
                      _one_task_command(lambda n: command(number=n), example),
                      summary, (example,), aliases)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "task", "add",
        "/task add <title> [@assignee] [due:<when>] [priority:<p>] [project:<name>] "
        "[after:#N[,#M]] [blocks:#N] [every:<rule>] [milestone:<name>] [estimate:<duration>]",
        parse_add, "Create a task.",
        ("/task add Write the spec @ana due:fri after:#12",
         '/task add "Fix: login crash" priority:urgent due:"next monday 5pm"',
         "/task add Water the plants every:weekdays project:office"),
        aliases=("new", "create"),
        notes=('Quote any value with spaces: due:"next fri 5pm". Unquoted, due: and every: '
               "take the following words while they still read as one date or rule; other "
               "values are one word. Quoted text is never a key, @mention or #ref.",
               "Priorities: low, normal, high, urgent (also p3..p0).",
               "Dates: tomorrow, fri, next monday 5pm, in 3 days, 2026-12-01 (see /task help "
               "dates)."),
    ),
    Subcommand(
        "task", "list",
        "/task list [mine|@user|all|unassigned] [project:<name>] [status:<s>] [+blocked] "
        "[priority>=high] [due<fri] [words] [sort:due] [page:N]",
        _p(parse_list), "List tasks (yours and open, unless you say otherwise).",
        ("/task list", "/task list @ana status:overdue", "/task list all project:launch blocked",
         '/task list project:launch +blocked @ana due<fri "release notes" sort:due'),
        aliases=("ls",),
        notes=FILTER_NOTES,
    ),
    _single("show", "Show a task with its history.",
            ("view", "info")),
    _single("start", "Mark a task in progress."),
    _single("done", "Complete a task.",
            ("complete", "finish", "close")),
    _single("drop", "Drop a task (won't be done).",
            ("cancel",)),
    _single("reopen", "Reopen a done or dropped task."),
    _single("take", "Assign a task to yourself.",
            ("claim",)),
    Subcommand(
        "task", "edit",
        '/task edit #N [title:"..."] [priority:<p>] [project:<name>] [description:"..."] '
        "[milestone:<name>|none] [estimate:<duration>|none]",
        parse_edit, "Change a task's title, priority, project or description.",
        ('/task edit #12 title:"Write the launch spec" priority:high',),
        notes=("In /task edit a value runs up to the next key:, so quotes are optional.",),
    ),
    _single("delete", "Delete a task for good.",
            ("remove", "rm", "del")),
)
