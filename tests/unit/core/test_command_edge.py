"""The edge of the core, whichever surface builds a command: every command model strips
control characters from its text and refuses integers past a database column, and a
refusal names the field in words a user understands."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, ValidationError

from core import commands as c
from core.errors import invalid_input
from core.scheduling import commands as sc
from core.text import DB_INT_MAX, CommandModel, clean


def _models() -> list[type[BaseModel]]:
    found = []
    for module in (c, sc):
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, BaseModel) and obj.__module__ == module.__name__
                    and not obj.__name__.startswith("_")
                    and obj.model_config.get("frozen") and obj.model_config.get("extra")):
                found.append(obj)
    return found


def test_every_command_model_is_a_clean_command_model() -> None:
    models = _models()
    assert len(models) > 30
    assert [m.__name__ for m in models if not issubclass(m, CommandModel)] == []


def test_clean_keeps_newline_and_tab_and_drops_c0_c1() -> None:
    every_control = "".join(map(chr, range(32))) + "".join(map(chr, range(0x7f, 0xa0)))
    assert clean(f"a{every_control}b") == "a\t\n\nb"  # CR is a line break
    assert clean("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert clean("é 💥 \u200b") == "é 💥 \u200b"  # not control characters


@pytest.mark.parametrize(("build", "reason"), [
    (lambda: c.ShowTask(number=10**30), "That task number is too big; the most is 2000000000."),
    (lambda: c.DoneTask(number=-1), "That task number is too small; the least is 1."),
    (lambda: c.ListTasks(page=10**6), "That page number is too big; the most is 100000."),
    (lambda: c.Depend(number=1, on=(2, DB_INT_MAX + 1)), "That task number is too big"),
    (lambda: c.AddTask(title="x", after=(int("9" * 30),)), "That task number is too big"),
    (lambda: sc.SnoozeReminder(reminder_id=0), "That reminder id is too small"),
    (lambda: sc.SetDueSoon(hours=10**9), "That number of hours is too big; the most is 336."),
    (lambda: c.CommentTask(number=1, text="\x00\x07"), "The text is empty; give one."),
    (lambda: c.ShowMyWork(limit=10**12), "That limit is too big; the most is 50."),
])
def test_out_of_range_values_are_named(build: object, reason: str) -> None:
    with pytest.raises(ValidationError) as err:
        build()  # type: ignore[operator]
    assert invalid_input(err.value).reason.startswith(reason)


def test_text_in_nested_and_tuple_fields_is_cleaned() -> None:
    cmd = c.AddTask(title="\x1bT", assignee=c.UserRef(name="an\x00a"), description="\x07d")
    assert (cmd.title, cmd.assignee and cmd.assignee.name, cmd.description) == ("T", "ana", "d")
