"""Every integer option declares its range and every free-text option its length, so
Discord refuses out-of-range input in the client and `options_guard` refuses it again
for a payload that skipped the client."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import install
from adapters.discord.options_guard import STRING_MAX, check, clean


def _tree() -> app_commands.CommandTree[Any]:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    install(tree, None)  # type: ignore[arg-type]  # no command runs here
    return tree


def _leaves(options: list[dict[str, Any]], path: str) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for opt in options:
        if opt["type"] in (1, 2):
            out += _leaves(opt.get("options", []), f"{path} {opt['name']}")
        else:
            out.append((f"{path} {opt['name']}", opt))
    return out


def test_integer_options_have_a_range_and_text_options_a_bounded_length() -> None:
    tree = _tree()
    leaves = [leaf for cmd in tree.get_commands()
              if isinstance(cmd, app_commands.Group)
              for leaf in _leaves(cmd.to_dict(tree)["options"], cmd.name)]
    ints = [(name, o) for name, o in leaves if o["type"] == 4]
    assert ints and all("min_value" in o and "max_value" in o for _, o in ints), ints
    assert all(0 < o["max_value"] < 2**31 for _, o in ints)
    texts = [(name, o) for name, o in leaves if o["type"] == 3 and not o.get("choices")]
    unbounded = [name for name, o in texts if o.get("max_length", STRING_MAX) > STRING_MAX]
    assert set(unbounded) <= {"task add description", "task edit description",
                              "task add text", "task comment text", "task remind text",
                              "project template apply roles",  # many `role:<@id>` pairs
                              "project template save roles",
                              "project decide text",
                              "standup here questions", *(f"standup answer {n}" for n in (
                                  "first", "second", "third", "fourth", "fifth"))}


def test_the_guard_refuses_out_of_range_and_cleans_text() -> None:
    tree = _tree()
    task = tree.get_command("task")
    assert isinstance(task, app_commands.Group)
    show = task.get_command("show")
    add = task.get_command("add")
    assert isinstance(show, app_commands.Command) and isinstance(add, app_commands.Command)
    assert "out of range" in (check(show, [{"name": "number", "type": 4, "value": 10**30}])
                              or "")
    assert "out of range" in (check(show, [{"name": "number", "type": 4, "value": -1}]) or "")
    assert "whole number" in (check(show, [{"name": "number", "type": 4, "value": True}])
                              or "")
    opts: list[Any] = [{"name": "title", "type": 3, "value": "a\x00b\x1bc\nd"}]
    assert check(add, opts) is None and opts[0]["value"] == "abc\nd"
    assert clean("\x00\x7f ok\t") == " ok\t"
