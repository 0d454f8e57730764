"""Block Kit rendering: user text escaped everywhere, Slack's limits respected."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from adapters.slack import blocks as bk
from adapters.slack.cards import DONE, SNOOZE, START, TAKE, task_card
from adapters.slack.escape import esc, slack_date, truncate
from adapters.slack.home import home_view
from adapters.slack.notification_render import render_notification
from adapters.slack.render import render
from core.bus import ErrorReply
from core.model import Priority, Status
from core.notifications import Kind, Notification
from core.results import (
    BlockedItem,
    HelpText,
    Info,
    MemberLoad,
    MemberView,
    ProjectList,
    ProjectStatusReport,
    ProjectView,
    RiskLine,
    TaskChanged,
    TaskDetails,
    TaskList,
    TaskRefView,
    TaskView,
    WorkOverview,
)

NASTY = "<!channel> <@U123> <https://x.example|y> & <!here>"
WHEN = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)
BO = MemberView(user_id="U0BO", display_name="<!everyone> bo")


def _task(n: int = 12, title: str = NASTY, **kw: Any) -> TaskView:
    blocker = TaskRefView(number=3, title=NASTY, status=Status.OPEN, assignee=BO)
    defaults: dict[str, Any] = dict(status=Status.OPEN, priority=Priority.HIGH, assignee=BO,
                                    project=NASTY, due_at=WHEN, description=NASTY,
                                    blocked_by=(blocker,))
    return TaskView(number=n, title=title, **{**defaults, **kw})


def _texts(obj: Any) -> list[str]:
    """Every `text` string in a block structure."""
    if isinstance(obj, dict):
        out = [obj["text"]] if isinstance(obj.get("text"), str) else []
        return out + [t for v in obj.values() for t in _texts(v)]
    if isinstance(obj, list):
        return [t for v in obj for t in _texts(v)]
    return []


def _assert_inert(obj: Any) -> None:
    for text in _texts(obj):
        for live in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<https://x"):
            assert live not in text, text


def _assert_within_limits(blocks: list[dict[str, Any]], max_blocks: int) -> None:
    assert len(blocks) <= max_blocks
    for block in blocks:
        text = block.get("text") or {}
        if block["type"] == "header":
            assert len(text["text"]) <= bk.HEADER_TEXT
        elif isinstance(text, dict) and "text" in text:
            assert len(text["text"]) <= bk.SECTION_TEXT
        for field in block.get("fields", []):
            assert len(field["text"]) <= bk.FIELD_TEXT
        assert len(block.get("elements", [])) <= 25


def test_escape_only_the_three_control_characters() -> None:
    assert esc("a & <b> *c* _d_") == "a &amp; &lt;b&gt; *c* _d_"
    assert truncate("x" * 10 + "&amp;", 12) == "x" * 10 + "…"  # never cut an entity
    assert slack_date(WHEN, "Europe/Lisbon") == (
        f"<!date^{int(WHEN.timestamp())}^{{date_short_pretty}} at {{time}}"
        "|Tue 01 Dec 2026 17:00 WET>")


def test_card_has_fields_buttons_and_no_live_mentions() -> None:
    card = task_card(_task())
    _assert_inert(card)
    dumped = json.dumps(card)
    for word in ("Assignee", "Due", "Priority", "Project", "Blocked by", "#3"):
        assert word in dumped
    ids = {el["action_id"] for el in card[-1]["elements"]}
    assert ids == {START, DONE, TAKE}
    overflow = card[0 if card[0]["type"] == "section" else 1]["accessory"]
    values = [o["value"].split(":")[0] for o in overflow["options"]]
    assert values[:2] == ["edit", "drop"] and "snooze" in values
    closed = task_card(_task(status=Status.DONE))
    assert "reopen:12" in json.dumps(closed)


def test_every_result_renders_escaped() -> None:
    task = _task()
    ref = TaskRefView(number=3, title=NASTY, status=Status.OPEN)
    project = ProjectView(name=NASTY, owner=BO, open_count=1, done_count=2)
    results = [
        TaskChanged(message=NASTY, task=task, card_in_channel=False),
        TaskDetails(task=task, blocks=(ref,)),
        TaskList(title=NASTY, tasks=(task,), has_more=True, next_page_hint=NASTY),
        ProjectList(projects=(project,)),
        ProjectStatusReport(project=project, total=3, done=1, counts={"open": 2},
                            overdue=(ref,), blocked=(BlockedItem(task=ref, blockers=(ref,)),),
                            load=(MemberLoad(member=BO, open_count=1, in_progress_count=0,
                                             overdue_count=1),), critical_path=(ref,),
                            overdue_total=14, blocked_total=3,
                            risks=(RiskLine(task=ref, blocker=ref, reason="overdue"),),
                            risks_total=2),
        Info(message=NASTY),
        HelpText(title=NASTY, lines=("/task add <title>", NASTY)),
        ErrorReply(reason=NASTY, usage="/task add <title>"),
    ]
    for result in results:
        msg = render(result)
        _assert_inert(msg.blocks)
        assert "<!channel>" not in msg.text and "<@U123>" not in msg.text
        _assert_within_limits(msg.blocks, bk.MESSAGE_BLOCKS)


def test_long_lists_stay_inside_block_kit_limits() -> None:
    many = tuple(_task(n, title="x" * 200) for n in range(1, 301))
    msg = render(TaskList(title="t" * 400, tasks=many))
    _assert_within_limits(msg.blocks, bk.MESSAGE_BLOCKS)
    assert sum(b["text"]["text"].count("\n") + 1 for b in msg.blocks[1:]
               if b["type"] == "section") == 300  # split across sections, none lost
    work = WorkOverview(overdue=many[:50], blocked=many[50:100], due_soon=many[100:150],
                        in_progress=many[150:200], open=many[200:250],
                        waiting_on=tuple(TaskRefView(number=n, title="w" * 200,
                                                     status=Status.OPEN) for n in range(50)),
                        total_open=300, as_of=WHEN)
    view = home_view(work)
    _assert_within_limits(view["blocks"], bk.SURFACE_BLOCKS)
    assert "Showing" in json.dumps(view)


def test_unblock_dm_has_start_and_snooze() -> None:
    note = Notification(kind=Kind.UNBLOCKED, platform="slack", workspace_id="T1",
                        user_id="U0BO", text=f"#12 {NASTY} is unblocked", task=_task())
    msg = render_notification(note)
    _assert_inert(msg.blocks)
    assert "<!channel>" not in msg.text
    ids = {el["action_id"] for el in msg.blocks[-1]["elements"]}
    assert {START, SNOOZE} <= ids
    digest = Notification(kind=Kind.DIGEST, platform="slack", workspace_id="T1",
                          channel_id="C1", text="\n".join([NASTY * 5] * 400))
    big = render_notification(digest)
    _assert_within_limits(big.blocks, bk.MESSAGE_BLOCKS)
    _assert_inert(big.blocks)


def test_project_status_says_how_many_more_and_lists_risks() -> None:
    ref = TaskRefView(number=3, title="Ship", status=Status.OPEN)
    late = TaskRefView(number=1, title="Design", status=Status.OPEN)
    report = ProjectStatusReport(
        project=ProjectView(name="launch"), total=20, done=2, counts={"open": 18},
        overdue=(ref,), blocked=(BlockedItem(task=ref, blockers=(late,)),), load=(),
        overdue_total=14, blocked_total=12,
        risks=(RiskLine(task=ref, blocker=late, reason="overdue"),), risks_total=1)
    dumped = json.dumps(render(report).blocks)
    assert "and 13 more (14 in all)" in dumped and "and 11 more (12 in all)" in dumped
    assert "Risks" in dumped and "waits for *#1* Design (open), which is overdue" in dumped
