"""The `taskbot` command line (Typer).

Start-up is most of a one-shot command's time (`taskbot tick`, a console script), so this
module and the ones declaring its subcommands (`bot.tick`, `bot.discord_cli`) import only
typer and the standard library: each command imports what it runs when it runs, and
`taskbot --help` loads no settings, database or platform library (held by
tests/integration/test_fast_start.py). `main` keeps the garbage collector out of the
start and the exit (bot/startup.py)."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.discord_cli import discord_app
from bot.operator_errors import explained
from bot.startup import finished, load_settings, quiet_start, started
from bot.template_cli import template_app
from bot.tick import tick as tick_command
from bot.transfer_cli import export_command, import_command

if TYPE_CHECKING:
    from bot.settings import Settings

app = typer.Typer(help="taskbot: team task coordination in Slack, Discord and the console.",
                  no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command("tick")(tick_command)
app.command("export")(export_command)
app.command("import")(import_command)
app.add_typer(discord_app, name="discord")
app.add_typer(template_app, name="template")

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (default: "
                                              "TASKBOT_DATABASE_URL, else embedded SQLite).")]


@app.command()
def run(db: DbOption = None) -> None:
    """Start the bot: Slack and/or Discord when configured, else the console."""
    import asyncio

    from bot.settings import Settings

    with explained():
        settings = Settings()
    console_only = not (settings.slack_enabled or settings.discord_enabled)
    settings = load_settings(db, quiet=console_only)
    if console_only:
        typer.echo("No Slack or Discord settings found: starting the console "
                   f"(database: {settings.database_url}).", err=True)
        _console(settings, None, "me", "general")
        return
    from bot.serve import serve

    started()
    with explained(settings.database_url):
        asyncio.run(serve(settings))


@app.command()
def console(
    user: Annotated[str, typer.Option(help="Who you are at the start.")] = "me",
    channel: Annotated[str, typer.Option(help="The channel you start in.")] = "general",
    script: Annotated[Path | None, typer.Option(help="Read messages from this file.")] = None,
    db: DbOption = None,
) -> None:
    """A chat with the bot in the terminal. Reads a script from standard input when that is
    not a terminal (or from --script) and prints the transcript."""
    settings = load_settings(db, quiet=True)
    _console(settings, script, user, channel)


def _console(settings: Settings, script: Path | None, user: str, channel: str) -> None:
    import asyncio

    from bot.console_main import run_console

    started()
    lines = None
    if script is not None:
        lines = script.read_text(encoding="utf-8").splitlines()
    elif not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines()
    with explained(settings.database_url):
        asyncio.run(run_console(settings, lines, user, channel, on_clock=_console_tick()))


def _console_tick() -> Callable[..., Awaitable[None]]:
    """The scheduler's tick for the console's `:clock` (imported when a console starts)."""
    from bot.scheduler import console_tick

    return console_tick


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Migrate the database to the newest schema."""
    from adapters.storage.migrate import current, upgrade

    settings = load_settings(db)
    with explained(settings.database_url):
        before = current(settings.database_url)
        upgrade(settings.database_url)
    after = current(settings.database_url)
    if before == after:
        typer.echo(f"Database is already up to date ({after}); nothing to migrate.")
    else:
        typer.echo(f"Migrated the database from {before or '(empty database)'} to {after}.")


@db_app.command("current")
def db_current(db: DbOption = None) -> None:
    """Show the database's schema revision."""
    from adapters.storage.migrate import current

    settings = load_settings(db)
    with explained(settings.database_url):
        revision = current(settings.database_url)
    typer.echo(revision or "(empty database)")


def main() -> None:
    """Run the command line (the `taskbot` script). No garbage collection while a command
    loads its modules, nor at exit: see bot/startup.py."""
    quiet_start()
    try:
        app()
    finally:
        finished()


if __name__ == "__main__":
    main()
