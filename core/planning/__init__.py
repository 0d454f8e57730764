"""Project planning: durations, working calendars, forecasts, slack, the critical path,
baselines, what-if and early warnings. Pure functions over plain dataclasses; no storage.

How the forecast works, in plain words
--------------------------------------
Durations. `30m` and `4h` are clock time; `1.5d` is one and a half working days of the
person doing the work (their working hours, 8 h by default) and `2w` is ten of them.

Time. Each person has a calendar: a time zone, working hours, working days and away
periods. Work only advances inside those hours, in the person's own time zone, so an
estimate of 1 d started on Friday afternoon finishes on Monday, and a week away pushes
everything of that person by a week. Daylight-saving changes are handled by the time zone
database: a working day stays 9:00-17:00 local whatever the clocks do.

How long a task takes. Its remaining estimate: the estimate minus the time logged on it,
never below zero. A task with no estimate takes the median time the project's done tasks
took (their cycle time in working time), or one working day if nothing is done yet;
forecasts say how many tasks were forecast that way.

When a task starts and ends. Tasks are taken most urgent first (in progress, then higher
priority, then earlier due date, then lower number), each once everything blocking it is
forecast. A task starts when all its blockers are forecast to finish and its assignee is
free, and ends after its duration in the assignee's working time. One person does one task
at a time: a task goes in the first free stretch of that person's time, after its blockers,
that is long enough for it, so someone waiting on a blocker for an urgent task does smaller
work meanwhile, but never at the expense of a more urgent task already planned. Tasks
nobody is assigned to have no one to wait for: they are forecast as if someone starts them
as soon as their blockers are done (in parallel, on the default calendar), which is
optimistic and says "assign this" rather than hiding the work. A blocker that is not in the
plan (done, or dropped) no longer holds anything up. Dependencies cannot form a cycle; if
the input had one anyway, the most urgent task of the cycle is started regardless and
reported, so the forecast always ends.

Milestones and projects. A milestone is forecast to be reached when its last open task is
forecast to finish; a project when its last open task is.

Slack and the critical path. Walking back from the end: a task's latest finish is the
earliest of its milestone's forecast, its project's forecast, and the latest start of what
it holds up (the tasks it blocks and its assignee's next task). Its slack is the working
time between its forecast finish and that latest finish: how far it can slip before a
milestone or the project slips. The critical path is the chain of tasks that decides the
project's date, from its last task back through whatever each one waited for (a blocker,
also in another project, or the person's previous task), with dates. Its tasks have no
slack, except that a hand-off to someone whose working day has not begun yet (another time
zone) leaves the time until their morning as slack. Slack can also be measured against the
dates people set: how far a task can slip before its milestone's due date or the project's
target is missed (negative when it already is), and a milestone's or project's margin is
the working days from its forecast to its date.

Baselines. A baseline records each task's, milestone's and the project's forecast finish
and the scope (which tasks, and their estimates). Variance is today's forecast minus the
baseline, in working days: positive is late. Scope change counts the tasks added and
dropped since, and the estimate difference ("scope +6 tasks, +9 d since the baseline of
1 Dec").

What-if. A change (a task takes longer, or gets a new due date) is applied to a copy of the
plan and forecast again; the answer lists what moves and by how much, and which due dates
would newly be missed. Nothing is saved.

Early warnings. A blocker due after the task it blocks; a task forecast past its due date;
a milestone forecast past its due date.

Modules: `durations`, `calendar`, `model` (inputs and results), `forecast`, `slack`,
`baseline`, `whatif`, `checks`.
"""
