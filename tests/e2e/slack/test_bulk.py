"""Bulk changes and handover over real HTTP with slack-bolt: a filter answers with a preview
whose Confirm button carries exactly the tasks shown; a refusal names every refused task;
each person affected gets one DM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adapters.slack.bulk import CONFIRM
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, run_in_world


def _saying(text: str):  # type: ignore[no-untyped-def]
    return lambda c: text in c.dumped()


def _confirm_button(call: Call) -> dict[str, Any]:
    [button] = [el for b in call.blocks() for el in b.get("elements", [])
                if isinstance(el, dict) and el.get("action_id") == CONFIRM]
    return button


async def _click(w: SlackWorld, user: str, button: dict[str, Any]) -> None:
    body = payloads.block_actions(user, payloads.button(CONFIRM, button["value"]),
                                  channel="C0GENERAL", message_ts="1700000000.000100",
                                  response_url=w.fake.response_url(user), is_ephemeral=True)
    assert (await w.post(body)).status == 200


async def story(w: SlackWorld) -> None:
    await w.slash("new launch", user="U0ANA", command="/project")  # ana: the first, an admin
    await w.fake.await_for("response_url", where=_saying("Created project launch"))
    for n, title in enumerate(("One", "Two", '"Three &lt;!channel&gt;"'), start=1):
        await w.slash(f"add {title} <@U0BO> project:launch", user="U0ANA")
        [_] = await w.fake.await_for("chat.postMessage",
                                     where=_saying(f"#{n}* {title.strip(chr(34))[:3]}"))
    await w.slash("add Cy's own", user="U0CY")
    await w.fake.await_for("chat.postMessage", where=_saying("Cy's own"))
    await w.drain()

    # a filter: a preview with a Confirm button naming exactly #1-#3; nothing changed yet
    await w.slash("done project:launch", user="U0ANA")
    [preview] = await w.fake.await_for("response_url", where=_saying("This would close"))
    assert "This would close 3 tasks: #1, #2, #3." in preview.dumped()
    assert "/task done project:launch confirm:" in preview.dumped()
    assert "Three &lt;!channel&gt;" in preview.dumped()  # a title never pings the channel
    assert "<!channel>" not in preview.dumped()
    button = _confirm_button(preview)
    assert button["value"] == "done #1,#2,#3"
    # a task that starts matching later is not swept up by the old button
    await w.slash("add Four project:launch", user="U0ANA")
    [_] = await w.fake.await_for("chat.postMessage", where=_saying("#5* Four"))
    await _click(w, "U0ANA", button)
    [summary] = await w.fake.await_for("response_url", where=_saying("Closed 3 tasks"))
    assert "Closed 3 tasks: #1, #2, #3." in summary.dumped()
    assert summary.params.get("replace_original") in (True, "true")

    # bo may change his tasks but not cy's: the refusal names it, nothing changes
    await w.slash("drop #4,#5", user="U0BO")
    [refusal] = await w.fake.await_for("response_url", where=_saying("can't drop"))
    assert "You can't drop #4" in refusal.dumped() and "Nothing was changed" in refusal.dumped()

    # handover: every open task of ana's ... goes to bo after the Confirm click
    await w.slash("assign #5 <@U0CY>", user="U0ANA")
    [_] = await w.fake.await_for("response_url", where=_saying("Assigned #5"))
    await w.slash("add Six <@U0CY>", user="U0ANA")
    [_] = await w.fake.await_for("chat.postMessage", where=_saying("#6* Six"))
    await w.drain()
    sent_before = len(w.fake.calls("chat.postMessage"))
    await w.slash("handover <@U0CY> <@U0BO>", user="U0ANA")
    [preview] = await w.fake.await_for("response_url", where=_saying("This would hand"))
    assert "This would hand 2 tasks over to" in preview.dumped()
    await _click(w, "U0ANA", _confirm_button(preview))
    [done] = await w.fake.await_for("response_url", where=_saying("Reassigned 2 tasks to"))
    assert "#5, #6." in done.dumped()
    await w.drain()
    dms = w.fake.calls("chat.postMessage")[sent_before:]
    to_bo = [c for c in dms if c.params.get("channel") == "U0BO"]
    to_cy = [c for c in dms if c.params.get("channel") == "U0CY"]
    assert len(to_bo) == 1 and "changed 2 tasks that concern you" in to_bo[0].dumped()
    assert len(to_cy) == 1 and "from you to" in to_cy[0].dumped()


def test_bulk_change_with_confirmation_and_handover_over_slack(tmp_path: Path) -> None:
    run_in_world(tmp_path, story)
