"""`taskbot template import FILE` and `taskbot template export NAME`: project templates as
YAML files (see examples/templates/release.yaml). A workspace is named as log lines name a
tenant: `--workspace slack:T0123`, `discord:<guild id>`, or `console:local` (the default,
the console's). Like `taskbot tick`, the database and core modules are imported when a
command runs, so `taskbot --help` stays quick."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from bot.operator_errors import explained
from bot.startup import load_settings

template_app = typer.Typer(help="Project templates as YAML: import and export.",
                           no_args_is_help=True)

WorkspaceOption = Annotated[str, typer.Option(
    "--workspace", help="platform:id, like slack:T0123, discord:81234 or console:local.")]
DbOption = Annotated[str | None, typer.Option("--db", help="Database URL.")]


def _workspace(text: str) -> object:
    from core.templates.store import parse_workspace

    try:
        return parse_workspace(text)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--workspace") from None


@template_app.command("import")
def import_(file: Annotated[Path, typer.Argument(help="A YAML template file.")],
            workspace: WorkspaceOption = "console:local", db: DbOption = None) -> None:
    """Validate a YAML template and save it in the workspace (replacing one of the same
    name). Problems are listed with their line and field; nothing is saved then."""
    from bot.container import build, prepare_database
    from core.errors import UserError
    from core.model import TenantKey
    from core.templates.store import import_template
    from core.templates.yaml_io import load_yaml

    key = _workspace(workspace)
    assert isinstance(key, TenantKey)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        typer.echo(f"Can't read {file}: {err}", err=True)
        raise typer.Exit(2) from None
    try:
        doc = load_yaml(text, source=str(file))
    except UserError as err:
        typer.echo(err.reason, err=True)
        raise typer.Exit(1) from None
    settings = load_settings(db)
    with explained(settings.database_url):
        prepare_database(settings)
        container = build(settings)
        try:
            with container.uow_factory() as uow:
                replaced = import_template(uow, key, doc, dt.datetime.now(dt.UTC),
                                           settings.default_tz)
        finally:
            container.close()
    verb = "Replaced" if replaced else "Imported"
    typer.echo(f"{verb} template {doc.name} ({len(doc.tasks)} tasks) in {workspace}.")


@template_app.command("export")
def export(name: Annotated[str, typer.Argument(help="The template's name.")],
           output: Annotated[Path | None, typer.Option(
               "-o", "--output", help="Write to this file (default: standard output).")]
           = None,
           workspace: WorkspaceOption = "console:local", db: DbOption = None) -> None:
    """Write a template as YAML (what `taskbot template import` reads back)."""
    from bot.container import build, prepare_database
    from core.model import TenantKey
    from core.templates.store import export_template
    from core.templates.yaml_io import dump_yaml

    key = _workspace(workspace)
    assert isinstance(key, TenantKey)
    settings = load_settings(db)
    with explained(settings.database_url):
        prepare_database(settings)
        container = build(settings)
        try:
            with container.uow_factory() as uow:
                doc = export_template(uow, key, name)
        finally:
            container.close()
    if doc is None:
        typer.echo(f"There is no template {name!r} in {workspace}.", err=True)
        raise typer.Exit(1)
    text = dump_yaml(doc)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote template {doc.name} to {output}.", err=True)
