"""Start-up failures an operator fixes in the configuration: `taskbot run` prints the
message as one line and exits non-zero, without a traceback."""

from __future__ import annotations


class StartupFailure(RuntimeError):
    """The message says what to change (it names the setting)."""


class SchemaBehind(RuntimeError):
    """The server database needs `taskbot db upgrade` before this release can run."""
