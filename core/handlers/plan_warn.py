"""Early warnings at the moment of a change (issue 15), and the milestone-reached post.

After a command that can move a schedule (a due date, a dependency, an estimate, an
assignment, an away period, a task done), the projects it touched are checked:
- a project with a plan (a target date or an open milestone) is forecast again, and its
  risks are a blocker due after what it blocks, a task forecast past its due date and a
  milestone forecast past its due date;
- a project without one, or with more open tasks than `WRITE_FORECAST_MAX`, gets the
  cheap check only: the changed tasks' blockers due after them (their direct neighbours;
  no forecast; one query);
- a task closed (`earlier_only`) only brings forecasts earlier: nothing new can be at risk,
  so its own risks clear and nothing is forecast (a close costs the writer no forecast).
  Whether a milestone on record as at risk is back on track is the tick's question: it
  follows the task history, and for a project with a task closed since the last tick and
  a milestone at risk, it forecasts the project once (`recheck_milestones`);
- a milestone can also slip with no command at all (time passes, the work does not get
  done): the tick's daily watch forecasts each project with a dated milestone once a day
  and tells the owner of a milestone newly late (`recheck_milestones(watch=True)`).
Each risk has a key, kept in `plan_alerts` while it holds: a risk not seen before is new.
For new risks the command's reply gains one line, and the person to tell (the owner of
the task now at risk, for a milestone the project's owner) gets one DM through the outbox,
which keeps their quiet hours; nobody is DMed about their own change. When the risk of a
milestone with open work clears, the project's owner is told it is back on track, once (a
milestone whose work is all done, or that was closed, just stops being late: its channel
hears it was reached). Only what a check itself recorded or cleared is told: two checks
racing (a write and the daily watch, two replicas) tell it once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from core.handlers.base import HandlerContext
from core.handlers.plan_load import PLAN_LIMIT, LoadedPlan, TickScope, load_plan
from core.handlers.plan_summary import Risk, day, risks
from core.model import Member, Project, Task, Tenant
from core.notifications import Kind, Notification, fallback_note
from core.plan_ports import PlanRepository, plans_of

PROJECTS_MAX = 3
"""At most this many projects are checked after one command."""
WRITE_FORECAST_MAX = 500
"""A planned project with more open tasks than this is not forecast on every write (it
would cost the writer hundreds of milliseconds): it gets the cheap blocker check, and its
forecast risks show in `/project status`, `/project forecast` and the daily digest."""


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _note(tenant: Tenant, project: Project, to: Member, text: str, key: str,
          now: dt.datetime, actor: Member | None = None, actor_tz: str | None = None
          ) -> Notification:
    note = Notification(
        kind=Kind.PLAN_WARNING, platform=tenant.key.platform,
        workspace_id=tenant.key.workspace_id, user_id=to.user_id,
        fallback_channel_id=project.channel_id, text=text,
        actor_name=actor.display_name if actor is not None else None,
        extra={"display_name": to.display_name, "project": project.name},
        dedupe_key=f"plan:{project.id}:{key}:{now.isoformat()}", tz=to.tz, actor_tz=actor_tz)
    return fallback_note(note) if to.dm_unreachable and project.channel_id else note


def _tell(h: HandlerContext, project: Project, to: Member | None, text: str,
          key: str) -> None:
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h.tenant, project, to, text, key, h.now, h.actor, h.tz))


def _back_on_track(project: Project, key: str) -> str:
    return (f"Good news on {project.name}: milestone {key.split(':')[1]} is forecast to "
            "make its due date again.")


def _cheap_risks(h: HandlerContext, plans: PlanRepository, project: Project,
                 focus: Sequence[Task]) -> list[Risk]:
    """Blockers due after the tasks they block, among the focus tasks' direct neighbours
    (one query)."""
    return [Risk(f"dep:{p.blocker_number}:{p.number}",
                 f"#{p.number} {p.title} waits for #{p.blocker_number} {p.blocker_title}, due "
                 f"{day(p.blocker_due, h.tz)}, after its own due date {day(p.due, h.tz)}",
                 p.member_id, task_number=p.number)
            for p in plans.late_pairs(project.id, [t.id for t in focus])]


def _naming(keys: set[str], numbers: set[str], kinds: tuple[str, ...]) -> set[str]:
    """The stored keys of these kinds that name one of the task `numbers`."""
    return {k for k in keys if k.startswith(kinds) and set(k.split(":")[1:]) & numbers}


def _check(h: HandlerContext, plans: PlanRepository, project: Project,
           focus: Sequence[Task], earlier_only: bool) -> list[Risk]:
    """The project's new risks (recorded as given); tells whom it concerns."""
    stored = plans.alert_keys(project.id)
    numbers = {str(t.number) for t in focus}
    running: set[str] = set()  # milestones that can be "back on track" (forecast only)
    if earlier_only:
        # Tasks closed: forecasts only move earlier, so nothing new can be at risk, and
        # what clears is the closed tasks' own risks; other tasks' cleared risks are
        # found by the next forecast on a write, a milestone's by the tick.
        found: list[Risk] = []
        gone = _naming(stored, numbers, ("dep:", "task:"))
    elif (lp := load_plan(h, project, WRITE_FORECAST_MAX) if plans.planned(project.id)
          else None) is not None and not lp.truncated:
        found = risks(lp, h.tz, known=stored)
        gone = stored - {r.key for r in found}
        running = _running(lp)
    else:
        # a blocker-after-dependant pair needs a due date on the changed task's side
        dated = [t for t in focus if t.due_at is not None]
        found = _cheap_risks(h, plans, project, dated) if dated else []
        gone = _naming(stored, numbers, ("dep:",)) - {r.key for r in found}
    new = [r for r in found if r.key not in stored]
    if not new and not gone:
        return []
    added, removed = plans.set_alert_keys(project.id, [r.key for r in new], sorted(gone),
                                          h.now)
    people = h.uow.members.get_many(sorted({r.member_id for r in new if r.member_id}
                                           | ({project.owner_id} if project.owner_id else set())))
    for r in new:
        if r.key in added:  # a concurrent check that recorded it first has told them
            _tell(h, project, people.get(r.member_id or 0),
                  f"Heads-up on {project.name}: {r.text}.", r.key)
    owner = people.get(project.owner_id or 0)
    for key in _back_keys(removed, running):
        _tell(h, project, owner, _back_on_track(project, key), key + ":back")
    return new


def _running(lp: LoadedPlan) -> set[str]:
    """The milestone keys (`ms:<name>:late`) of this project's milestones that still have
    open work: only those can be "back on track". One whose work is all done (its channel
    was told it was reached) or that was marked done or dropped just stops being late."""
    name = lp.project.name
    return {f"ms:{key[1].casefold()}:late" for key, m in lp.forecast.milestones.items()
            if key[0] == name and m.finish is not None and not m.done}


def _back_keys(removed: set[str], running: set[str]) -> list[str]:
    return sorted(k for k in removed if k.startswith("ms:") and k in running)


def recheck_milestones(scope: TickScope, project: Project,
                       watch: bool = False) -> list[Notification]:
    """The tick's check of a project's milestones; returns the notes to queue.

    After tasks of `project` closed: a milestone on record as at risk whose forecast is
    back within its due date is cleared, and the project's owner told. The daily watch
    (`watch`) also records a milestone newly forecast past its due date with nothing
    written (time passed and the work did not get done) and tells the owner. Other risks
    are left to the next write's check."""
    plans = plans_of(scope.uow)
    if plans is None or project.archived:
        return []
    stored = plans.alert_keys(project.id)
    late = {k for k in stored if k.startswith("ms:")}
    if not late and not watch:
        return []
    lp = load_plan(scope, project, PLAN_LIMIT if watch else WRITE_FORECAST_MAX)
    if lp.truncated:
        return []
    owner = (scope.uow.members.get_many([project.owner_id]).get(project.owner_id)
             if project.owner_id else None)
    tz = (owner.tz if owner is not None else None) or scope.tenant.default_tz or "UTC"
    found = {r.key: r for r in risks(lp, tz, known=stored, limit=None if watch else 0,
                                     deps=False, tasks=False)}
    # with nobody to tell, a new late milestone is not recorded as told: an owner set
    # later hears of it from the next day's watch
    new = [r for key, r in found.items() if key not in stored] if watch and owner else []
    gone = sorted(late - found.keys())
    if not new and not gone:
        return []
    added, removed = plans.set_alert_keys(project.id, [r.key for r in new], gone, scope.now)
    if owner is None:
        return []
    return ([_note(scope.tenant, project, owner, f"Heads-up on {project.name}: {r.text}.",
                   r.key, scope.now) for r in new if r.key in added]
            + [_note(scope.tenant, project, owner, _back_on_track(project, key),
                     key + ":back", scope.now) for key in _back_keys(removed, _running(lp))])


def warn_projects(h: HandlerContext, projects: Sequence[Project | None],
                  focus: Sequence[Task] = (), earlier_only: bool = False) -> str:
    """Check `projects` after a change (see the module's docstring). Returns the reply's
    extra line ("" when nothing new is at risk), starting with a newline. `earlier_only`:
    the change can only move forecasts earlier (the focus tasks were closed)."""
    plans = plans_of(h.uow)
    if plans is None:
        return ""
    seen: dict[int, Project] = {}
    for p in projects:
        if p is not None and not p.archived:
            seen.setdefault(p.id, p)
    new: list[Risk] = []
    last: Project | None = None
    for project in list(seen.values())[:PROJECTS_MAX]:
        found = _check(h, plans, project, [t for t in focus if t.project_id == project.id],
                       earlier_only)
        if found:
            last = project
        new.extend(found)
    if not new or last is None:
        return ""
    more = (f" (and {len(new) - 1} more: /project forecast {_quoted(last.name)})"
            if len(new) > 1 else "")
    return f"\n⚠ Heads-up: {new[0].text}{more}."


def milestone_reached(h: HandlerContext, task: Task) -> None:
    """After `task` closed: when it was the last open task of its milestone, tell the
    project's channel (once per milestone and closing task)."""
    plans = plans_of(h.uow)
    if plans is None or task.project_id is None:
        return
    found = plans.milestone_of(task.id)
    if found is None:
        return
    ms, done, counted = found
    if done == 0 or done < counted:
        return
    project = h.views.project(task.project_id)
    channel = (project.channel_id if project else None) or task.channel_id
    if project is None or channel is None:
        return
    h.notify(Notification(
        kind=Kind.MILESTONE, platform=h.tenant.key.platform,
        workspace_id=h.tenant.key.workspace_id, channel_id=channel,
        text=f"Milestone {ms.name} of {project.name} reached: its last task, {task.ref} "
             f"{task.title}, is done ({done} task{'s' if done != 1 else ''}).",
        actor_name=h.actor.display_name, extra={"project": project.name,
                                                "milestone": ms.name},
        dedupe_key=f"plan:reached:{ms.id}:{task.id}"))
