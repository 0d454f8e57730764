"""Check-ins on Slack: `/standup` (registered with the other slash commands), the
questions DM's "Answer" button, and the form it opens (one input per question, filled in
from the person's task activity).

The button carries what the form needs (the channel of the check-in, its questions and
the suggested answers, cut to fit Slack's 2000-character value), so a click opens the form
within the trigger's 3 seconds without a database read. A submission runs
`StandupAnswer` as the submitter while Slack waits (up to `SUBMIT_BUDGET`): a refusal
comes back inline on the first field; a slower core closes the form and the answer
arrives as a DM. Both requests go through the request inbox like every other one."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pydantic import ValidationError
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import Block, actions, button, plain
from adapters.slack.render import render
from adapters.slack.runtime import SlackRuntime, log, received_at, reply, team_of
from core.bus import ErrorReply
from core.errors import invalid_input
from core.notifications import Kind, Notification
from core.standup.commands import StandupAnswer
from core.standup.model import ANSWER_MAX, MAX_QUESTIONS

ANSWER = "standup_answer"
MODAL = "standup_answer_modal"
VALUE_MAX = 2000
SUBMIT_BUDGET = 2.3
_FIELD = "answer"


def _value(channel: str, questions: list[str], prefill: list[str]) -> str:
    """The button's value, within Slack's limit: the suggestions are cut first."""
    cut = 600
    while True:
        raw = json.dumps({"c": channel, "q": questions, "p": [p[:cut] for p in prefill]},
                         separators=(",", ":"))
        if len(raw) <= VALUE_MAX or cut == 0:
            return raw[:VALUE_MAX]
        cut //= 2


def answer_blocks(note: Notification) -> list[Block]:
    """The "Answer" button of a questions DM (nothing for other notifications)."""
    extra = note.extra
    if note.kind is not Kind.STANDUP or extra.get("standup") != "ask":
        return []
    questions = [str(q) for q in extra.get("questions") or []][:MAX_QUESTIONS]
    prefill = [str(p) for p in extra.get("prefill") or []][:MAX_QUESTIONS]
    value = _value(str(extra.get("channel_id") or ""), questions, prefill)
    return [actions([button("Answer", ANSWER, value, style="primary")],
                    block_id="standup_actions")]


def read_value(raw: str) -> tuple[str, list[str], list[str]]:
    """(channel, questions, suggestions) from a button value; ValueError if not ours."""
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not a check-in button")
    questions = [str(q) for q in data.get("q") or []][:MAX_QUESTIONS]
    prefill = [str(p) for p in data.get("p") or []]
    if not questions:
        raise ValueError("no questions")
    return str(data.get("c") or ""), questions, prefill


def answer_modal(channel: str, team: str, questions: list[str],
                 prefill: list[str]) -> dict[str, Any]:
    blocks = []
    for i, q in enumerate(questions):
        element: dict[str, Any] = {"type": "plain_text_input", "action_id": _FIELD,
                                   "multiline": True, "max_length": ANSWER_MAX}
        if i < len(prefill) and prefill[i]:
            element["initial_value"] = prefill[i][:ANSWER_MAX]
        blocks.append({"type": "input", "block_id": f"q{i}", "optional": True,
                       "label": plain(q, 2000), "element": element})
    return {"type": "modal", "callback_id": MODAL, "title": plain("Check-in", 24),
            "submit": plain("Send", 24), "close": plain("Cancel", 24),
            "private_metadata": json.dumps({"c": channel, "t": team})[:3000],
            "blocks": blocks}


def answers_of(view: dict[str, Any]) -> tuple[str, ...]:
    values = (view.get("state") or {}).get("values") or {}
    out = []
    for i in range(MAX_QUESTIONS):
        block = values.get(f"q{i}")
        if block is None:
            break
        out.append(str((block.get(_FIELD) or {}).get("value") or ""))
    return tuple(out)


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    @app.action(ANSWER)
    async def on_answer(ack: Any, body: dict[str, Any], action: dict[str, Any],
                        client: AsyncWebClient, context: Any) -> None:
        await ack()
        try:
            channel, questions, prefill = read_value(str(action.get("value") or ""))
        except (ValueError, TypeError):
            log.warning("unreadable check-in button %r", action.get("value"))
            return
        team = team_of(body, context)
        await client.views_open(trigger_id=body["trigger_id"],
                                view=answer_modal(channel, team, questions, prefill))

    @app.view(MODAL)
    async def on_submit(ack: Any, body: dict[str, Any], view: dict[str, Any],
                        client: AsyncWebClient, context: Any) -> None:
        started = received_at(context)
        loop = asyncio.get_running_loop()
        team, user = team_of(body, context), str(body["user"]["id"])
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
            stale = not isinstance(meta, dict) or meta.get("t") != team
        except ValueError:
            meta, stale = {}, True
        if stale:
            await ack(response_action="errors",
                      errors={"q0": "This form is out of date; use /standup answer."})
            return
        try:
            command = StandupAnswer(answers=answers_of(view),
                                    channel_id=str(meta.get("c") or "") or None)
        except ValidationError as err:
            await ack(response_action="errors", errors={"q0": invalid_input(err).reason[:150]})
            return
        ctx = await runtime.context(client, team, user, None, lookup=False)
        work = asyncio.ensure_future(runtime.execute(ctx, command))
        done, _ = await asyncio.wait({work}, timeout=max(0.05, SUBMIT_BUDGET -
                                                         (loop.time() - started)))
        refused = work.result() if done else None
        if isinstance(refused, ErrorReply):
            await ack(response_action="errors", errors={"q0": refused.reason[:150]})
            return
        await ack()
        result = await work
        await reply(None, client, render(result), None, user)

