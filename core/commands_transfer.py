"""`/project export <name> csv|json`: a project's tasks as a file, in the export formats of
`taskbot export` (core.transfer)."""

from __future__ import annotations

from typing import Literal

from core.commands import _Frozen

ExportFormat = Literal["json", "csv"]


class ExportProject(_Frozen):
    name: str
    format: ExportFormat = "json"
