"""Signed requests Slack never sends, table-driven, over HTTP to the real bolt app: each
gets a 400 (one log line) or a friendly answer on the user's screen, never a 500, a
traceback or an un-acked 3 s wait. And the tenant pins: a form or a request naming
another workspace is refused and creates nothing."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlencode

import pytest
from sqlalchemy import create_engine, text

from adapters.slack import cards
from tests.e2e.fakes.slack_api import TEAM_ID
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import FORM, SlackWorld, run_in_world, slack_world
from tests.e2e.slack.test_hostile import no_tracebacks, tasks


def _as_form(payload: Any) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _base_click(value: str = "1") -> dict[str, Any]:
    form = payloads.block_actions("U0ANA", payloads.button(cards.DONE, value),
                                  channel="C0GENERAL", message_ts="1700000001.000100",
                                  response_url="http://127.0.0.1:9/response/x")
    return dict(json.loads(parse_qs(form)["payload"][0]))


def _slash_without(key: str) -> str:
    form = dict(parse_qsl(payloads.slash("/task", "add x", "U0ANA", "C0GENERAL",
                                         "http://127.0.0.1:9/response/x")))
    form.pop(key)
    return urlencode(form)


def _with(**changes: Any) -> str:
    return _as_form(_base_click() | changes)


def _action(**changes: Any) -> str:
    click = _base_click()
    click["actions"] = [click["actions"][0] | changes]
    return _as_form(click)


BAD_REQUESTS: list[tuple[str, str]] = [
    ("payload=[]", "payload=" + quote("[]")),
    ("payload=null", "payload=null"),
    ("payload=7", "payload=7"),
    ("actions: []", _with(actions=[])),
    ("actions: null", _with(actions=None)),
    ("action not an object", _with(actions=["task_done"])),
    ("integer action_id", _action(action_id=7)),
    ("integer value", _action(value=12)),
    ("user as a string", _with(user="U0ANA")),
    ("user without id", _with(user={"name": "ana"})),
    ("team as a list", _with(team=["T0TEAM001"])),
    ("channel id too long", _with(channel={"id": "C" * 5000})),
    ("no type", _with(type=None)),
    ("unknown type", _with(type="dialog_submission")),
    ("slash without user_id", _slash_without("user_id")),
    ("slash without trigger_id", _slash_without("trigger_id")),
    ("slash without response_url", _slash_without("response_url")),
    ("slash without team_id", _slash_without("team_id")),
    ("view_submission without view", _with(type="view_submission", actions=None)),
    ("view.state.values a list", _with(type="view_submission", view={
        "id": "V1", "callback_id": "task_modal", "state": {"values": []}})),
    ("event without event", json.dumps({"type": "event_callback", "team_id": TEAM_ID,
                                        "event_id": "Ev1"})),
    ("event user a list", payloads.event({"type": "app_home_opened", "user": ["U0ANA"]})),
]


@pytest.mark.parametrize(("name", "body"), BAD_REQUESTS, ids=[n for n, _ in BAD_REQUESTS])
def test_signed_malformed_request_gets_400(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                           name: str, body: str) -> None:
    caplog.set_level(logging.INFO)

    async def story() -> None:
        async with slack_world(tmp_path) as w:
            ctype = "application/json" if body.startswith("{") else FORM
            resp = await w.post(body, ctype)
            assert resp.status == 400, (name, resp.status)  # at once: no 3 s wait, no 404
            await w.settle(0.1)
            assert not w.fake.calls("chat.postMessage") and tasks(w) == 0

    asyncio.run(story())
    no_tracebacks(caplog)
    refusals = [r for r in caplog.records if "refused a Slack request" in r.getMessage()]
    assert len(refusals) == 1  # one line for a client error


async def _opened_form(w: SlackWorld) -> dict[str, Any]:
    assert (await w.slash("")).status == 200
    [opened] = await w.fake.await_for("views.open")
    w.fake.clear()
    return opened.view()


FORM_ERRORS: list[tuple[str, dict[str, Any], str]] = [
    ("title a number", {"title": {"value": {"type": "plain_text_input", "value": 7}}}, "title"),
    ("date not a date", {"due_date": {"value": {"selected_date": "next-ish"}}}, "due_date"),
    ("time not a time", {"due_date": {"value": {"selected_date": "2099-01-01"}},
                         "due_time": {"value": {"selected_time": "25:99"}}}, "due_time"),
    ("priority unknown", {"priority": {"value": {"selected_option": {"value": "!!"}}}},
     "priority"),
    ("blocked_by 30 nines", {"blocked_by": {"blocked_by": {"selected_options": [
        {"value": "9" * 30}]}}}, "blocked_by"),
    ("blocked_by not digits", {"blocked_by": {"blocked_by": {"selected_options": [
        {"value": "\u0661\u0662"}]}}}, "blocked_by"),
    ("assignee id too long", {"assignee": {"value": {"selected_user": "U" * 300}}},
     "assignee"),
    ("project too long", {"project": {"project": {"selected_option": {"value": "p" * 500}}}},
     "project"),
]


def test_bad_form_values_get_inline_errors_and_save_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    async def story() -> None:
        async with slack_world(tmp_path) as w:
            view = await _opened_form(w)
            for name, changes, field in FORM_ERRORS:
                values = payloads.input_values(title="Fine title") | changes
                answer = await w.ask(payloads.view_submission("U0ANA", view, values))
                assert answer.get("response_action") == "errors", (name, answer)
                assert field in answer["errors"], (name, answer)
            for name, meta in (("garbage", "{not json"), ("a list", "[1]"),
                               ("another workspace", json.dumps(
                                   json.loads(view["private_metadata"])
                                   | {"team": "T0OTHER", "channel": "C0OTHER"})),
                               ("no team", json.dumps({"mode": "create",
                                                       "channel": "C0OTHER"})),
                               ("edit of a 30-digit task", json.dumps(
                                   json.loads(view["private_metadata"])
                                   | {"mode": "edit", "number": "9" * 30}))):
                values = payloads.input_values(title="Sneaky")
                answer = await w.ask(payloads.view_submission(
                    "U0ANA", view | {"private_metadata": meta}, values))
                assert answer.get("response_action") == "errors", (name, answer)
                assert "another workspace" in answer["errors"]["title"], name
            await w.settle(0.2)
            assert tasks(w) == 0 and not w.fake.calls("chat.postMessage")
            # the untouched form still works
            answer = await w.ask(payloads.view_submission(
                "U0ANA", view, payloads.input_values(title="Real one")))
            assert answer == {}
            await w.fake.await_for("chat.postMessage")
            assert tasks(w) == 1

    asyncio.run(story())
    no_tracebacks(caplog)


def test_out_of_range_button_gets_a_clear_refusal(tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    async def story() -> None:
        async with slack_world(tmp_path) as w:
            values = ("9" * 30, "-1", "0", "1e5", "\u0661", "done:" + "9" * 30)
            for n, value in enumerate(values, 1):
                action = (payloads.overflow(cards.CARD_ACTIONS[-1], value) if ":" in value
                          else payloads.button(cards.DONE, value))
                body = payloads.block_actions("U0ANA", action, channel="C0GENERAL",
                                              message_ts="1700000001.000100",
                                              response_url=w.fake.response_url(f"b{n}"))
                assert (await w.post(body)).status == 200
                assert len(await w.fake.await_for("response_url", n)) == n
            answers = w.fake.calls("response_url")
            assert len(answers) == len(values)
            for call in answers:
                assert "does not point at a task" in call.dumped()
                assert "Something went wrong" not in call.dumped()

    asyncio.run(story())
    no_tracebacks(caplog)


async def other_workspace(w: SlackWorld) -> None:
    """Also run on PostgreSQL (tests/integration/test_slack_hostile_postgres.py)."""
    view = await _opened_form(w)
    for team, status in (("T0OTHER", 403), ("", 400), ("T" * 5000, 400), ("t0team001", 400)):
        body = payloads.slash("/task", "add Cross tenant", "U0ANA", "C0GENERAL",
                              w.fake.response_url()).replace(TEAM_ID, quote(team))
        assert (await w.post(body)).status == status, team
    click = _base_click() | {"team": {"id": "T0OTHER"},
                             "user": {"id": "U0ANA", "team_id": "T0OTHER"}}
    assert (await w.post(_as_form(click))).status == 403
    # a form whose view was installed in another workspace
    body = payloads.view_submission("U0ANA", view, payloads.input_values(title="Sneaky"))
    assert (await w.post(body.replace("app_installed_team_id%22%3A+%22T0TEAM001",
                                      "app_installed_team_id%22%3A+%22T0OTHER"))
            ).status == 403
    event = payloads.event(payloads.home_opened("U0ANA")).replace(TEAM_ID, "T0OTHER")
    assert (await w.post(event, "application/json")).status == 403
    await w.settle(0.2)
    assert tasks(w) == 0 and not w.fake.calls("chat.postMessage")
    assert not w.fake.calls("views.publish")
    assert len(w.fake.calls("auth.test")) <= 2  # asked once, kept
    engine = create_engine(w.service.engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            teams = conn.execute(text("SELECT workspace_id FROM tenants")).scalars()
            assert set(teams) <= {TEAM_ID}
    finally:
        engine.dispose()


def test_requests_of_another_workspace_are_refused_and_create_nothing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    run_in_world(tmp_path, other_workspace)
    no_tracebacks(caplog)
