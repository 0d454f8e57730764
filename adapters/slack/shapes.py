"""What a verified request must look like before bolt and our listeners read it.

Slack never sends `payload=[]`, a `user` that is a string, an empty `actions` list or an
integer `action_id`; bolt and the listeners index such fields directly, so a signed body
of the wrong shape would end in a 500 and a traceback (or an un-acked 3 s wait). `check`
names the first thing wrong, and the gate answers 400 with one log line instead. Ids are
bounded to Slack's own form (upper-case letters and digits), so nothing longer than the
database's columns gets further."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from core.grammar.tokens import MAX_TASK_NUMBER
from core.text import ascii_int

_ID = re.compile(r"[A-Z0-9]{1,32}")
MAX_TEXT = 40_000  # characters of one string field we accept at all


class Malformed(ValueError):
    """The body is not a request Slack sends; the message says which field."""


def parse(body: str, content_type: str) -> dict[str, Any]:
    """The body as bolt reads it (`slack_bolt.request.internals.parse_body`), checked to be
    an object: JSON for events, a form for commands, a form with `payload=` JSON for
    interactivity."""
    try:
        if content_type == "application/json" or body.startswith("{"):
            data: Any = json.loads(body)
        else:
            form = dict(parse_qsl(body, keep_blank_values=True))
            data = json.loads(form["payload"]) if "payload" in form else form
    except RecursionError:
        raise Malformed("JSON nested too deeply") from None
    except ValueError as err:
        raise Malformed(f"unreadable body ({type(err).__name__})") from None
    if not isinstance(data, dict):
        raise Malformed(f"body is a JSON {type(data).__name__}, not an object")
    return data


def task_number(raw: Any) -> int | None:
    """A task number from a button value, a menu option or form metadata: 1 to
    MAX_TASK_NUMBER written in ASCII digits (or an int), else None. `"9" * 30` is None,
    never a 30-digit int on its way to an INTEGER column."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 1 <= raw <= MAX_TASK_NUMBER else None
    if not isinstance(raw, str):
        return None
    return ascii_int(raw.removeprefix("#"), 1, MAX_TASK_NUMBER)


def is_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _id(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not is_id(value):
        raise Malformed(f"{where}{key} is not a Slack id")
    return str(value)


def _text(data: dict[str, Any], key: str, where: str = "", required: bool = True) -> None:
    value = data.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise Malformed(f"{where}{key} is missing or not a string")


def _obj(data: dict[str, Any], key: str, where: str = "",
         required: bool = True) -> dict[str, Any]:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise Malformed(f"{where}{key} is missing or not an object")
    return value


def team_of(data: dict[str, Any]) -> str | None:
    """The request's workspace as Slack states it (None when it names none)."""
    team = data.get("team_id")
    if team is None and isinstance(data.get("team"), dict):
        team = data["team"].get("id")
    if team is None and isinstance(data.get("user"), dict):
        team = data["user"].get("team_id")
    return team if isinstance(team, str) else None


def check(data: dict[str, Any]) -> None:
    """Raise `Malformed` unless `data` has the shape of a request Slack sends."""
    kind = data.get("type")
    if "command" in data:
        return _slash(data)
    if not isinstance(kind, str):
        raise Malformed("no type")
    _read_by_bolt(data)
    if kind == "url_verification":
        return _text(data, "challenge")
    if kind == "event_callback":
        return _event(data)
    if kind in ("app_rate_limited",):
        return None
    _common(data)
    if kind == "block_actions":
        return _actions(data)
    if kind in ("view_submission", "view_closed"):
        return _view(data, required=True)
    if kind == "block_suggestion":
        _text(data, "action_id")
        _text(data, "value")
        return _view(data, required=False)
    if kind in ("shortcut", "message_action"):
        _text(data, "callback_id")
        _text(data, "trigger_id")
        if kind == "message_action":
            _id(_obj(data, "channel"), "id", "channel.")
            _text(_obj(data, "message"), "ts", "message.")
        return None
    raise Malformed(f"unsupported type {kind[:40]!r}")


def _slash(data: dict[str, Any]) -> None:
    for key in ("team_id", "user_id", "channel_id"):
        _id(data, key, "")
    for key in ("command", "trigger_id", "response_url"):
        _text(data, key)
    _url(data["response_url"], "response_url")
    if data.get("enterprise_id"):
        _id(data, "enterprise_id", "")
    _text(data, "text", required=False)


def _event(data: dict[str, Any]) -> None:
    _id(data, "team_id", "")
    _text(data, "event_id")
    event = _obj(data, "event")
    _text(event, "type", "event.")
    if "user" in event and not is_id(event["user"]) and not isinstance(event["user"], dict):
        raise Malformed("event.user is not a Slack id")
    _channel(event, "event.")


def _read_by_bolt(data: dict[str, Any]) -> None:
    """The fields bolt reads from every request before a listener runs
    (`slack_bolt.request.internals`), in the types it assumes."""
    auths = data.get("authorizations")
    if auths is not None:
        if not isinstance(auths, list) or not all(isinstance(a, dict) for a in auths):
            raise Malformed("authorizations is not a list of objects")
        for auth in auths:
            for key in ("team_id", "enterprise_id", "user_id"):
                if auth.get(key) is not None:
                    _id(auth, key, "authorizations.")
    enterprise = data.get("enterprise")
    if enterprise is not None and not (is_id(enterprise) or (
            isinstance(enterprise, dict) and is_id(enterprise.get("id")))):
        raise Malformed("enterprise is not a Slack id")
    for key in ("team_id", "enterprise_id", "user_id", "channel_id"):
        if data.get(key) is not None:
            _id(data, key, "")
    _channel(data, "")
    _url(data.get("response_url"), "response_url")
    if "response_urls" in data:  # bolt takes len() of it when present
        urls = data["response_urls"]
        if not isinstance(urls, list) or not all(isinstance(u, dict) for u in urls):
            raise Malformed("response_urls is not a list of objects")
        for entry in urls:
            _url(entry.get("response_url"), "response_urls.response_url")


def _channel(data: dict[str, Any], where: str) -> None:
    channel = data.get("channel")
    if channel is None or is_id(channel):
        return
    if not isinstance(channel, dict) or not is_id(channel.get("id")):
        raise Malformed(f"{where}channel is not a Slack channel")


def _url(value: Any, name: str) -> None:
    if value is None:
        return
    if not (isinstance(value, str) and value.startswith(("https://", "http://"))
            and len(value) <= 2000):
        raise Malformed(f"{name} is not a URL")


def _common(data: dict[str, Any]) -> None:
    user = _obj(data, "user")
    _id(user, "id", "user.")
    team = data.get("team")
    if team is not None:
        _id(_obj(data, "team"), "id", "team.")
    for key in ("container", "message"):
        _obj(data, key, required=False)
    container = data.get("container")
    if isinstance(container, dict) and container.get("channel_id") is not None:
        _id(container, "channel_id", "container.")
    _text(data, "trigger_id", required=data.get("type") != "block_suggestion")


def _actions(data: dict[str, Any]) -> None:
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise Malformed("actions is not a non-empty list")
    for action in actions:
        if not isinstance(action, dict):
            raise Malformed("an action is not an object")
        _text(action, "action_id", "action.")
        _text(action, "value", "action.", required=False)
        option = action.get("selected_option")
        if option is not None:
            _text(_obj(action, "selected_option", "action."), "value", "selected_option.")
    if data.get("view") is not None:
        _view(data, required=False)


def _view(data: dict[str, Any], required: bool) -> None:
    view = _obj(data, "view", required=required)
    if not view:
        return
    _text(view, "private_metadata", "view.", required=False)
    _text(view, "callback_id", "view.", required=False)
    for key in ("team_id", "app_installed_team_id"):
        if view.get(key) is not None:
            _id(view, key, "view.")
    state = _obj(view, "state", "view.", required=False)
    values = _obj(state, "values", "view.state.", required=False)
    for block in values.values():
        if not isinstance(block, dict) or not all(isinstance(v, dict) for v in block.values()):
            raise Malformed("view.state.values is not blocks of actions")
