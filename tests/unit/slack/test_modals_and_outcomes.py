"""The modal's form reading and diffing, action decoding, and how Slack API failures map to
delivery outcomes (a 429 must come back as RETRY with Slack's Retry-After)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from adapters.slack.actions import decode
from adapters.slack.modals import (
    Meta,
    _sha,
    edit_commands,
    field_for,
    orig_of,
    read_form,
    task_modal,
)
from adapters.slack.notifier import outcome_for_error
from core.commands import AssignTask, Depend, EditTask, SetDue, Undepend
from core.model import Priority, Status
from core.ports import DeliveryStatus
from core.results import TaskRefView, TaskView
from tests.e2e.slack.payloads import input_values

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


def _values(**fields: Any) -> dict[str, Any]:
    return input_values(**fields)


def test_read_form_checks_title_and_dates_locally() -> None:
    form, errors = read_form(_values(title="  "), "UTC", NOW, creating=True)
    assert form is None and set(errors) == {"title"}
    _, errors = read_form(_values(title="x" * 201), "UTC", NOW, creating=True)
    assert "200" in errors["title"]
    _, errors = read_form(_values(title="ok", due_time="10:00"), "UTC", NOW, creating=True)
    assert set(errors) == {"due_date"}
    _, errors = read_form(_values(title="ok", due_date="2026-11-01"), "UTC", NOW, True)
    assert "past" in errors["due_date"]
    form, errors = read_form(_values(title="Ship  it", due_date="2026-12-01",
                                     priority="urgent", blocked_by=[3, 4], project="launch",
                                     assignee="U0BO"), "America/New_York", NOW, True)
    assert form is not None and not errors
    assert form.title == "Ship it" and form.priority is Priority.URGENT
    assert form.due_at == dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.UTC)  # 17:00 New York
    assert form.blocked_by == (3, 4) and form.project == "launch"


def test_edit_sends_only_what_changed() -> None:
    orig = {"title": "Old", "description_sha": _sha(None), "assignee": "U0ANA", "due": None,
            "priority": "normal", "project": None, "blocked_by": [1, 2]}
    form, _ = read_form(_values(title="New", assignee="U0BO", due_date="2026-12-01",
                                blocked_by=[2, 5]), "UTC", NOW, creating=False)
    assert form is not None
    commands = edit_commands(7, form, orig)
    assert [type(c) for c in commands] == [EditTask, SetDue, AssignTask, Depend, Undepend]
    assert commands[0] == EditTask(number=7, title="New")
    assert commands[3] == Depend(number=7, on=(5,)) and commands[4] == Undepend(number=7, on=(1,))
    same, _ = read_form(_values(title="Old", assignee="U0ANA", blocked_by=[1, 2]), "UTC", NOW,
                        creating=False)
    assert same is not None and edit_commands(7, same, orig) == []


def test_core_refusals_land_on_their_field() -> None:
    assert field_for("There is no project “nope”.") == "project"
    assert field_for("That would make a cycle: #1 -> #2 -> #1") == "blocked_by"
    assert field_for("I can't read that date.") == "due_date"
    assert field_for("Something else") == "title"


def test_modal_metadata_round_trips_within_the_limit() -> None:
    task = TaskView(number=4, title="t" * 200, status=Status.OPEN, priority=Priority.LOW,
                    description="d" * 4000, project="p" * 100,
                    blocked_by=tuple(TaskRefView(number=n, title="b" * 200, status=Status.OPEN)
                                     for n in range(1000, 1100)))
    meta = Meta(mode="edit", number=4, channel_id="C1", card={"channel": "C1", "ts": "1.2"},
                orig=orig_of(task), team="T0TEAM001")
    view = task_modal(meta, task=task)
    assert len(view["private_metadata"]) <= 3000
    back = Meta.load(view["private_metadata"], "T0TEAM001")
    assert back is not None
    assert (back.mode, back.number, back.card) == ("edit", 4, {"channel": "C1", "ts": "1.2"})
    assert len(view["title"]["text"]) <= 24 and len(view["blocks"]) <= 100
    # submitting the untouched form changes nothing, though the description was cut to show
    shown = view["blocks"][1]["element"]["initial_value"]
    form, _ = read_form(_values(title="t" * 200, description=shown, priority="low",
                                blocked_by=range(1000, 1100)), "UTC", NOW, creating=False)
    assert form is not None and edit_commands(4, form, back.orig) == []


def test_decode_buttons_and_menus() -> None:
    assert decode({"action_id": "task_done", "value": "12"}) == ("done", 12, "")
    assert decode({"action_id": "task_more", "selected_option": {"value": "drop:3"}}) == (
        "drop", 3, "")
    assert decode({"action_id": "task_snooze",
                   "selected_option": {"value": "snooze:3:tomorrow 9am"}}) == (
        "snooze", 3, "tomorrow 9am")


def _error(status: int, error: str, headers: dict[str, str] | None = None) -> SlackApiError:
    resp = AsyncSlackResponse(client=None, http_verb="POST", api_url="x", req_args={},  # type: ignore[arg-type]
                              data={"ok": False, "error": error}, headers=headers or {},
                              status_code=status)
    return SlackApiError("failed", resp)


def test_slack_errors_map_to_delivery_outcomes() -> None:
    limited = outcome_for_error(_error(429, "ratelimited", {"Retry-After": "7"}), is_dm=True)
    assert limited.status is DeliveryStatus.RETRY and limited.retry_after == 7.0
    assert outcome_for_error(_error(500, "internal_error"), True).status is DeliveryStatus.RETRY
    assert outcome_for_error(_error(200, "cannot_dm_bot"), True).status is (
        DeliveryStatus.UNREACHABLE)
    assert outcome_for_error(_error(200, "channel_not_found"), False).status is (
        DeliveryStatus.FAILED)
    assert outcome_for_error(_error(200, "invalid_auth"), True).status is DeliveryStatus.FAILED


def test_garbled_or_foreign_metadata_is_refused() -> None:
    good = Meta(mode="edit", number=3, channel_id="C1", team="T1").dump()
    assert Meta.load(good, "T1") is not None
    assert Meta.load(good, "T2") is None  # a form of another workspace
    for raw in ("{not json", "[1, 2]", "", None, 7, "[" * 5000,
                '{"team": "T1", "mode": "edit", "number": "9999999999999999999999999"}',
                '{"team": "T1", "mode": "edit", "number": true}',
                '{"team": "T1", "mode": "edit"}', '{"team": "T1", "channel": "c-1<x>"}',
                '{"team": "T1", "card": {"channel": "C1"}}', '{"team": "T1", "orig": []}',
                '{"team": "T1", "mode": "delete"}'):
        assert Meta.load(raw, "T1") is None, raw
