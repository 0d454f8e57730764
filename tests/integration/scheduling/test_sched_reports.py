"""Reports on a real database (SQLite, and PostgreSQL when configured): the history rows
commands write now carry structured detail that the report store reads back as events;
rows written before (text only) are read best-effort; the weekly report is queued once by
two tickers at the same instant and printed once by two `taskbot tick --now` processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from adapters.storage._sql import HISTORY, OUTBOX
from core.model import TenantKey
from core.notifications import Kind
from core.ports import FixedClock
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent
from core.reports.ports import HistoryScope, reports_of
from tests.integration.scheduling.harness import WS, World, tick_together

UTC = dt.UTC
ROOT = Path(__file__).resolve().parents[3]


def _ids(w: World) -> tuple[int, dict[str, int], dict[int, int]]:
    """(tenant id, member ids by name, task ids by number)."""
    with w.uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", WS))
        names = {n: m.id for n in ("ana", "bob", "cy") if (m := uow.members.get(tenant.id, n))}
        tasks = uow.tasks.get_many(tenant.id, [1, 2, 3])
        return tenant.id, names, {n: t.id for n, t in tasks.items()}


def _events(w: World, project_id: int | None = None,
            person_id: int | None = None) -> list[HistoryEvent]:
    tenant, _, _ = _ids(w)
    with w.uows() as uow:
        return reports_of(uow).history(HistoryScope(tenant, project_id, person_id),
                                       dt.datetime(2030, 1, 1, tzinfo=UTC))


def _project_id(w: World) -> int:
    with w.uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", WS))
        project = uow.projects.by_name(tenant.id, "launch")
        assert project is not None
        return project.id


def test_commands_write_structured_history_that_reads_back_as_events(world: World) -> None:
    w = world
    w.at(dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    w.run("ana", "/project new launch")
    w.run("ana", "/task add Spec @bob due:2026-03-04T12:00Z project:launch")
    w.run("ana", "/task add Build after:#1 project:launch")
    w.run("ana", "/task add Other")                      # no project: not in the scope
    w.at(dt.datetime(2026, 3, 3, 9, tzinfo=UTC))
    w.run("ana", "/task assign #2 @cy")
    w.run("ana", "/task due #2 2026-03-10T09:00Z")
    w.run("bob", "/task start #1")
    w.at(dt.datetime(2026, 3, 4, 9, tzinfo=UTC))
    w.run("bob", "/task done #1")
    _, names, tasks = _ids(w)
    events = _events(w, project_id=_project_id(w))
    by_task: dict[int, list[HistoryEvent]] = {}
    for e in events:
        by_task.setdefault(e.task_id, []).append(e)
    assert set(by_task) == {tasks[1], tasks[2]}
    spec = by_task[tasks[1]]
    assert [e.kind for e in spec] == [K.CREATED, K.STARTED, K.DONE]
    assert spec[0].assignee == names["bob"]
    assert spec[0].due == dt.datetime(2026, 3, 4, 12, tzinfo=UTC)
    build = by_task[tasks[2]]
    assert [e.kind for e in build] == [K.CREATED, K.BLOCKED, K.ASSIGNED, K.DUE_CHANGED,
                                       K.UNBLOCKED]
    assert build[2].assignee == names["cy"]
    assert build[3].due == dt.datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert build[4].at == dt.datetime(2026, 3, 4, 9, tzinfo=UTC)
    # a person's history: the tasks assigned to them now
    assert {e.task_id for e in _events(w, person_id=names["cy"])} == {tasks[2]}


def test_old_text_rows_are_read_best_effort(world: World) -> None:
    w = world
    w.at(dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    w.run("ana", "/project new launch")
    w.run("ana", "/task add Legacy project:launch")
    _, names, tasks = _ids(w)
    task = tasks[1]
    at = dt.datetime(2026, 3, 2, 10, tzinfo=UTC)
    with w.engine.begin() as conn:     # rows as the bot wrote them before `detail` existed
        conn.execute(HISTORY.delete().where(HISTORY.c.task_id == task))
        conn.execute(insert(HISTORY), [
            {"task_id": task, "actor_id": None, "at": at, "kind": "created",
             "text": "created #1 Legacy", "detail": None},
            {"task_id": task, "actor_id": None, "at": at + dt.timedelta(hours=1),
             "kind": "assigned", "text": "assigned to bob", "detail": None},
            {"task_id": task, "actor_id": None, "at": at + dt.timedelta(hours=2),
             "kind": "due", "text": "due Fri 06 Mar 17:00 (UTC)", "detail": None},
            {"task_id": task, "actor_id": None, "at": at + dt.timedelta(hours=3),
             "kind": "assigned", "text": "taken by cy", "detail": None},
            {"task_id": task, "actor_id": None, "at": at + dt.timedelta(hours=4),
             "kind": "status", "text": "started", "detail": None},
        ])
    w.run("ana", "/task assign #1 @cy")     # the task as it is now: cy
    w.run("ana", "/task due #1 2026-03-06T17:00Z")
    with w.engine.begin() as conn:          # drop the two structured rows just written
        conn.execute(HISTORY.delete().where(HISTORY.c.task_id == task,
                                            HISTORY.c.detail.is_not(None)))
    events = _events(w, project_id=_project_id(w))
    assert [e.kind for e in events] == [K.CREATED, K.ASSIGNED, K.DUE_CHANGED, K.ASSIGNED,
                                        K.STARTED]
    assert events[0].assignee is None and events[0].due is None
    assert events[1].assignee == names["bob"]                      # by display name
    assert events[2].due == dt.datetime(2026, 3, 6, 17, tzinfo=UTC)  # the task's due now
    assert events[3].assignee == names["cy"]                       # the task's assignee now


def _weekly_state(w: World) -> None:
    w.at(dt.datetime(2026, 3, 2, 9, tzinfo=UTC))
    w.run("ana", "/project new launch")
    w.run("ana", "/task add Spec @bob project:launch")
    w.run("ana", "/task add Build @cy project:launch")
    w.run("bob", "/task done #1")
    w.run("ana", "/project report launch every mon 09:00 Europe/Berlin")


def _report_keys(w: World) -> Counter[str]:
    with w.engine.connect() as conn:
        keys = conn.execute(select(OUTBOX.c.dedupe_key)).scalars()
        return Counter(k for k in keys if k and ":report:" in k)


def test_two_tickers_queue_the_weekly_report_once(world: World) -> None:
    _weekly_state(world)
    other = World(world.url, FixedClock(world.clock.now()))
    try:
        for at in (dt.datetime(2026, 3, 9, 8, 0, tzinfo=UTC),
                   dt.datetime(2026, 3, 9, 8, 0, 1, tzinfo=UTC),
                   dt.datetime(2026, 3, 9, 9, 0, tzinfo=UTC)):
            stats = tick_together([world, other], at)
            assert sum(s.failures for s in stats) == 0
        [(key, count)] = _report_keys(world).items()
        assert count == 1 and key.endswith(":2026-03-02")      # the week reported on
        later = world.tick(dt.datetime(2026, 3, 9, 9, 5, tzinfo=UTC))  # delivers; no rerun
        assert later.reports == 0
        [note] = [n for n in world.sent() if n.kind is Kind.REPORT]
        assert note.channel_id == "general" and note.file is not None
        assert note.file.data.startswith(b"\x89PNG")
        assert "Created / done / dropped: 2 / 1 / 0" in note.text
    finally:
        other.close()


@pytest.fixture
def migrated_world(migrated_url: str) -> Iterator[World]:
    w = World(migrated_url, FixedClock(dt.datetime(2026, 3, 1, tzinfo=UTC)))
    for name in ("ana", "bob", "cy"):
        w.member_setup(name)
    yield w
    w.close()


def test_two_tick_processes_post_the_weekly_report_once(migrated_world: World,
                                                         tmp_path: Path) -> None:
    _weekly_state(migrated_world)
    env = {**os.environ, "TASKBOT_DATABASE_URL": migrated_world.url,
           "TASKBOT_LOG_LEVEL": "WARNING", "TASKBOT_FILES_DIR": str(tmp_path / "files")}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    procs = [subprocess.Popen([sys.executable, "-m", "bot.cli", "tick", "--now",
                               "2026-03-09T08:00:00Z"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for _ in range(2)]
    out = ""
    for p in procs:
        stdout, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        out += stdout
    reports = [line for line in out.splitlines() if "] Report: launch" in line]
    assert reports == ["[#general] Report: launch, week of 2 Mar to 8 Mar 2026"]
    assert [f.name for f in (tmp_path / "files").iterdir()] == ["burnup-launch-2026-03-02.png"]


def test_the_history_query_reads_tasks_through_their_indexes(world: World) -> None:
    """A project's or a person's report touches their tasks, not the workspace's."""
    if world.engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    from sqlalchemy import text

    from adapters.storage._sql import TASKS
    from adapters.storage.report_store import _wheres

    since = dt.datetime(2026, 3, 1, tzinfo=UTC)
    with world.engine.connect() as conn:
        for scope in (HistoryScope(1, project_id=1, closed_after=since),
                      HistoryScope(1, person_id=1, closed_after=since)):
            for where in _wheres(scope, dt.datetime(2027, 1, 1, tzinfo=UTC)):
                sql = str(select(TASKS.c.id).where(*where).compile(
                    world.engine, compile_kwargs={"literal_binds": True}))
                plan = [r[3] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
                assert len(plan) == 1 and plan[0].startswith("SEARCH tasks USING INDEX ix_"), \
                    plan


def test_the_weekly_report_tells_slips_milestones_at_risk_and_decisions(world: World) -> None:
    """A planned project's weekly report: the slips new since the last report (warned
    during the week), the milestones at risk since before it, and the week's decisions;
    the daily digest marks the milestone slips new since the last digest."""
    w = world
    w.at(dt.datetime(2026, 2, 23, 9, tzinfo=UTC))                 # the week before
    w.run("ana", "/project new launch")
    w.run("ana", "/project due launch 2026-04-30")
    w.run("ana", "/project milestone launch alpha due:2026-02-25")
    w.run("ana", "/task add Spec @bob project:launch milestone:alpha estimate:2w")
    w.run("ana", "/project decide launch Old news")
    w.run("ana", "/project report launch every mon 09:00 Europe/Berlin")
    w.run("ana", "/task digest here at 09:00 UTC weekdays")
    w.at(dt.datetime(2026, 3, 3, 9, tzinfo=UTC))                  # the reported week
    w.run("ana", "/project milestone launch beta due:2026-03-06")
    w.run("ana", "/task add Build @cy project:launch milestone:beta estimate:1d "
                 "due:2026-03-05T17:00Z")
    w.at(dt.datetime(2026, 3, 3, 11, tzinfo=UTC))
    w.run("cy", "/task edit #2 estimate:8d")                     # beta slips
    w.tick(dt.datetime(2026, 3, 4, 9, 0, 30, tzinfo=UTC))
    w.tick(dt.datetime(2026, 3, 4, 9, 1, tzinfo=UTC))
    [digest] = [n for n in w.sent() if n.kind is Kind.DIGEST]
    lines = {m: [x for x in digest.text.splitlines() if f"launch: milestone {m} is" in x]
             for m in ("alpha", "beta")}
    assert lines["beta"][0].endswith("(new since the last digest)")
    assert lines["alpha"] and "(new since" not in lines["alpha"][0]      # warned long ago
    w.at(dt.datetime(2026, 3, 4, 9, 30, tzinfo=UTC))
    w.run("ana", "/project decide launch Ship without SSO #2")
    w.tick(dt.datetime(2026, 3, 9, 8, 0, tzinfo=UTC))
    w.tick(dt.datetime(2026, 3, 9, 8, 1, tzinfo=UTC))
    [note] = [n for n in w.sent() if n.kind is Kind.REPORT]
    text = note.text
    assert "New slip: milestone beta is forecast" in text
    assert "New slip: #2 Build is forecast" in text
    assert "Milestone at risk: milestone alpha is forecast" in text
    assert "New slip: milestone alpha" not in text
    assert "Decision Wed 4 Mar by @ana: Ship without SSO (#2)" in text
    assert "Milestone at risk" not in text.split("New slip")[0]       # new slips first
    assert "Old news" not in text                                 # decided before the week
    assert note.extra["report"]["notes"]


def test_the_weekly_report_reads_the_plan_once(world: World) -> None:
    """The report's figures, its plan section and its burn-up share one loaded plan (and
    so one forecast): the baseline and the milestones are read once per report."""
    from sqlalchemy import event

    from core.reports.weekly import build_note
    from core.scheduling.context import TickContext

    w = world
    _weekly_state(w)
    w.run("ana", "/project due launch 2026-04-30")
    w.run("ana", "/project milestone launch beta due:2026-03-20")
    w.run("ana", "/project baseline launch")
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *rest: object) -> None:
        seen.append(statement)

    now = dt.datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    with w.uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", WS))
        sched = reports_of(uow).schedule_for(tenant.id, _project_id(w))
        assert sched is not None
        event.listen(w.engine, "before_cursor_execute", record)
        try:
            note = build_note(TickContext(uow=uow, now=now), sched, dt.timedelta(hours=3))
        finally:
            event.remove(w.engine, "before_cursor_execute", record)
    assert note is not None and note.file is not None
    for table in ("plan_baselines", "plan_milestones"):
        reads = [s for s in seen if s.lstrip().upper().startswith("SELECT")
                 and f"FROM {table}" in s]
        assert len(reads) == 1, (table, reads)


def test_a_new_day_or_time_keeps_the_schedules_zone(world: World) -> None:
    _weekly_state(world)
    moved = world.run("ana", "/project report launch every tue 10:00")
    assert "every Tuesday at 10:00 Europe/Berlin. Next: Tue 03 Mar 10:00 (Europe/Berlin)" in \
        str(getattr(moved, "message", ""))
    zoned = world.run("ana", "/project report launch every tue 10:00 UTC")
    assert "every Tuesday at 10:00 UTC." in str(getattr(zoned, "message", ""))
