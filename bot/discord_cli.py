"""`taskbot discord ...`: register the slash commands, print the install URL. discord.py is
imported only when a command runs, and so are the settings: `taskbot --help` declares
these commands and stays quick."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.operator_errors import explained

discord_app = typer.Typer(help="Discord: command sync and the install URL.",
                          no_args_is_help=True)


@discord_app.command("sync")
def sync(guild: Annotated[int | None, typer.Option(
        "--guild", help="Sync to this server only (instant; for testing). Without it the "
        "commands are global (can take up to an hour to appear).")] = None) -> None:
    """Register /task, /project and the message menu with Discord. Run it once after
    installing or upgrading; starting the bot never re-syncs."""
    import asyncio

    from bot.discord_app import sync_commands
    from bot.settings import Settings

    with explained():
        settings = Settings()
    if not settings.discord_token:
        typer.echo("Set DISCORD_TOKEN first.", err=True)
        raise typer.Exit(2)
    names = asyncio.run(sync_commands(settings, guild))
    where = f"server {guild}" if guild else "all servers (global)"
    typer.echo(f"Synced {len(names)} commands to {where}: {', '.join(sorted(names))}")


@discord_app.command("invite")
def invite(application_id: Annotated[str | None, typer.Option(
        "--application-id", help="Defaults to DISCORD_APPLICATION_ID, else the id in "
        "DISCORD_TOKEN.")] = None) -> None:
    """Print the OAuth2 URL that adds the bot to a server, with the scopes bot and
    applications.commands and only the permissions it uses."""
    from adapters.discord.invite import application_id_from_token, invite_url
    from bot.settings import Settings

    with explained():
        settings = Settings()
    app_id = application_id or settings.discord_application_id
    if not app_id and settings.discord_token:
        found = application_id_from_token(settings.discord_token)
        app_id = str(found) if found else None
    if not app_id or not str(app_id).isdigit():
        typer.echo("Give --application-id or set DISCORD_APPLICATION_ID.", err=True)
        raise typer.Exit(2)
    typer.echo(invite_url(app_id))
