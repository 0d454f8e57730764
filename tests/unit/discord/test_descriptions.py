"""Discord's slash commands describe themselves with the grammar's own words (one home for
each command's summary), so the command list and /task help cannot drift apart."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import install
from core.grammar.table import TABLE


def _commands() -> dict[str, app_commands.Command[Any, ..., Any]]:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    install(tree, None)  # type: ignore[arg-type]  # no command runs here
    found: dict[str, app_commands.Command[Any, ..., Any]] = {}
    for group in tree.get_commands():
        if isinstance(group, app_commands.Group):
            for cmd in group.commands:
                if isinstance(cmd, app_commands.Command):
                    found[f"{group.name} {cmd.name}"] = cmd
    return found


def test_every_discord_command_the_grammar_knows_starts_with_its_summary() -> None:
    commands = _commands()
    shared = [key for key in commands if key.split()[0] in TABLE
              and key.split()[1] in TABLE[key.split()[0]]]
    assert len(shared) >= 25  # /task and /project: nearly every text command has a twin
    for key in shared:
        group, name = key.split()
        assert commands[key].description.startswith(TABLE[group][name].short), key
        assert len(commands[key].description) <= 100


def test_a_summary_with_text_syntax_has_a_brief_without_it() -> None:
    for subs in TABLE.values():
        for sub in subs.values():
            assert "none:" not in sub.short and "#M" not in sub.short, sub.key
