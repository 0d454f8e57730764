"""Slack request bodies in their real shapes (slash command form bodies, interactivity
`payload=` forms, Events API JSON) and request signing, for the e2e tests and the bench."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from tests.e2e.fakes.slack_api import APP_ID, TEAM_ID

_ids = itertools.count(1)


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's headers: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def slash(command: str, text: str, user: str, channel: str, response_url: str) -> str:
    n = next(_ids)
    return urlencode({
        "token": "verification-token-unused", "team_id": TEAM_ID, "team_domain": "taskbot-test",
        "channel_id": channel, "channel_name": "general", "user_id": user,
        "user_name": user.lower(), "command": command, "text": text, "api_app_id": APP_ID,
        "is_enterprise_install": "false", "response_url": response_url,
        "trigger_id": f"{n}.{n}.trigger{n}",
    })


def _form(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _user(user: str) -> dict[str, Any]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM_ID}


def block_actions(user: str, action: dict[str, Any], *, channel: str, message_ts: str,
                  response_url: str, is_ephemeral: bool = False,
                  message_blocks: list[dict[str, Any]] | None = None) -> str:
    """A click on a message. Slack echoes the clicked message, blocks included
    (`message_blocks`); a DM's channel (`D...`) is named "directmessage"."""
    n = next(_ids)
    return _form({
        "type": "block_actions", "user": _user(user), "api_app_id": APP_ID,
        "token": "unused", "trigger_id": f"{n}.{n}.trigger{n}",
        "team": {"id": TEAM_ID, "domain": "taskbot-test"}, "enterprise": None,
        "is_enterprise_install": False,
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "is_ephemeral": is_ephemeral},
        "channel": {"id": channel,
                    "name": "directmessage" if channel.startswith("D") else "general"},
        "message": {"type": "message", "ts": message_ts, "user": "U0BOT0001",
                    "bot_id": "B0BOT0001", "text": "", "blocks": message_blocks or []},
        "response_url": response_url,
        "actions": [{**action, "block_id": action.get("block_id", "b1"),
                     "action_ts": f"{time.time():.6f}"}],
        "state": {"values": {}},
    })


def home_actions(user: str, action: dict[str, Any], view_id: str = "V0HOME") -> str:
    """A click on the App Home tab: the container is the view; no channel, no response_url."""
    n = next(_ids)
    return _form({
        "type": "block_actions", "user": _user(user), "api_app_id": APP_ID, "token": "unused",
        "trigger_id": f"{n}.{n}.trigger{n}", "team": {"id": TEAM_ID, "domain": "taskbot-test"},
        "enterprise": None, "is_enterprise_install": False,
        "container": {"type": "view", "view_id": view_id},
        "view": {"id": view_id, "type": "home", "team_id": TEAM_ID, "blocks": [],
                 "private_metadata": "", "callback_id": "", "state": {"values": {}},
                 "hash": "1700000000.home", "app_id": APP_ID},
        "actions": [{**action, "block_id": action.get("block_id", "b1"),
                     "action_ts": f"{time.time():.6f}"}],
    })


def button(action_id: str, value: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "value": value,
            "text": {"type": "plain_text", "text": action_id}}


def overflow(action_id: str, value: str) -> dict[str, Any]:
    return {"type": "overflow", "action_id": action_id,
            "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}}


def view_submission(user: str, view: dict[str, Any], values: dict[str, Any]) -> str:
    n = next(_ids)
    submitted = {"app_installed_team_id": TEAM_ID, **view, "id": view.get("id", "V0000001"),
                 "team_id": TEAM_ID,
                 "state": {"values": values}, "hash": "1700000000.abc", "app_id": APP_ID}
    return _form({
        "type": "view_submission", "team": {"id": TEAM_ID, "domain": "taskbot-test"},
        "user": _user(user), "api_app_id": APP_ID, "token": "unused",
        "trigger_id": f"{n}.{n}.trigger{n}", "view": submitted, "response_urls": [],
        "is_enterprise_install": False, "enterprise": None,
    })


def block_suggestion(user: str, view: dict[str, Any], action_id: str, value: str) -> str:
    return _form({
        "type": "block_suggestion", "user": _user(user), "container": {"type": "view",
                                                                      "view_id": "V0000001"},
        "api_app_id": APP_ID, "token": "unused", "action_id": action_id,
        "block_id": action_id, "value": value, "team": {"id": TEAM_ID, "domain": "x"},
        "view": {**view, "id": "V0000001", "team_id": TEAM_ID}, "enterprise": None,
        "is_enterprise_install": False,
    })


def message_shortcut(user: str, channel: str, text: str, ts: str, response_url: str) -> str:
    n = next(_ids)
    return _form({
        "type": "message_action", "token": "unused", "action_ts": f"{time.time():.6f}",
        "team": {"id": TEAM_ID, "domain": "taskbot-test"}, "user": _user(user),
        "channel": {"id": channel, "name": "general"}, "is_enterprise_install": False,
        "enterprise": None, "callback_id": "create_task_from_message",
        "trigger_id": f"{n}.{n}.trigger{n}", "response_url": response_url,
        "message_ts": ts, "message": {"type": "message", "user": "U0CAROL", "text": text,
                                      "ts": ts},
    })


def event(event: dict[str, Any], event_id: str | None = None) -> str:
    return json.dumps({
        "token": "unused", "team_id": TEAM_ID, "api_app_id": APP_ID, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": "U0BOT0001",
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    })


def home_opened(user: str) -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
            "event_ts": f"{time.time():.6f}"}


def input_values(**fields: Any) -> dict[str, Any]:
    """view.state.values for the task modal from simple keyword values."""
    values: dict[str, Any] = {
        "title": {"value": {"type": "plain_text_input", "value": fields.get("title")}},
        "description": {"value": {"type": "plain_text_input",
                                  "value": fields.get("description")}},
        "assignee": {"value": {"type": "users_select",
                               "selected_user": fields.get("assignee")}},
        "due_date": {"value": {"type": "datepicker", "selected_date": fields.get("due_date")}},
        "due_time": {"value": {"type": "timepicker", "selected_time": fields.get("due_time")}},
        "priority": {"value": {"type": "static_select", "selected_option": {
            "text": {"type": "plain_text", "text": fields.get("priority", "normal")},
            "value": fields.get("priority", "normal")}}},
        "project": {"project": {"type": "external_select", "selected_option": None}},
        "blocked_by": {"blocked_by": {"type": "multi_external_select", "selected_options": [
            {"text": {"type": "plain_text", "text": f"#{n}"}, "value": str(n)}
            for n in fields.get("blocked_by", ())]}},
    }
    if fields.get("project"):
        values["project"]["project"]["selected_option"] = {
            "text": {"type": "plain_text", "text": fields["project"]}, "value": fields["project"]}
    return values
