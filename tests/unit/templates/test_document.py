"""The template document: field checks, cross-field checks (keys, roles, milestones,
dependencies, cycles), each problem naming its field; YAML with line numbers; the
sample template in examples/ loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.templates.document import TemplateDocument, TemplateError, validate_document
from core.templates.yaml_io import dump_yaml, load_yaml

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "examples" / "templates" / "release.yaml"


def _doc(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "release", "roles": ["dev", {"name": "qa", "description": "tests"}],
        "milestones": [{"name": "beta", "offset": 5}],
        "tasks": [
            {"key": "plan", "title": "Plan", "role": "dev", "due_offset": 0},
            {"key": "build", "title": "Build", "role": "dev", "depends_on": ["plan"],
             "estimate": "1.5d", "milestone": "beta"},
            {"key": "test", "title": "Test", "role": "qa", "depends_on": ["build"]},
        ]}
    base.update(changes)
    return base


def _problems(data: Any) -> list[str]:
    with pytest.raises(TemplateError) as err:
        validate_document(data)
    return [p.text for p in err.value.problems]


def test_a_valid_document_keeps_its_fields() -> None:
    doc = validate_document(_doc())
    assert [r.name for r in doc.roles] == ["dev", "qa"]
    assert doc.tasks[1].estimate == "1.5d" and doc.tasks[1].milestone == "beta"
    assert doc.used_roles == ["dev", "qa"]
    assert TemplateDocument.model_validate(doc.model_dump(mode="json")) == doc


def test_unknown_dependency_role_and_milestone_name_their_field() -> None:
    tasks = [{"key": "a", "title": "A", "role": "ops", "milestone": "gamma",
              "depends_on": ["nope"]}]
    problems = _problems(_doc(tasks=tasks))
    assert "tasks[0].role: no role is called 'ops'; declare it under roles" in problems
    assert any(p.startswith("tasks[0].milestone: no milestone is called 'gamma'")
               for p in problems)
    assert "tasks[0].depends_on[0]: no task has the key 'nope'" in problems


def test_duplicate_keys_and_a_cycle_are_refused() -> None:
    dup = _doc(tasks=[{"key": "a", "title": "A"}, {"key": "a", "title": "B"}])
    assert _problems(dup) == ["tasks[1].key: 'a' is given twice"]
    cycle = _doc(tasks=[{"key": "a", "title": "A", "depends_on": ["c"]},
                        {"key": "b", "title": "B", "depends_on": ["a"]},
                        {"key": "c", "title": "C", "depends_on": ["b"]}])
    [problem] = _problems(cycle)
    assert "that makes a cycle:" in problem and problem.startswith("tasks[")
    assert problem.count("->") == 3
    itself = _doc(tasks=[{"key": "a", "title": "A", "depends_on": ["a"]}])
    assert _problems(itself) == ["tasks[0].depends_on[0]: a task can't depend on itself"]


def test_field_errors_name_the_field() -> None:
    bad = _doc(tasks=[{"key": "a", "title": "A", "estimate": "3 days", "due_offset": -1,
                       "priority": "meh", "depend_on": ["x"]}])
    problems = _problems(bad)
    assert any(p.startswith("tasks[0].estimate: ") and "30m, 4h, 1.5d or 2w" in p
               for p in problems)
    assert any(p.startswith("tasks[0].due_offset: ") for p in problems)
    assert any(p.startswith("tasks[0].priority: ") for p in problems)
    assert "tasks[0].depend_on: is not a field of a template (check the spelling)" in problems
    assert _problems({"roles": []}) == ["name: is required", "tasks: is required"]
    assert _problems(["not", "a", "mapping"])[0].startswith("a template is a mapping")
    assert any(p.startswith("roles[0].name: ") for p in _problems(_doc(roles=["Dev2"])))
    assert any("option of /project new" in p for p in _problems(_doc(roles=["owner"])))


def test_the_model_itself_refuses_an_inconsistent_document() -> None:
    with pytest.raises(ValueError, match="no task has the key"):
        TemplateDocument.model_validate(_doc(tasks=[{"key": "a", "title": "A",
                                                     "depends_on": ["b"]}]))


YAML_BAD = """\
name: release
roles: [dev]
tasks:
  - key: plan
    title: Plan
    role: dev
  - key: build
    title: Build
    role: qa
    depends_on:
      - plan
      - nope
  - key: ship
    title: Ship
    estimate: soon
"""


def test_yaml_errors_name_the_line_and_the_field() -> None:
    with pytest.raises(TemplateError) as err:
        load_yaml(YAML_BAD, source="release.yaml")
    [estimate] = [p.text for p in err.value.problems]
    assert estimate.startswith("line 15: tasks[2].estimate: `soon` is not a duration")
    assert err.value.reason.startswith("release.yaml: 1 problem in the template:\nline 15")
    # cross-field problems are found once the fields are right
    with pytest.raises(TemplateError) as err:
        load_yaml(YAML_BAD.replace("soon", "2h"))
    assert [p.text for p in err.value.problems] == [
        "line 9: tasks[1].role: no role is called 'qa'; declare it under roles",
        "line 12: tasks[1].depends_on[1]: no task has the key 'nope'"]


@pytest.mark.parametrize(("text", "expected"), [
    ("name: a\ntasks: [\n", "line 3: not valid YAML"),
    ("name: a\nname: b\ntasks: []\n", "line 2: name: is given twice in this mapping"),
    ("", "the file is empty"),
    ("name: r\ntasks:\n  - key: a\n    title: A\n    due_offset: 3\n    bogus: 1\n",
     "line 6: tasks[0].bogus: is not a field"),
    ("name: r\ntasks:\n  - key: a\n", "line 3: tasks[0].title: is required"),
])
def test_yaml_problems(text: str, expected: str) -> None:
    with pytest.raises(TemplateError) as err:
        load_yaml(text)
    assert any(p.text.startswith(expected) for p in err.value.problems), err.value.reason


def test_the_sample_template_loads_and_round_trips_through_yaml() -> None:
    doc = load_yaml(SAMPLE.read_text(encoding="utf-8"), source=str(SAMPLE))
    assert doc.name == "release" and len(doc.tasks) == 6
    assert [m.name for m in doc.milestones] == ["code complete", "shipped"]
    assert doc.used_roles == ["dev", "qa", "docs"]
    again = load_yaml(dump_yaml(doc))
    assert again == doc
