"""The text grammar of templates: `/project template ...` and `/project new ... from:`."""

from __future__ import annotations

import pytest

from core import commands as c
from core.commands import UserRef
from core.errors import UserError
from core.grammar import parse as parse_text
from core.grammar.templates import parse_roles
from core.templates import commands as tc


def parse(group: str, text: str) -> object:
    """The grammar's parse, typed loosely: template commands are not in core's `Command`."""
    return parse_text(group, text)


def test_template_verbs() -> None:
    assert parse("project", "template list") == tc.ListTemplates()
    assert parse("project", "templates") == tc.ListTemplates()
    assert parse("project", "template show release") == tc.ShowTemplate(name="release")
    assert parse("project", "template delete big release") == tc.DeleteTemplate(
        name="big release")
    assert parse("project", "template save release from:Q4 launch") == tc.SaveTemplate(
        name="release", project="Q4 launch")


def test_new_from_a_template_reads_roles_and_options() -> None:
    cmd = parse("project", "new launch 2 from:release start:next mon owner:@ana dev:@bob "
                           "qa: <@U123|cy>")
    assert cmd == tc.ApplyTemplate(
        name="launch 2", template="release", start="next mon", owner=UserRef(name="ana"),
        roles=(tc.RoleAssignment(role="dev", user=UserRef(name="bob")),
               tc.RoleAssignment(role="qa", user=UserRef(user_id="U123", name="cy"))))
    assert parse("project", "new launch owner:@ana") == c.NewProject(
        name="launch", owner=UserRef(name="ana"))


@pytest.mark.parametrize(("text", "reason"), [
    ("new x from:release", "When does it start?"),
    ("new from:release start:mon", "needs a name"),
    ("new x from:release start:mon dev:bob", "is not a role given to a person"),
    ("new x from:release start:mon @bob", "Which role does @bob take?"),
    ("template save release", "Save it from which project?"),
    ("template frob", "use save, list, show or delete"),
    ("template show", "Which template?"),
    ("template list extra", "I didn't understand"),
])
def test_mistakes_are_explained(text: str, reason: str) -> None:
    with pytest.raises(UserError) as err:
        parse("project", text)
    assert reason in err.value.reason
    assert err.value.usage is not None


def test_roles_text_of_a_surface() -> None:
    assert parse_roles("dev:<@123> qa:@bob") == (
        tc.RoleAssignment(role="dev", user=UserRef(user_id="123")),
        tc.RoleAssignment(role="qa", user=UserRef(name="bob")))
    with pytest.raises(UserError):
        parse_roles("dev:@ana and more")


def test_help_documents_the_new_verbs() -> None:
    lines = "\n".join(parse_help_lines())
    assert "/project template save <template> from:<project>" in lines
    assert "from:<template> start:<when>" in lines


def parse_help_lines() -> list[str]:
    from core.grammar.usage import help_result

    return list(help_result("project").lines) + list(help_result("project template").lines)


def test_save_with_roles_given() -> None:
    assert parse("project", "template save release from:Q4 launch dev:@ana qa: @bob") == \
        tc.SaveTemplate(name="release", project="Q4 launch", roles=(
            tc.RoleAssignment(role="dev", user=UserRef(name="ana")),
            tc.RoleAssignment(role="qa", user=UserRef(name="bob"))))
