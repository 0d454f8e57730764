"""Which handler carries out which command. Adapters never call handlers directly.

`Help` is answered from the grammar's table, so the bus adds it (core/help.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import commands as c
from core.attention.handlers import HANDLERS as ATTENTION_HANDLERS
from core.handlers import edits, find, members, projects, queries, tasks, transfer, work_queries
from core.handlers.plan import HANDLERS as PLAN_HANDLERS
from core.handlers.plan import READ_ONLY as PLAN_READ_ONLY
from core.handlers.reports import HANDLERS as REPORT_HANDLERS
from core.handlers.reports import READ_ONLY as REPORT_READ_ONLY
from core.handlers.template_apply import HANDLERS as TEMPLATE_HANDLERS
from core.handlers.template_apply import READ_ONLY as TEMPLATE_READ_ONLY
from core.scheduling.handlers import HANDLERS as SCHEDULER_HANDLERS
from core.standup.handlers import HANDLERS as STANDUP_HANDLERS

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
    **TEMPLATE_HANDLERS,
    **transfer.HANDLERS,
    **STANDUP_HANDLERS,
    **ATTENTION_HANDLERS,
    **REPORT_HANDLERS,
    **PLAN_HANDLERS,  # last: wraps some of the above with the project layer's hooks
}

# Commands that only read: they skip the workspace write lock and run side by side.
READ_ONLY: frozenset[type[Any]] = frozenset({
    c.ListTasks, c.ShowTask, c.ListProjects, c.ProjectStatus,
    c.ShowMyWork, c.FindOpenTasks, *find.READ_ONLY,
    *TEMPLATE_READ_ONLY, *PLAN_READ_ONLY, *transfer.READ_ONLY, *REPORT_READ_ONLY,
})
