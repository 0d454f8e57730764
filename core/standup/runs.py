"""The tick's check-in work, each item claimed in the database (exactly once across
replicas and restarts):

- ask: a participant whose `next_ask_at` came. The claim moves it to their next ask; the
  (run, member) answer row is unique and the DM's outbox key names the day, so a second
  replica or a retried tick asks nobody twice. Away and skipping people get a row (the
  report says so) and no DM. An ask missed by more than the grace (the bot was down) is
  dropped, like a late digest.
- report: an open run whose report time came: open -> reported, then one channel post
  keyed by (check-in, day).
- late: an answer given after its report: claimed by its revision, posted as a reply in
  the report's thread once the report has been delivered (until then it waits)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from core.model import Member, Task, Tenant
from core.notifications import Kind, Notification
from core.scheduling.context import TickContext
from core.scheduling.ports import ScheduleUnitOfWork
from core.scheduling.timecalc import local_date, localize
from core.standup.activity import activity_of, prefill
from core.standup.model import Answer, AnswerState, Checkin, Participant, Run
from core.standup.ports import StandupRepository, StandupUnitOfWork, standups_of
from core.standup.report import (
    Entry,
    ask_text,
    cited_numbers,
    late_text,
    report_text,
)
from core.standup.timerules import next_ask, report_instant

T = TypeVar("T")
LATE_GIVE_UP = dt.timedelta(days=1)
"""A late answer waits this long for its report to be delivered, then is dropped."""
Each = Callable[[list[T], Callable[[ScheduleUnitOfWork, dt.datetime], list[T]],
                 Callable[[TickContext, T], int]], int]


def _repo(uow: ScheduleUnitOfWork) -> StandupRepository:
    su = standups_of(uow)
    assert su is not None
    return su.standups


def participant_tz(member: Member | None, checkin: Checkin) -> str:
    """A participant's zone: theirs, else the channel's."""
    return member.tz if member is not None and member.tz else checkin.tz


def key_of(tenant: Tenant, checkin: Checkin, day: dt.date, what: str) -> str:
    return f"standup:{checkin.id}:{day.isoformat()}:{what}"


def _full(tenant: Tenant, key: str) -> str:
    return f"{tenant.key.platform}:{tenant.key.workspace_id}:{key}"


def ask(tc: TickContext, p: Participant, grace: dt.timedelta) -> int:
    """Claim one participant's due questions; DM them unless away or skipping."""
    repo = _repo(tc.uow)
    due = p.next_ask_at
    checkin = repo.get_checkin(p.checkin_id)
    member = tc.member(p.member_id)
    if due is None:
        return 0
    if checkin is None or not checkin.enabled or not p.active or member is None:
        repo.claim_ask(p.id, due, None, None)
        return 0
    prefs = tc.prefs(member)
    tz = participant_tz(member, checkin)
    day = local_date(due, tz)
    if _replan(checkin, tz, prefs.work_days, day, due):
        again = next_ask(checkin, tz, prefs.work_days, due)
        repo.claim_ask(p.id, due, again[1] if again else None, None)
        return 0
    following = next_ask(checkin, tz, prefs.work_days, max(due, tc.now))
    send = tc.now - due <= grace
    if not repo.claim_ask(p.id, due, following[1] if following else None,
                          tc.now if send else None):
        return 0
    tenant = tc.tenant(checkin.tenant_id)
    if not send or tenant is None:
        return 0
    run = repo.get_or_add_run(Run(id=0, checkin_id=checkin.id, local_date=day,
                                  report_at=report_instant(checkin, day)))
    state = (AnswerState.AWAY if prefs.is_away(tc.now) else
             AnswerState.SKIPPED if p.skip_until is not None and day <= p.skip_until else
             AnswerState.ASKED)
    since = p.last_asked_at or tc.now - dt.timedelta(days=1)
    activity = activity_of(tc.uow, tenant.id, member.id, since, tc.now)
    if not repo.add_answer(Answer(id=0, run_id=run.id, member_id=member.id, state=state,
                                  activity=activity, asked_at=tc.now)):
        return 0
    if state is not AnswerState.ASKED:
        return 0
    note = tc.dm(Kind.STANDUP, tenant, member, ask_text(checkin, day, activity),
                 key_of(tenant, checkin, day, f"ask:{member.id}"), standup="ask",
                 channel_id=checkin.channel_id, questions=list(checkin.questions),
                 prefill=list(prefill(activity, len(checkin.questions))),
                 day=day.isoformat())
    return int(tc.queue(note))


def _replan(checkin: Checkin, tz: str, work_days: tuple[int, ...], day: dt.date,
            due: dt.datetime) -> bool:
    """The person's zone (`/task tz`) or working days changed since this ask was planned:
    it falls later in their new zone, or on a day that is no longer theirs. (An ask that
    now falls earlier is sent at once.)"""
    if day.weekday() not in set(checkin.days) & set(work_days or checkin.days):
        return True
    return localize(day, checkin.at, tz) > due


def _lookups(tc: TickContext, tenant: Tenant, answers: list[Answer]
             ) -> tuple[dict[int, Member], dict[int, Task]]:
    numbers = cited_numbers([t for a in answers for t in a.answers])
    tasks = tc.uow.tasks.get_many(tenant.id, numbers) if numbers else {}
    ids = {a.member_id for a in answers} | {t.assignee_id for t in tasks.values()
                                            if t.assignee_id is not None}
    return tc.uow.members.get_many(sorted(ids)), tasks


def report(tc: TickContext, run: Run) -> int:
    """Claim a run whose report time came and post its one report."""
    repo = _repo(tc.uow)
    checkin = repo.get_checkin(run.checkin_id)
    tenant = tc.tenant(checkin.tenant_id) if checkin is not None else None
    key = (key_of(tenant, checkin, run.local_date, "report")
           if checkin is not None and tenant is not None else f"standup:run:{run.id}")
    if not repo.claim_run(run.id, key) or checkin is None or tenant is None:
        return 0
    answers = repo.answers_of(run.id)
    people, tasks = _lookups(tc, tenant, answers)
    entries = [Entry(people[a.member_id], a) for a in answers if a.member_id in people]
    note = Notification(
        kind=Kind.STANDUP, platform=tenant.key.platform, workspace_id=tenant.key.workspace_id,
        channel_id=checkin.channel_id, tz=checkin.tz, dedupe_key=_full(tenant, key),
        text=report_text(checkin, run.local_date, entries, tasks, people),
        extra={"standup": "report", "day": run.local_date.isoformat()})
    return int(tc.queue(note))


def late(tc: TickContext, answer: Answer) -> int:
    """Add an answer given after the report to the report's thread (once it is posted)."""
    repo = _repo(tc.uow)
    run = repo.get_run(answer.run_id)
    checkin = repo.get_checkin(run.checkin_id) if run is not None else None
    tenant = tc.tenant(checkin.tenant_id) if checkin is not None else None
    if run is None or checkin is None or tenant is None or run.report_key is None:
        repo.claim_late(answer.id, answer.revision)  # nothing to add it to
        return 0
    ref = repo.posted_ref(_full(tenant, run.report_key))
    if ref is None:
        if tc.now - run.report_at > LATE_GIVE_UP:  # the report never went out
            repo.claim_late(answer.id, answer.revision)
        return 0  # the report is not delivered yet: the next tick tries again
    if not repo.claim_late(answer.id, answer.revision):
        return 0
    people, tasks = _lookups(tc, tenant, [answer])
    member = people.get(answer.member_id)
    if member is None:
        return 0
    key = key_of(tenant, checkin, run.local_date, f"late:{member.id}:{answer.revision}")
    note = Notification(
        kind=Kind.STANDUP, platform=tenant.key.platform, workspace_id=tenant.key.workspace_id,
        channel_id=checkin.channel_id, tz=checkin.tz, dedupe_key=_full(tenant, key),
        text=late_text(checkin, run.local_date, Entry(member, answer), tasks, people),
        extra={"standup": "late", "thread_ref": ref, "day": run.local_date.isoformat()})
    return int(tc.queue(note))


def tick(uow_factory: Callable[[], Any], now: dt.datetime, batch: int, grace: dt.timedelta,
         each: Each[Any]) -> int:
    """All due check-in work: asks first (a report at the same tick includes them), then
    reports, then late answers. `each(first, due, work)` is the ticker's chunked runner."""
    with uow_factory() as uow:
        su: StandupUnitOfWork | None = standups_of(uow)
        if su is None:
            return 0
        asks = su.standups.due_participants(now, batch)
        uow.commit()
    done = each(asks, lambda u, n: _repo(u).due_participants(n, batch),
                lambda tc, p: ask(tc, p, grace))
    with uow_factory() as uow:
        runs = _repo(uow).due_runs(now, batch)
        uow.commit()
    done += each(runs, lambda u, n: _repo(u).due_runs(n, batch), report)
    with uow_factory() as uow:
        lates = _repo(uow).due_late(batch)
        uow.commit()
    return done + each(lates, lambda u, n: _repo(u).due_late(batch), late)
