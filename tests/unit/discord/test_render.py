"""Rendering core results for Discord: content and embeds always inside Discord's limits."""

from __future__ import annotations

import datetime as dt

import discord

from adapters.discord.limits import (
    CONTENT_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    EMBEDS_PER_MESSAGE,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    EmbedBuilder,
    clip,
    pack_embeds,
    pack_lines,
)
from adapters.discord.notification_render import notification_mentions, render_notification
from adapters.discord.render import Reply, render
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
)

ANA = MemberView(user_id="111", display_name="Ana")
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def task(n: int = 1, title: str = "Write the spec", **kw: object) -> TaskView:
    base: dict[str, object] = {"number": n, "title": title, "status": Status.OPEN,
                               "priority": Priority.NORMAL, "assignee": ANA}
    base.update(kw)
    return TaskView.model_validate(base)


def within_limits(replies: list[Reply]) -> None:
    for reply in replies:
        assert reply.content is None or len(reply.content) <= CONTENT_MAX
        assert len(reply.embeds) <= EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in reply.embeds) <= EMBED_TOTAL_MAX
        for embed in reply.embeds:
            assert len(embed.description or "") <= EMBED_DESCRIPTION_MAX
            assert len(embed.fields) <= FIELDS_MAX
            assert all(len(f.value or "") <= FIELD_VALUE_MAX for f in embed.fields)
            assert len(embed.title or "") <= 256


def test_task_card_has_the_facts_and_the_buttons_task() -> None:
    due = NOW + dt.timedelta(days=2)
    blocker = TaskRefView(number=7, title="Get budget", status=Status.IN_PROGRESS)
    replies = render(TaskChanged(message="Created #1.", card_in_channel=True, ephemeral=False,
                                 task=task(due_at=due, project="launch", blocked_by=(blocker,),
                                           source_link="https://discord.com/channels/1/2/3")))
    [reply] = replies
    assert reply.ephemeral is False and reply.content is None
    assert reply.card is not None and reply.card.number == 1
    embed = reply.embeds[0]
    assert embed.title == "#1 Write the spec"
    assert embed.url == "https://discord.com/channels/1/2/3"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Assignee"] == "<@111>"
    assert fields["Due"] == f"<t:{int(due.timestamp())}:f> (<t:{int(due.timestamp())}:R>)"
    assert fields["Blocked by"] == "`#7` Get budget (in progress)"
    assert fields["Project"] == "launch"


def test_user_text_is_escaped_not_formatted() -> None:
    [reply] = render(TaskChanged(message="m", task=task(title="**bold** _it_ `code`")))
    assert reply.embeds[0].title == "#1 \\*\\*bold\\*\\* \\_it\\_ \\`code\\`"
    [listing] = render(TaskList(title="Open", tasks=(task(title="**bold**"),)))
    assert "\\*\\*bold\\*\\*" in (listing.embeds[0].description or "")


def test_a_long_task_list_pages_into_more_embeds_and_messages() -> None:
    tasks = tuple(task(n, "x" * 200) for n in range(1, 201))
    replies = render(TaskList(title="Open tasks", tasks=tasks, has_more=True))
    within_limits(replies)
    text = "".join(e.description or "" for r in replies for e in r.embeds)
    assert all(f"`#{n}`" in text for n in range(1, 201))
    assert len(replies) > 1


def test_project_status_with_huge_sections_stays_inside_limits() -> None:
    refs = tuple(TaskRefView(number=n, title="y" * 190, status=Status.OPEN)
                 for n in range(1, 120))
    report = ProjectStatusReport(
        project=ProjectView(name="launch"), total=300, done=100,
        counts={"open": 150, "in_progress": 40, "done": 100, "dropped": 10},
        overdue=refs, blocked=tuple(BlockedItem(task=r, blockers=refs[:3]) for r in refs),
        load=tuple(MemberLoad(member=ANA, open_count=n, in_progress_count=1, overdue_count=0)
                   for n in range(40)),
        critical_path=refs[:10])
    replies = render(report)
    within_limits(replies)
    assert replies[0].embeds[0].title == "Project launch: 33% done"
    names = [f.name for r in replies for e in r.embeds for f in e.fields]
    assert "Overdue" in names and "Blocked" in names and "Open load" in names


def test_errors_are_private_with_usage() -> None:
    [reply] = render(ErrorReply(reason="There is no task #9 here.", usage="/task done #N"))
    assert reply.ephemeral
    assert reply.content == "⚠️ There is no task #9 here.\nUsage: `/task done #N`"


def test_long_info_and_help_are_paged() -> None:
    replies = render(Info(message="\n".join("z" * 100 for _ in range(60))))
    within_limits(replies)
    assert len(replies) == 4
    help_replies = render(HelpText(title="Help", lines=tuple(f"/task {i}" for i in range(500))))
    within_limits(help_replies)


def test_project_list() -> None:
    [reply] = render(ProjectList(projects=(ProjectView(name="launch", owner=ANA,
                                                       channel_id="42", open_count=3),)))
    assert reply.embeds[0].description == "**launch** owner <@111> · 3 open · <#42>"


def test_task_details_show_history_and_dependents() -> None:
    from core.results import HistoryView

    details = TaskDetails(task=task(), blocks=(TaskRefView(number=2, title="b",
                                                           status=Status.OPEN),),
                          history=(HistoryView(at=NOW, actor=ANA, kind="created",
                                               text="created #1"),))
    [reply] = render(details)
    fields = {f.name: f.value for f in reply.embeds[0].fields}
    assert fields["Blocks"] == "`#2` b (open)"
    assert fields["History"] == f"<t:{int(NOW.timestamp())}:d> <@111>: created #1"


def test_notification_dm_carries_the_card_and_mentions_nobody() -> None:
    note = Notification(kind=Kind.UNBLOCKED, platform="discord", workspace_id="9",
                        user_id="111", text="#2 Deploy @everyone is unblocked", task=task(2))
    reply = render_notification(note)
    assert reply.content is not None and reply.content.startswith("🔓")
    assert reply.card is not None and reply.embeds
    mentions = notification_mentions(note).to_dict()
    assert mentions == {"parse": []}


def test_channel_fallback_mentions_only_that_person() -> None:
    note = Notification(kind=Kind.CHANNEL_FALLBACK, platform="discord", workspace_id="9",
                        channel_id="42", text="Bo: I couldn't DM you. @here look",
                        extra={"mention_user_id": "222"})
    reply = render_notification(note)
    assert reply.content is not None and reply.content.startswith("<@222> ")
    assert notification_mentions(note).to_dict() == {"parse": [], "users": [222]}


def test_packing_helpers() -> None:
    assert clip("abcdef", 4) == "abc…"
    assert pack_lines(["a" * 10, "b" * 10, "c" * 10], 21) == ["a" * 10 + "\n" + "b" * 10,
                                                              "c" * 10]
    embeds = [discord.Embed(description="d" * 4000) for _ in range(5)]
    assert [len(m) for m in pack_embeds(embeds)] == [1, 1, 1, 1, 1]
    small = [discord.Embed(description="d") for _ in range(12)]
    assert [len(m) for m in pack_embeds(small)] == [10, 2]
    builder = EmbedBuilder("t")
    for i in range(30):
        builder.field(f"f{i}", "v")
    assert [len(e.fields) for e in builder.build()] == [25, 5]


def test_project_status_says_how_many_more_and_lists_risks() -> None:
    ref = TaskRefView(number=3, title="Ship", status=Status.OPEN)
    late = TaskRefView(number=1, title="Design", status=Status.OPEN)
    report = ProjectStatusReport(
        project=ProjectView(name="launch"), total=20, done=2, counts={"open": 18},
        overdue=(ref,), blocked=(BlockedItem(task=ref, blockers=(late,)),), load=(),
        overdue_total=14, blocked_total=12,
        risks=(RiskLine(task=ref, blocker=late, reason="due after"),), risks_total=1)
    fields = {f.name: f.value for r in render(report) for e in r.embeds for f in e.fields}
    assert fields["Overdue"].endswith("…and 13 more (14 in all)")
    assert fields["Blocked"].endswith("…and 11 more (12 in all)")
    assert fields["Risks"] == "`#3` Ship waits for `#1` Design (open), which is due after it"
