"""Plan facts of many new tasks in one executemany (`/project new ... from:<template>`
sets the estimate and milestone of up to 200 tasks it has just created): one statement
instead of an upsert a task, while the workspace's write lock is held. Mixed into
`SqlPlanRepository` (which provides `session`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from adapters.storage._sql import statement
from adapters.storage.plan_tables import PLAN_TASKS
from core.plan_ports import TaskFacts


@statement
def _insert_facts() -> Any:
    return PLAN_TASKS.insert()


class PlanBatchMixin:
    session: Session

    def add_facts(self, tenant_id: int, facts: Sequence[TaskFacts]) -> None:
        if not facts:
            return
        self.session.execute(_insert_facts(), [{
            "task_id": f.task_id, "tenant_id": tenant_id, "milestone_id": f.milestone_id,
            "estimate_minutes": f.estimate.minutes if f.estimate is not None else None,
            "estimate_days": f.estimate.day_hundredths if f.estimate is not None else None,
            "logged_minutes": f.logged_minutes} for f in facts])
