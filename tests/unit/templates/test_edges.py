"""Edges of templates: role and key names made from people and titles, one person in two
roles gets one DM, a long list is cut in the DM, dependencies outside the project are left
out (and said), a role given twice, the README's YAML sample loads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core import commands as c
from core.commands import UserRef
from core.grammar import parse
from core.handlers.templates import role_names, task_keys
from core.model import Member, Task, TenantKey
from core.results import Info
from core.templates import commands as tc
from core.templates.document import MAX_TASKS, validate_document
from core.templates.results import TemplateApplied
from core.templates.store import import_template
from core.templates.yaml_io import dump_yaml, load_yaml
from tests.unit.core.helpers import START, World

ROOT = Path(__file__).resolve().parents[3]


def _member(i: int, name: str) -> Member:
    return Member(id=i, tenant_id=1, user_id=f"U{i}", display_name=name)


def test_role_names_are_typeable_unique_and_never_an_option_word() -> None:
    people = [_member(1, "Zoë Ann"), _member(2, "ana"), _member(3, "Ana."),
              _member(4, "owner"), _member(5, "42"), _member(6, "bob2")]
    roles = role_names(people)
    assert roles[1] == "zoe_ann" and roles[4] == "owner_role" and roles[5] == "person"
    assert {roles[2], roles[3]} == {"ana", "ana_b"} and roles[6] == "bob"
    assert all(re.fullmatch(r"[a-z][a-z_]{0,39}", r) for r in roles.values())


def test_task_keys_come_from_titles() -> None:
    tasks = [Task(id=i, tenant_id=1, number=i, title=t, creator_id=1, created_at=START)
             for i, t in enumerate(["Write the spec", "Write the spec!", "42 things", "¿?"])]
    assert list(task_keys(tasks).values()) == ["write_the_spec", "write_the_spec_2",
                                               "t_42_things", "task"]


def _world_with(tasks: int, roles: dict[str, str]) -> World:
    w = World()
    for name in ("ana", "bob", "cy"):
        w.as_(name).run(c.Help())
    w.as_("ana")
    data: dict[str, Any] = {
        "name": "big", "roles": sorted(set(roles)),
        "tasks": [{"key": f"t{i}", "title": f"Task {i}", "role": roles_cycle(roles, i),
                   "due_offset": i % 30, "depends_on": [f"t{i - 1}"] if i else []}
                  for i in range(tasks)]}
    with w.uow() as uow:  # as `taskbot template import` saves one
        import_template(uow, TenantKey("console", "acme"), validate_document(data), START)
    return w


def roles_cycle(roles: dict[str, str], i: int) -> str:
    names = sorted(roles)
    return names[i % len(names)]


def test_one_person_in_two_roles_gets_one_dm_and_long_lists_are_cut() -> None:
    w = _world_with(MAX_TASKS, {"dev": "bob", "qa": "bob"})
    result = w.run(tc.ApplyTemplate(
        name="huge", template="big", start="mon",
        roles=(tc.RoleAssignment(role="dev", user=UserRef(name="bob")),
               tc.RoleAssignment(role="qa", user=UserRef(name="bob")))))
    assert isinstance(result, TemplateApplied) and result.created == MAX_TASKS
    [dm] = w.notes("assigned")
    lines = dm.text.splitlines()
    assert lines[0].endswith(f"assigned you {MAX_TASKS} tasks:")
    assert len(lines) == 22 and lines[-1] == (f"and {MAX_TASKS - 20} more: /task list mine "
                                              "project:huge")
    assert len(w.uow.db.edges) == MAX_TASKS - 1


def test_a_role_given_twice_is_refused() -> None:
    w = _world_with(2, {"dev": "bob"})
    refusal = w.fails(parse("project", "new p from:big start:mon dev:@bob dev:@cy"))
    assert "The role dev is given twice" in refusal.reason


def test_dependencies_outside_the_project_are_left_out_and_said() -> None:
    w = World()
    w.as_("ana").run(c.NewProject(name="launch"))
    w.run(c.AddTask(title="Elsewhere"))
    w.run(c.AddTask(title="Inside", project="launch", after=(1,)))
    saved = w.run(tc.SaveTemplate(name="t", project="launch"))
    assert isinstance(saved, Info)
    assert "1 dependency on tasks outside the project left out." in saved.message


def test_yaml_text_is_cleaned_and_round_trips() -> None:
    doc = load_yaml("name: t\ntasks:\n  - key: a\n    title: \"Bell\\a and \\x1b[31mred\"\n")
    assert doc.tasks[0].title == "Bell and [31mred"
    assert load_yaml(dump_yaml(doc)) == doc


def test_the_readme_sample_loads() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Project templates"):]
    block = section[section.index("```yaml") + len("```yaml"):]
    doc = load_yaml(block[:block.index("```")])
    assert [t.key for t in doc.tasks] == ["plan", "build"]
