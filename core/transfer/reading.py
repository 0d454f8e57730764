"""Reading an import file: taskbot's document or Taskwarrior's `task export`, validated in
full before anything is written, every problem named with its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from core.transfer.document import Document, Problem, reference_problems
from core.transfer.located import JsonError, Located, load, load_lines
from core.transfer.taskwarrior import TwTask, is_taskwarrior, to_document

MAX_PROBLEMS = 20


class ImportProblems(Exception):
    """The file cannot be imported: one line per problem, each starting `line N:`."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def _where(path: Sequence[int | str]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _report(located: Located, problems: Sequence[Problem],
            prefix: tuple[int | str, ...] = ()) -> ImportProblems:
    lines = [f"line {located.line_of((*prefix, *path))}: {_where((*prefix, *path))}: {msg}"
             for path, msg in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"… and {len(problems) - MAX_PROBLEMS} more problems")
    return ImportProblems(lines)


def _validated(model: Any, value: Any, located: Located) -> Any:
    try:
        if isinstance(model, type) and issubclass(model, BaseModel):
            return model.model_validate(value)
        return TypeAdapter(model).validate_python(value)
    except ValidationError as err:
        problems = [(tuple(e["loc"]), e["msg"]) for e in err.errors()]
        raise _report(located, problems) from None


def read(text: str, importer: str = "import", now: dt.datetime | None = None
         ) -> tuple[Document, str]:
    """The validated document and which format it came in ("taskbot" or "taskwarrior")."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        stripped = text.lstrip()
        if stripped.startswith("{") and '"format"' not in stripped[:200] and "\n{" in text:
            value, located = load_lines(text)  # old `task export`: one object per line
        else:
            value, located = load(text)
    except JsonError as err:
        raise ImportProblems([f"line {err.line}: {err}"]) from None
    except RecursionError:
        raise ImportProblems(["line 1: nested too deeply to be an export"]) from None
    if is_taskwarrior(value):
        items = _validated(list[TwTask], value, located)
        document, problems = to_document(items, importer, now)
        if problems:
            raise _report(located, problems)
        return document, "taskwarrior"
    if not isinstance(value, dict) or value.get("format") != "taskbot":
        raise ImportProblems(['line 1: this is neither a taskbot export ({"format": '
                              '"taskbot", ...}) nor a Taskwarrior `task export`'])
    document = _validated(Document, value, located)
    problems = reference_problems(document)
    if problems:
        raise _report(located, problems)
    return document, "taskbot"
