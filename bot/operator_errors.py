"""An operator's mistake (a setting, a database URL, a database that is not there or not
migrated) ends the CLI with one line that says what is wrong and how to fix it, and a
non-zero exit status; never with a traceback. Bugs still raise: only the failures listed
here are explained.

The CLI imports this module for every command, `taskbot --help` included, so it imports
no pydantic or SQLAlchemy itself: a failure is sorted when it happens (by then the library
that raised it is loaded anyway)."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pydantic import ValidationError

URL_HELP = "like sqlite:///path/to/taskbot.db or postgresql+psycopg://user@host/db"
CONFIG_EXIT = 2
"""Exit status for a setting the process cannot start with (as for a bad option)."""
DATABASE_EXIT = 1


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def settings_problem(err: ValidationError) -> str:
    """One line naming each bad variable and what is wrong with it (values of other
    variables are not echoed: they may be secrets)."""
    parts = []
    for item in err.errors():
        name = ".".join(str(x) for x in item.get("loc", ())) or "settings"
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{name}: {message}")
    return "Bad setting: " + "; ".join(parts)


def database_problem(err: BaseException, url: str) -> str | None:
    """The one line for a database the process cannot use, or None (not an operator's
    mistake we know)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    where = shown_url(url)
    if isinstance(err, NoSuchModuleError) or (
            isinstance(err, ModuleNotFoundError)
            and (err.name or "core").split(".")[0] not in ("core", "adapters", "bot")):
        return (f"Database URL {where!r} needs a driver taskbot does not ship: use SQLite "
                f"or PostgreSQL ({URL_HELP}).")
    if isinstance(err, ArgumentError):
        return f"Database URL {where!r} is not a database URL ({URL_HELP})."
    if isinstance(err, DBAPIError):
        reason = str(err.orig or err).strip().splitlines()[0] if str(err.orig or err) else ""
        return (f"Cannot use the database at {where}: {reason}. Check --db or "
                "TASKBOT_DATABASE_URL, and that the server is running.")
    if isinstance(err, OSError) and err.errno == errno.EADDRINUSE:
        return ("The HTTP port is already in use: stop the process holding it or set "
                "TASKBOT_HTTP_PORT to a free one.")
    if isinstance(err, OSError) and err.filename is not None and url.startswith("sqlite"):
        return (f"Cannot create the SQLite database at {where}: {err.strerror or err}. "
                "Choose a writable path with --db or TASKBOT_DATABASE_URL.")
    return None


def operator_problem(err: Exception, url: str | None) -> tuple[str, int] | None:
    """The line and exit status for an operator's mistake, or None (a bug: it raises).
    Database failures are only explained where the block names the database (`url`)."""
    from pydantic import ValidationError

    from bot.failures import SchemaBehind, StartupFailure

    if isinstance(err, ValidationError):
        return settings_problem(err), CONFIG_EXIT
    if isinstance(err, SchemaBehind):
        return str(err), DATABASE_EXIT
    if isinstance(err, StartupFailure):  # a platform refused a credential: the line names it
        return str(err), CONFIG_EXIT
    line = database_problem(err, url) if url is not None else None
    return (line, DATABASE_EXIT) if line is not None else None


@contextlib.contextmanager
def explained(url: str | None = None) -> Iterator[None]:
    """Turn an operator's mistake raised inside the block into one line on stderr and a
    non-zero exit."""
    try:
        yield
    except Exception as err:
        problem = operator_problem(err, url)
        if problem is None:
            raise
        line, status = problem
        typer.echo(line, err=True)
        raise typer.Exit(status) from None
