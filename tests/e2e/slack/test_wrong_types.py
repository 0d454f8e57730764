"""Every field of every kind of request Slack sends, replaced by a value of the wrong type
(signed, over HTTP to the real bolt app): never a 500, never an error log record. Found
the fields bolt itself reads before any listener (`authorizations`, `response_urls`,
`enterprise`, an event's `channel`)."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest

from adapters.slack import cards
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import FORM, SlackWorld, slack_world
from tests.e2e.slack.test_hostile import no_tracebacks

WRONG: list[Any] = [None, 7, "x", [], ["a"], {"id": 5}, True, "U" * 40]
EXTRA_KEYS = ["authorizations", "response_urls", "enterprise", "channel_id", "user_id",
              "team_id", "function_data", "is_enterprise_install"]


def _payload(form: str) -> dict[str, Any]:
    return dict(json.loads(parse_qs(form)["payload"][0]))


async def _bases(w: SlackWorld) -> dict[str, dict[str, Any]]:
    await w.slash("")
    [opened] = await w.fake.await_for("views.open")
    view = opened.view()
    url = w.fake.response_url()
    return {
        "block_actions": _payload(payloads.block_actions(
            "U0ANA", payloads.button(cards.DONE, "1"), channel="C0GENERAL",
            message_ts="1700000001.000100", response_url=url)),
        "view_submission": _payload(payloads.view_submission(
            "U0ANA", view, payloads.input_values(title="t"))),
        "block_suggestion": _payload(payloads.block_suggestion("U0ANA", view, "blocked_by",
                                                               "x")),
        "message_action": _payload(payloads.message_shortcut("U0ANA", "C0GENERAL", "hi",
                                                             "1700000001.000100", url)),
        "event": json.loads(payloads.event(payloads.home_opened("U0ANA"))),
    }


def _variants(bases: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for kind, base in bases.items():
        for key in [*base, *EXTRA_KEYS]:
            out += [(f"{kind}.{key}={bad!r:.12}", base | {key: bad}) for bad in WRONG]
        inner = "event" if kind == "event" else "view" if "view" in base else None
        if inner:
            for key in base[inner]:
                out += [(f"{kind}.{inner}.{key}={bad!r:.12}",
                         base | {inner: base[inner] | {key: bad}}) for bad in WRONG]
    return out


def test_wrong_types_anywhere_never_500(tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    seen: dict[int, int] = {}

    async def story() -> None:
        async with slack_world(tmp_path) as w:
            for n, (name, data) in enumerate(_variants(await _bases(w))):
                data = data | {"x_case": n}  # every body (and signature) distinct
                if name.startswith("event"):
                    resp = await w.post(json.dumps(data), "application/json")
                else:
                    resp = await w.post(urlencode({"payload": json.dumps(data)}), FORM)
                assert resp.status < 500, (name, resp.status)
                seen[resp.status] = seen.get(resp.status, 0) + 1
            await w.settle(0.5)

    asyncio.run(story())
    no_tracebacks(caplog)
    assert seen.get(400, 0) > 100 and 401 not in seen, seen
