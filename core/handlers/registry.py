"""Which handler carries out which command. Adapters never call handlers directly.

`Help` is answered from the grammar's table, so the bus adds it (core/help.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import commands as c
from core.handlers import edits, find, members, projects, queries, tasks, work_queries
from core.scheduling.handlers import HANDLERS as SCHEDULER_HANDLERS

HANDLERS: dict[type[Any], Callable[..., Any]] = {
    c.AddTask: tasks.add_task,
    c.StartTask: tasks.start_task,
    c.DoneTask: tasks.done_task,
    c.DropTask: tasks.drop_task,
    c.ReopenTask: tasks.reopen_task,
    c.DeleteTask: tasks.delete_task,
    c.AssignTask: edits.assign_task,
    c.TakeTask: edits.take_task,
    c.SetDue: edits.set_due,
    c.Depend: edits.depend,
    c.Undepend: edits.undepend,
    c.CommentTask: edits.comment,
    c.EditTask: edits.edit_task,
    c.SetTimezone: edits.set_timezone,
    c.SetRole: members.set_role,
    c.DmsOn: members.dms_on,
    c.ListTasks: queries.list_tasks,
    c.ShowTask: queries.show_task,
    c.NewProject: projects.new_project,
    c.ListProjects: projects.list_projects,
    c.ProjectStatus: projects.project_status,
    c.ArchiveProject: projects.archive_project,
    c.UnarchiveProject: projects.unarchive_project,
    c.ShowMyWork: work_queries.my_work,
    c.FindOpenTasks: work_queries.find_open_tasks,
    **SCHEDULER_HANDLERS,
    **find.HANDLERS,
}

# Commands that only read: they skip the workspace write lock and run side by side.
READ_ONLY: frozenset[type[Any]] = frozenset({
    c.ListTasks, c.ShowTask, c.ListProjects, c.ProjectStatus,
    c.ShowMyWork, c.FindOpenTasks, *find.READ_ONLY,
})
