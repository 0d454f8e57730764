"""A check-in day on Slack, over real HTTP with the real bolt app and a controlled clock:
`/standup` sets it up and people join; each is DMed at 09:30 in their own zone with an
Answer button; the button opens a form with one field per question, pre-filled from their
tasks; the report at 10:30 Lisbon is one channel post naming (not mentioning) who has not
answered and who is away; a late answer is a reply in the report's thread."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

from adapters.slack import standup
from core.ports import FixedClock
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, slack_world

UTC = dt.UTC
SUNDAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CAROL_ASK = dt.datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 09:30 in Tokyo
ANA_ASK = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 09:30 in Lisbon (UTC in March)
REPORT = dt.datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def _posts(w: SlackWorld, channel: str) -> list[Call]:
    """The check-in messages posted to `channel` (a user id for a DM)."""
    return w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") == channel
                        and "heck-in" in c.dumped())


def _answer_button(call: Call) -> str:
    [value] = [el["value"] for b in call.blocks() if b["type"] == "actions"
               for el in b["elements"] if el["action_id"] == standup.ANSWER]
    return str(value)


async def _slash(w: SlackWorld, text: str, user: str, command: str = "/standup") -> str:
    before = len(w.fake.calls("response_url"))
    assert (await w.slash(text, user=user, command=command)).status == 200
    calls = await w.fake.await_for("response_url", before + 1)
    return calls[-1].dumped()


async def story(w: SlackWorld, clock: FixedClock) -> None:
    w.fake.add_user("U0DEE", "dee", tz="Europe/Lisbon")
    clock.set(SUNDAY)
    assert (await w.slash("add Write the spec <@U0CAROL>", user="U0ANA")).status == 200
    await w.fake.await_for("chat.postMessage")  # the task card
    assert "checks in" in await _slash(w, "here at 09:30 Europe/Lisbon weekdays "
                                          "report:10:30", "U0ANA")
    assert "You joined" in await _slash(w, "join", "U0CAROL")
    assert "You joined" in await _slash(w, "join", "U0DEE")
    assert "away until" in await _slash(w, "away until 2026-03-03", "U0DEE", "/task")
    assert "I only know" not in await _slash(w, "help", "U0ANA")
    await w.tick(SUNDAY)

    await w.tick(CAROL_ASK)
    [dm] = _posts(w, "U0CAROL")
    assert "Check-in for #C0GENERAL" in dm.dumped()
    # the button opens the form, one field per question, pre-filled from the tasks
    click = payloads.block_actions("U0CAROL", payloads.button(standup.ANSWER,
                                                              _answer_button(dm)),
                                   channel=dm.response["channel"],
                                   message_ts=dm.response["ts"],
                                   response_url=w.fake.response_url("click"),
                                   message_blocks=dm.blocks())
    assert (await w.post(click)).status == 200
    [opened] = await w.fake.await_for("views.open")
    view = opened.view()
    assert view["callback_id"] == standup.MODAL
    labels = [b["label"]["text"] for b in view["blocks"]]
    assert labels == ["What did you finish?", "What's next?", "Anything blocking you?"]
    values = {f"q{i}": {"answer": {"type": "plain_text_input", "value": text}}
              for i, text in enumerate(["Drafted #1 <!channel>", "Finish #1", ""])}
    answer = await w.ask(payloads.view_submission("U0CAROL", view, values))
    assert answer == {}
    await w.settle()

    await w.tick(ANA_ASK)
    assert len(_posts(w, "U0ANA")) == 1
    assert _posts(w, "U0DEE") == []  # away: skipped

    await w.tick(REPORT)
    [report] = _posts(w, "C0GENERAL")[-1:]
    text = report.dumped()
    assert "Check-in report, Mon 02 Mar" in text
    assert "carol:" in text and "Drafted #1 &lt;!channel&gt;" in text
    assert "<!channel>" not in text  # escaped: nobody is pinged
    assert "Not answered yet: ana" in text and "Away: dee" in text
    assert "<@U0ANA>" not in text
    await w.tick(REPORT + dt.timedelta(minutes=5))
    assert len([c for c in _posts(w, "C0GENERAL") if "Check-in report" in c.dumped()]) == 1

    clock.set(REPORT + dt.timedelta(minutes=15))
    assert "added to the report" in await _slash(w, "answer Spec | Review | none", "U0ANA")
    await w.tick(REPORT + dt.timedelta(minutes=20))
    late = [c for c in _posts(w, "C0GENERAL") if c.params.get("thread_ts")]
    assert len(late) == 1
    assert late[0].params["thread_ts"] == report.response["ts"]
    assert "Added to the check-in of Mon 02 Mar" in late[0].dumped()


def test_a_check_in_day_on_slack(tmp_path: Path) -> None:
    clock = FixedClock(SUNDAY)

    async def main() -> None:
        async with slack_world(tmp_path, clock=clock) as w:
            await story(w, clock)

    asyncio.run(main())


def test_the_button_value_fits_slacks_limit() -> None:
    value = standup._value("C1", ["Q?"] * 5, ["x" * 1000] * 5)
    assert len(value) <= standup.VALUE_MAX
    channel, questions, prefill = standup.read_value(value)
    assert (channel, len(questions), len(prefill)) == ("C1", 5, 5)
    assert json.loads(value)["c"] == "C1"
