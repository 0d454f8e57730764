"""Charts and reports on Discord through the real discord.py client and the fake Discord:
`/project chart` answers with an embed showing the PNG as a message attachment (multipart,
alt text as the attachment's description); `/project status` and `/project report` carry a
persistent chart button; `/stats` is a top-level command; the weekly report is posted once,
with its chart attached, by two ticks (an outbox row keyed by the project and the week)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from adapters.charts.render import render_png
from bot.scheduler import tick_once
from core.ports import FixedClock
from core.reports.charts import LeadPoint, LeadTimeScatter
from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import option, slash_command
from tests.e2e.fakes.discord_server import Call

PNG = b"\x89PNG\r\n\x1a\n"
EPHEMERAL = 64
START = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)        # a Monday


def _warm_matplotlib() -> None:
    """Load matplotlib before the first command (its import would push the answer past
    the defer threshold and turn a direct answer into a deferred one)."""
    render_png(LeadTimeScatter("t", "a", [LeadPoint(START.date(), 1.0, 1)], 1.0, 1.0))


async def _project(h: Harness) -> None:
    await h.slash("ana", "project", "new", name="Launch")
    for title in ("Write the spec", "Build it", "Test it"):
        await h.slash("ana", "task", "add", title=title, project="Launch",
                      users={"assignee": "bo"})
    await h.slash("ana", "task", "done", ints={"number": 1})


def _components(call: Call) -> list[str]:
    data = call.json.get("data", call.json)
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


def _assert_attachment(h: Harness, call: Call, title: str) -> None:
    assert call.files, "no multipart upload"
    [part] = call.files
    assert part["name"] == "files[0]" and part["data"].startswith(PNG)
    data = call.json["data"]
    [stub] = data["attachments"]
    assert stub["filename"] == part["filename"] and stub["filename"].endswith(".png")
    assert stub["description"]                          # the alt text
    [embed] = data["embeds"]
    assert embed["title"].startswith(title)
    assert embed["image"]["url"] == f"attachment://{part['filename']}"
    stored = [m for m in h.fake.messages.values() if m.get("attachments")]
    assert stored and stored[-1]["attachments"][0]["size"] == part["size"]


def test_chart_command_status_button_report_and_stats(tmp_path: Path) -> None:
    _warm_matplotlib()

    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await _project(h)
        _, chart = await h.slash("ana", "project", "chart", name="Launch", kind="burnup")
        assert chart.json["type"] == 4
        assert not (chart.json["data"].get("flags") or 0) & EPHEMERAL   # for the channel
        _assert_attachment(h, chart, "Burn-up: Launch")

        _, status = await h.slash("ana", "project", "status", name="Launch")
        button = f"taskbot:chart:burnup:{h.guild.id}:Launch"
        assert button in _components(status)
        _, clicked = await h.click("ana", h.message_of(status), button)
        _assert_attachment(h, clicked, "Burn-up: Launch")

        _, report = await h.slash("ana", "project", "report", name="Launch", period="month")
        fields = {f["name"]: f["value"] for f in report.json["data"]["embeds"][0]["fields"]}
        assert fields["Created / done / dropped"] == "3 / 1 / 0"
        assert fields["Schedule variance"] == "no baseline"
        assert button in _components(report)
        _, last = await h.slash("ana", "project", "report", name="Launch", period="last month")
        this_title = report.json["data"]["embeds"][0]["title"]
        last_title = last.json["data"]["embeds"][0]["title"]
        assert re.fullmatch(r"Report: Launch, [A-Z][a-z]+ 20\d\d", last_title), last_title
        assert last_title != this_title

        backwards: Any = {"from": "2026-03-09", "to": "2026-03-01"}
        _, bad = await h.slash("ana", "project", "report", name="Launch", **backwards)
        assert bad.json["data"]["flags"] & EPHEMERAL
        assert "ends (2026-03-01) before it starts" in bad.json["data"]["content"]

        payload = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                group="stats", sub="", resolved_users=[h.user("bo")])
        payload["data"]["options"] = [option("user", h.user("bo").id, 6),
                                      option("period", "month", 3)]
        await h.fake.interact(payload)
        stats = await h.fake.wait_for_callback(payload)
        [embed] = stats.json["data"]["embeds"]
        assert embed["title"].startswith("Stats: @Bo")
        assert {f["name"]: f["value"] for f in embed["fields"]}[
            "Created / done / dropped"] == "3 / 1 / 0"

    run(tmp_path, scenario)


def test_weekly_report_posts_once_with_its_chart(tmp_path: Path) -> None:
    _warm_matplotlib()

    async def scenario(h: Harness) -> None:
        clock = h.container.clock
        assert isinstance(clock, FixedClock)
        await h.start_bot()
        await _project(h)
        _, ok = await h.slash("ana", "project", "report", name="Launch", at="09:00",
                              zone="Europe/Berlin", every="mon")
        assert "every Monday at 09:00 Europe/Berlin" in ok.json["data"]["content"]
        for at in (dt.datetime(2026, 3, 9, 8, 0, 30, tzinfo=dt.UTC),
                   dt.datetime(2026, 3, 9, 8, 2, tzinfo=dt.UTC)):
            clock.set(at)
            await tick_once(h.container, h.worker(), at)
        posts = [c for c in h.fake.calls_to("POST", f"/channels/{h.channel}/messages")
                 if c.files]
        assert len(posts) == 1
        body: dict[str, Any] = copy.deepcopy(posts[0].json)
        assert "Report: Launch, week of 2 Mar to 8 Mar 2026" in body["content"]
        assert body["attachments"][0]["filename"].startswith("burnup-launch-2026-03-02")

    run(tmp_path, scenario, clock=FixedClock(START))
