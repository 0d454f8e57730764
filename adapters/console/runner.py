"""Reading the console's input: a script (standard input that is not a terminal, or a
file) printed as a transcript, or an interactive prompt."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterable
from typing import TextIO

from adapters.console.session import ConsoleSession


async def run_script(session: ConsoleSession, lines: Iterable[str], echo: bool = True) -> None:
    """Feed each line to the session, echoing it as `@user: line` so the transcript reads
    like a chat. Stops at the end of input or at `:quit`."""
    for raw in lines:
        line = raw.rstrip("\n")
        if echo and line.strip() and not line.lstrip().startswith((":", "//")):
            session.write(f"@{session.user.lower()} in #{session.channel}: {line.strip()}")
        await session.handle(line)
        if session.done:
            break


async def run_interactive(session: ConsoleSession, stdin: TextIO | None = None) -> None:
    """A prompt per line until end of input or `:quit`."""
    stream = stdin or sys.stdin
    session.write("taskbot console: type /task help, or :quit to leave.")
    while not session.done:
        line = await asyncio.to_thread(_prompt, session, stream)
        if line is None:
            break
        await session.handle(line)


def _prompt(session: ConsoleSession, stream: TextIO) -> str | None:
    try:
        if stream is sys.stdin:
            return input(f"@{session.user.lower()} #{session.channel}> ")
        line = stream.readline()
        return line if line else None
    except EOFError:
        return None
