"""`taskbot export` and `taskbot import`: a workspace's data in and out (core.transfer does
the formats, adapters.storage the reading and writing). Like the rest of the CLI, this module
imports only typer and the standard library until a command runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from bot.operator_errors import explained
from bot.startup import load_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from core.model import TenantKey

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (default: "
                                              "TASKBOT_DATABASE_URL, else embedded SQLite).")]
WorkspaceOption = Annotated[str | None, typer.Option(
    "--workspace", "-w", help="platform:workspace_id, e.g. slack:T0123 or console:local "
                              "(default: the only workspace of the database).")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"taskbot: {message}", err=True)
    return typer.Exit(code=2)


def workspace_key(session: Session, given: str | None, *, must_exist: bool) -> TenantKey:
    """The workspace named by `--workspace`, or the database's only one."""
    from adapters.storage.transfer_read import tenants
    from core.model import TenantKey

    if given:
        platform, sep, workspace = given.partition(":")
        if not sep or not platform or not workspace:
            raise _fail(f"--workspace takes platform:workspace_id, not '{given}'.")
        key = TenantKey(platform, workspace)
        if must_exist and key not in tenants(session):
            raise _fail(f"there is no workspace {given} in this database.")
        return key
    known = tenants(session)
    if len(known) == 1:
        return known[0]
    if not known and not must_exist:
        return TenantKey("console", "local")
    listed = ", ".join(f"{k.platform}:{k.workspace_id}" for k in known) or "none"
    raise _fail(f"name the workspace with --workspace (there are: {listed}).")


def export_command(
    workspace: WorkspaceOption = None,
    fmt: Annotated[Literal["json", "csv"], typer.Option(
        "--format", "-f", help="json: the complete document; csv: one row per task.")] = "json",
    filter_text: Annotated[str | None, typer.Option(
        "--filter", help='Only the tasks a filter selects, e.g. "project:launch status:done" '
                         "(everyone's tasks unless it names people).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write here (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Write a workspace's projects, tasks, dependencies, comments, history and recurring
    rules as JSON (or its tasks as CSV), streamed: any size in flat memory."""
    import datetime as dt

    from adapters.storage.engine import make_engine, make_session_factory
    from adapters.storage.transfer_read import SqlExportSource
    from bot.container import prepare_database
    from core.errors import UserError
    from core.filters.parse import parse_filter
    from core.transfer.export import Exporter

    settings = load_settings(db, quiet=True)
    with explained(settings.database_url):
        prepare_database(settings)
        engine = make_engine(settings.database_url)
        try:
            with make_session_factory(engine)() as session:
                key = workspace_key(session, workspace, must_exist=True)
                source = SqlExportSource(session, key)
                now = dt.datetime.now(dt.UTC)
                try:
                    query = (parse_filter(filter_text, now, source.default_tz)
                             if filter_text else None)
                except UserError as err:
                    raise _fail(f"--filter: {err.reason}") from None
                exporter = Exporter(source, query, now)
                out = (output.open("w", encoding="utf-8", newline="") if output
                       else sys.stdout)
                try:
                    count = (exporter.write_csv(out) if fmt == "csv"
                             else exporter.write_json(out))
                finally:
                    if output:
                        out.close()
        finally:
            engine.dispose()
    where = f" to {output}" if output else ""
    typer.echo(f"Exported {count} task{'s' if count != 1 else ''} of "
               f"{key.platform}:{key.workspace_id}{where}.", err=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="A taskbot JSON export or a Taskwarrior "
                                              "`task export` file ('-': stdin).")],
    workspace: WorkspaceOption = None,
    as_user: Annotated[str, typer.Option(
        "--as", help="Who Taskwarrior tasks and annotations are by.")] = "taskwarrior",
    db: DbOption = None,
) -> None:
    """Import a file into a workspace: validated in full first (every problem with its line),
    then written in one transaction; a task already imported is not added again."""
    from adapters.storage.engine import make_engine, make_session_factory
    from adapters.storage.transfer_write import SqlImporter
    from bot.container import prepare_database
    from core.transfer.reading import ImportProblems, read

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(f"can't read {file}: {err}") from None
    try:
        document, kind = read(text, importer=as_user)
    except ImportProblems as problems:
        typer.echo(f"taskbot: {file} was not imported; nothing was changed:", err=True)
        for line in problems.lines:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(code=1) from None
    settings = load_settings(db, quiet=True)
    with explained(settings.database_url):
        prepare_database(settings)
        engine = make_engine(settings.database_url)
        try:
            with make_session_factory(engine)() as session, session.begin():
                key = workspace_key(session, workspace, must_exist=False)
                report = SqlImporter(session, key, settings.default_tz).run(document)
        finally:
            engine.dispose()
    typer.echo(f"Imported {report.imported} task{'s' if report.imported != 1 else ''} "
               f"({kind}) into {key.platform}:{key.workspace_id}; {report.already_there} "
               f"already there, {report.renumbered} renumbered, {report.members_added} "
               f"people and {report.projects_added} projects added.")
