"""Discord's side of the filter language, search and `/task next` (issue 9): the top-level
commands `/find` (a query with autocomplete from the same search), `/next` (user and
project options) and `/count` (a filter), and the `filter` option of `/task list`
(`filtered_list`). Options build the same core commands the text grammar builds; filter
text goes through the grammar's one reader (`core.grammar.find.read_filter`)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge
from adapters.discord.limits import CHOICE_NAME_MAX, CHOICES_MAX, clip
from adapters.discord.mapping import Person
from core import commands_find as cf
from core.errors import UserError
from core.grammar.find import find_command, read_filter
from core.grammar.usage import describe
from core.results import TaskList

Interaction = discord.Interaction[Any]
FilterText = app_commands.Range[str, 1, 200]
ProjectName = app_commands.Range[str, 1, 100]


def _quoted(value: str) -> str:
    return '"' + value.replace('"', "'") + '"'


def filtered_list(*, scope: str | None, user: Person | None, project: str | None,
                  status: str | None, page: int | None, filter_text: str) -> cf.FilterTasks:
    """`/task list` with a `filter`: its other options joined to the filter as terms."""
    terms = []
    if user is not None:
        terms.append(f"<@{user.id}>")
    elif scope is not None:
        terms.append(scope)
    if project:
        terms.append(f"project:{_quoted(project)}")
    if status:
        terms.append(f"status:{status}")
    if page:
        terms.append(f"page:{page}")
    return cf.FilterTasks(query=read_filter(" ".join([*terms, filter_text])))


async def search_choices(i: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """`/find`'s autocomplete: the tasks the typed words find (open and closed), as the
    search itself ranks them; picking one searches for its title."""
    text = str(current or "").strip()
    if not text:
        return []
    try:
        command = find_command(text[:100])
    except (UserError, ValueError):  # half-typed text is no error while typing
        return []
    result = await ac._ask(i, cf.FindTasks(phrases=command.phrases, text=command.text,
                                           limit=CHOICES_MAX))
    if not isinstance(result, TaskList):
        return []
    return [app_commands.Choice(name=clip(f"#{t.number} {t.title}", CHOICE_NAME_MAX),
                                value=_quoted(t.title)[:100])
            for t in result.tasks[:CHOICES_MAX]]


def _person(user: discord.User | discord.Member | None) -> Person | None:
    from adapters.discord.commands import person
    return person(user)


def install(tree: app_commands.CommandTree[Any], bridge: Bridge) -> None:
    """Add `/find`, `/next` and `/count` to `tree`."""

    @app_commands.command(name="find", description=describe("task find"))
    @app_commands.describe(query='Words or "a phrase" in titles, descriptions, comments')
    @app_commands.autocomplete(query=search_choices)
    @app_commands.guild_only()
    async def find(i: Interaction, query: FilterText) -> None:
        await bridge.handle(i, lambda: find_command(query))

    @app_commands.command(name="next", description=describe("task next"))
    @app_commands.describe(user="Whose next tasks (you, if empty)", project="Only this project")
    @app_commands.autocomplete(project=ac.projects)
    @app_commands.guild_only()
    async def next_(i: Interaction, user: discord.User | None = None,
                    project: ProjectName | None = None) -> None:
        def build() -> cf.NextTasks:
            who = _person(user)
            return cf.NextTasks(user=who.ref() if who else None,
                                project=" ".join(project.split()) if project else None)
        await bridge.handle(i, build)

    @app_commands.command(name="count", description=describe("task count"))
    @app_commands.rename(filter_text="filter")
    @app_commands.describe(filter_text="Filters, as in /task list: all +overdue project:launch")
    @app_commands.guild_only()
    async def count(i: Interaction, filter_text: FilterText | None = None) -> None:
        await bridge.handle(i, lambda: cf.CountTasks(query=read_filter(filter_text or "")))

    commands: tuple[app_commands.Command[Any, Any, Any], ...] = (find, next_, count)
    for command in commands:
        tree.add_command(command)
