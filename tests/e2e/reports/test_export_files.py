"""`/project export` posted as a file on the chat surfaces, through the same file path as
the charts (core.files.FilePayload): on Slack the answer is ephemeral and the file goes to
the asker's DM by the external upload (getUploadURLExternal, the POST, completeUpload
External into the DM); on Discord the ephemeral reply carries the attachment."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.e2e.discord.harness import Harness, run
from tests.e2e.slack.harness import SlackWorld, run_in_world

EPHEMERAL = 64


async def _slack_project(w: SlackWorld) -> None:
    await w.slash("new launch", command="/project")
    await w.fake.await_for("response_url")
    for title in ("Write the spec", "Build it"):
        await w.slash(f"add {title} project:launch")
    await w.fake.await_for("chat.postMessage", 2)
    w.fake.clear()


def test_slack_export_is_uploaded_to_the_askers_dm(tmp_path: Path) -> None:
    async def scenario(w: SlackWorld) -> None:
        await _slack_project(w)
        await w.slash("export launch csv", command="/project")
        await w.fake.await_for("files.completeUploadExternal")
        [answer] = await w.fake.await_for("response_url")
        assert "launch: 2 tasks as CSV." in answer.dumped()
        assert answer.params.get("response_type") != "in_channel"
        [opened] = w.fake.calls("conversations.open")
        assert opened.params["users"] == "U0ANA"
        [url_call] = w.fake.calls("files.getUploadURLExternal")
        assert url_call.params["filename"].endswith(".csv")
        file_id = url_call.response["file_id"]
        [upload] = w.fake.calls("upload")
        assert upload.params["file_id"] == file_id
        rows = list(csv.DictReader(io.StringIO(w.fake.state.uploads[file_id].decode())))
        assert [r["title"] for r in rows] == ["Write the spec", "Build it"]
        [done] = w.fake.calls("files.completeUploadExternal")
        assert done.params["channel_id"] == "D0ANA"        # the DM, not the channel
        assert "launch export (CSV)" in json.loads(done.params["files"])[0]["title"]

        w.fake.clear()
        await w.slash("export launch", command="/project")
        await w.fake.await_for("files.completeUploadExternal")
        [url_call] = w.fake.calls("files.getUploadURLExternal")
        document = json.loads(w.fake.state.uploads[url_call.response["file_id"]])
        assert [t["title"] for t in document["tasks"]] == ["Write the spec", "Build it"]

    run_in_world(tmp_path, scenario)


def test_discord_export_is_attached_to_the_ephemeral_reply(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "project", "new", name="Launch")
        for title in ("Write the spec", "Build it"):
            await h.slash("ana", "task", "add", title=title, project="Launch")
        _, reply = await h.slash("ana", "project", "export", name="Launch", format="csv")
        data = reply.json["data"]
        assert data["flags"] & EPHEMERAL
        assert "Launch: 2 tasks as CSV." in data["content"]
        [part] = reply.files
        assert part["filename"].endswith(".csv")
        rows = list(csv.DictReader(io.StringIO(part["data"].decode())))
        assert [r["title"] for r in rows] == ["Write the spec", "Build it"]
        assert data["attachments"][0]["filename"] == part["filename"]

        _, json_reply = await h.slash("ana", "project", "export", name="Launch")
        [part] = json_reply.files
        assert json.loads(part["data"])["tasks"][1]["title"] == "Build it"

    run(tmp_path, scenario)
