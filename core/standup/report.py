"""The texts a check-in sends: the questions DM, the channel's report, and a late answer
added to it. Plain neutral text (user text raw; every adapter escapes it). Nobody is
mentioned: people are named, so the report never pings who has not answered."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.model import Member, Task
from core.standup.activity import activity_lines
from core.standup.model import Answer, AnswerState, Checkin

_CITED = re.compile(r"#([0-9]{1,9})\b")


def cited_numbers(answers: Sequence[str]) -> list[int]:
    """Task numbers cited as `#N` in answers, in order, once each."""
    found = (int(m.group(1)) for a in answers for m in _CITED.finditer(a))
    return list(dict.fromkeys(n for n in found if n > 0))


def ask_text(checkin: Checkin, day: dt.date, activity: dict[str, object]) -> str:
    lines = [f"Check-in for #{checkin.channel_id}, {day:%a %d %b}:"]
    lines += [f"{i}. {q}" for i, q in enumerate(checkin.questions, 1)]
    act = activity_lines(dict(activity))
    if act:
        lines += ["Your task activity:", *(f"  {a}" for a in act)]
    lines.append("Answer with /standup answer <answer 1> | <answer 2> | ... "
                 "(or the Answer button where there is one).")
    return "\n".join(lines)


@dataclass(frozen=True)
class Entry:
    member: Member
    answer: Answer


def _name(m: Member) -> str:
    return m.display_name or m.user_id


def _cites(answers: Sequence[str], tasks: Mapping[int, Task],
           people: Mapping[int, Member]) -> list[str]:
    out = []
    for n in cited_numbers(answers):
        t = tasks.get(n)
        if t is None:
            continue
        who = people.get(t.assignee_id) if t.assignee_id is not None else None
        owner = f", {_name(who)}" if who is not None else ""
        out.append(f"#{n} {t.title} ({t.status.label}{owner})")
    return out


def person_lines(checkin: Checkin, entry: Entry, tasks: Mapping[int, Task],
                 people: Mapping[int, Member]) -> list[str]:
    """One person's answers beside their activity, and the tasks they cite."""
    a = entry.answer
    lines = [f"{_name(entry.member)}:"]
    for q, text in zip(checkin.questions, a.answers, strict=False):
        if text.strip():
            lines.append(f"  {q} {text.strip()}")
    act = activity_lines(dict(a.activity))
    if act:
        lines.append("  Activity: " + " | ".join(act))
    cites = _cites(a.answers, tasks, people)
    if cites:
        lines.append("  Tasks cited: " + "; ".join(cites))
    return lines


def report_text(checkin: Checkin, day: dt.date, entries: Sequence[Entry],
                tasks: Mapping[int, Task], people: Mapping[int, Member]) -> str:
    lines = [f"Check-in report, {day:%a %d %b}:"]
    answered = [e for e in entries if e.answer.state is AnswerState.ANSWERED]
    for e in answered:
        lines += person_lines(checkin, e, tasks, people)
    if not answered:
        lines.append("Nobody has answered yet.")
    for state, label in ((AnswerState.ASKED, "Not answered yet"),
                         (AnswerState.AWAY, "Away"), (AnswerState.SKIPPED, "Skipping today")):
        names = sorted((_name(e.member) for e in entries if e.answer.state is state),
                       key=str.casefold)
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    return "\n".join(lines)


def late_text(checkin: Checkin, day: dt.date, entry: Entry, tasks: Mapping[int, Task],
              people: Mapping[int, Member]) -> str:
    head = f"Added to the check-in of {day:%a %d %b}"
    return "\n".join([head, *person_lines(checkin, entry, tasks, people)])
