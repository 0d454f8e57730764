"""Every interaction gets a valid answer: raw payloads discord.py can't route or read,
autocompletes that can only be answered with choices, foreign and re-sent forms. Client
errors are one log line, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.discord.harness import Harness, run
from tests.e2e.fakes.discord_payloads import modal_submit, option, slash_command

EPHEMERAL = 64
EMPTY_AUTOCOMPLETE = {"type": 8, "data": {"choices": []}}


async def _send(h: Harness, payload: dict[str, Any]) -> dict[str, Any]:
    await h.fake.interact(payload)
    call = await h.fake.wait_for_callback(payload)
    return dict(call.json)


def _private(answer: dict[str, Any]) -> str:
    assert answer["type"] == 4, answer
    assert answer["data"]["flags"] & EPHEMERAL
    return str(answer["data"]["content"])


def _command(h: Harness, sub: str, options: Any, *, autocomplete: bool = False,
             group: str = "task", resolved: Any = None) -> dict[str, Any]:
    payload = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                            group=group, sub=sub, autocomplete=autocomplete)
    payload["data"]["options"][0]["options"] = options
    if resolved is not None:
        payload["data"]["resolved"] = resolved
    return payload


def test_every_odd_interaction_gets_a_valid_answer(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)

    async def scenario(h: Harness) -> None:
        await h.start_bot()
        await h.slash("ana", "task", "add", title="First")

        # Autocomplete: focused on an option without autocomplete, on an unknown option,
        # and with nothing focused: always choices (type 8), never a message.
        for options in ([option("number", 1, 4), option("text", "hi", focused=True)],
                        [option("nosuch", "x", focused=True)],
                        [option("number", "1", 4)]):
            answer = await _send(h, _command(h, "comment", options, autocomplete=True))
            assert answer == EMPTY_AUTOCOMPLETE, options

        # A user option that is not an id, and options that are not a list.
        told = _private(await _send(h, _command(
            h, "assign", [option("number", 1, 4), option("user", "notanid", 6)])))
        assert "“notanid” is not a person" in told
        told = _private(await _send(h, _command(
            h, "assign", [option("number", 1, 4), option("user", "123456789012345678", 6)])))
        assert "couldn't find that person" in told  # an id Discord did not resolve
        told = _private(await _send(h, _command(
            h, "add", [option("title", "x"), option("priority", "sky-high")])))
        assert "“sky-high” is not one of low, normal, high, urgent" in told
        told = _private(await _send(h, _command(h, "add", "not-a-list")))
        assert "couldn't read" in told
        told = _private(await _send(h, _command(h, "add", [{"name": "title"}])))
        assert told.startswith("⚠️")

        # A command this bot doesn't have (an old registration), and a subcommand of ours
        # whose options no longer match.
        unknown = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                group="tasks", sub="frobnicate")
        assert _private(await _send(h, unknown)).startswith("⚠️")
        told = _private(await _send(h, _command(h, "show", [option("number", "abc", 3)])))
        assert "“abc” is not a whole number" in told
        bare_group = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                   group="task", sub="add")
        bare_group["data"]["options"] = []  # /task with no subcommand: out of date
        assert "isn't one I know" in _private(await _send(h, bare_group))

        # A form of another app, and one of ours sent twice.
        foreign = modal_submit(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                               custom_id="otherapp:survey:1", fields={"q1": "yes"},
                               channel_id=h.channel)
        assert "isn't one of mine" in _private(await _send(h, foreign))
        _, opened = await h.slash("ana", "task", "add")
        modal = opened.json["data"]
        title = modal["components"][0]["components"][0]["custom_id"]
        first = await _send(h, modal_submit(app_id=h.fake.app_id, user=h.user("ana"),
                                            guild=h.guild, custom_id=modal["custom_id"],
                                            fields={title: "From the form"},
                                            channel_id=h.channel))
        assert first["data"]["embeds"][0]["title"] == "#2 From the form"
        again = await _send(h, modal_submit(app_id=h.fake.app_id, user=h.user("ana"),
                                            guild=h.guild, custom_id=modal["custom_id"],
                                            fields={title: "From the form"},
                                            channel_id=h.channel))
        assert "already sent" in _private(again)
        _, listed = await h.slash("ana", "task", "list", scope="all")
        assert "#3" not in str(listed.json)

    run(tmp_path, scenario)
    assert "Traceback" not in caplog.text
    refusals = [r.getMessage() for r in caplog.records if "refused:" in r.getMessage()]
    assert any("CommandSignatureMismatch" in line for line in refusals), refusals
    assert any("CommandNotFound" in line for line in refusals), refusals
    assert all("\n" not in line for line in refusals)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING
                and r.name.startswith(("adapters", "discord.app_commands", "discord.client"))
                and "voice" not in r.getMessage()]
