"""What handlers return: structured results, never text. Adapters render them natively
(Block Kit, Discord embeds, console lines); `core.render_text` renders them as plain text.

User-supplied strings (titles, names, comments) are kept raw here; each renderer escapes
them for its own markup."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from core.model import Priority, Status
from core.results_plan_views import PlanSummary


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class MemberView(_View):
    user_id: str
    display_name: str


class TaskRefView(_View):
    """A task named from another task: enough to show '#12 Write the spec (open, @ana)'."""

    number: int
    title: str
    status: Status
    assignee: MemberView | None = None
    due_at: dt.datetime | None = None


class TaskView(_View):
    number: int
    title: str
    status: Status
    priority: Priority
    assignee: MemberView | None = None
    creator: MemberView | None = None
    project: str | None = None
    due_at: dt.datetime | None = None
    description: str | None = None
    blocked_by: tuple[TaskRefView, ...] = ()
    source_link: str | None = None
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    overdue: bool = False
    repeat: str | None = None
    """The repeat rule (`weekly`), for a task that is part of a series."""

    @property
    def is_blocked(self) -> bool:
        return self.status.is_active and any(b.status.is_active for b in self.blocked_by)

    @property
    def ref(self) -> str:
        return f"#{self.number}"


class HistoryView(_View):
    at: dt.datetime
    actor: MemberView | None
    kind: str
    text: str


class Result(_View):
    """Base of every result. `ephemeral`: only the caller needs to see it.
    `viewer_tz`: the caller's time zone, for renderers that print times as text."""

    ephemeral: bool = True
    viewer_tz: str = "UTC"


class TaskChanged(Result):
    """A task was created or changed. `card_in_channel`: post the task card to the channel
    (a task created in a channel); otherwise show the message to the caller."""

    message: str
    task: TaskView
    card_in_channel: bool = False
    zone_label: bool = False
    """The card's times are in the actor's zone, not the workspace's: a plain-text
    renderer names the zone on the channel card, whose readers are in the workspace's."""


class TaskDetails(Result):
    task: TaskView
    blocks: tuple[TaskRefView, ...] = ()
    history: tuple[HistoryView, ...] = ()


class TaskList(Result):
    title: str
    tasks: tuple[TaskView, ...]
    page: int = 1
    has_more: bool = False
    empty_text: str = "Nothing here."
    next_page_hint: str | None = None


class ProjectView(_View):
    name: str
    owner: MemberView | None = None
    channel_id: str | None = None
    archived: bool = False
    open_count: int | None = None
    done_count: int | None = None


class ProjectList(Result):
    projects: tuple[ProjectView, ...]


class BlockedItem(_View):
    task: TaskRefView
    blockers: tuple[TaskRefView, ...]


class MemberLoad(_View):
    member: MemberView | None
    open_count: int
    in_progress_count: int
    overdue_count: int


class RiskLine(_View):
    """An active task whose open blocker is overdue, or due after the task itself."""

    task: TaskRefView
    blocker: TaskRefView
    reason: str  # "overdue" | "due after"

    @property
    def because(self) -> str:
        return "which is overdue" if self.reason == "overdue" else "which is due after it"


class ProjectStatusReport(Result):
    project: ProjectView
    total: int
    done: int
    counts: dict[str, int]
    overdue: tuple[TaskRefView, ...]
    blocked: tuple[BlockedItem, ...]
    load: tuple[MemberLoad, ...]
    critical_path: tuple[TaskRefView, ...] = ()
    as_of: dt.datetime | None = None
    overdue_total: int = 0
    blocked_total: int = 0
    risks: tuple[RiskLine, ...] = ()
    risks_total: int = 0
    """Totals of the clipped lists: "overdue (14)" with 10 shown and "and 4 more"."""
    plan: PlanSummary | None = None
    """Target, forecast, variance, milestones and schedule risks (the project layer)."""

    @property
    def overdue_more(self) -> int:
        return max(0, self.overdue_total - len(self.overdue))

    @property
    def blocked_more(self) -> int:
        return max(0, self.blocked_total - len(self.blocked))

    @property
    def risks_more(self) -> int:
        return max(0, self.risks_total - len(self.risks))

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def dropped_note(self) -> str:
        """Dropped tasks count in the chart but not in "done of total": say so, or ""."""
        dropped = self.counts.get("dropped", 0)
        if not dropped:
            return ""
        return f"{dropped} dropped task{'s' if dropped != 1 else ''} not counted"


class Info(Result):
    """A plain confirmation or answer: 'Your time zone is now Europe/Lisbon.'"""

    message: str


class HelpText(Result):
    title: str
    lines: tuple[str, ...]


class WorkOverview(Result):
    """A person's open work, grouped (`ShowMyWork`)."""

    overdue: tuple[TaskView, ...] = ()
    due_soon: tuple[TaskView, ...] = ()
    in_progress: tuple[TaskView, ...] = ()
    blocked: tuple[TaskView, ...] = ()
    open: tuple[TaskView, ...] = ()
    waiting_on: tuple[TaskRefView, ...] = ()
    total_open: int = 0
    as_of: dt.datetime | None = None
