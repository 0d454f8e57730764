"""Template commands on the bus with fakes: save from a project (offsets, roles, keys,
dependencies), apply it (one transaction, due dates, one DM per person), and the clean
refusals (unknown template or role, a role with no person, a taken project name)."""

from __future__ import annotations

import datetime as dt

from core import commands as c
from core.commands import UserRef
from core.grammar import parse
from core.model import Priority
from core.results import Info
from core.templates import commands as tc
from core.templates.results import TemplateApplied, TemplateDetails, TemplateList
from tests.unit.core.helpers import START, World

MON = START  # Monday 2026-11-23 09:00 UTC


def launch(w: World) -> None:
    for name in ("ana", "bob", "cy", "dee", "eve", "fay"):  # ana first: the admin
        w.as_(name).run(c.Help())
    w.as_("ana")
    w.run(c.NewProject(name="launch"))
    w.run(c.AddTask(title="Write the spec", assignee=UserRef(name="bob"), project="launch",
                    due="2026-11-24", description="Two pages"))
    w.run(c.AddTask(title="Build it", assignee=UserRef(name="bob"), project="launch",
                    due="2026-11-30", after=(1,), priority=Priority.HIGH))
    w.run(c.AddTask(title="Test it", assignee=UserRef(name="cy"), project="launch",
                    after=(2,)))
    w.run(c.AddTask(title="Party", project="launch", after=(3,)))


def text(w: World, line: str) -> object:
    group, _, rest = line.lstrip("/").partition(" ")
    return w.run(parse(group, rest))


def test_save_turns_a_project_into_a_template() -> None:
    w = World()
    launch(w)
    saved = text(w, "/project template save release from:launch")
    assert isinstance(saved, Info)
    assert saved.message.startswith("Saved template release from project launch: 4 tasks, "
                                    "3 dependencies; roles: bob, cy.")
    shown = text(w, "/project template show release")
    assert isinstance(shown, TemplateDetails)
    doc = shown.document
    assert [t.key for t in doc.tasks] == ["write_the_spec", "build_it", "test_it", "party"]
    assert [t.due_offset for t in doc.tasks] == [1, 5, None, None]
    assert [t.role for t in doc.tasks] == ["bob", "bob", "cy", None]
    assert doc.tasks[1].depends_on == ("write_the_spec",) and doc.tasks[1].priority == "high"
    assert doc.tasks[0].description == "Two pages"
    listed = text(w, "/project template list")
    assert isinstance(listed, TemplateList) and listed.templates[0].tasks == 4


def test_apply_creates_everything_and_tells_each_person_once() -> None:
    w = World()
    launch(w)
    text(w, "/project template save release from:launch")
    w.uow.db.outbox.clear()
    w.clock.set(MON + dt.timedelta(days=4))  # Friday
    applied = text(w, "/project new launch2 from:release start:2026-11-30 bob:@dee cy:@eve")
    assert isinstance(applied, TemplateApplied)
    assert applied.created == 4 and (applied.first_number, applied.last_number) == (5, 8)
    assert "starting Mon 2026-11-30" in applied.message
    tasks = {t.number: t for t in w.uow.db.tasks.values()}
    assert tasks[5].due_at == dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)
    assert tasks[6].due_at == dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)
    assert tasks[7].due_at is None and tasks[8].assignee_id is None
    assert tasks[6].open_blocker_count == 1 and tasks[5].open_blocker_count == 0
    ids = {t.number: t.id for t in tasks.values()}
    assert {(ids[5], ids[6]), (ids[6], ids[7]), (ids[7], ids[8])} <= w.uow.db.edges
    dms = w.notes("assigned")
    assert sorted(n.user_id or "" for n in dms) == ["dee", "eve"]
    [dee] = [n for n in dms if n.user_id == "dee"]
    assert dee.text.splitlines() == [
        "ana started project launch2 from template release and assigned you 2 tasks:",
        "#5 Write the spec (due Tue 2026-12-01)", "#6 Build it (due Mon 2026-12-07)"]


def test_refusals_change_nothing() -> None:
    w = World()
    launch(w)
    text(w, "/project template save release from:launch")
    before = (len(w.uow.db.tasks), len(w.uow.db.projects), w.uow.db.commits)
    cases = {
        "/project new x from:nope start:mon": "There is no template “nope”",
        "/project new x from:release start:mon bob:@dee": "Who takes the role cy?",
        "/project new x from:release start:mon bob:@dee cy:@eve qa:@fay":
            "Template release has no role 'qa'; its roles: bob, cy.",
        "/project new launch from:release start:mon bob:@dee cy:@eve":
            "There is already a project called “launch”",
        "/project new x from:release start:never bob:@dee cy:@eve": "couldn't read",
    }
    for line, reason in cases.items():
        group, _, rest = line.lstrip("/").partition(" ")
        try:
            command = parse(group, rest)
        except Exception as err:  # the grammar's refusal is fine too
            assert reason in str(err), (line, err)
            continue
        refusal = w.fails(command)
        assert reason in refusal.reason, (line, refusal.reason)
    assert (len(w.uow.db.tasks), len(w.uow.db.projects)) == before[:2]


def test_only_the_author_or_a_manager_replaces_or_deletes() -> None:
    w = World()
    launch(w)
    text(w, "/project template save release from:launch")
    w.as_("bob")
    assert "only whoever saved it" in w.fails(tc.DeleteTemplate(name="release")).reason
    assert "only whoever saved it" in w.fails(tc.SaveTemplate(name="Release",
                                                              project="launch")).reason
    w.as_("ana")
    again = w.run(tc.SaveTemplate(name="release", project="launch"))
    assert isinstance(again, Info) and again.message.startswith("Replaced template")
    deleted = w.run(tc.DeleteTemplate(name="RELEASE"))
    assert isinstance(deleted, Info) and "Deleted template release" in deleted.message
    assert "There is no template" in w.fails(tc.ShowTemplate(name="release")).reason


def test_the_actor_gets_no_dm_and_an_empty_project_cannot_be_saved() -> None:
    w = World()
    launch(w)
    text(w, "/project template save release from:launch")
    w.run(c.NewProject(name="empty"))
    assert "has no tasks" in w.fails(tc.SaveTemplate(name="e", project="empty")).reason
    w.uow.db.outbox.clear()
    w.run(tc.ApplyTemplate(name="again", template="release", start="mon",
                           roles=(tc.RoleAssignment(role="bob", user=UserRef(name="ana")),
                                  tc.RoleAssignment(role="cy", user=UserRef(name="cy")))))
    assert [n.user_id for n in w.notes("assigned")] == ["cy"]


def test_roles_given_when_saving_replace_the_names() -> None:
    w = World()
    launch(w)
    saved = text(w, "/project template save release from:launch dev:@bob")
    assert isinstance(saved, Info) and "roles: cy, dev." in saved.message
    shown = text(w, "/project template show release")
    assert isinstance(shown, TemplateDetails)
    assert [t.role for t in shown.document.tasks] == ["dev", "dev", "cy", None]
    for line, reason in {
        "template save r from:launch dev:@dee": "dee has no task in launch",
        "template save r from:launch dev:@bob qa:@bob": "Give each person one role",
        "template save r from:launch owner:@bob": "'owner' can't be a role",
    }.items():
        assert reason in w.fails(parse("project", line)).reason
