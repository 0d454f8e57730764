"""The project template document: what `/project template save` writes, what
`taskbot template import` reads from YAML, and what `/project new ... from:` applies.

Each field is checked by pydantic; what spans fields (task keys unique, dependencies that
name a task of the template and make no cycle, roles and milestones that exist) is checked
by `cross_check`, which names the field of every problem by its path
(`tasks[2].depends_on[0]`), so a YAML loader can add the line (core.templates.yaml_io).

Dates are working-day offsets from the project's start (core.templates.offsets); an
assignee is a role, filled with a person when the template is applied."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.errors import UserError
from core.model import DESCRIPTION_MAX, Priority, clean_title
from core.planning.durations import parse_duration
from core.text import CommandModel

NAME_MAX = 80
MAX_TASKS = 200
MAX_OFFSET = 2600
"""Ten years of working days: the furthest a date in a template may lie from the start."""
RESERVED_ROLES = frozenset({"owner", "from", "start", "name", "template"})
"""Option words of `/project new ... from:`: a role can't be called that."""

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]{0,39}$")]
RoleName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,39}$")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=DESCRIPTION_MAX)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=NAME_MAX)]

DEFER_CHECKS = "defer_checks"
"""Validation context key: skip `cross_check` inside the model (the caller runs it, to get
every problem with its path)."""


class _Part(CommandModel):
    """Frozen, no unknown fields (a typo such as `depend_on:` is named), no control
    characters."""


class TemplateRole(_Part):
    """A role, such as `dev`: typed as `dev:@ana` when the template is applied, so lower-case
    letters and `_` only."""

    name: RoleName
    description: Text | None = None

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_ROLES:
            raise ValueError(f"'{value}' is an option of /project new; name the role otherwise")
        return value


class TemplateMilestone(_Part):
    name: Name
    offset: Offset
    """Working days from the project's start to the milestone's date."""


class TemplateTask(_Part):
    key: Key
    title: str
    description: Text | None = None
    priority: Priority = Priority.NORMAL
    role: RoleName | None = None
    due_offset: Offset | None = None
    """Working days from the project's start: 0 is the end of its first working day."""
    estimate: str | None = None
    """As people type it: `30m`, `4h`, `1.5d`, `2w` (core.planning.durations)."""
    milestone: Name | None = None
    depends_on: tuple[Key, ...] = ()

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        try:
            return clean_title(value)
        except UserError as err:
            raise ValueError(err.reason) from None

    @field_validator("estimate")
    @classmethod
    def _estimate(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parse_duration(value)  # DurationError is a ValueError with the user's message
        return value.strip().lower()


class TemplateDocument(_Part):
    name: Name
    description: Text | None = None
    roles: tuple[TemplateRole, ...] = ()
    milestones: tuple[TemplateMilestone, ...] = ()
    tasks: tuple[TemplateTask, ...] = Field(min_length=1, max_length=MAX_TASKS)

    @field_validator("roles", mode="before")
    @classmethod
    def _role_names(cls, value: Any) -> Any:
        """`roles: [dev, qa]` is short for `[{name: dev}, {name: qa}]`."""
        if isinstance(value, list | tuple):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> TemplateDocument:
        if isinstance(info.context, dict) and info.context.get(DEFER_CHECKS):
            return self
        problems = cross_check(self)
        if problems:
            raise ValueError(problems[0].text)
        return self

    def tasks_of(self, role: str) -> list[TemplateTask]:
        return [t for t in self.tasks if t.role == role]

    @property
    def used_roles(self) -> list[str]:
        """Roles that have tasks, in the order they are declared."""
        used = {t.role for t in self.tasks}
        return [r.name for r in self.roles if r.name in used]


Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (`path`, and the YAML `line` when known) and
    what."""

    path: Path
    message: str
    line: int | None = None

    @property
    def field(self) -> str:
        return path_text(self.path)

    @property
    def text(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        field = f"{self.field}: " if self.path else ""
        return f"{where}{field}{self.message}"


class TemplateError(UserError):
    """A document that is not a valid template: every problem, each with its field."""

    def __init__(self, problems: Sequence[Problem], source: str | None = None,
                 shown: int = 10) -> None:
        self.problems = tuple(problems)
        head = f"{source}: " if source else ""
        lines = [p.text for p in self.problems[:shown]]
        more = len(self.problems) - shown
        if more > 0:
            lines.append(f"and {more} more")
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{head}{len(self.problems)} {noun} in the template:\n"
                         + "\n".join(lines))


def path_text(path: Path) -> str:
    """("tasks", 2, "depends_on", 0) -> "tasks[2].depends_on[0]"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def cross_check(doc: TemplateDocument) -> list[Problem]:
    """What spans fields: unique keys and names, known roles, milestones and dependencies,
    no dependency cycle."""
    problems = _duplicates(doc)
    roles = {r.name for r in doc.roles}
    milestones = {m.name.lower() for m in doc.milestones}
    keys = {t.key for t in doc.tasks}
    for i, task in enumerate(doc.tasks):
        if task.role is not None and task.role not in roles:
            problems.append(Problem(("tasks", i, "role"), f"no role is called '{task.role}'; "
                                    "declare it under roles"))
        if task.milestone is not None and task.milestone.lower() not in milestones:
            problems.append(Problem(("tasks", i, "milestone"),
                                    f"no milestone is called '{task.milestone}'; declare it "
                                    "under milestones"))
        for j, key in enumerate(task.depends_on):
            if key == task.key:
                problems.append(Problem(("tasks", i, "depends_on", j),
                                        "a task can't depend on itself"))
            elif key not in keys:
                problems.append(Problem(("tasks", i, "depends_on", j),
                                        f"no task has the key '{key}'"))
    if not problems:
        problems.extend(_cycles(doc))
    return problems


def _duplicates(doc: TemplateDocument) -> list[Problem]:
    problems: list[Problem] = []
    for field, names in (("tasks", [t.key for t in doc.tasks]),
                         ("roles", [r.name for r in doc.roles]),
                         ("milestones", [m.name.lower() for m in doc.milestones])):
        seen: set[str] = set()
        attr = "key" if field == "tasks" else "name"
        for i, name in enumerate(names):
            if name in seen:
                problems.append(Problem((field, i, attr), f"'{name}' is given twice"))
            seen.add(name)
    return problems


def _cycles(doc: TemplateDocument) -> list[Problem]:
    """The first dependency cycle, spelled out (`a -> b -> a`), at the task that closes it."""
    index = {t.key: i for i, t in enumerate(doc.tasks)}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(key: str, path: list[str]) -> Problem | None:
        state[key] = 1
        task = doc.tasks[index[key]]
        for j, dep in enumerate(task.depends_on):
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep):], key, dep] if dep in path else [key, dep]
                return Problem(("tasks", index[key], "depends_on", j),
                               "that makes a cycle: " + " -> ".join(cycle))
            if dep not in state:
                found = visit(dep, [*path, key])
                if found is not None:
                    return found
        state[key] = 2
        return None

    for task in doc.tasks:
        if task.key not in state:
            found = visit(task.key, [])
            if found is not None:
                return [found]
    return []


def validate_document(data: Any, source: str | None = None,
                      line_of: Any = None) -> TemplateDocument:
    """A valid document from plain data (parsed YAML or JSON), or a `TemplateError` naming
    every problem's field, and its line when `line_of(path)` knows it."""
    problems: list[Problem] = []
    doc: TemplateDocument | None = None
    if not isinstance(data, dict):
        problems.append(Problem((), "a template is a mapping with name, roles, milestones "
                                    "and tasks"))
    else:
        try:
            doc = TemplateDocument.model_validate(data, context={DEFER_CHECKS: True})
        except ValidationError as err:
            for e in err.errors(include_url=False):
                problems.append(Problem(tuple(e["loc"]), _message(e)))
        if doc is not None:
            problems.extend(cross_check(doc))
    if problems:
        if line_of is not None:
            problems = [Problem(p.path, p.message, line_of(p.path)) for p in problems]
        raise TemplateError(problems, source)
    assert doc is not None
    return doc


def _message(error: Any) -> str:
    kind, msg = error.get("type", ""), str(error.get("msg", ""))
    if kind == "extra_forbidden":
        return "is not a field of a template (check the spelling)"
    if kind == "missing":
        return "is required"
    if kind == "string_pattern_mismatch":
        return ("use letters, digits, '_', '.' or '-', starting with a letter (at most 40)"
                if msg and "A-Za-z" in str(error.get("ctx", {}).get("pattern", ""))
                else "use lower-case letters and '_', starting with a letter (at most 40)")
    return re.sub(r"^Value error, ", "", msg)
