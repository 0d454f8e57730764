"""Charts on Slack as a user sees them: `/project chart` answers with the chart's title and
alt text and uploads the PNG through the external upload (getUploadURLExternal, the POST of
the bytes to the URL it returned, completeUploadExternal into the channel with alt text);
`/project status` and `/project report` carry a chart button that does the same; the weekly
report goes out once through the outbox as an upload with the report as its comment."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

from adapters.slack.chart_button import CHART_ACTION
from core.ports import FixedClock
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world, slack_world

PNG = b"\x89PNG\r\n\x1a\n"


def _button_value(call: Call) -> str:
    for block in call.blocks():
        for el in block.get("elements", []):
            if isinstance(el, dict) and el.get("action_id") == CHART_ACTION:
                return str(el["value"])
    raise AssertionError(f"no chart button in {call.dumped()[:400]}")


async def _project(w: SlackWorld) -> None:
    await w.slash("new launch", command="/project")
    await w.fake.await_for("response_url")
    for title in ("Write the spec", "Build it", "Test it"):
        await w.slash(f"add {title} project:launch <@U0BO|bo>")
    await w.fake.await_for("chat.postMessage", 3)
    await w.slash("done #1")
    await w.fake.await_for("response_url", 2)  # the project's answer, then this one
    w.fake.clear()


def _assert_upload_flow(w: SlackWorld, channel: str, title_part: str) -> None:
    [url_call] = w.fake.calls("files.getUploadURLExternal")
    assert url_call.params["filename"].endswith(".png")
    assert int(url_call.params["length"]) > 1000
    assert url_call.params.get("alt_txt")
    [upload] = w.fake.calls("upload")
    file_id = url_call.response["file_id"]
    assert upload.params == {"file_id": file_id, "size": int(url_call.params["length"])}
    assert w.fake.state.uploads[file_id].startswith(PNG)
    [done] = w.fake.calls("files.completeUploadExternal")
    assert done.params["channel_id"] == channel
    files = json.loads(done.params["files"])
    assert files[0]["id"] == file_id and title_part in files[0]["title"]
    assert done.response["ok"] and done.response["files"][0]["channels"] == [channel]


async def chart_story(w: SlackWorld) -> None:
    await _project(w)
    await w.slash("chart launch burnup", command="/project")
    await w.fake.await_for("files.completeUploadExternal")
    [answer] = await w.fake.await_for("response_url")
    assert "Burn-up: launch" in answer.dumped()
    assert answer.params.get("response_type") == "in_channel"
    _assert_upload_flow(w, "C0GENERAL", "Burn-up: launch")

    # the status offers the burn-up: clicking the button uploads it into the channel
    w.fake.clear()
    await w.slash("status launch", command="/project")
    [status] = await w.fake.await_for("response_url")
    click = payloads.block_actions("U0ANA", payloads.button(CHART_ACTION, _button_value(status)),
                                   channel="C0GENERAL", message_ts="1700000000.000100",
                                   response_url=w.fake.response_url("chart-click"))
    w.fake.clear()
    assert (await w.post(click)).status == 200
    await w.fake.await_for("files.completeUploadExternal")
    _assert_upload_flow(w, "C0GENERAL", "Burn-up: launch")

    # the report offers it too; a forged button value is refused to the clicker only
    w.fake.clear()
    await w.slash("report launch month", command="/project")
    [report] = await w.fake.await_for("response_url")
    assert "Completion rate" in report.dumped() and _button_value(report)
    forged = payloads.block_actions("U0ANA", payloads.button(CHART_ACTION, "{\"p\":1}"),
                                    channel="C0GENERAL", message_ts="1700000000.000100",
                                    response_url=w.fake.response_url("forged"))
    w.fake.clear()
    assert (await w.post(forged)).status == 200
    [refusal] = await w.fake.await_for("response_url")
    assert "does not name a chart" in refusal.dumped()
    assert not w.fake.calls("files.getUploadURLExternal")


def test_chart_command_and_buttons_upload_into_the_channel(tmp_path: Path) -> None:
    run_in_world(tmp_path, chart_story)


def test_failed_upload_is_told_to_the_user_only(tmp_path: Path) -> None:
    async def scenario(w: SlackWorld) -> None:
        await _project(w)
        w.fake.fail("files.getUploadURLExternal", "not_in_channel")
        await w.slash("chart launch flow", command="/project")
        [eph] = await w.fake.await_for("chat.postEphemeral")
        assert "not_in_channel" in eph.dumped() and eph.params["user"] == "U0ANA"
        assert not w.fake.calls("files.completeUploadExternal")

    run_in_world(tmp_path, scenario)


def test_weekly_report_is_uploaded_once_with_its_text(tmp_path: Path) -> None:
    start = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)       # a Monday

    async def main() -> None:
        async with slack_world(tmp_path, clock=FixedClock(start)) as w:
            await _project(w)
            await w.slash("report launch every mon 09:00 Europe/Lisbon", command="/project")
            [ok] = await w.fake.await_for("response_url")
            assert "every Monday at 09:00 Europe/Lisbon" in ok.dumped()
            w.fake.clear()
            await w.tick(dt.datetime(2026, 3, 9, 9, 0, 30, tzinfo=dt.UTC))
            await w.tick(dt.datetime(2026, 3, 9, 9, 5, tzinfo=dt.UTC))
            [done] = w.fake.calls("files.completeUploadExternal")
            assert done.params["channel_id"] == "C0GENERAL"
            assert "Report: launch, week of 2 Mar to 8 Mar 2026" in done.params[
                "initial_comment"]
            assert len(w.fake.calls("upload")) == 1

    asyncio.run(main())
