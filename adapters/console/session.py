"""One console chat: each input line is a message from the current user in the current
channel; lines starting with a colon steer the session (`:as`, `:in`, `:clock`, `:quit`).
Every message the bot sends starts with its destination tag: `[#channel]`, `[DM @user]`
or `[ephemeral @user]`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from adapters.console import files
from adapters.console.notifier import Write, channel_tag, tagged
from core.bus import CommandBus
from core.clock_range import clock_problem
from core.commands import Context
from core.files import FilePayload
from core.render_text import render
from core.results import Result, TaskChanged
from core.results_transfer import FileResult

PLATFORM = "console"
WORKSPACE = "local"

META_HELP = ("Meta commands: :as <user>, :in #<channel>, :clock <ISO date-time>, :quit. "
             "Bot commands start with /task or /project; try /task help.")


class ConsoleClock:
    """The system clock until `:clock` sets it; then time stands where it was put."""

    def __init__(self, fixed: dt.datetime | None = None) -> None:
        self.fixed = fixed

    def now(self) -> dt.datetime:
        return self.fixed or dt.datetime.now(dt.UTC)


@dataclass
class ConsoleSession:
    bus: CommandBus
    write: Write
    clock: ConsoleClock
    deliver: Callable[[], Awaitable[int]]
    on_clock: Callable[[], Awaitable[None]] | None = None
    user: str = "me"
    channel: str = "general"
    done: bool = False
    files_dir: Path = Path("taskbot-files")
    """Where files the bot answers with (charts, `/project export`) are written."""

    def context(self) -> Context:
        return Context(platform=PLATFORM, workspace_id=WORKSPACE, user_id=self.user.lower(),
                       display_name=self.user, channel_id=self.channel, names_are_ids=True)

    async def handle(self, line: str) -> None:
        """Handle one input line, then deliver whatever the outbox holds."""
        text = line.strip()
        if not text or text.startswith("//"):
            return
        if text.startswith(":"):
            await self._meta(text[1:])
        elif text.startswith("/"):
            name, _, rest = text[1:].partition(" ")
            if name.lower() not in ("task", "project", "standup"):
                self._say(f"I only know /task and /project (and /standup). {META_HELP}")
            else:
                self._show(self.bus.run_text(self.context(), name.lower(), rest))
        else:
            return  # ordinary chatter in the channel: the bot stays quiet
        await self.deliver()

    async def _meta(self, text: str) -> None:
        word, _, arg = text.strip().partition(" ")
        arg = arg.strip()
        if word == "quit":
            self.done = True
        elif word == "as" and arg:
            self.user = arg.lstrip("@")
        elif word == "in" and arg:
            self.channel = arg.lstrip("#")
        elif word == "clock" and arg:
            await self._set_clock(arg)
        else:
            self._say(f"I didn't understand :{text}. {META_HELP}")

    async def _set_clock(self, arg: str) -> None:
        try:
            when = dt.datetime.fromisoformat(arg)
        except ValueError:
            self._say(f"“{arg}” is not an ISO date-time; try :clock 2026-11-23T09:00 "
                      "(UTC unless it has an offset).")
            return
        when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        problem = clock_problem(when)
        if problem is not None:
            self._say(problem)
            return
        self.clock.fixed = when
        self.write(f"[clock] {self.clock.fixed.astimezone(dt.UTC):%a %Y-%m-%d %H:%M} UTC")
        if self.on_clock is not None:
            await self.on_clock()

    def _show(self, result: Result) -> None:
        if isinstance(result, FileResult):
            result = files.save_export(result, self.files_dir)
        lines = render(result)
        file = getattr(result, "file", None)
        if isinstance(file, FilePayload):
            lines = [*lines, files.file_line(self.files_dir, file)]
        if isinstance(result, TaskChanged) and result.card_in_channel:
            self.write(tagged(channel_tag(self.channel), lines))
            self.write(tagged(f"[ephemeral @{self.user.lower()}]", [result.message]))
        elif result.ephemeral:
            self.write(tagged(f"[ephemeral @{self.user.lower()}]", lines))
        else:
            self.write(tagged(channel_tag(self.channel), lines))

    def _say(self, text: str) -> None:
        self.write(tagged(f"[ephemeral @{self.user.lower()}]", [text]))
