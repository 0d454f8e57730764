"""The standup digest DM/channel post as Block Kit: escaped, within limits, structured."""

from __future__ import annotations

import datetime as dt
import json

from adapters.slack import blocks as bk
from adapters.slack.notification_render import render_notification
from core.model import Status
from core.notifications import Kind, Notification
from core.results import MemberView, RiskLine, TaskRefView
from core.scheduling.digest_compose import BlockedLine, DigestReport, PersonDigest, ProjectLine

NASTY = "<!channel> ship & <@U1>"
WHEN = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _ref(n: int) -> TaskRefView:
    return TaskRefView(number=n, title=NASTY, status=Status.OPEN, due_at=WHEN,
                       assignee=MemberView(user_id="U9", display_name="<!here>"))


def _note(people: int) -> Notification:
    person = PersonDigest(member=MemberView(user_id="U1", display_name=NASTY),
                          finished=(_ref(1),), overdue=(_ref(2),),
                          blocked=(BlockedLine(task=_ref(3), blockers=(_ref(4),)),))
    report = DigestReport(channel_id="C1", local_date=WHEN.date(), tz="Europe/Berlin",
                          people=(person,) * people,
                          projects=(ProjectLine(name=NASTY, done=1, total=4, open=3,
                                                overdue=1),),
                          risks=(RiskLine(task=_ref(5), blocker=_ref(6), reason="overdue"),))
    return Notification(kind=Kind.DIGEST, platform="slack", workspace_id="T1",
                        channel_id="C1", text=f"Standup digest {NASTY}", tz="Europe/Berlin",
                        extra={"digest": report.model_dump(mode="json")})


def test_digest_renders_natively_and_escaped() -> None:
    msg = render_notification(_note(3))
    dumped = json.dumps(msg.blocks)
    assert msg.blocks[0]["type"] == "header" and "Monday 23 November 2026" in dumped
    for word in ("finished", "overdue", "blocked", "Projects", "Risks", "#4"):
        assert word in dumped
    for live in ("<!channel>", "<!here>", "<@U1>"):
        assert live not in dumped and live not in msg.text


def test_a_big_team_stays_within_one_message() -> None:
    msg = render_notification(_note(400))
    assert len(msg.blocks) <= bk.MESSAGE_BLOCKS
    assert all(len(b["text"]["text"]) <= bk.SECTION_TEXT for b in msg.blocks
               if b["type"] == "section")
