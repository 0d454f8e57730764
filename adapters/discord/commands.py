"""The `/task` and `/project` slash-command groups and the "Create task from message" menu.

Options are typed (Discord users for people, autocomplete for task numbers, projects and
time zones, choices for priority and status) and map onto the same core commands the text
grammar builds; `/task add text:...` takes the whole text grammar for power users."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord import (
    bulk_commands,
    export_commands,
    find_commands,
    mapping,
    notify_commands,
    plan_commands,
    report_commands,
    schedule_commands,
    standup_commands,
    template_commands,
)
from adapters.discord.bridge import Bridge, bridge_of
from adapters.discord.mapping import Person
from adapters.discord.modals import TaskModal, message_modal, open_edit_modal
from core import commands as c
from core.errors import UserError
from core.grammar.usage import describe
from core.model import DESCRIPTION_MAX, TITLE_MAX, ListState

PriorityChoice = Literal["low", "normal", "high", "urgent"]
ScopeChoice = Literal["mine", "all"]
Number = app_commands.Range[int, 1, 999_999_999]
Title = app_commands.Range[str, 1, TITLE_MAX]
Description = app_commands.Range[str, 1, DESCRIPTION_MAX]
ProjectName = app_commands.Range[str, 1, 100]
Interaction = discord.Interaction[Any]
PlanName = app_commands.Range[str, 1, 80]
Estimate = app_commands.Range[str, 1, 40]
FORM = "(no options: open a form)"
"""What /task add and /task edit do on Discord without options, after the grammar's summary."""


def person(user: discord.User | discord.Member | None) -> Person | None:
    """The picked user; one Discord did not resolve (a forged or stale payload carries a
    bare id) is refused rather than guessed."""
    if user is None:
        return None
    if not isinstance(user, discord.User | discord.Member):
        raise UserError("I couldn't find that person; pick them again from the list.")
    return Person(user.id, user.display_name)


def person_ref(user: discord.User | discord.Member) -> c.UserRef:
    who = person(user)
    assert who is not None
    return who.ref()


@app_commands.guild_only()
class TaskCommands(app_commands.Group, name="task", description="Tasks: add, list, finish"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    async def _run(self, i: Interaction, build: Any, public: bool = False) -> None:
        await self.bridge.handle(i, build, public=public)

    @app_commands.command(name="add", description=describe("task add", FORM))
    @app_commands.describe(
        title="What needs doing", assignee="Who does it", due="When: tomorrow, fri 5pm, …",
        project="Project", after="Tasks it waits for: #12, #13",
        description="Details", text="Or the whole text grammar: Title @ana due:fri after:#3",
        milestone="Milestone of its project", estimate="How long: 30m, 4h, 1.5d, 2w")
    @app_commands.autocomplete(project=ac.projects)
    async def add(self, i: Interaction, title: Title | None = None,
                  assignee: discord.User | None = None, due: str | None = None,
                  priority: PriorityChoice | None = None, project: ProjectName | None = None,
                  after: str | None = None, description: Description | None = None,
                  text: app_commands.Range[str, 1, 1500] | None = None,
                  milestone: PlanName | None = None, estimate: Estimate | None = None) -> None:
        if text is not None:
            if title is not None:
                await self.bridge.refuse(i, "Give either a title (with options) or the whole "
                                            "text, not both.")
                return
            await self.bridge.handle(i, lambda: None, public=True, text=("task", f"add {text}"))
            return
        if title is None:
            await self.bridge.open_form(i, TaskModal())
            return
        await self._run(i, lambda: mapping.add_task(
            title=title, assignee=person(assignee), due=due, priority=priority,
            project=project, after=after, description=description, milestone=milestone,
            estimate=estimate), public=True)

    @app_commands.command(name="list", description=describe("task list"))
    @app_commands.rename(filter_text="filter")
    @app_commands.describe(scope="Yours or everyone's", user="Someone's tasks",
                           status="Which tasks", page="Page number",
                           filter_text="Filters: +blocked priority>=high due<fri words …")
    @app_commands.autocomplete(project=ac.projects)
    async def list_(self, i: Interaction, scope: ScopeChoice | None = None,
                    user: discord.User | None = None, project: ProjectName | None = None,
                    status: ListState | None = None,
                    page: app_commands.Range[int, 1, 1000] | None = None,
                    filter_text: app_commands.Range[str, 1, 200] | None = None) -> None:
        if filter_text is not None:
            await self._run(i, lambda: find_commands.filtered_list(
                scope=scope, user=person(user), project=project, status=status, page=page,
                filter_text=filter_text))
            return
        await self._run(i, lambda: mapping.list_tasks(
            scope=scope, user=person(user), project=project, status=status, page=page))

    @app_commands.command(name="show", description=describe("task show"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def show(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.ShowTask(number=number))

    @app_commands.command(name="start", description=describe("task start"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def start(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.StartTask(number=number))

    @app_commands.command(name="done", description=describe("task done"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def done(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.DoneTask(number=number))

    @app_commands.command(name="drop", description=describe("task drop"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def drop(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.DropTask(number=number))

    @app_commands.command(name="reopen", description=describe("task reopen"))
    async def reopen(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.ReopenTask(number=number))

    @app_commands.command(name="assign", description=describe("task assign"))
    @app_commands.describe(user="Who (leave it out to unassign the task)")
    @app_commands.autocomplete(number=ac.task_numbers)
    async def assign(self, i: Interaction, number: Number,
                     user: discord.User | None = None) -> None:
        # built inside the bridge's handling, so an unresolved user is a private refusal
        await self._run(i, lambda: c.AssignTask(
            number=number, assignee=person_ref(user) if user is not None else None))

    @app_commands.command(name="take", description=describe("task take"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def take(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.TakeTask(number=number))

    @app_commands.command(name="due", description=describe("task due"))
    @app_commands.describe(when="tomorrow, fri 5pm, in 3 days, 2026-12-01; empty clears it")
    @app_commands.autocomplete(number=ac.task_numbers)
    async def due(self, i: Interaction, number: Number, when: str | None = None) -> None:
        await self._run(i, lambda: mapping.set_due(number, when))

    @app_commands.command(name="depends", description=describe("task depends"))
    @app_commands.describe(on="The tasks it waits for: #12, #13")
    @app_commands.autocomplete(number=ac.task_numbers)
    async def depends(self, i: Interaction, number: Number, on: str) -> None:
        await self._run(i, lambda: mapping.depend(number, on))

    @app_commands.command(name="undepend", description=describe("task undepend"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def undepend(self, i: Interaction, number: Number, on: str) -> None:
        await self._run(i, lambda: mapping.depend(number, on, remove=True))

    @app_commands.command(name="comment", description=describe("task comment"))
    @app_commands.autocomplete(number=ac.task_numbers)
    async def comment(self, i: Interaction, number: Number,
                      text: app_commands.Range[str, 1, 1500]) -> None:
        await self._run(i, lambda: c.CommentTask(number=number, text=text))

    @app_commands.command(name="edit", description=describe("task edit", FORM))
    @app_commands.describe(milestone="Milestone of its project (none removes it)",
                           estimate="How long: 30m, 4h, 1.5d, 2w (none removes it)")
    @app_commands.autocomplete(number=ac.task_numbers)
    @app_commands.autocomplete(project=ac.projects)
    async def edit(self, i: Interaction, number: Number, title: Title | None = None,
                   priority: PriorityChoice | None = None, project: ProjectName | None = None,
                   description: Description | None = None, milestone: PlanName | None = None,
                   estimate: Estimate | None = None) -> None:
        if all(v is None for v in (title, priority, project, description, milestone,
                                   estimate)):
            await open_edit_modal(i, str(i.guild_id), number)
            return
        await self._run(i, lambda: mapping.edit_task(
            number, title=title, priority=priority, project=project, description=description,
            milestone=milestone, estimate=estimate))

    @app_commands.command(name="delete", description=describe("task delete"))
    async def delete(self, i: Interaction, number: Number) -> None:
        await self._run(i, lambda: c.DeleteTask(number=number))

    @app_commands.command(name="tz", description=describe("task tz"))
    @app_commands.autocomplete(zone=ac.time_zones)
    async def tz(self, i: Interaction, zone: str) -> None:
        await self._run(i, lambda: c.SetTimezone(tz=zone))

    @app_commands.command(name="help", description=describe("task help"))
    async def help(self, i: Interaction, topic: str | None = None) -> None:
        await self._run(i, lambda: c.Help(topic=topic))


@app_commands.guild_only()
class ProjectCommands(app_commands.Group, name="project", description="Projects"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="new", description=describe("project new", "homed in this channel"))
    async def new(self, i: Interaction, name: app_commands.Range[str, 1, 80],
                  owner: discord.User | None = None) -> None:
        await self.bridge.handle(i, lambda: mapping.new_project(name, person(owner), None))

    @app_commands.command(name="list", description=describe("project list"))
    async def list_(self, i: Interaction, archived: bool = False) -> None:
        await self.bridge.handle(i, lambda: c.ListProjects(include_archived=archived))

    @app_commands.command(name="status", description=describe("project status"))
    @app_commands.autocomplete(name=ac.projects)
    @app_commands.describe(public="Post it to the channel instead of only to you")
    async def status(self, i: Interaction, name: ProjectName, public: bool = False) -> None:
        await self.bridge.handle(i, lambda: c.ProjectStatus(name=name), public=public)

    @app_commands.command(name="archive", description=describe("project archive"))
    @app_commands.autocomplete(name=ac.projects)
    async def archive(self, i: Interaction, name: ProjectName) -> None:
        await self.bridge.handle(i, lambda: c.ArchiveProject(name=name))

    @app_commands.command(name="unarchive", description=describe("project unarchive"))
    @app_commands.autocomplete(name=ac.archived_projects)
    async def unarchive(self, i: Interaction, name: str) -> None:
        await self.bridge.handle(i, lambda: c.UnarchiveProject(name=name))


@app_commands.guild_only()
async def _task_from_message(i: Interaction, message: discord.Message) -> None:
    await bridge_of(i).open_form(i, message_modal(message))


def install(tree: app_commands.CommandTree[Any], bridge: Bridge) -> None:
    """Add every command to `tree` (nothing is sent to Discord until `tree.sync()`)."""
    task = TaskCommands(bridge)
    schedule_commands.add_to(task, bridge)
    project = ProjectCommands(bridge)
    plan_commands.add_to(project, task, bridge)
    template_commands.add_to(project, bridge)
    tree.add_command(task)
    report_commands.add_to(project, tree, bridge)
    export_commands.add_to(project, bridge)
    tree.add_command(project)
    find_commands.install(tree, bridge)
    tree.add_command(schedule_commands.RepeatCommands(bridge))
    bulk_commands.add_to(tree, bridge)
    tree.add_command(standup_commands.StandupCommands(bridge))
    notify_commands.add_to(tree, bridge)
    menu = app_commands.ContextMenu(name="Create task from message",
                                    callback=_task_from_message)
    tree.add_command(menu)
