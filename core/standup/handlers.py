"""Handlers of `/standup`: set up a channel's check-in, join, leave, skip, show, switch it
off, and answer. They run in the command's unit of work (`uow.standups`), so a change and
the participants' new ask times commit together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.dates import parse_when
from core.errors import PermissionDenied, UserError
from core.handlers.base import HandlerContext
from core.model import Member
from core.results import Info, Result
from core.scheduling.digest_render import when_text
from core.scheduling.model import WEEKDAYS, Prefs, days_label
from core.scheduling.timecalc import local_date
from core.standup import commands as st
from core.standup.activity import prefill
from core.standup.model import (
    DEFAULT_QUESTIONS,
    Answer,
    AnswerState,
    Checkin,
    Participant,
    Run,
    RunState,
)
from core.standup.ports import StandupUnitOfWork, standups_of
from core.standup.results import StandupFormView
from core.standup.timerules import default_report, next_ask

Handler = Callable[[HandlerContext, Any], Result]


def _su(h: HandlerContext) -> StandupUnitOfWork:
    su = standups_of(h.uow)
    if su is None:
        raise UserError("Check-ins need the bot's database; they are not available here.")
    return su


SKIP_OFF = frozenset({"off", "none", "cancel", "back"})
"""`/standup skip off`: the words that end a skip."""


def _info(h: HandlerContext, text: str) -> Info:
    return Info(message=text, viewer_tz=h.tz)


def _channel(h: HandlerContext) -> str:
    if not h.ctx.channel_id:
        raise UserError("A check-in belongs to a channel: run this in the channel.")
    return h.ctx.channel_id


def _live(h: HandlerContext, channel: str) -> Checkin:
    c = _su(h).standups.checkin_for(h.tenant.id, channel)
    if c is None or not c.enabled:
        raise UserError("This channel has no check-in. Start one: /standup here at 09:30.")
    return c


def _prefs(h: HandlerContext, member: Member) -> Prefs:
    found = _su(h).people.prefs_of(h.tenant.id, [member.id]).get(member.id)
    return found or Prefs(member_id=member.id, tenant_id=h.tenant.id)


def _schedule(h: HandlerContext, c: Checkin, p: Participant, member: Member) -> Participant:
    """Set the participant's next ask from now (their zone, their working days)."""
    tz = member.tz or c.tz
    found = next_ask(c, tz, _prefs(h, member).work_days, h.now) if p.active else None
    p.next_ask_at = found[1] if found else None
    return _su(h).standups.save_participant(p)


def _next_line(p: Participant, tz: str) -> str:
    if p.next_ask_at is None:
        return "the check-in days and your working days never meet (/task reminders days)"
    return when_text(p.next_ask_at, tz)


def _summary(c: Checkin) -> str:
    return (f"questions at {c.at:%H:%M} in each person's own time zone, "
            f"{days_label(c.days)}; the report at {c.report_at:%H:%M} {c.tz}.")


def _questions(c: Checkin) -> str:
    return "Questions: " + " | ".join(c.questions)


def set_standup(h: HandlerContext, cmd: st.SetStandup) -> Result:
    channel = _channel(h)
    repo = _su(h).standups
    old = repo.checkin_for(h.tenant.id, channel)
    if old is not None and old.enabled and not (
            h.actor.is_manager or old.created_by in (None, h.actor.id)):
        raise PermissionDenied("Only whoever set up this channel's check-in, managers and "
                               "admins can change it.")
    # a change keeps what it does not name: the days, the questions, the zone, and a
    # report time that was chosen (not the default hour after) while it still comes after
    # the questions; a default report moves with the questions
    kept_report = (old.report_at if old is not None and old.report_at > cmd.at
                   and old.report_at != default_report(old.at) else None)
    report_at = cmd.report_at or kept_report or default_report(cmd.at)
    if report_at <= cmd.at:
        raise UserError(f"The report must come after the questions ({cmd.at:%H:%M}), "
                        "like report:10:30.")
    c = Checkin(id=old.id if old else 0, tenant_id=h.tenant.id, channel_id=channel,
                at=cmd.at, report_at=report_at,
                tz=cmd.tz or (old.tz if old else h.tz),
                days=cmd.days or (old.days if old else WEEKDAYS),
                questions=cmd.questions or (old.questions if old else DEFAULT_QUESTIONS),
                created_by=old.created_by if old and old.enabled else h.actor.id)
    repo.save_checkin(c)
    members = h.uow.members.get_many([p.member_id for p in repo.participants(c.id)])
    for p in repo.participants(c.id):
        if p.member_id in members:
            _schedule(h, c, p, members[p.member_id])
    me = repo.participant(c.id, h.actor.id) or Participant(id=0, checkin_id=c.id,
                                                           member_id=h.actor.id)
    me.active = True
    me = _schedule(h, c, me, h.actor)
    return _info(h, f"This channel checks in: {_summary(c)} You're in (next: "
                    f"{_next_line(me, h.tz)}); others join with /standup join.\n"
                    f"{_questions(c)}")


def standup_off(h: HandlerContext, cmd: st.StandupOff) -> Result:
    repo = _su(h).standups
    c = _live(h, _channel(h))
    if not (h.actor.is_manager or c.created_by in (None, h.actor.id)):
        raise PermissionDenied("Only whoever set up this channel's check-in, managers and "
                               "admins can switch it off.")
    c.enabled = False
    repo.save_checkin(c)
    for p in repo.participants(c.id):
        p.next_ask_at = None
        repo.save_participant(p)
    return _info(h, "This channel's check-in is off (participants are kept; "
                    "/standup here at ... starts it again).")


def join(h: HandlerContext, cmd: st.StandupJoin) -> Result:
    c = _live(h, _channel(h))
    repo = _su(h).standups
    p = repo.participant(c.id, h.actor.id) or Participant(id=0, checkin_id=c.id,
                                                          member_id=h.actor.id)
    was = p.active and p.id != 0
    p.active = True
    p = _schedule(h, c, p, h.actor)
    head = "You're already in this check-in" if was else "You joined this channel's check-in"
    return _info(h, f"{head}. Next questions: {_next_line(p, h.tz)}.")


def leave(h: HandlerContext, cmd: st.StandupLeave) -> Result:
    c = _live(h, _channel(h))
    repo = _su(h).standups
    p = repo.participant(c.id, h.actor.id)
    if p is None or not p.active:
        return _info(h, "You're not in this channel's check-in.")
    p.active, p.next_ask_at = False, None
    repo.save_participant(p)
    return _info(h, "You left this channel's check-in; /standup join brings you back.")


def skip(h: HandlerContext, cmd: st.StandupSkip) -> Result:
    c = _live(h, _channel(h))
    repo = _su(h).standups
    p = repo.participant(c.id, h.actor.id)
    if p is None or not p.active:
        raise UserError("You're not in this channel's check-in; /standup join first.")
    today = local_date(h.now, h.tz)
    skipping = p.skip_until if p.skip_until is not None and p.skip_until >= today else None
    if cmd.until is not None and cmd.until.strip().lower() in SKIP_OFF:
        if skipping is None:
            return _info(h, "You're not skipping any check-in.")
        p.skip_until = None
        repo.save_participant(p)
        return _info(h, "You're back in: the next check-in asks you again.")
    if cmd.until is None:
        if skipping is not None and skipping > today:  # "today" would cut a longer skip
            return _info(h, f"You're already skipping check-ins through {skipping:%a %d %b} "
                            "(/standup skip off takes you back).")
        until = today
    else:
        day = local_date(parse_when(cmd.until, h.now, h.tz), h.tz)
        if day < today:
            raise UserError(f"{day:%a %d %b} has already passed.")
        until = day
    p.skip_until = until
    repo.save_participant(p)
    what = "today's check-in" if until == today else f"check-ins through {until:%a %d %b}"
    return _info(h, f"You'll skip {what}; the report says so. /standup skip off undoes it.")


def show(h: HandlerContext, cmd: st.StandupShow) -> Result:
    c = _live(h, _channel(h))
    repo = _su(h).standups
    parts = [p for p in repo.participants(c.id) if p.active]
    people = h.uow.members.get_many([p.member_id for p in parts])
    names = sorted((people[p.member_id].display_name for p in parts if p.member_id in people),
                   key=str.casefold)
    lines = [f"Check-in: {_summary(c)}", _questions(c),
             f"Participants ({len(names)}): {', '.join(names) or 'nobody yet'}"]
    mine = next((p for p in parts if p.member_id == h.actor.id), None)
    if mine is None:
        lines.append("You're not in it: /standup join.")
    else:
        skip_note = (f" (skipping through {mine.skip_until:%a %d %b})"
                     if mine.skip_until and mine.skip_until >= local_date(h.now, h.tz) else "")
        lines.append(f"Your next questions: {_next_line(mine, h.tz)}{skip_note}.")
    return _info(h, "\n".join(lines))


def _latest(h: HandlerContext, channel_id: str | None) -> tuple[Answer, Run, Checkin]:
    repo = _su(h).standups
    channel = channel_id or h.ctx.channel_id
    c = repo.checkin_for(h.tenant.id, channel) if channel else None
    row = repo.latest_answer(h.actor.id, c.id if c is not None else None)
    run = repo.get_run(row.run_id) if row is not None else None
    owner = repo.get_checkin(run.checkin_id) if run is not None else None
    if row is None or run is None or owner is None:
        raise UserError("You have no check-in questions to answer yet; they come by DM "
                        "at the check-in time.")
    return row, run, owner


def form(h: HandlerContext, cmd: st.StandupForm) -> Result:
    row, run, owner = _latest(h, cmd.channel_id)
    n = len(owner.questions)
    start = (row.answers if row.state is AnswerState.ANSWERED
             else prefill(dict(row.activity), n))
    return StandupFormView(message=f"Check-in of {run.local_date:%a %d %b}",
                           viewer_tz=h.tz, channel_id=owner.channel_id,
                           questions=owner.questions,
                           prefill=tuple(start[:n]) + ("",) * (n - len(start[:n])))


def answer(h: HandlerContext, cmd: st.StandupAnswer) -> Result:
    repo = _su(h).standups
    row, run, owner = _latest(h, cmd.channel_id)
    if len(cmd.answers) > len(owner.questions):
        raise UserError(f"This check-in asks {len(owner.questions)} questions; give at most "
                        f"{len(owner.questions)} answers separated by |.")
    texts = tuple(a.strip() for a in cmd.answers)
    if not any(texts):
        raise UserError("Those answers are empty: /standup answer <a1> | <a2> | <a3>.")
    row.answers = texts + ("",) * (len(owner.questions) - len(texts))
    row.state, row.answered_at = AnswerState.ANSWERED, h.now
    reported = run.state is RunState.REPORTED
    if reported:
        row.late_pending, row.revision = True, row.revision + 1
    repo.save_answer(row)
    where = ("it will be added to the report that already went out" if reported
             else f"it goes into the report at {when_text(run.report_at, h.tz)}")
    return _info(h, f"Thanks, your check-in for {run.local_date:%a %d %b} is in: {where}.")


HANDLERS: dict[type[Any], Handler] = {
    st.SetStandup: set_standup, st.StandupOff: standup_off, st.StandupJoin: join,
    st.StandupLeave: leave, st.StandupSkip: skip, st.StandupShow: show,
    st.StandupAnswer: answer, st.StandupForm: form,
}
