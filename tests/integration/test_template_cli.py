"""`taskbot template import FILE` and `taskbot template export NAME`, on SQLite and
PostgreSQL: the sample template goes in, comes out as the same document, goes into another
workspace, and can be applied there; a bad file is refused with its lines, saving nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.container import build
from bot.settings import Settings
from core.commands import Context
from core.model import TenantKey
from core.planning.durations import parse_duration
from core.ports import FixedClock
from core.templates.results import TemplateApplied
from core.templates.yaml_io import load_yaml
from tests.unit.templates.test_document import SAMPLE, YAML_BAD

runner = CliRunner()


def _cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_export_round_trip_and_apply(migrated_url: str, tmp_path: Path) -> None:
    db_url = migrated_url
    code, out, err = _cli("template", "import", str(SAMPLE), "--db", db_url)
    assert code == 0, err
    assert out.strip() == "Imported template release (6 tasks) in console:local."
    exported = tmp_path / "out.yaml"
    code, _, err = _cli("template", "export", "Release", "-o", str(exported), "--db", db_url)
    assert code == 0, err
    original = load_yaml(SAMPLE.read_text(encoding="utf-8"))
    assert load_yaml(exported.read_text(encoding="utf-8")) == original

    # into another workspace, then again (replaced, not doubled)
    for verb in ("Imported", "Replaced"):
        code, out, err = _cli("template", "import", str(exported), "--db", db_url,
                              "--workspace", "slack:T0TEAM")
        assert code == 0 and out.startswith(f"{verb} template release"), err
    code, out, _ = _cli("template", "export", "release", "--db", db_url,
                        "--workspace", "slack:T0TEAM")
    assert code == 0 and load_yaml(out) == original

    settings = Settings(TASKBOT_DATABASE_URL=db_url)
    container = build(settings, clock=FixedClock(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)))
    try:
        ctx = Context(platform="slack", workspace_id="T0TEAM", user_id="U0ANA",
                      display_name="ana", channel_id="C1")
        from core.grammar import parse

        result = container.bus.execute(ctx, parse(
            "project", "new v2 from:release start:mon dev:<@U0BO|bo> qa:<@U0CY|cy> "
                       "docs:<@U0ANA|ana>"))
        assert isinstance(result, TemplateApplied), result
        assert result.created == 6
        # start:mon is Mon 30 Nov: "code complete" is 6 working days on, "shipped" 9
        assert ("Milestones: code complete due Tue 2026-12-08; shipped due Fri 2026-12-11. "
                "Estimates set on 5 tasks.") in result.message
        with container.uow_factory() as uow:
            tenant = uow.tenants.get_or_create(TenantKey("slack", "T0TEAM"))
            project = uow.projects.by_name(tenant.id, "v2")
            assert project is not None
            ms = {m.name: m for m in uow.plans.milestones(project.id)}
            assert list(ms) == ["code complete", "shipped"]
            build_it = uow.tasks.get(tenant.id, 2)
            assert build_it is not None and build_it.title == "Build the features"
            facts = uow.plans.facts([build_it.id])[build_it.id]
            assert facts.milestone_id == ms["code complete"].id
            assert facts.estimate == parse_duration("4d")
    finally:
        container.close()


def test_a_bad_file_is_refused_with_lines_and_nothing_is_saved(migrated_url: str,
                                                               tmp_path: Path) -> None:
    db_url = migrated_url
    bad = tmp_path / "bad.yaml"
    bad.write_text(YAML_BAD, encoding="utf-8")
    code, _, err = _cli("template", "import", str(bad), "--db", db_url)
    assert code == 1
    assert f"{bad}: 1 problem in the template:" in err
    assert "line 15: tasks[2].estimate: `soon` is not a duration" in err
    code, _, err = _cli("template", "export", "release", "--db", db_url)
    assert code == 1 and "There is no template 'release' in console:local." in err
    code, _, err = _cli("template", "import", str(bad), "--workspace", "irc:x")
    assert code == 2 and "platform:id" in err
    code, _, err = _cli("template", "import", str(tmp_path / "missing.yaml"), "--db", db_url)
    assert code == 2 and "Can't read" in err
